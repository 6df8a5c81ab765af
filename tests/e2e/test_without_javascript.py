"""Issue 23, "the same flows with JavaScript disabled": in a session with scripts off, a therapist finds the client
from the header (the form posts and a page of matches comes back), records a check-in on the tap scales (real
radio buttons: the arrow keys and a tap on a number's label choose, the form posts and redirects) and shares a
disclosure plan (the switch posts and the page comes back with the message); each step is in the database, and
axe-core finds nothing on every page on the way."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from audit.models import AuditEvent
from clients.models import CheckIn
from disclosure.models import DisclosurePlan

from ..factories import DisclosurePlanFactory
from .conftest import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SHARED = "Shared with the client. They see it in the portal now."


@pytest.fixture
def axe_as_drawn(browser, live_server, axe):
    """axe-core on a page as a browser with scripts off draws it. axe is a script that waits on its own callbacks,
    and a page with scripts off runs none (Playwright's `java_script_enabled=False` is Chromium's
    Emulation.setScriptExecutionDisabled: even a callback of the check itself never comes), so the page's HTML as
    it stands — a form's errors, a message after a post — is given to a second page at the same address with
    scripts on for the check, where every script the page asks for is refused: the same markup and stylesheets,
    none of the page's own scripts (the product has no <noscript> markup and no inline scripts)."""
    checker = browser.new_context(base_url=live_server.url, viewport={"width": 1024, "height": 768})
    checker_page = checker.new_page()
    checker_page.route(
        "**/*", lambda route: route.abort() if route.request.resource_type == "script" else route.fallback()
    )

    def check(page):
        assert page.evaluate("typeof window.htmx") == "undefined"  # the page's own scripts did not run
        html, url = page.content(), page.url

        def this_page(address):
            return address == url

        checker_page.route(this_page, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"))
        checker_page.goto(url)
        checker_page.unroute(this_page)
        assert checker_page.evaluate("typeof window.htmx") == "undefined"
        axe(checker_page)

    yield check
    checker.close()


def test_find_check_in_and_share_without_javascript(browser, live_server, axe_as_drawn, therapist, client_record):
    axe = axe_as_drawn
    plan = DisclosurePlanFactory(client=client_record, audience_description="My team lead", created_by=therapist)
    page = signed_in_page(
        browser, live_server, therapist, viewport={"width": 1024, "height": 768}, java_script_enabled=False
    )
    page.goto(reverse("clients:caseload"))
    axe(page)

    # Find: the header's field and Enter post the letters; a page of matches comes back.
    page.get_by_role("searchbox", name="Find a client").fill("Da")
    page.get_by_role("searchbox", name="Find a client").press("Enter")
    page.wait_for_url(re.compile(r"/clients/find/$"))
    expect(page.get_by_role("heading", name="Find a client")).to_be_visible()
    axe(page)
    assert AuditEvent.objects.get(action="caseload.search", actor=therapist).detail == {"shown": 1}
    page.get_by_role("main").get_by_role("link", name="Dana").click()
    page.wait_for_url(re.compile(rf"/clients/{client_record.pk}/$"))

    # A check-in: the scale by the arrow keys, then a tap on a number's label, then the keyboard again.
    page.get_by_role("link", name="New check-in").click()
    page.wait_for_url(re.compile(r"/check-ins/new/$"))
    axe(page)
    scale = page.get_by_role("group", name="Wellbeing (0–10)")
    scale.get_by_role("radio", name="0", exact=True).focus()
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    expect(scale.get_by_role("radio", name="6", exact=True)).to_be_checked()
    expect(scale.get_by_role("radio", name="6", exact=True)).to_be_focused()
    scale.locator("label", has_text=re.compile(r"^9$")).click()
    expect(scale.get_by_role("radio", name="9", exact=True)).to_be_checked()
    expect(scale.get_by_role("radio", name="9", exact=True)).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(scale.get_by_role("radio", name="8", exact=True)).to_be_checked()
    assert scale.get_by_role("radio", checked=True).count() == 1
    page.get_by_label("Medium").check()
    page.get_by_role("button", name="Save check-in").click()
    page.wait_for_url(re.compile(rf"/clients/{client_record.pk}/$"))  # posted, then redirected to the overview
    expect(page.get_by_text("Check-in saved.")).to_be_visible()
    axe(page)
    check_in = CheckIn.objects.get(client=client_record)
    assert (check_in.wellbeing, check_in.relapse_risk, check_in.created_by) == (8, "medium", therapist)

    # Sharing: the switch is a form; it posts and the plan's page comes back with the message.
    page.goto(plan.get_absolute_url())
    axe(page)
    page.get_by_role("button", name=re.compile(r"^Share with client")).click()
    page.wait_for_url(re.compile(re.escape(plan.get_absolute_url()) + "$"))
    expect(page.get_by_text(SHARED)).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Stop sharing"))).to_be_visible()
    axe(page)
    plan = DisclosurePlan.objects.get(pk=plan.pk)
    assert (plan.shared_with_client, plan.shared_by) == (True, therapist)
    page.context.close()
