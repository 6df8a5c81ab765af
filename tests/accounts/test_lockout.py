"""Repeated wrong passwords pause logging in for that account from that address, for a while."""

import datetime as dt

import time_machine
from django.conf import settings
from django.urls import reverse

from ..conftest import PASSWORD


def attempt(client, email, password, address="203.0.113.7"):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=address)


def test_repeated_wrong_passwords_lock_the_account_for_a_while(client, client_user):
    start = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert attempt(client, client_user.email, "wrong password").status_code == 200
        assert attempt(client, client_user.email, "wrong password").status_code == 429

        locked = attempt(client, client_user.email, PASSWORD)
        assert locked.status_code == 429, "the right password must not get through while locked"
        assert "paused" in locked.content.decode()

    with time_machine.travel(start + settings.AXES_COOLOFF_TIME + dt.timedelta(seconds=1), tick=False):
        assert attempt(client, client_user.email, PASSWORD).status_code == 302


def test_the_lock_is_keyed_on_account_and_address_together(client, client_user, other_client_user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, client_user.email, "wrong password")
    assert attempt(client, other_client_user.email, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    assert attempt(client, client_user.email, PASSWORD, address="198.51.100.9").status_code == 302


def test_a_failed_login_does_not_say_whether_the_account_exists(client, client_user):
    known = attempt(client, client_user.email, "wrong password").content.decode()
    unknown = attempt(client, "nobody@example.org", "wrong password").content.decode()
    message = "do not match an active account"
    assert message in known
    assert message in unknown


def test_unknown_addresses_are_locked_the_same_way(client, db):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = attempt(client, "nobody@example.org", "wrong password")
    assert response.status_code == 429
