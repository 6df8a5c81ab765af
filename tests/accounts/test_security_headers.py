"""HTTP hardening (ASVS V4.2.2, V4.3.2, V5.1.5, V14.3-V14.5): headers, methods, CSRF, redirects, proxies."""

import logging

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from audit.models import AuditEvent

from ..conftest import PASSWORD, log_in

PAGES = ["accounts:login", "accounts:password_reset"]


@pytest.mark.parametrize("name", PAGES)
def test_pages_name_their_type_and_forbid_sniffing_framing_and_leaky_referrers(client, db, name):
    response = client.get(reverse(name))
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_a_not_found_page_carries_the_same_headers(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_https_responses_carry_hsts_for_a_year_with_subdomains(client, db):
    hsts = client.get(reverse("accounts:login"), secure=True)["Strict-Transport-Security"]
    assert hsts == "max-age=31536000; includeSubDomains; preload"


@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_sent_to_https(db):
    response = Client().get(reverse("accounts:login"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_no_header_names_the_server_software_or_its_version(client, db):
    response = client.get(reverse("accounts:login"))
    assert "Server" not in response
    assert "X-Powered-By" not in response


@pytest.mark.parametrize("method", ["put", "delete", "patch", "trace"])
def test_methods_the_product_does_not_use_are_refused_and_logged(client, db, caplog, method):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = getattr(client, method)(reverse("accounts:invitation_set_password"))
    assert response.status_code == 405
    assert "Method Not Allowed" in caplog.text


SIGN_IN_FORMS = [
    ("accounts:login", {}),
    ("accounts:password_reset", {}),
    ("accounts:password_reset_confirm", {"uidb64": "MQ", "token": "set-password"}),
]


@pytest.mark.parametrize(("name", "kwargs"), SIGN_IN_FORMS)
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_the_sign_in_and_reset_forms_take_only_get_and_post(client, db, caplog, name, kwargs, method):
    """Django's form views would treat PUT as POST (and the reset link answers before any method check)."""
    url = reverse(name, kwargs=kwargs)
    assert client.get(url).status_code == 200
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = getattr(client, method)(url, "username=someone%40example.org&password=x")
    assert response.status_code == 405
    assert sorted(response["Allow"].split(", ")) == ["GET", "POST"]
    assert "Method Not Allowed" in caplog.text


def test_no_cross_origin_reads_are_allowed(client, db):
    response = client.get(reverse("accounts:login"), HTTP_ORIGIN="https://elsewhere.example")
    assert not any(header.lower().startswith("access-control-") for header in response.headers)


def test_a_post_without_the_csrf_token_is_refused(client_user):
    guarded = Client(enforce_csrf_checks=True)
    response = guarded.post(reverse("accounts:login"), {"username": client_user.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in guarded.session


def test_a_signed_in_post_without_the_csrf_token_is_refused(therapist, client_record):
    guarded = log_in(Client(enforce_csrf_checks=True), therapist)
    response = guarded.post(reverse("clients:discharge", kwargs={"client_id": client_record.pk}))
    assert response.status_code == 403
    client_record.refresh_from_db()
    assert client_record.status == "active"


@pytest.mark.parametrize("path", ["/static/", "/static/js/", "/.git/config", "/manage.py", "/.env", "/var/"])
def test_no_directory_listing_and_no_source_or_hidden_files(client, db, path):
    assert client.get(path).status_code == 404


def test_login_never_redirects_to_another_site(client, client_user):
    response = client.post(
        reverse("accounts:login") + "?next=https://elsewhere.example/",
        {"username": client_user.email, "password": PASSWORD, "next": "https://elsewhere.example/"},
    )
    assert response.status_code == 302
    assert "elsewhere.example" not in response["Location"]


def test_forwarded_headers_are_ignored_unless_a_proxy_is_configured(client, client_user):
    client.post(
        reverse("accounts:login"),
        {"username": client_user.email, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="198.51.100.1",
    )
    assert AuditEvent.objects.get(actor=client_user, action="auth.login").address == "203.0.113.7"
    spoofed = client.get(reverse("accounts:login"), HTTP_X_FORWARDED_PROTO="https")
    assert "Strict-Transport-Security" not in spoofed, "a client's X-Forwarded-Proto must not make it look secure"
