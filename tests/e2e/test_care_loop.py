"""Issue 24's journey in a real Chromium: what a client reports between sessions reaches their therapist.

The client, on a phone (375 px), logs a stigma encounter with distress 9 and writes to their care team. The
therapist (1024 px) sees the caseload badge, opens the client, acknowledges the flag with a note and replies. The
client sees the reply. Each page is checked with axe-core.
"""

import re

import pytest
from playwright.sync_api import expect

from audit.models import AuditEvent
from clients.models import Flag, FlagRule, Message

from ..factories import SafetyPlanFactory
from .conftest import choose_on_scale, signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def test_a_distress_9_encounter_and_a_message_reach_the_therapist_who_acknowledges_and_replies(
    browser, live_server, staff_page, axe, therapist, client_user, client_record
):
    SafetyPlanFactory(client=client_record, created_by=therapist, updated_by=therapist)
    phone = signed_in_page(browser, live_server, client_user, viewport=PHONE)
    phone.goto("/portal/")
    phone.get_by_role("link", name="Write down a stigma encounter").click()
    phone.get_by_label("Where").select_option("work")
    phone.get_by_label("What happened").fill("A colleague called people living with bipolar disorder dangerous.")
    choose_on_scale(phone, "Distress before (0–10)", 9)
    choose_on_scale(phone, "Distress after (0–10)", 7)
    axe(phone)
    phone.get_by_role("button", name="Save").click()
    expect(phone.get_by_text("Thank you for writing it down.")).to_be_visible()

    phone.goto("/portal/messages/")
    expect(phone.get_by_role("heading", name="If you need help now")).to_be_visible()  # crisis lines first
    phone.get_by_role("textbox", name="Your message").fill("Something hard happened at work. Can we talk on Tuesday?")
    phone.get_by_role("button", name="Send message").click()
    expect(phone.get_by_text("Something hard happened at work.")).to_be_visible()
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)
    axe(phone)
    flag = Flag.objects.get(client=client_record)
    assert flag.rule == FlagRule.HIGH_DISTRESS

    page = staff_page(therapist)
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto("/clients/")
    row = page.get_by_role("row", name=re.compile(client_record.display_name))
    expect(row.get_by_role("link", name="1 open flag")).to_be_visible()
    expect(row.get_by_text("1 new message")).to_be_visible()
    axe(page)
    row.get_by_role("link", name="1 open flag").click()
    expect(page.get_by_role("heading", name="Needs your attention")).to_be_visible()
    expect(page.get_by_text("distress 9 before, 7 after").first).to_be_visible()
    page.get_by_label("What you did or will do (optional)").fill("Called Dana; we start with it on Tuesday.")
    axe(page)
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("Flag acknowledged.")).to_be_visible()
    expect(page.get_by_role("heading", name="Needs your attention")).to_have_count(0)
    flag.refresh_from_db()
    assert flag.acknowledged_by == therapist
    assert AuditEvent.objects.filter(action="flag.acknowledge", actor=therapist).count() == 1

    page.locator(".workspace-tabs").get_by_role("link", name="Messages").click()
    expect(page.get_by_text("Something hard happened at work.")).to_be_visible()
    page.get_by_role("textbox", name="Your message").fill("Thank you for telling me. Yes, we start there on Tuesday.")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("Message sent.")).to_be_visible()
    axe(page)

    phone.goto("/portal/messages/")
    expect(phone.get_by_text("Thank you for telling me. Yes, we start there on Tuesday.")).to_be_visible()
    assert Message.objects.filter(client=client_record).count() == 2
    phone.context.close()
