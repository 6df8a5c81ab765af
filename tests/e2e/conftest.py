"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium) against Django's live server.

Playwright's sync API runs an event loop in this thread, so Django's async-safety guard is relaxed
for these tests only: the ORM calls here are the test's own setup, not request handling.
"""

import os
import re
import shutil

import pytest
from django.conf import settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1100, "height": 800})
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    def check(page):
        # Colours are measured once the page has settled: a button's colour transition (Bootstrap's 0.15 s) still
        # running after a click is measured half-way on a loaded machine and reads as a contrast failure.
        # (At most 2 s: an animation that runs on is checked as it is.)
        page.evaluate(
            """() => Promise.race([
                Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => null))),
                new Promise((resolve) => setTimeout(resolve, 2000)),
            ])"""
        )
        results = Axe().run(page)
        problems = [
            (v["id"], v["impact"], [n["html"][:120] for n in v["nodes"]]) for v in results.response["violations"]
        ]
        assert problems == [], f"axe-core found problems on {page.url}: {problems}"

    return check


@pytest.fixture
def staff_page(page, live_server):
    """`staff_page(user)`: the browser signed in as a staff member, second factor included."""
    from django.test import Client

    from ..conftest import log_in

    def sign_in(user):
        django_client = log_in(Client(), user)
        cookie = django_client.cookies[settings.SESSION_COOKIE_NAME]
        # A __Host- cookie must be Secure and host-only; Chromium sends Secure cookies to http://localhost too.
        secure_url = live_server.url.replace("http://", "https://", 1)
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": secure_url}])
        return page

    return sign_in


def choose_on_scale(page, legend, number):
    """Tap `number` on the 0–10 scale whose legend is `legend` (core.widgets.ScaleRadios): its label, drawn as a
    button, is what a finger touches; the radio button behind it is then the one chosen."""
    from playwright.sync_api import expect

    group = page.get_by_role("group", name=legend)
    group.locator("label", has_text=re.compile(rf"^{number}$")).click()
    expect(group.get_by_role("radio", name=str(number), exact=True)).to_be_checked()


def signed_in_page(browser, live_server, user, **context_options):
    """A page of a new browser context (`context_options`: viewport, color_scheme, java_script_enabled...) signed
    in as `user`, second factor included. Close it with `page.context.close()`."""
    from django.test import Client

    from ..conftest import log_in

    context = browser.new_context(base_url=live_server.url, **context_options)
    cookie = log_in(Client(), user).cookies[settings.SESSION_COOKIE_NAME]
    secure_url = live_server.url.replace("http://", "https://", 1)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": secure_url}])
    return context.new_page()


@pytest.fixture
def demo_client(transactional_db):
    """The demo (seed_demo: real lengths of text, every part of a record filled, about 4 s) and its client with the
    fullest portal: Jordan (Riverbend Community Clinic), whose primary therapist is Maya Okafor."""
    import io

    from django.core.management import call_command

    from clients.models import Client

    call_command("seed_demo", not_production=True, verbosity=0, stdout=io.StringIO())
    return Client.objects.select_related("primary_therapist", "portal_user").get(legal_name="Jordan Avery Lee")
