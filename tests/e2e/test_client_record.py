"""A therapist builds a client's record in a real browser; the client sees what is theirs; axe checks each page."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from ..factories import CrisisLineFactory
from .conftest import choose_on_scale

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in(page, live_server, therapist):
    """The therapist's browser session, second factor included (see tests/conftest.log_in)."""
    from django.test import Client

    from ..conftest import log_in

    django_client = log_in(Client(), therapist)
    cookie = django_client.cookies[settings.SESSION_COOKIE_NAME]
    # A __Host- cookie must be Secure and host-only; Chromium sends Secure cookies to http://localhost too.
    secure_url = live_server.url.replace("http://", "https://", 1)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": secure_url}])
    return page


def test_a_therapist_builds_the_record_and_the_client_sees_what_is_shared(
    signed_in, axe, client_record, client_user, live_server, browser
):
    page = signed_in
    CrisisLineFactory(clinic=client_record.clinic)
    page.goto(client_record.get_absolute_url())
    axe(page)

    page.get_by_role("link", name="Complete the intake").click()
    page.get_by_label("Pronouns").fill("she/her")
    page.get_by_label("Strengths").fill("Determined, good with people")
    page.get_by_label("Date of birth").fill("1990-04-12")
    axe(page)
    page.get_by_role("button", name="Save intake").click()
    expect(page.get_by_text("Intake saved.")).to_be_visible()

    page.get_by_role("link", name="Make one with the client").click()
    page.get_by_label("Warning signs").fill("Sleeping less; skipping meals")
    page.get_by_label("What matters most to me and is worth living for").fill("My niece, my art")
    axe(page)
    page.get_by_role("button", name="Save the safety plan").click()
    page.wait_for_url(re.compile(r"/safety-plan/$"))
    axe(page)

    page.goto(client_record.get_absolute_url())
    page.get_by_role("link", name="Support network").click()
    page.get_by_role("link", name="Add someone").click()
    page.get_by_label("Name").fill("Auntie Rae")
    page.get_by_label("Relationship").select_option("family")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Share with client Auntie Rae").click()
    expect(page.get_by_text("Shared with the client").first).to_be_visible()
    axe(page)

    page.goto(client_record.get_absolute_url())
    page.get_by_role("link", name="New check-in").click()
    page.get_by_label("High").check()
    page.get_by_role("button", name="Save check-in").click()  # wellbeing not chosen yet
    expect(page.get_by_role("group", name="Wellbeing (0–10)").get_by_text("This field is required.")).to_be_visible()
    expect(page.get_by_label("High")).to_be_checked()  # what was chosen is kept
    axe(page)  # the error is tied to its field
    choose_on_scale(page, "Wellbeing (0–10)", 4)
    page.get_by_role("button", name="Save check-in").click()  # saved in place (htmx)
    expect(page.get_by_role("heading", name="Check-in saved")).to_be_focused()
    page.get_by_role("link", name="Back to the overview").click()
    # the flag in the workspace header, and the overview's alert with its next step
    expect(page.get_by_role("list", name="Today’s flags")).to_contain_text("High relapse risk at the last check-in")
    expect(page.get_by_role("region", name="Needs attention")).to_contain_text("High relapse risk at the last check-in")

    portal = browser.new_context(base_url=live_server.url).new_page()
    portal.goto("/accounts/login/")
    portal.get_by_label("Email address").fill(client_user.email)
    portal.get_by_label("Password").fill("correct horse battery staple")
    portal.get_by_role("button", name="Log in").click()
    expect(portal.get_by_text("Auntie Rae")).to_be_visible()
    axe(portal)
    portal.get_by_role("link", name="Open my safety plan").click()
    expect(portal.get_by_text("My niece, my art")).to_be_visible()
    axe(portal)
    portal.context.close()


def test_a_full_safety_plan_prints_on_one_page(signed_in, client_record):
    from ..factories import SafetyPlanFactory

    CrisisLineFactory(clinic=client_record.clinic)
    long_text = "A sentence the client wrote in their own words, kept as they said it. " * 4
    SafetyPlanFactory(
        client=client_record,
        **dict.fromkeys(
            (
                "warning_signs",
                "coping_on_my_own",
                "distraction_people_places",
                "people_to_ask",
                "professionals",
                "safe_environment",
                "reasons_for_living",
            ),
            long_text,
        ),
    )
    page = signed_in
    page.goto(f"/clients/{client_record.pk}/safety-plan/")
    pdf = page.pdf(format="Letter")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1, f"the safety plan printed on {pages} pages"
