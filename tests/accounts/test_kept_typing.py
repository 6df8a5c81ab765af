"""Nothing typed is lost at the idle limit (issue 20, item 9).

A warning with "Stay signed in" before the limit; and if the session did end, what was posted is kept in the
session (never the URL) for the same person alone, and offered back once after signing in again.
URLs are literal here so that, on code without these features, the tests fail by behaviour.
"""

import datetime as dt
import json
import re

import time_machine
from django.conf import settings
from django.test import Client

from clients.models import SafetyPlan
from tests.conftest import log_in

START = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
KEEP_ALIVE = "/accounts/session/keep-alive/"
KEPT_MESSAGE = "We kept what you typed before you were signed out"
TYPED = {
    "warning_signs": "Sleeping less; skipping meals",
    "reasons_for_living": "My niece, my art",
    "csrfmiddlewaretoken": "not-kept",
}


def _edit_url(client_record):
    return f"/clients/{client_record.pk}/safety-plan/edit/"


def _kept_island(page):
    """The page's "kept-typing" data island, or None."""
    match = re.search(r'<script id="kept-typing" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(match.group(1)) if match else None


def _time_out_while_typing(client, clock, url):
    """Open the form, stay idle past the limit, then press Save: what the browser does."""
    assert client.get(url).status_code == 200
    clock.shift(settings.SESSION_IDLE_TIMEOUT + dt.timedelta(seconds=1))
    return client.post(url, TYPED, HTTP_REFERER=f"http://testserver{url}")


def test_a_save_after_the_idle_limit_is_kept_and_offered_back_once_to_the_same_person(
    client, login, therapist, client_record
):
    url = _edit_url(client_record)
    with time_machine.travel(START, tick=False) as clock:
        login(therapist)
        response = _time_out_while_typing(client, clock, url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        assert "Sleeping" not in response["Location"]  # never in the URL
        assert not SafetyPlan.objects.filter(client=client_record, warning_signs__contains="Sleeping").exists()

        log_in(client, therapist)  # signing in again, in the same browser
        page = client.get(url).content.decode()
        kept = _kept_island(page)
        assert KEPT_MESSAGE in page
        assert kept["fields"]["warning_signs"] == ["Sleeping less; skipping meals"]
        assert "csrfmiddlewaretoken" not in kept["fields"]
        assert kept["action"] == url

        again = client.get(url).content.decode()  # offered once
        assert _kept_island(again) is None
        assert KEPT_MESSAGE not in again

        saved = client.post(url, {key: value for key, value in TYPED.items() if key != "csrfmiddlewaretoken"})
    assert saved.status_code == 302  # nothing was saved until the person pressed Save again, and it validated
    assert SafetyPlan.objects.get(client=client_record).warning_signs == "Sleeping less; skipping meals"


def test_after_the_timeout_the_login_page_sends_the_person_back_to_the_page_with_the_form(
    client, login, therapist, client_record
):
    url = _edit_url(client_record)
    with time_machine.travel(START, tick=False) as clock:
        login(therapist)
        response = _time_out_while_typing(client, clock, url)
        login_page = client.get(response["Location"]).content.decode()
    assert "without activity" in login_page
    assert f'name="next" value="{url}"' in login_page


def test_kept_typing_is_never_offered_to_someone_else_signing_in_on_that_browser(
    client, login, therapist, colleague, client_record
):
    url = _edit_url(client_record)
    with time_machine.travel(START, tick=False) as clock:
        login(therapist)
        _time_out_while_typing(client, clock, url)
        assert "_kept_typing" in client.session

        log_in(client, colleague)
        page = client.get("/clients/").content.decode()
        assert "_kept_typing" not in client.session  # dropped at the first signed-in request of someone else
        assert "Sleeping" not in page

        log_in(Client(), therapist)
        log_in(client, therapist)
        assert "Sleeping" not in client.get(url).content.decode()


def test_kept_typing_is_dropped_after_half_an_hour(client, login, therapist, client_record):
    url = _edit_url(client_record)
    with time_machine.travel(START, tick=False) as clock:
        login(therapist)
        _time_out_while_typing(client, clock, url)
        clock.shift(dt.timedelta(minutes=31))
        log_in(client, therapist)
        page = client.get(url).content.decode()
    assert _kept_island(page) is None
    assert KEPT_MESSAGE not in page


def test_passwords_are_never_kept(client, login, therapist):
    with time_machine.travel(START, tick=False) as clock:
        login(therapist)
        client.get("/accounts/password/change/")
        clock.shift(settings.SESSION_IDLE_TIMEOUT + dt.timedelta(seconds=1))
        client.post(
            "/accounts/password/change/",
            {"old_password": "correct horse battery staple", "new_password1": "x" * 20, "new_password2": "x" * 20},
        )
    assert "_kept_typing" not in client.session  # nothing but passwords: nothing kept
    assert "x" * 20 not in json.dumps(dict(client.session.items()))


def test_pages_give_the_script_the_seconds_left_and_the_stay_signed_in_warning(client, login, therapist):
    with time_machine.travel(START, tick=False) as clock:
        login(therapist)
        client.get("/clients/")
        clock.shift(dt.timedelta(seconds=20))  # within LAST_SEEN_RESOLUTION: this view does not restart the clock
        page = client.get("/clients/").content.decode()
    idle = int(settings.SESSION_IDLE_TIMEOUT.total_seconds())
    assert f'data-session-seconds-left="{idle - 20}"' in page
    assert 'role="alertdialog"' in page
    assert "Stay signed in" in page
    assert 'aria-live="assertive"' in page


def test_stay_signed_in_restarts_the_idle_clock(client, login, therapist):
    almost = settings.SESSION_IDLE_TIMEOUT - dt.timedelta(minutes=1)
    with time_machine.travel(START, tick=False) as clock:
        login(therapist)
        client.get("/clients/")
        clock.shift(almost)
        response = client.post(KEEP_ALIVE)
        assert response.status_code == 200
        assert response.json() == {"seconds_left": int(settings.SESSION_IDLE_TIMEOUT.total_seconds())}
        clock.shift(almost)  # idle for longer than the limit in all, but not since "Stay signed in"
        assert client.get("/clients/").status_code == 200


def test_stay_signed_in_after_the_session_ended_is_the_login_redirect(client, login, therapist):
    with time_machine.travel(START, tick=False) as clock:
        login(therapist)
        client.get("/clients/")
        clock.shift(settings.SESSION_IDLE_TIMEOUT + dt.timedelta(seconds=1))
        response = client.post(KEEP_ALIVE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_kept_typing" not in client.session
