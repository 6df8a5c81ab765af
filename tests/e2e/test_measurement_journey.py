"""Issue 25's "Must show" journey in a real Chromium: a questionnaire due on the portal, answered on a phone in English
or Spanish, charted for the client with their own marker, and seen by the therapist.

In English: the therapist (1024 px) asks the PHQ-9 every 2 weeks from the measures page and shares its chart; the
client, on a phone (375 px), finds it on the portal home, answers it, puts "Started a new job" on their chart under
"My progress" and reads the change since their first result; the therapist sees the new result, the baseline, prior
and latest with the change, and the client's marker. In Spanish: item 9 answered "Several days" shows the support
box under the question before saving, then the crisis lines and the client's safety plan in Spanish, with a
same-day flag and one in-app notice for the therapist; the PHQ-9 itself stays in its validated English wording, with
a note in Spanish saying why. Every page is checked with axe-core and for sideways scrolling on the phone.

Screenshots of the key screens go to var/screenshots/issue25/ (the viewport only, as in test_screenshots.py).
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from clients.models import Flag, FlagRule
from portfolio import schedules, services
from portfolio.models import ChartEvent, MeasureResponse, MeasureSchedule, ScheduleCadence
from reminders.models import Notification

from ..factories import CrisisLineFactory, SafetyPlanFactory
from .conftest import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
LAPTOP = {"width": 1024, "height": 768}
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "issue25"
PHQ9 = "Patient Health Questionnaire (PHQ-9)"
PHQ9_ES = "Cuestionario sobre la Salud del Paciente (PHQ-9)"
PHQ9_IDS = (
    "interest",
    "down",
    "sleep",
    "tired",
    "appetite",
    "feeling_bad",
    "concentrating",
    "moving",
    "self_harm_thoughts",
)
LABELS = ("Not at all", "Several days", "More than half the days", "Nearly every day")
MARKER = "Started a new job"
CRISIS_LINE = "Línea de crisis 24 horas"
REASONS = "Mi sobrina; terminar mi curso."


@pytest.fixture
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def earlier_phq9(client_record, therapist, days_ago, values):
    """A PHQ-9 entered by the therapist in session (scored by the product), dated `days_ago`."""
    response = services.measure_record(
        client=client_record, by_user=therapist, instrument="phq9", answers=dict(zip(PHQ9_IDS, values, strict=True))
    )
    when = timezone.now() - timedelta(days=days_ago)
    MeasureResponse.objects.filter(pk=response.pk).update(completed_at=when)
    return response


def answer_phq9(page, values, difficulty=None):
    """Tap one answer in each item's fieldset (its legend starts with the item's number), and the follow-up."""
    for number, value in enumerate(values, start=1):
        item = page.get_by_role("group", name=re.compile(rf"^{number}\. "))
        item.get_by_label(LABELS[value], exact=True).check()
    if difficulty is not None:
        page.get_by_role("group", name=re.compile(r"^If you checked off any problems")).get_by_label(
            difficulty, exact=True
        ).check()


def assert_fits(page, what):
    assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{what} scrolls sideways at {page.viewport_size['width']} px"


def test_a_phq9_asked_every_two_weeks_answered_on_a_phone_charted_with_the_clients_marker_and_seen_by_the_therapist(
    browser, live_server, staff_page, axe, screenshots, therapist, client_user, client_record
):
    earlier_phq9(client_record, therapist, 42, (2, 2, 2, 2, 2, 2, 1, 1, 0))  # 14, moderate: the baseline
    earlier_phq9(client_record, therapist, 21, (2, 2, 2, 1, 1, 2, 1, 1, 0))  # 12, moderate: the prior
    measures_url = reverse("portfolio:measures", args=[client_record.pk])

    # 1. The therapist asks the PHQ-9 every 2 weeks and shares its chart with the client.
    page = staff_page(therapist)
    page.set_viewport_size(LAPTOP)
    page.goto(measures_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Measures for {client_record.display_name}")
    ask = page.locator("form.measure-ask")
    ask.get_by_label("Questionnaire").select_option(label=PHQ9)
    ask.get_by_role("group", name="When to ask").get_by_label("Every few weeks").check()
    ask.get_by_label("Every how many weeks").fill("2")
    axe(page)
    ask.get_by_role("button", name="Ask in the portal").click()
    expect(page.get_by_text("Saved. The client is asked in the portal, as you chose.")).to_be_visible()
    asked = page.get_by_role("region", name="What the client is asked")
    expect(asked).to_contain_text(f"{PHQ9}: every 2 weeks")
    expect(asked.get_by_role("heading", name="Waiting for the client")).to_be_visible()
    schedule = MeasureSchedule.objects.get(client=client_record, instrument="phq9", ended_at__isnull=True)
    assert (schedule.cadence, schedule.every_weeks) == (ScheduleCadence.EVERY_WEEKS, 2)

    chart = page.get_by_role("region", name=PHQ9, exact=True)
    expect(chart.get_by_text("Not shared")).to_be_visible()
    chart.get_by_role("button", name=re.compile(r"^Share this chart with the client")).click()
    expect(page.get_by_text("Shared with the client. They see this chart in their portal now.")).to_be_visible()
    expect(
        page.get_by_role("region", name=PHQ9, exact=True).get_by_text("Shared with client", exact=True)
    ).to_be_visible()
    assert_fits(page, "the measures page")
    axe(page)
    page.screenshot(path=screenshots / "measures-asked-laptop.png")

    # 2. The client, on a phone: the questionnaire is due on the portal home.
    phone = signed_in_page(browser, live_server, client_user, viewport=PHONE)
    phone.goto(reverse("portal:home"))
    expect(phone.get_by_text("Questions your therapist asked you to answer:")).to_be_visible()
    due = phone.locator("ul.due-questionnaires li")
    expect(due).to_have_count(1)
    expect(due).to_contain_text(PHQ9)
    assert_fits(phone, "the portal home")
    axe(phone)
    due.scroll_into_view_if_needed()
    phone.screenshot(path=screenshots / "portal-home-due-phone.png")
    due.get_by_role("link", name=re.compile(r"^Answer now")).click()

    expect(phone.get_by_role("heading", level=1)).to_have_text(PHQ9)
    expect(phone.get_by_text("Over the last 2 weeks, how often have you been bothered")).to_be_visible()
    expect(phone.locator(".js-safety-support")).to_be_hidden()
    answer_phq9(phone, (1, 1, 1, 1, 1, 1, 1, 1, 0), difficulty="Somewhat difficult")  # 8, mild: down 6 from 14
    expect(phone.locator(".js-safety-support")).to_be_hidden()  # item 9 "Not at all": no support box
    assert_fits(phone, "the questionnaire")
    axe(phone)
    phone.screenshot(path=screenshots / "questionnaire-phone.png")
    phone.get_by_role("button", name="Save my answers").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thank you")
    expect(phone.get_by_text("Your answers are saved, and your therapist will see them.")).to_be_visible()
    expect(phone.get_by_role("heading", name="Thank you for telling us")).to_have_count(0)
    axe(phone)
    latest = MeasureResponse.objects.filter(client=client_record).order_by("completed_at").last()
    assert (latest.completed_by, latest.total, latest.band["en"]) == (client_user, 8, "Mild")
    assert latest.answers["difficulty"] == 1
    assert not Flag.objects.filter(client=client_record, rule=FlagRule.SAFETY_ITEM).exists()

    # ... their progress, and their own marker on the chart.
    phone.get_by_role("link", name="Back to my planner").click()
    expect(phone.locator("ul.due-questionnaires")).to_have_count(0)  # answered: no longer due
    phone.get_by_role("link", name="My progress").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("My progress")
    chart = phone.get_by_role("region", name=PHQ9, exact=True)
    expect(chart).to_contain_text("Your first one: 14 (Moderate), on")
    expect(chart).to_contain_text("The one before your latest: 12 (Moderate), on")
    expect(chart).to_contain_text("Your latest: 8 (Mild), on")
    expect(chart.locator(".since-first")).to_contain_text(
        "Down 6 points since your first one — a real change, more than day-to-day ups and downs."
    )
    expect(chart.locator("figure.measure-trend svg")).to_have_count(1)
    expect(chart.locator("figcaption")).not_to_contain_text(MARKER)
    marker_day = timezone.localdate() - timedelta(days=10)
    phone.get_by_label("What happened").fill(MARKER)
    phone.get_by_label("When").fill(marker_day.isoformat())
    phone.get_by_role("button", name="Add the marker").click()
    expect(phone.get_by_text("Your marker is on your charts. Your care team sees it on theirs too.")).to_be_visible()
    caption = phone.get_by_role("region", name=PHQ9, exact=True).locator("figcaption")
    expect(caption).to_contain_text(f"dashed lines: milestones and events (1 {MARKER})")
    expect(phone.locator("li.chart-event")).to_contain_text(MARKER)
    assert ChartEvent.objects.get(client=client_record).occurred_on == marker_day
    assert_fits(phone, "My progress")
    axe(phone)
    phone.get_by_role("region", name=PHQ9, exact=True).locator("figure").scroll_into_view_if_needed()
    phone.screenshot(path=screenshots / "my-progress-marker-phone.png")
    phone.context.close()

    # 3. The therapist sees the new result, the change since the baseline and the client's marker.
    page.reload()
    chart = page.get_by_role("region", name=PHQ9, exact=True)
    rows = chart.locator("table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.last).to_contain_text(f"{client_record.display_name}, in the portal")
    expect(rows.last).to_contain_text("Mild")
    progress = chart.locator("dl.measure-progress")
    for term in ("Baseline", "Prior", "Latest", "Change since baseline", "Change since prior"):
        expect(progress.get_by_text(term, exact=True)).to_be_visible()
    expect(progress).to_contain_text("14 · Moderate")
    expect(progress).to_contain_text("12 · Moderate")
    expect(progress).to_contain_text("8 · Mild")
    expect(progress).to_contain_text("-6 points (better) · reliable improvement (6 points or more)")
    expect(chart.locator("figcaption")).to_contain_text(f"(1 {MARKER})")
    expect(page.get_by_role("region", name="What the client is asked")).not_to_contain_text("Waiting for the client")
    assert_fits(page, "the measures page with the new result")
    axe(page)
    chart.locator("figure").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "measures-seen-laptop.png")


def spanish_phone(browser, live_server, user):
    """A 375 px wide browser reading Spanish (Accept-Language and the language cookie), signed in as `user`."""
    from django.test import Client

    from ..conftest import log_in

    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="es-ES")
    secure_url = live_server.url.replace("http://", "https://", 1)
    cookie = log_in(Client(), user).cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": "es", "url": secure_url},
            {"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": secure_url},
        ]
    )
    return context.new_page()


def test_item_9_on_a_phone_in_spanish_shows_support_at_once_and_flags_the_therapist(
    browser, live_server, axe, screenshots, therapist, client_user, client_record
):
    client_user.preferred_language = "es"
    client_user.save(update_fields=["preferred_language"])
    CrisisLineFactory(clinic=client_record.clinic, name=CRISIS_LINE, phone="988")
    SafetyPlanFactory(client=client_record, reasons_for_living=REASONS)
    schedules.ask(client=client_record, by_user=therapist, instrument="phq9", cadence=ScheduleCadence.ONCE)

    phone = spanish_phone(browser, live_server, client_user)
    phone.goto(reverse("portal:home"))
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone.get_by_text("Preguntas que tu terapeuta te pidió responder:")).to_be_visible()
    expect(phone.locator("ul.due-questionnaires")).to_contain_text(PHQ9_ES)
    axe(phone)
    phone.locator("ul.due-questionnaires").get_by_role("link", name=re.compile(r"^Responder ahora")).click()

    expect(phone.get_by_role("heading", level=1)).to_have_text(PHQ9_ES)
    note = phone.get_by_role("note")
    expect(note).to_contain_text("Tu clínica todavía no ha cargado la traducción oficial de este cuestionario")
    expect(note).to_have_attribute("lang", "es")
    # The validated English wording, marked as English for screen readers: never an improvised translation.
    wording = phone.locator("form.questionnaire > div[lang='en']")
    expect(wording).to_contain_text("Little interest or pleasure in doing things")
    expect(wording.get_by_text("Several days").first).to_be_visible()
    support = phone.locator(".js-safety-support")
    expect(support).to_be_hidden()
    answer_phq9(phone, (0, 0, 0, 0, 0, 0, 0, 0, 0))
    expect(support).to_be_hidden()
    phone.get_by_role("group", name=re.compile(r"^9\. ")).get_by_label("Several days", exact=True).check()
    expect(support).to_be_visible()  # at once, under the question, before anything is saved
    expect(support.get_by_role("heading", name="Mereces apoyo con esto")).to_be_visible()
    expect(support).to_contain_text(CRISIS_LINE)
    expect(support.get_by_role("link", name="Abrir mi plan de seguridad")).to_be_visible()
    assert not Flag.objects.filter(client=client_record).exists()
    assert_fits(phone, "the questionnaire in Spanish")
    axe(phone)
    support.scroll_into_view_if_needed()
    phone.screenshot(path=screenshots / "item9-support-es-phone.png")
    phone.get_by_role("button", name="Guardar mis respuestas").click()

    phone.wait_for_url(re.compile(r"/done/$"))
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Gracias por contárnoslo")
    help_now = phone.get_by_role("region", name="Si necesitas ayuda ahora")
    expect(help_now).to_contain_text(CRISIS_LINE)
    expect(help_now.locator('a[href="tel:988"]').first).to_be_visible()
    plan = phone.get_by_role("region", name="Mi plan de seguridad")
    expect(plan).to_contain_text(REASONS)
    expect(phone.get_by_text("Hoy se avisó a tu equipo de atención")).to_be_visible()
    assert_fits(phone, "the page after item 9")
    axe(phone)
    phone.screenshot(path=screenshots / "item9-done-es-phone.png")
    phone.context.close()

    response = MeasureResponse.objects.get(client=client_record)
    assert (response.total, response.answers["self_harm_thoughts"]) == (1, 1)
    flag = Flag.objects.get(client=client_record, rule=FlagRule.SAFETY_ITEM)
    assert timezone.localdate(flag.raised_at) == timezone.localdate(response.completed_at)  # the same day
    assert Notification.objects.filter(user=therapist).count() == 1
