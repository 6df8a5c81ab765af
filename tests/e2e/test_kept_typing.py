"""Nothing typed is lost (issue 20, items 9 and 10), in a real browser.

A therapist is warned before the idle limit and stays signed in from the keyboard; leaving a page with
unsaved text asks first; and when the session times out while she types, Save leads to the login page,
and after signing in again the text is offered back and saves.
"""

import re
import time
from importlib import import_module

import pytest
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.middleware import SESSION_IDLE_SECONDS, SESSION_LAST_SEEN
from clients.models import SafetyPlan

from ..conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

WARNING_SIGNS = "Sleeping less; skipping meals"
REASONS = "My niece, my art"


def _session(page):
    """The browser's session, as the server keeps it."""
    (cookie,) = [c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME]
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=cookie["value"])


def _set_clock(page, *, idle_seconds=None, idle_for):
    """Pretend the person has been idle for `idle_for` seconds (and, optionally, that the limit is shorter)."""
    session = _session(page)
    if idle_seconds is not None:
        session[SESSION_IDLE_SECONDS] = idle_seconds
    session[SESSION_LAST_SEEN] = int(time.time()) - idle_for
    session.save()


def test_a_therapists_session_times_out_while_typing_and_the_text_is_offered_back_and_saves(
    staff_page, therapist, client_record, axe
):
    page = staff_page(therapist)
    edit_url = f"/clients/{client_record.pk}/safety-plan/edit/"
    page.goto(edit_url)

    # Two minutes before the limit, the warning takes focus; "Stay signed in" works from the keyboard.
    _set_clock(page, idle_seconds=125, idle_for=10)
    page.goto(edit_url)
    warning = page.get_by_role("alertdialog", name="Are you still there?")
    expect(warning).to_be_visible()
    expect(warning).to_be_focused()
    axe(page)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Stay signed in")).to_be_focused()
    page.keyboard.press("Enter")
    expect(warning).to_be_hidden()
    assert time.time() - _session(page)[SESSION_LAST_SEEN] < 10  # the server's idle clock started again

    # Typing, then leaving the page: the browser asks first (the unsaved-changes guard).
    page.get_by_label("Warning signs").fill(WARNING_SIGNS)
    page.get_by_label("What matters most to me and is worth living for").fill(REASONS)
    dialogs = []

    def stay_on_page(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.once("dialog", stay_on_page)
    page.get_by_role("link", name="Caseload").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith(edit_url)
    expect(page.get_by_label("Warning signs")).to_have_value(WARNING_SIGNS)

    # The session times out while she types; Save lands on the login page (no "leave?" question: it is a save).
    _set_clock(page, idle_for=10_000)
    page.get_by_role("button", name="Save the safety plan").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert "Sleeping" not in page.url
    expect(page.get_by_text("You were logged out after a period without activity")).to_be_visible()
    assert not SafetyPlan.objects.filter(client=client_record, warning_signs=WARNING_SIGNS).exists()

    # Signing in again, second factor included, leads back to the form with the text offered back.
    page.get_by_label("Email address").fill(therapist.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/accounts/second-factor/"))
    device = TOTPDevice.objects.get(user=therapist, confirmed=True)
    page.get_by_label("Code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(re.escape(edit_url) + "$"))
    expect(page.get_by_text("We kept what you typed before you were signed out — check it and save.")).to_be_visible()
    expect(page.get_by_label("Warning signs")).to_have_value(WARNING_SIGNS)
    expect(page.get_by_label("What matters most to me and is worth living for")).to_have_value(REASONS)
    axe(page)

    page.get_by_role("button", name="Save the safety plan").click()
    page.wait_for_url(re.compile(r"/safety-plan/$"))
    expect(page.get_by_text(WARNING_SIGNS)).to_be_visible()
    plan = SafetyPlan.objects.get(client=client_record)
    assert (plan.warning_signs, plan.reasons_for_living) == (WARNING_SIGNS, REASONS)
    assert page.console_errors == []


def test_leaving_a_page_with_unsaved_clinical_text_asks_first(staff_page, therapist, client_record):
    page = staff_page(therapist)
    dialogs = []

    def note(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", note)
    edit_url = f"/clients/{client_record.pk}/safety-plan/edit/"
    page.goto(edit_url)
    page.get_by_role("link", name="Caseload").click()  # nothing typed: leaves without a question
    page.wait_for_url(re.compile(r"/clients/$"))
    assert dialogs == []

    page.goto(edit_url)
    page.get_by_label("Warning signs").fill(WARNING_SIGNS)
    page.get_by_role("link", name="Caseload").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]  # typed and not saved: the browser asks, and staying keeps the text
    assert page.url.endswith(edit_url)
    expect(page.get_by_label("Warning signs")).to_have_value(WARNING_SIGNS)

    page.get_by_role("button", name="Save the safety plan").click()  # saving is not leaving: no question
    page.wait_for_url(re.compile(r"/safety-plan/$"))
    assert dialogs == ["beforeunload"]
