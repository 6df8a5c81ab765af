"""Issue 23: the client workspace at 1024 px (a laptop beside the client), in English and Spanish: the nine tabs
on one line, and the header (name, flags, crisis shortcut, tabs) still in view after scrolling a long page."""

import pytest
from django.conf import settings

from ..factories import SupportPersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TAB_TOPS = """() => [...document.querySelectorAll('.workspace-tabs a')].map(a => a.getBoundingClientRect().top)"""


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_workspace_tabs_fit_on_one_line_and_the_header_stays_in_view(
    language, staff_page, live_server, axe, therapist, client_record
):
    for number in range(10):  # a long page to scroll
        SupportPersonFactory(client=client_record, created_by=therapist, name=f"Friend {number:02d}")
    page = staff_page(therapist)
    page.set_viewport_size({"width": 1024, "height": 768})
    url = live_server.url.replace("http://", "https://", 1)
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": url}])
    page.goto(f"/clients/{client_record.pk}/support-network/")
    tops = page.evaluate(TAB_TOPS)
    assert len(tops) == 10
    assert max(tops) - min(tops) < 4, f"the tabs wrap: {tops}"
    page.mouse.wheel(0, 1500)
    page.wait_for_function("window.scrollY > 600")
    header = page.locator("#workspace-header").bounding_box()
    assert header is not None
    assert abs(header["y"]) < 2  # stuck to the top of the window
    crisis = "Crisis: safety plan" if language == "en" else "Crisis: plan de seguridad"
    assert page.get_by_role("link", name=crisis).is_visible()
    axe(page)
