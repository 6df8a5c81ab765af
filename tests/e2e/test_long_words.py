"""Issue 20 item 15: one long unbroken word (a pasted link, a keyboard held down) wraps instead of
making the page wider than a phone's screen, in the portal and on staff pages."""

import pytest

from portfolio.models import EmpowermentPlan, JournalEntry, Milestone

from ..factories import MicroGoalFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
WORD = "a" * 300
WIDTH = "document.documentElement.scrollWidth"


@pytest.fixture
def long_words(client_record, client_user, therapist):
    MicroGoalFactory(client=client_record, title=f"Walk {WORD[:150]}", shared_with_client=True)
    Milestone.objects.create(client=client_record, title=WORD[:200], created_by=therapist, shared_with_client=True)
    EmpowermentPlan.objects.create(client=client_record, created_by=therapist, shared_with_client=True, values=WORD)
    JournalEntry.objects.create(client=client_record, text=f"Today {WORD}", author=client_user)


def phone_page(browser, live_server, user, staff=False):
    from django.conf import settings
    from django.test import Client

    from ..conftest import log_in

    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    cookie = log_in(Client(), user).cookies[settings.SESSION_COOKIE_NAME]
    secure_url = live_server.url.replace("http://", "https://", 1)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": secure_url}])
    return context.new_page()


def test_a_300_character_word_keeps_the_portal_within_a_375_px_phone(browser, live_server, long_words, client_user):
    page = phone_page(browser, live_server, client_user)
    for path in ["/portal/", "/portal/journal/"]:
        page.goto(path)
        assert WORD[:150] in page.content()
        assert page.evaluate(WIDTH) <= PHONE["width"], f"{path} is wider than the phone"
    page.context.close()


def test_a_300_character_word_keeps_the_therapists_pages_within_a_375_px_phone(
    browser, live_server, long_words, therapist, client_record
):
    page = phone_page(browser, live_server, therapist)
    for path in [f"/clients/{client_record.pk}/", f"/clients/{client_record.pk}/portfolio/"]:
        response = page.goto(path)
        assert response.status == 200
        assert page.evaluate(WIDTH) <= PHONE["width"], f"{path} is wider than the phone"
    page.context.close()
