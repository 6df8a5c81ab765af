"""Idle sessions are logged out (default 15 minutes), and every session has an absolute limit."""

import datetime as dt

import time_machine
from django.conf import settings
from django.urls import reverse

from audit.models import AuditEvent

START = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def test_an_idle_session_is_logged_out(client, login, therapist):
    with time_machine.travel(START, tick=False) as clock:
        login(therapist)
        assert client.get(reverse("clients:caseload")).status_code == 200
        clock.shift(settings.SESSION_IDLE_TIMEOUT + dt.timedelta(seconds=1))
        response = client.get(reverse("clients:caseload"))
        page = client.get(response["Location"]).content.decode()
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "without activity" in page
    assert AuditEvent.objects.filter(actor=therapist, action="auth.session_expired").count() == 1


def test_activity_keeps_the_session_alive(client, login, therapist):
    with time_machine.travel(START, tick=False) as clock:
        login(therapist)
        for _ in range(4):
            clock.shift(dt.timedelta(minutes=10))
            assert client.get(reverse("clients:caseload")).status_code == 200


def test_a_busy_session_still_ends_at_the_absolute_limit(client, login, therapist):
    with time_machine.travel(START, tick=False) as clock:
        login(therapist)
        client.get(reverse("clients:caseload"))
        elapsed = dt.timedelta()
        while elapsed <= settings.SESSION_ABSOLUTE_LIMIT:
            clock.shift(dt.timedelta(minutes=10))
            elapsed += dt.timedelta(minutes=10)
            response = client.get(reverse("clients:caseload"))
        page = client.get(response["Location"]).content.decode()
    assert response.status_code == 302
    assert "time limit" in page


def test_the_idle_limit_is_configurable():
    assert settings.SESSION_IDLE_TIMEOUT == dt.timedelta(minutes=15)  # noqa: SIM300 (a setting, not a constant)
