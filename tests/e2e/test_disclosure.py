"""A disclosure plan in a real browser: levels explained, gentle word suggestions, rehearsal, status, axe."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import choose_on_scale

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_therapist_plans_a_disclosure_with_the_client(staff_page, axe, therapist, client_record):
    page = staff_page(therapist)
    page.goto(client_record.get_absolute_url())
    page.get_by_role("link", name="All disclosure plans").click()
    page.get_by_role("link", name="New disclosure plan").click()
    axe(page)

    page.get_by_label("Or describe the audience").fill("My new manager")
    page.get_by_label("Setting").select_option("work")
    selective = page.get_by_label("Selective disclosure")
    selective.check()
    explanation = page.locator(f"#{selective.get_attribute('aria-describedby')}")
    assert "Telling some people you choose" in explanation.inner_text()

    script = page.get_by_label("The script")
    script.fill("My cousin is schizophrenic and so")
    hint = page.locator(".language-hint")
    hint.wait_for()
    assert "person living with schizophrenia" in hint.inner_text()
    assert hint.get_attribute("aria-live") == "polite"
    script.fill("I live with depression. It is well managed, and I want you to know why I ask for flexibility.")
    expect(hint).to_have_text("")  # the suggestion goes away with the word

    choose_on_scale(page, "Readiness (0–10)", 4)
    page.get_by_role("button", name="Save the plan").click()
    page.wait_for_url(re.compile(r"/disclosure/[0-9a-f-]+/$"))
    expect(page.get_by_role("heading", name="Telling My new manager")).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Record a rehearsal").click()
    page.get_by_label("Scenario").fill("A one-to-one on a Friday afternoon")
    page.get_by_label("Curious").check()
    choose_on_scale(page, "Confidence before (0–10)", 3)
    choose_on_scale(page, "Confidence after (0–10)", 6)
    axe(page)
    page.get_by_role("button", name="Save the rehearsal").click()
    expect(page.locator('.status-steps [aria-current="step"]')).to_have_text("Rehearsing")
    expect(page.locator("svg[role=img] polyline")).to_have_count(2)

    page.get_by_label("Move to").select_option("considering")
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_text("needs a reason")).to_be_visible()
    axe(page)
