"""Issue 23: the workspace at 1024×768 (a laptop beside the client) and the portal on a phone (375×812) never scroll
sideways, in English and in Spanish, axe-core finding nothing on any page.

On the demo (seed_demo: real lengths of text, every part of a record filled): the therapist opens every tab of the
workspace header of a client's record; the client opens every page the portal's home and navigation link to (one
of each kind: one peer connection, one disclosure plan...)."""

import re

import pytest
from django.conf import settings

from .conftest import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1024, "height": 768}
PHONE = {"width": 375, "height": 812}
WIDTHS = "() => ({scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth})"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# The links of a page to other pages of the site (not the skip link, a phone number or the home page's logo).
PAGE_LINKS = """() => [...document.querySelectorAll('a[href^="/"]')]
  .map(link => link.getAttribute('href')).filter(href => href !== '/')"""


def in_language(page, live_server, language):
    """The person's language, as the switcher in the footer keeps it (its cookie)."""
    url = live_server.url.replace("http://", "https://", 1)
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": url}])
    return page


def one_of_each_kind(hrefs):
    """The addresses, once each, and only the first of those that differ by an id."""
    kinds = {}
    for href in hrefs:
        kinds.setdefault(UUID.sub("<id>", href.split("#")[0]), href.split("#")[0])
    return list(kinds.values())


def visit_all(page, urls, *, language, axe):
    """Each page: in `language`, axe-core finding nothing; returns those wider than the window (language, address,
    widths)."""
    wider = []
    for url in urls:
        response = page.goto(url)
        assert response.ok, (url, response.status)
        assert page.evaluate("document.documentElement.lang") == language, url
        widths = page.evaluate(WIDTHS)
        if widths["scrollWidth"] > widths["innerWidth"]:
            wider.append((language, url, widths))
        axe(page)
    return wider


def test_the_workspace_at_1024_and_the_portal_on_a_phone_never_scroll_sideways_in_english_and_spanish(
    browser, live_server, axe, demo_client
):
    jordan = demo_client
    wider = []
    for language in ("en", "es"):
        staff = signed_in_page(browser, live_server, jordan.primary_therapist, viewport=LAPTOP)
        in_language(staff, live_server, language).goto(jordan.get_absolute_url())
        tabs = staff.eval_on_selector_all(".workspace-tabs a", "links => links.map(link => link.getAttribute('href'))")
        assert len(tabs) >= 9, tabs  # Overview, Check-ins, Safety plan, Support network ... Reminders
        wider += visit_all(staff, tabs, language=language, axe=axe)
        staff.context.close()

        portal = signed_in_page(browser, live_server, jordan.portal_user, viewport=PHONE)
        in_language(portal, live_server, language).goto("/portal/")
        pages = one_of_each_kind(["/portal/", *portal.evaluate(PAGE_LINKS)])
        assert len(pages) >= 12, pages  # the home, its navigation, safety plan, journal, measures, connections...
        wider += visit_all(portal, pages, language=language, axe=axe)
        portal.context.close()

    assert wider == [], f"pages wider than the window (they scroll sideways): {wider}"
