"""Rate limits on the endpoints that send email or take a secret; the answer never reveals an account.

django-ratelimit counts in fixed windows (a minute, an hour): on a running clock a window that ends between two
requests starts the count again, so each test sends its requests with the clock stopped (time_machine), and every
request of it falls in one window however slow the machine is.
"""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse


@pytest.fixture(autouse=True)
def stopped_clock():
    with time_machine.travel(dt.datetime(2026, 11, 25, 12, 0, 30, tzinfo=dt.UTC), tick=False):
        yield


def test_password_reset_is_limited_per_address_asked_for(client, therapist, django_capture_on_commit_callbacks):
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):  # the reset email is queued on commit
            assert client.post(reverse("accounts:password_reset"), {"email": therapist.email}).status_code == 302
    response = client.post(reverse("accounts:password_reset"), {"email": therapist.email})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert len(mail.outbox) == 3


def test_password_reset_is_limited_per_client_address(client, db):
    statuses = [
        client.post(reverse("accounts:password_reset"), {"email": f"person{n}@example.org"}).status_code
        for n in range(11)
    ]
    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429


def test_unknown_addresses_are_limited_the_same_way(client, db):
    for _ in range(3):
        client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"}).status_code == 429


def test_login_attempts_from_one_address_are_limited(client, db):
    for _ in range(30):
        client.post(
            reverse("accounts:login"), {"username": "x@example.org", "password": "wrong"}, REMOTE_ADDR="198.51.100.20"
        )
    response = client.post(
        reverse("accounts:login"), {"username": "y@example.org", "password": "wrong"}, REMOTE_ADDR="198.51.100.20"
    )
    assert response.status_code == 429
