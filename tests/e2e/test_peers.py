"""A peer connection in a real browser: explained matches, consent in the portal, introduction; axe on each page."""

import re

import pytest
from playwright.sync_api import expect

from peers.models import FocusArea

from ..factories import PeerResourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_referral_waits_for_the_clients_consent(
    staff_page, axe, therapist, client_record, client_user, browser, live_server
):
    workplace = FocusArea.objects.create(clinic=client_record.clinic, name="Workplace inclusion")
    group = PeerResourceFactory(
        clinic=client_record.clinic, name="Working Well peer circle", contact="555-0100", step_free_access=True
    )
    group.focus_areas.add(workplace)
    page = staff_page(therapist)
    page.goto(client_record.get_absolute_url())
    page.get_by_role("link", name="Find a peer connection").click()
    page.get_by_label("Workplace inclusion").check()
    page.get_by_role("button", name="Rank resources").click()
    expect(page.get_by_text("Workplace inclusion focus")).to_be_visible()
    axe(page)
    page.get_by_role("link", name=re.compile("Refer")).first.click()
    assert "Workplace inclusion focus" in page.get_by_label("What the match was based on").input_value()
    page.get_by_label("Why this resource").fill("Wants to meet others balancing work and recovery")
    axe(page)
    page.get_by_role("button", name="Save the referral").click()
    page.get_by_label("Move to").select_option("awaiting_consent")
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_text("No consent yet")).to_be_visible()
    axe(page)

    portal = browser.new_context(base_url=live_server.url).new_page()
    portal.goto("/accounts/login/")
    portal.get_by_label("Email address").fill(client_user.email)
    portal.get_by_label("Password").fill("correct horse battery staple")
    portal.get_by_role("button", name="Log in").click()
    portal.get_by_role("link", name="Working Well peer circle").click()
    expect(portal.get_by_text("555-0100")).to_have_count(0)  # contact details only after consent
    axe(portal)
    portal.get_by_label("I have read this and I agree.").check()
    portal.get_by_role("button", name="Yes, I agree").click()
    expect(portal.get_by_text("555-0100")).to_be_visible()
    portal.context.close()

    page.reload()
    page.get_by_label("Move to").select_option("introduced")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator("p strong", has_text="Introduced")).to_be_visible()
