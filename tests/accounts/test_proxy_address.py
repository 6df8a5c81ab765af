"""Behind nginx, lockout, rate limits and the audit log see the person's address, not the proxy's."""

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from accounts.audit import client_address
from accounts.models import AuditEvent

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
    # 30 wrong passwords a minute from one person use up that person's login limit ...
    for n in range(31):
        response = client.post(
            login,
            {"username": f"x{n}@example.org", "password": "wrong"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="198.51.100.20",
        )
    assert response.status_code == 429
    # ... and not everyone else's, though every request reaches the app from the same proxy.
    response = client.post(
        login,
        {"username": "y@example.org", "password": "wrong"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.21",
    )
    assert response.status_code == 200
