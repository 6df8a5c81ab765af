"""Issue 23, page weight: the staff workspace (a client's overview) asks for at most 150 KB of CSS and JavaScript as a
production server sends them, gzipped. Measured in the browser: every stylesheet and script the page loaded."""

import gzip

import pytest
from django.urls import reverse

from ..factories import CheckInFactory, MicroGoalFactory, SafetyPlanFactory, SupportPersonFactory
from .conftest import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

BUDGET = 150 * 1024  # bytes of CSS + JS, gzipped


def test_the_workspace_loads_at_most_150_kb_of_css_and_js_gzipped(browser, live_server, axe, therapist, client_record):
    SafetyPlanFactory(client=client_record)
    SupportPersonFactory(client=client_record, name="Auntie Rae")
    CheckInFactory(client=client_record, wellbeing=7)
    MicroGoalFactory(client=client_record)
    page = signed_in_page(browser, live_server, therapist, viewport={"width": 1024, "height": 768})
    loaded = []
    page.on("response", lambda response: loaded.append(response))
    page.goto(reverse("clients:overview", args=[client_record.pk]))
    page.wait_for_load_state("networkidle")  # the deferred scripts and anything they fetch
    axe(page)

    # The test server sends files as they are (Django's static files handler does not compress); a production
    # server (WhiteNoise's compressed copies, or the proxy) sends them gzipped, so each body is gzipped here at
    # level 6, what such a server uses. Playwright gives the decoded body in any case.
    weights = {}
    for response in loaded:
        if response.request.resource_type in ("stylesheet", "script") and response.ok:
            weights[response.url.removeprefix(live_server.url)] = len(gzip.compress(response.body(), compresslevel=6))
    total = sum(weights.values())
    for url, size in sorted(weights.items(), key=lambda item: -item[1]):
        print(f"{size / 1024:7.1f} KB  {url}")
    print(f"{total / 1024:7.1f} KB  CSS + JS of the workspace, gzipped (budget {BUDGET / 1024:.0f} KB)")
    assert any(url.endswith(".css") for url in weights)
    assert any(url.endswith(".js") for url in weights)
    assert total <= BUDGET, f"the workspace loads {total / 1024:.1f} KB of CSS and JS gzipped: {weights}"
    page.context.close()
