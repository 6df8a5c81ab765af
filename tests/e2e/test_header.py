"""Issue 20 item 26: the staff header fits on one line — a clinic admin's at 1366 px, in English and in
Spanish, and a therapist's at 1024 px, with "Find a client" (issue 23; the therapist's own activity moved into
the account menu to make room) — with the account menu and sign-out still there."""

import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# The top of every item of the header, and how far apart the highest and lowest are (one line: a few px).
SPREAD = """() => {
  const items = [...document.querySelectorAll(
    '.site-header .navbar-brand, .site-header .nav-item, .site-header .client-find, .site-header .account-menu, '
    + '.site-header .logout > *')];
  const tops = items.filter(item => item.offsetParent !== null).map(item => item.getBoundingClientRect().top);
  const middles = items.filter(item => item.offsetParent !== null).map(item => {
    const box = item.getBoundingClientRect(); return box.top + box.height / 2; });
  return {count: tops.length, spread: Math.max(...middles) - Math.min(...middles)};
}"""


@pytest.mark.parametrize(
    ("role", "width", "language"),
    [("admin", 1366, "en"), ("admin", 1366, "es"), ("therapist", 1024, "en"), ("therapist", 1024, "es")],
)
def test_the_staff_header_fits_on_one_line(role, width, language, request, staff_page, live_server):
    user = request.getfixturevalue(role)
    page = staff_page(user)
    page.set_viewport_size({"width": width, "height": 800})
    url = live_server.url.replace("http://", "https://", 1)
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": url}])
    page.goto("/")
    measured = page.evaluate(SPREAD)
    page.locator(".site-header").screenshot(path=f"/tmp/header-{role}-{width}-{language}.png")
    assert measured["count"] >= 6
    assert measured["spread"] < 8, f"the header wraps: {measured}"
    # The account menu still opens, and signing out is in reach.
    page.locator(".account-menu summary").click()
    assert page.get_by_role("button", name="Log out" if language == "en" else "Cerrar sesión").is_visible()
