"""Issue 20's "Must show" journey, on a phone (375 px) in Spanish, in a real Chromium.

A therapist sets a reminder for the client at 19:30 on chosen days (Monday and Wednesday, ticked from the
keyboard), sees it listed at "19:30" on those days on the overview, and opens the chart pages (the
rehearsal chart and the measures page), whose SVG numbers must stay plain ("136.0", never "136,0"). The
client then finds the reminder in the portal at 19:30 on the same days, and every portal page visited
shows the clinic's crisis lines.

What it checks that other parts of issue 20 deliver: times in the person's zone (item 1: "19:30" on the
overview is the next occurrence shown in the clinic's zone, not UTC), Spanish charts (item 7) and crisis
lines in the portal layout (item 16).
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from reminders.models import Reminder, ReminderStatus

from ..factories import CrisisLineFactory, DisclosurePlanFactory, MicroGoalFactory, RehearsalFactory, pulse_results

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
CRISIS_LINE = "Línea de crisis 24 horas"
NOTE = "Respirar y escribir tres cosas buenas"

# Every numeric attribute of every SVG on the page, with what is wrong with it (none when all parse).
SVG_PROBLEMS = """() => {
  const numeric = ["x", "y", "x1", "y1", "x2", "y2", "width", "height", "cx", "cy", "r", "dx", "dy"];
  const plain = (text) => /^-?\\d+(\\.\\d+)?$/.test(text.trim());
  const problems = [];
  for (const svg of document.querySelectorAll("svg")) {
    for (const element of [svg, ...svg.querySelectorAll("*")]) {
      for (const attribute of element.attributes) {
        const value = attribute.value;
        if (numeric.includes(attribute.name) && !plain(value)) problems.push(`${attribute.name}="${value}"`);
        if (attribute.name === "viewBox" && !value.trim().split(/\\s+/).every(plain)) problems.push(`viewBox="${value}"`);
        if (attribute.name === "points") {
          for (const pair of value.trim().split(/\\s+/)) {
            const parts = pair.split(",");
            if (parts.length !== 2 || !parts.every(plain)) problems.push(`points="${value}"`);
          }
        }
      }
    }
  }
  return problems;
}"""


@pytest.fixture
def spanish_cast(therapist, client_user, client_record):
    """The therapist and the client read Spanish; the clinic has a crisis line, rehearsals and results."""
    for person in (therapist, client_user):
        person.preferred_language = "es"
        person.save(update_fields=["preferred_language"])
    CrisisLineFactory(clinic=client_record.clinic, name=CRISIS_LINE)
    plan = DisclosurePlanFactory(client=client_record, shared_with_client=True, audience_description="Mi jefa")
    for before, after in ((2, 5), (3, 7), (6, 9)):  # y = 136.0 and friends: what Spanish turned into "136,0"
        RehearsalFactory(plan=plan, confidence_before=before, confidence_after=after)
    pulse_results(client_record, therapist)
    MicroGoalFactory(client=client_record, title="Paseo de diez minutos", shared_with_client=True)
    return plan


def phone_page(browser, live_server, user=None):
    """A 375 px wide browser in Spanish, signed in as `user` (second factor included) when given."""
    from django.test import Client

    from ..conftest import log_in

    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="es-ES")
    secure_url = live_server.url.replace("http://", "https://", 1)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "es", "url": secure_url}])
    if user is not None:
        cookie = log_in(Client(), user).cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": secure_url}])
    return context.new_page()


def assert_fits_and_is_spanish(page, what):
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{what} scrolls sideways at 375 px"


def test_a_reminder_at_19_30_on_chosen_days_on_a_phone_in_spanish(
    browser, live_server, axe, therapist, client_user, client_record, spanish_cast
):
    # The therapist, on a phone, sets the reminder for the client.
    page = phone_page(browser, live_server, therapist)
    page.goto(client_record.get_absolute_url())
    assert_fits_and_is_spanish(page, "the overview")
    page.get_by_role("link", name="Crear un recordatorio").click()
    page.wait_for_url(re.compile(r"/reminders/new/$"))
    assert_fits_and_is_spanish(page, "the reminder form")
    days = page.get_by_role("group", name="Estos días")  # a fieldset with its legend
    expect(days.get_by_role("checkbox")).to_have_count(7)
    axe(page)

    page.get_by_label("Para quién").select_option("client")
    page.get_by_label("Nota").fill(NOTE)
    tomorrow = timezone.localdate(timezone=ZoneInfo(client_record.clinic.timezone)) + dt.timedelta(days=1)
    page.get_by_label("A partir del").fill(tomorrow.isoformat())
    page.get_by_label("Hora del día").fill("19:30")
    page.get_by_label("Se repite").select_option("weekdays")
    for day in ("Lunes", "Miércoles"):  # ticked from the keyboard: focus, then the space bar
        days.get_by_label(day).focus()
        page.keyboard.press("Space")
        expect(days.get_by_label(day)).to_be_checked()
    page.get_by_role("button", name="Guardar el recordatorio").click()
    page.wait_for_url(re.compile(re.escape(client_record.get_absolute_url()) + "$"))

    reminder = Reminder.objects.get(note=NOTE)
    assert reminder.status == ReminderStatus.ACTIVE
    assert reminder.weekdays == [0, 2]
    listed = page.locator("li", has_text=NOTE)
    expect(listed).to_contain_text("19:30")  # the next occurrence, in the clinic's zone (item 1)
    expect(listed).to_contain_text("Lunes, Miércoles")
    next_day = reminder.next_at.astimezone(ZoneInfo(reminder.time_zone))
    assert next_day.weekday() in (0, 2)
    assert next_day.time() == dt.time(19, 30)
    assert_fits_and_is_spanish(page, "the overview with the reminder")

    # The chart pages draw: plain numbers in every SVG (item 7).
    page.goto(spanish_cast.get_absolute_url())
    assert_fits_and_is_spanish(page, "the disclosure plan")
    expect(page.locator("figure.confidence-trend svg")).to_have_count(1)
    assert page.evaluate(SVG_PROBLEMS) == [], "the rehearsal chart's numbers are localised"
    page.goto(reverse("portfolio:measures", args=[client_record.pk]))
    assert_fits_and_is_spanish(page, "the measures page")
    expect(page.locator("figure.measure-trend svg")).to_have_count(1)
    assert page.evaluate(SVG_PROBLEMS) == [], "the measures chart's numbers are localised"
    page.context.close()

    # The client, on her phone: the reminder at 19:30 on the right days, and crisis lines on every page.
    page = phone_page(browser, live_server, client_user)
    portal_pages = [
        reverse("portal:home"),
        reverse("portal:reminders"),
        reverse("portal:disclosure_plan", args=[spanish_cast.pk]),
        reverse("portal:journal"),
        reverse("portal:encounter_log"),
    ]
    for url in portal_pages:
        page.goto(url)
        assert_fits_and_is_spanish(page, url)
        expect(page.get_by_text(CRISIS_LINE).first).to_be_visible()  # item 16: on every portal page
        if url == reverse("portal:reminders"):
            mine = page.locator("li", has_text="19:30")
            expect(mine).to_have_count(1)
            expect(mine).to_contain_text("Lunes, Miércoles")
        if url == reverse("portal:disclosure_plan", args=[spanish_cast.pk]):
            assert page.evaluate(SVG_PROBLEMS) == [], "the portal's rehearsal chart's numbers are localised"
    page.context.close()
