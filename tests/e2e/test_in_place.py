"""Issue 23: sharing an item with the client changes the switch in place — no page reload, the page does not
jump, the focus stays on the switch — and a screen reader hears what changed; without JavaScript the same
switch posts and the page comes back."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ..factories import SupportPersonFactory
from .conftest import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_sharing_changes_in_place_and_keeps_the_focus(browser, live_server, axe, therapist, client_record):
    for number in range(12):  # a long page, so that a jump to the top would show
        SupportPersonFactory(client=client_record, created_by=therapist, name=f"Friend {number:02d}")
    page = signed_in_page(browser, live_server, therapist, viewport={"width": 1024, "height": 400})
    page.goto(reverse("clients:support_network", args=[client_record.pk]))
    page.evaluate("window.notReloaded = true")
    button = page.get_by_role("button", name="Share with client Friend 11")
    button.scroll_into_view_if_needed()
    button.focus()
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 0
    page.keyboard.press("Enter")
    stop = page.get_by_role("button", name="Stop sharing Friend 11")
    expect(stop).to_be_focused()
    expect(page.locator("#live-status")).to_have_text("Shared with the client. They see it in the portal now.")
    expect(page.locator("#live-status")).to_be_visible()  # a toast for sighted people too (axe checks its contrast)
    assert page.evaluate("window.notReloaded") is True
    assert abs(page.evaluate("window.scrollY") - scrolled) < 40
    axe(page)
    page.keyboard.press("Enter")  # and back, from the keyboard again
    expect(page.get_by_role("button", name="Share with client Friend 11")).to_be_focused()
    expect(page.locator("#live-status")).to_have_text("No longer shared. It is hidden from the portal now.")
    assert page.evaluate("window.notReloaded") is True
    page.context.close()


def test_without_javascript_the_switch_posts_and_the_page_comes_back(browser, live_server, therapist, client_record):
    SupportPersonFactory(client=client_record, created_by=therapist, name="Auntie Rae")
    page = signed_in_page(browser, live_server, therapist, java_script_enabled=False)
    page.goto(reverse("clients:support_network", args=[client_record.pk]))
    page.get_by_role("button", name="Share with client Auntie Rae").click()
    expect(page.get_by_text("Shared with the client. They see it in the portal now.")).to_be_visible()
    expect(page.get_by_role("button", name="Stop sharing Auntie Rae")).to_be_visible()
    page.context.close()


def test_a_goal_tick_on_the_overview_changes_in_place_and_keeps_the_focus(
    browser, live_server, axe, therapist, client_record
):
    from ..factories import MicroGoalFactory

    MicroGoalFactory(client=client_record, title="Ten minutes at the piano")
    page = signed_in_page(browser, live_server, therapist, viewport={"width": 1024, "height": 768})
    page.goto(client_record.get_absolute_url())
    page.evaluate("window.notReloaded = true")
    tick = page.get_by_role("button", name="Mark done today: Ten minutes at the piano")
    tick.focus()
    page.keyboard.press("Enter")
    done = page.get_by_role("button", name="Done today: Ten minutes at the piano. Press to undo.")
    expect(done).to_be_focused()
    expect(done).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#live-status")).to_have_text("Marked done today.")
    assert page.evaluate("window.notReloaded") is True
    axe(page)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Mark done today: Ten minutes at the piano")).to_be_focused()
    assert page.evaluate("window.notReloaded") is True
    page.context.close()


def test_an_ally_stage_changes_in_place_and_keeps_the_focus(browser, live_server, axe, therapist, client_record):
    SupportPersonFactory(client=client_record, created_by=therapist, name="Jess", ally_stage="potential")
    page = signed_in_page(browser, live_server, therapist, viewport={"width": 1024, "height": 768})
    page.goto(reverse("clients:support_network", args=[client_record.pk]))
    page.evaluate("window.notReloaded = true")
    path = page.get_by_role("list", name="Ally path of Jess")
    path.get_by_role("button", name="Approached").focus()
    page.keyboard.press("Enter")
    approached = page.get_by_role("list", name="Ally path of Jess").get_by_role("button", name="Approached")
    expect(approached).to_be_focused()
    expect(approached).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#live-status")).to_have_text("Ally path of Jess: Approached.")
    assert page.evaluate("window.notReloaded") is True
    page.wait_for_timeout(400)  # htmx settles the buttons' new colours through Bootstrap's 0.15 s transition
    axe(page)
    page.context.close()


def test_a_disclosure_status_step_changes_in_place_and_keeps_the_focus(
    browser, live_server, axe, therapist, client_record
):
    from ..factories import DisclosurePlanFactory

    plan = DisclosurePlanFactory(client=client_record)
    page = signed_in_page(browser, live_server, therapist, viewport={"width": 1024, "height": 768})
    page.goto(plan.get_absolute_url())
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Move to").select_option("rehearsing")
    button = page.get_by_role("button", name="Change status")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#plan-status li[aria-current=step]")).to_have_text("Rehearsing")
    expect(page.get_by_role("button", name="Change status")).to_be_focused()
    expect(page.locator("#live-status")).to_have_text("Status changed to “Rehearsing”.")
    assert page.evaluate("window.notReloaded") is True
    axe(page)
    page.context.close()
