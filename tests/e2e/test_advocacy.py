"""An advocacy plan in a real browser: the pace warning, a review that pauses, the client's view; axe on each page."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ..factories import AdvocacyOpportunityFactory
from .conftest import choose_on_scale

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_therapist_paces_an_advocacy_plan_with_the_client(
    staff_page, axe, therapist, client_record, client_user, browser, live_server
):
    AdvocacyOpportunityFactory(clinic=client_record.clinic, name="Riverside School Board", kind="school_board")
    page = staff_page(therapist)
    page.goto(client_record.get_absolute_url())
    page.get_by_role("link", name="All advocacy plans").click()
    page.get_by_role("link", name="New advocacy plan").click()
    page.get_by_label("Aim").fill("Speak at the school board about mental-health days")
    page.get_by_label("Focus").select_option("school")
    page.get_by_label("Hours per month, at most").fill("3")
    page.get_by_label("First name only").check()
    axe(page)
    page.get_by_role("button", name="Save the plan").click()
    page.wait_for_url(re.compile(r"/advocacy/[0-9a-f-]+/$"))
    axe(page)

    page.get_by_role("link", name="Add a step").click()
    page.get_by_label("Kind of step").select_option("testimony")
    page.get_by_label("Description").fill("Three minutes of public comment")
    page.get_by_label("Due date").fill((timezone.localdate() + dt.timedelta(days=14)).isoformat())
    page.get_by_label("Estimated hours").fill("5")
    page.get_by_label("How public this step makes the client").select_option("full_name")
    page.get_by_label("Opportunity").select_option(label="Riverside School Board")
    page.get_by_role("button", name="Save the step").click()
    expect(page.get_by_text("over the client's limit of 3.0")).to_be_visible()
    expect(page.get_by_text("more public (Full name) than the plan allows (First name only)")).to_be_visible()
    axe(page)
    assert page.get_by_label("Description").input_value() == "Three minutes of public comment"
    page.get_by_label("We have talked this through with the client: save it anyway").check()
    page.get_by_role("button", name="Save the step").click()
    expect(page.get_by_text("Riverside School Board")).to_be_visible()

    page.get_by_role("button", name=re.compile("Share with client")).click()
    page.get_by_role("link", name="Review the pace").click()
    choose_on_scale(page, "Energy (0–10)", 3)
    choose_on_scale(page, "Wellbeing (0–10)", 4)
    page.get_by_label("Sleep is worse").check()
    page.get_by_label("Pause").check()
    axe(page)
    page.get_by_role("button", name="Save the review").click()
    expect(page.get_by_text("its steps send no reminders").first).to_be_visible()

    portal = browser.new_context(base_url=live_server.url).new_page()
    portal.goto("/accounts/login/")
    portal.get_by_label("Email address").fill(client_user.email)
    portal.get_by_label("Password").fill("correct horse battery staple")
    portal.get_by_role("button", name="Log in").click()
    portal.get_by_role("link", name="Speak at the school board about mental-health days").click()
    expect(portal.get_by_text("Rest is part of advocacy")).to_be_visible()
    axe(portal)
    portal.context.close()
