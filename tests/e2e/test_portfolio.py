"""The portfolio in a real browser: one tap on a phone ticks a micro-goal; the PDF page; axe on each page."""

import re

import pytest
from playwright.sync_api import expect

from portfolio.models import EmpowermentPlan, GoalCheck, Milestone

from ..factories import MicroGoalFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_client_ticks_a_micro_goal_with_one_tap_and_downloads_a_pdf(
    browser, live_server, axe, client_user, client_record, therapist, settings, tmp_path
):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    MicroGoalFactory(client=client_record, title="Ten-minute walk", shared_with_client=True)
    EmpowermentPlan.objects.create(
        client=client_record, created_by=therapist, shared_with_client=True, values="Family, music"
    )
    Milestone.objects.create(
        client=client_record, title="Joined a peer group", created_by=therapist, shared_with_client=True
    )
    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = phone.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(client_user.email)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    tick = page.get_by_role("button", name=re.compile("Mark done today: Ten-minute walk"))
    expect(tick).to_be_visible()
    axe(page)
    tick.click()
    expect(page.get_by_role("button", name=re.compile("Done today: Ten-minute walk"))).to_have_attribute(
        "aria-pressed", "true"
    )
    assert GoalCheck.objects.count() == 1
    assert page.url.endswith("/portal/")  # htmx swapped the row; no page load

    page.get_by_role("link", name="My portfolio as a PDF").click()
    axe(page)
    page.get_by_role("button", name="Make the PDF").click()
    expect(page.get_by_role("link", name="Download the PDF")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename.startswith("resilience-portfolio-")
    phone.close()
