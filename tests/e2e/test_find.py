"""Issue 23: find a client in two keystrokes from the header — as the letters are typed, and without JavaScript
through the field's button — at 1024 px and on a phone, axe-core finding nothing."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def therapist_page(browser, live_server, therapist, *, width, javascript=True):
    viewport = {"width": width, "height": 800}
    return signed_in_page(browser, live_server, therapist, viewport=viewport, java_script_enabled=javascript)


@pytest.mark.parametrize("width", [1024, 375])
def test_two_letters_typed_in_the_header_find_the_client_and_the_keyboard_opens_the_record(
    width, browser, live_server, axe, therapist, client_record
):
    page = therapist_page(browser, live_server, therapist, width=width)
    page.goto("/clients/")
    field = page.get_by_role("searchbox", name="Find a client")
    field.focus()
    page.keyboard.type("Da")
    match = page.locator("#client-find-results").get_by_role("link", name="Dana")
    expect(match).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    axe(page)
    page.screenshot(path=f"/tmp/find-a-client-{width}.png")
    for _ in range(3):  # past the field's own "Find" button, to the match
        page.keyboard.press("Tab")
        if match.evaluate("link => link === document.activeElement"):
            break
    assert match.evaluate("link => link === document.activeElement")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/clients/{client_record.pk}/$"))
    page.context.close()


def test_without_javascript_the_field_s_button_answers_with_a_page_of_matches(
    browser, live_server, axe, therapist, client_record
):
    page = therapist_page(browser, live_server, therapist, width=1024, javascript=False)
    page.goto("/clients/")
    page.get_by_role("searchbox", name="Find a client").fill("Da")
    page.get_by_role("searchbox", name="Find a client").press("Enter")
    expect(page.get_by_role("heading", name="Find a client")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Name, or part of it")).to_have_value("Da")
    assert "Da" not in page.url  # the name went in the request's body, not its address
    page.get_by_role("link", name="Dana").click()
    page.wait_for_url(re.compile(rf"/clients/{client_record.pk}/$"))
    page.context.close()
