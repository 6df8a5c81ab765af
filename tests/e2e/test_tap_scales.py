"""Issue 23, quick entry in session: a check-in's wellbeing on the 0–10 tap scale (core.widgets.ScaleRadios), chosen
by a tap and by the arrow keys, without a page reload while choosing and with the focus kept on the chosen number
(where the person was); saving with JavaScript happens in place too (htmx): the form becomes the saved check-in,
its heading focused, and nothing reloads. Without JavaScript it is a normal post (test_without_javascript.py)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clients.models import CheckIn

from .conftest import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# Whether the focused radio button is the chosen one and its ring is drawn: the radio button of a scale is hidden
# behind its label (Bootstrap's btn-check), so the ring is the label's.
FOCUS = """() => {
  const radio = document.activeElement;
  const label = radio.labels && radio.labels[0];
  const style = label ? getComputedStyle(label) : null;
  const ring = !!style && ((style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                           || style.boxShadow !== 'none');
  return {name: radio.name, value: radio.value, checked: radio.checked, visible: radio.matches(':focus-visible') && ring};
}"""


def test_a_check_in_on_the_tap_scale_by_tap_and_keys_is_saved_with_the_focus_kept_and_no_reload(
    browser, live_server, axe, therapist, client_record
):
    page = signed_in_page(browser, live_server, therapist, viewport={"width": 1024, "height": 768})
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(reverse("clients:check_in_create", args=[client_record.pk]))
    axe(page)
    documents = []
    page.on("request", lambda request: documents.append(request.url) if request.resource_type == "document" else None)
    page.evaluate("window.notReloaded = true")
    scale = page.get_by_role("group", name="Wellbeing (0–10)")
    assert scale.get_by_role("radio").count() == 11
    assert scale.get_by_role("radio", checked=True).count() == 0  # nothing chosen until the person chooses

    # A tap on "4": the radio button behind the label is chosen and has the focus.
    scale.locator("label", has_text=re.compile(r"^4$")).click()
    expect(scale.get_by_role("radio", name="4", exact=True)).to_be_checked()
    expect(scale.get_by_role("radio", name="4", exact=True)).to_be_focused()

    # The arrow keys move along the scale and choose, the focus (drawn) on the chosen number.
    for key, number in (("ArrowRight", 5), ("ArrowRight", 6), ("ArrowRight", 7), ("ArrowLeft", 6)):
        page.keyboard.press(key)
        expect(scale.get_by_role("radio", name=str(number), exact=True)).to_be_checked()
        assert page.evaluate(FOCUS) == {"name": "wellbeing", "value": str(number), "checked": True, "visible": True}
    assert scale.get_by_role("radio", checked=True).count() == 1
    axe(page)

    # Choosing reloaded nothing: the same document, no page requested.
    assert page.evaluate("window.notReloaded") is True
    assert documents == []
    assert not CheckIn.objects.filter(client=client_record).exists()

    page.get_by_label("Low").check()
    page.get_by_role("button", name="Save check-in").focus()
    page.keyboard.press("Enter")  # saved in place
    saved = page.get_by_role("heading", name="Check-in saved")
    expect(saved).to_be_focused()
    expect(page.locator("#live-status")).to_have_text("Check-in saved.")
    assert page.evaluate("window.notReloaded") is True
    assert documents == []
    page.wait_for_timeout(400)  # Bootstrap's transitions settle before axe reads the colours
    axe(page)
    check_in = CheckIn.objects.get(client=client_record)
    assert (check_in.wellbeing, check_in.relapse_risk) == (6, "low")
    page.get_by_role("link", name="Back to the overview").click()
    page.wait_for_url(re.compile(rf"/clients/{client_record.pk}/$"))
    assert errors == []
    page.context.close()


def test_a_check_in_that_needs_a_change_comes_back_in_place_with_what_was_chosen(
    browser, live_server, axe, therapist, client_record
):
    page = signed_in_page(browser, live_server, therapist, viewport={"width": 1024, "height": 768})
    page.goto(reverse("clients:check_in_create", args=[client_record.pk]))
    page.evaluate("window.notReloaded = true")
    page.get_by_label("High").check()
    page.get_by_label("Notes").fill("Sleeping badly since the move")
    page.get_by_role("button", name="Save check-in").click()  # no wellbeing chosen yet
    scale = page.get_by_role("group", name="Wellbeing (0–10)")
    expect(scale.get_by_text("This field is required.")).to_be_visible()
    expect(page.get_by_label("High")).to_be_checked()
    expect(page.get_by_label("Notes")).to_have_value("Sleeping badly since the move")
    assert page.evaluate("window.notReloaded") is True
    axe(page)
    scale.locator("label", has_text=re.compile(r"^3$")).click()
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("heading", name="Check-in saved")).to_be_visible()
    assert CheckIn.objects.get(client=client_record).notes == "Sleeping badly since the move"
    page.context.close()
