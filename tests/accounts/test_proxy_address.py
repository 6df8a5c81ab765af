"""Behind nginx, lockout, rate limits and the audit log see the person's address, not the proxy's."""

import datetime as dt

import pytest
import time_machine
from django.test import RequestFactory, override_settings
from django.urls import reverse

from audit.models import AuditEvent
from audit.recording import client_address

from ..conftest import PASSWORD

PROXY = "127.0.0.1"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.7", PROXY),  # no proxy configured: the header is anyone's to send, so it is ignored
        (1, "203.0.113.7", "203.0.113.7"),  # nginx replaces the header with the address it saw
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # nginx appends; the left entry came from the person
        (2, "198.51.100.1, 203.0.113.7, 10.0.0.5", "203.0.113.7"),  # a load balancer, then nginx
        (2, "203.0.113.7", PROXY),  # fewer entries than proxies: misconfigured, use the connecting address
        (1, "not-an-address", PROXY),
        (1, "", PROXY),
        (1, "2001:db8::7", "2001:db8::7"),
    ],
)
def test_the_address_is_the_one_the_nearest_trusted_proxies_saw(count, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(PROXY_COUNT=count):
        assert client_address(request) == expected


@override_settings(PROXY_COUNT=1)
def test_behind_the_proxy_audit_and_login_limits_use_each_persons_address(client, client_user):
    login = reverse("accounts:login")
    client.post(
        login,
        {"username": client_user.email, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert AuditEvent.objects.get(actor=client_user, action="auth.login").address == "203.0.113.7"
    client.logout()

    def wrong_password(username, address):
        data = {"username": username, "password": "wrong"}
        return client.post(login, data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)

    # The limit counts per minute in fixed windows (django-ratelimit): on a running clock, a window that ended
    # between two of the attempts (more likely the slower the machine) started the count again and the last one
    # got through. With the clock stopped, all of them fall in one minute.
    with time_machine.travel(dt.datetime(2026, 11, 25, 12, 0, 30, tzinfo=dt.UTC), tick=False) as clock:
        # 30 wrong passwords a minute from one person use up that person's login limit ...
        responses = [wrong_password(f"x{n}@example.org", "198.51.100.20") for n in range(31)]
        assert [response.status_code for response in responses] == [200] * 30 + [429]
        # ... and not everyone else's, though every request reaches the app from the same proxy.
        assert wrong_password("y@example.org", "198.51.100.21").status_code == 200
        clock.shift(dt.timedelta(minutes=1))  # a minute on, the person may try again
        assert wrong_password("z@example.org", "198.51.100.20").status_code == 200
