"""Issue 23, a visual identity: the pages follow the person's system into dark mode (static/css/tokens.css,
static/js/theme.js), and axe-core finds no problem, contrast included, in either mode — on a client's
record, the measures and rehearsal charts, and the portal on a phone."""

import pytest
from django.urls import reverse

from ..factories import DisclosurePlanFactory, RehearsalFactory, pulse_results
from ..test_design_tokens import luminance as wcag_luminance
from .conftest import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# The page's own background, and the luminance of a CSS colour (rgb(r, g, b)).
BACKGROUND = "() => getComputedStyle(document.body).backgroundColor"


def luminance(css_colour):
    """The relative luminance of a computed colour, "rgb(r, g, b)"."""
    return wcag_luminance(*(int(part) for part in css_colour[css_colour.index("(") + 1 : -1].split(",")[:3]))


@pytest.fixture
def charted(therapist, client_record):
    """A rehearsed disclosure plan and three pulse results: the two charts to look at."""
    plan = DisclosurePlanFactory(client=client_record, shared_with_client=True, created_by=therapist)
    for before, after in ((2, 5), (3, 7), (6, 9)):
        RehearsalFactory(plan=plan, confidence_before=before, confidence_after=after)
    pulse_results(client_record, therapist, band={"en": "Noticeable", "es": "Notable"})
    return plan


def signed_in(browser, live_server, user, *, scheme, width):
    viewport = {"width": width, "height": 800}
    return signed_in_page(browser, live_server, user, viewport=viewport, color_scheme=scheme)


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_staff_pages_follow_the_system_colours_and_axe_finds_nothing(
    scheme, browser, live_server, axe, therapist, client_record, charted
):
    page = signed_in(browser, live_server, therapist, scheme=scheme, width=1024)
    pages = [
        reverse("clients:caseload"),
        reverse("clients:overview", args=[client_record.pk]),
        reverse("portfolio:measures", kwargs={"client_id": client_record.pk}),
        charted.get_absolute_url(),
    ]
    for url in pages:
        page.goto(url)
        assert page.evaluate("document.documentElement.dataset.bsTheme") == scheme
        background = luminance(page.evaluate(BACKGROUND))
        assert background < 0.05 if scheme == "dark" else background > 0.9, (url, background)
        assert page.locator("svg").count() >= (1 if url in pages[2:] else 0)
        axe(page)
    page.goto(pages[2])
    # The chart's line takes the mode's colour from the stylesheet, over the light colour the SVG carries for the PDF.
    line = page.locator("svg .chart-line").first.evaluate("line => getComputedStyle(line).stroke")
    assert (luminance(line) > 0.4) if scheme == "dark" else (luminance(line) < 0.15), line
    page.screenshot(path=f"/tmp/colour-mode-{scheme}-measures.png", full_page=True)
    page.context.close()


def test_the_portal_on_a_phone_in_dark_mode(browser, live_server, axe, client_user, client_record, charted):
    page = signed_in(browser, live_server, client_user, scheme="dark", width=375)
    for url in (reverse("portal:home"), reverse("portal:disclosure_plan", args=[charted.pk])):
        page.goto(url)
        assert luminance(page.evaluate(BACKGROUND)) < 0.05
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, url
        axe(page)
    page.screenshot(path="/tmp/colour-mode-dark-portal.png", full_page=True)
    page.context.close()


def test_without_script_the_tokens_still_follow_the_system(browser, live_server, therapist, client_record):
    """theme.js only tells Bootstrap; the page's own colours come from the stylesheet's media query."""
    page = signed_in_page(browser, live_server, therapist, color_scheme="dark", java_script_enabled=False)
    page.goto(reverse("clients:overview", args=[client_record.pk]))
    assert luminance(page.evaluate(BACKGROUND)) < 0.05
    page.context.close()
