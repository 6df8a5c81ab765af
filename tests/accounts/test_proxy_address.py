"""Behind nginx and a load balancer, lockout, rate limits, sessions and the audit log see the person's address.

X-Forwarded-For is read only from the proxies named in TRUSTED_PROXIES, from the right, skipping each of them
(audit.recording.client_address); nginx's realip module is given the same list (deploy/nginx/).
"""

import datetime as dt
import subprocess
from pathlib import Path

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import RequestFactory, override_settings
from django.urls import reverse
from qsessions.models import Session

from audit.models import AuditEvent
from audit.recording import client_address

from ..conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
NGINX = "127.0.0.1"  # nginx on the same machine as gunicorn
BALANCERS = "10.0.0.0/16"  # the load balancers' private subnet
BOTH = [f"{NGINX}/32", "::1/128", BALANCERS]


@pytest.mark.parametrize(
    ("trusted", "peer", "forwarded", "expected"),
    [
        # Nothing trusted (the default): the header is anyone's to send, so it is ignored.
        ([], NGINX, "203.0.113.7", NGINX),
        # A peer that is not a trusted proxy: a spoofed header is ignored, whatever it says.
        (BOTH, "198.51.100.9", "203.0.113.7", "198.51.100.9"),
        (BOTH, "198.51.100.9", "10.0.0.5", "198.51.100.9"),
        # nginx alone replaces the header with the address it saw.
        (BOTH, NGINX, "203.0.113.7", "203.0.113.7"),
        # Two trusted proxies (a load balancer, then nginx appending): the first untrusted entry from the right.
        (BOTH, NGINX, "203.0.113.7, 10.0.0.5", "203.0.113.7"),
        # ... and what the person put in front of it is never read.
        (BOTH, NGINX, "192.0.2.66, 203.0.113.7, 10.0.0.5", "203.0.113.7"),
        (BOTH, NGINX, "10.0.0.9, 203.0.113.7, 10.0.0.5", "203.0.113.7"),
        # A load balancer that is not trusted is the person, as far as the app can know.
        ([f"{NGINX}/32"], NGINX, "203.0.113.7, 10.0.0.5", "10.0.0.5"),
        # Every hop a trusted proxy: the leftmost (a request from inside).
        (BOTH, NGINX, "10.0.0.7, 10.0.0.5", "10.0.0.7"),
        # Not an address (a misconfigured proxy): the last address a trusted proxy vouched for.
        (BOTH, NGINX, "not-an-address", NGINX),
        (BOTH, NGINX, "203.0.113.7, not-an-address, 10.0.0.5", "10.0.0.5"),
        (BOTH, NGINX, "", NGINX),
        (BOTH, NGINX, "2001:db8::7", "2001:db8::7"),
        (BOTH, "::ffff:10.0.0.5", "203.0.113.7", "203.0.113.7"),  # an IPv4 peer on a dual-stack socket
    ],
)
def test_the_address_is_the_first_from_the_right_that_is_not_a_trusted_proxy(trusted, peer, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXIES=trusted):
        assert client_address(request) == expected


@override_settings(TRUSTED_PROXIES=BOTH)
def test_lockout_rate_limits_sessions_and_audit_see_the_same_address_behind_two_proxies(client, client_user):
    login = reverse("accounts:login")
    behind_two = {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": "192.0.2.66, 203.0.113.7, 10.0.0.5"}
    client.post(login, {"username": client_user.email, "password": PASSWORD}, **behind_two)
    assert AuditEvent.objects.get(actor=client_user, action="auth.login").address == "203.0.113.7"
    assert Session.objects.get(user=client_user).ip == "203.0.113.7"
    client.logout()

    client.post(login, {"username": client_user.email, "password": "wrong"}, **behind_two)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.7"]


@override_settings(TRUSTED_PROXIES=BOTH)
def test_a_spoofed_header_from_an_untrusted_peer_changes_nothing(client, client_user):
    login = reverse("accounts:login")
    spoofed = {"REMOTE_ADDR": "198.51.100.9", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    client.post(login, {"username": client_user.email, "password": "wrong"}, **spoofed)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.9"]
    client.post(login, {"username": client_user.email, "password": PASSWORD}, **spoofed)
    assert AuditEvent.objects.get(actor=client_user, action="auth.login").address == "198.51.100.9"


@override_settings(TRUSTED_PROXIES=BOTH)
def test_behind_the_proxies_login_limits_count_each_persons_address(client, db):
    login = reverse("accounts:login")

    def wrong_password(username, address):
        data = {"username": username, "password": "wrong"}
        return client.post(login, data, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=f"{address}, 10.0.0.5")

    # The limit counts per minute in fixed windows (django-ratelimit): on a running clock, a window that ended
    # between two of the attempts (more likely the slower the machine) started the count again and the last one
    # got through. With the clock stopped, all of them fall in one minute.
    with time_machine.travel(dt.datetime(2026, 11, 25, 12, 0, 30, tzinfo=dt.UTC), tick=False) as clock:
        # 30 wrong passwords a minute from one person use up that person's login limit ...
        responses = [wrong_password(f"x{n}@example.org", "198.51.100.20") for n in range(31)]
        assert [response.status_code for response in responses] == [200] * 30 + [429]
        # ... and not everyone else's, though every request reaches the app from the same proxies.
        assert wrong_password("y@example.org", "198.51.100.21").status_code == 200
        clock.shift(dt.timedelta(minutes=1))  # a minute on, the person may try again
        assert wrong_password("z@example.org", "198.51.100.20").status_code == 200


def test_nginx_finds_the_address_with_realip_from_the_same_trusted_list(tmp_path):
    conf = (ROOT / "deploy/nginx/empowerment.conf").read_text()
    assert "include /etc/nginx/empowerment-trusted-proxies.conf;" in conf
    assert "real_ip_header X-Forwarded-For;" in conf
    assert "real_ip_recursive on;" in conf
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf  # one hop to gunicorn: nginx's answer

    env_file = tmp_path / "env"
    env_file.write_text("DJANGO_ALLOWED_HOSTS=x\nTRUSTED_PROXIES=127.0.0.1/32,::1/128,10.0.0.0/16\n")
    made = subprocess.run(
        [ROOT / "deploy/nginx/trusted-proxies.sh", env_file], capture_output=True, text=True, check=True
    ).stdout
    lines = [line for line in made.splitlines() if not line.startswith("#")]
    assert lines == ["set_real_ip_from 127.0.0.1/32;", "set_real_ip_from ::1/128;", "set_real_ip_from 10.0.0.0/16;"]

    env_file.write_text("TRUSTED_PROXIES=\n")  # nginx is the edge: no line, so no header is trusted
    made = subprocess.run([ROOT / "deploy/nginx/trusted-proxies.sh", env_file], capture_output=True, text=True)
    assert made.returncode == 0
    assert [line for line in made.stdout.splitlines() if not line.startswith("#")] == []

    env_file.write_text("TRUSTED_PROXIES=10.0.0.0/16;include /etc/passwd\n")
    assert subprocess.run([ROOT / "deploy/nginx/trusted-proxies.sh", env_file], capture_output=True).returncode != 0


def test_the_example_settings_trust_nginx_on_this_machine_only():
    example = (ROOT / "deploy/env.example").read_text()
    assert "\nTRUSTED_PROXIES=127.0.0.1/32,::1/128\n" in example
