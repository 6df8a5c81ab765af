"""Session tokens (ASVS V3): never in URLs, new at every sign-in step, strong, ended by logout and by a reset."""

import re
import string
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from qsessions.models import Session

from ..conftest import PASSWORD, log_in
from .test_mfa import current_code

SESSION = settings.SESSION_COOKIE_NAME


def log_in_with_form(client, user, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": user.email, "password": password})


def session_key(client):
    return client.cookies[SESSION].value


def test_the_session_token_never_appears_in_a_url_or_a_page(client, client_user, client_record):
    response = log_in_with_form(client, client_user)
    key = session_key(client)
    locations = []
    while response.status_code == 302:
        locations.append(response["Location"])
        response = client.get(response["Location"])
    assert response.status_code == 200
    assert locations
    assert not any(key in location for location in locations)
    assert key not in response.content.decode()


def test_signing_in_and_passing_the_second_factor_each_issue_a_new_session_token(client, therapist):
    session = client.session
    session["before_login"] = True
    session.save()
    client.cookies[SESSION] = session.session_key
    anonymous_key = session.session_key

    log_in_with_form(client, therapist)
    password_key = session_key(client)
    assert password_key != anonymous_key

    device = TOTPDevice.objects.create(user=therapist, name="Authenticator app", confirmed=True)
    response = client.post(reverse("accounts:mfa_verify"), {"code": current_code(device)})
    assert response.status_code == 302
    assert session_key(client) not in (anonymous_key, password_key)
    assert not Session.objects.filter(session_key__in=[anonymous_key, password_key]).exists()


def test_session_tokens_are_long_random_and_unique(client_user):
    keys = set()
    for _ in range(5):
        client = Client()
        log_in_with_form(client, client_user)
        keys.add(session_key(client))
    assert len(keys) == 5
    for key in keys:
        # 32 characters of [a-z0-9] from Django's CSPRNG (secrets): about 165 bits.
        assert len(key) == 32
        assert set(key) <= set(string.ascii_lowercase + string.digits)


def test_logging_out_ends_the_session_on_the_server(client, client_user, client_record):
    log_in_with_form(client, client_user)
    old_key = session_key(client)
    assert client.get(reverse("portal:home")).status_code == 200

    client.post(reverse("accounts:logout"))

    assert not Session.objects.filter(session_key=old_key).exists()
    replay = Client()
    replay.cookies[SESSION] = old_key
    response = replay.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def never_stored(response):
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def test_pages_shown_to_a_signed_in_person_are_never_stored_by_the_browser(client, therapist, client_record):
    """On a shared tablet, the back button after logout must not bring a client's record back from the cache."""
    log_in(client, therapist)
    record = client.get(reverse("clients:overview", kwargs={"client_id": client_record.pk}))
    assert record.status_code == 200
    assert never_stored(record)
    assert never_stored(client.post(reverse("accounts:logout")))


def test_the_portal_and_the_login_page_are_never_stored(client, client_user, client_record):
    assert never_stored(client.get(reverse("accounts:login")))
    log_in(client, client_user)
    assert never_stored(client.get(reverse("portal:home")))


def test_static_files_keep_their_cache_headers_for_a_signed_in_person(therapist):
    """whitenoise answers before the no-store middleware: a signed-in page load still reuses cached assets."""
    probe = Path(settings.STATIC_ROOT) / "cache-probe.css"
    probe.write_text("body { margin: 0; }\n", encoding="utf-8")
    try:
        client = log_in(Client(), therapist)  # a new client: whitenoise lists the static folder when it starts
        response = client.get(settings.STATIC_URL + probe.name)
    finally:
        probe.unlink()
    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"]
    assert not never_stored(response)


def test_a_password_reset_ends_every_other_session(
    client, client_user, client_record, django_capture_on_commit_callbacks
):
    elsewhere = Client()
    log_in_with_form(elsewhere, client_user)
    assert elsewhere.get(reverse("portal:home")).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):  # the reset email is queued on commit
        client.post(reverse("accounts:password_reset"), {"email": client_user.email})
    path = re.search(r"http://testserver(/accounts/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(path)["Location"]
    new = "a different long private passphrase"
    client.post(form_page, {"new_password1": new, "new_password2": new})

    response = elsewhere.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(client, client_user):
    client.get(reverse("accounts:login"))
    response = log_in_with_form(client, client_user)
    cookie = response.cookies[SESSION]
    assert cookie["secure"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert not cookie["domain"]
    csrf = client.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"]
    assert csrf["samesite"] == "Lax"


def test_the_browser_keeps_no_personal_data_in_cookies(client, client_user, client_record):
    log_in_with_form(client, client_user)
    client.get(reverse("portal:home"))
    assert set(client.cookies) <= {SESSION, settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    values = " ".join(morsel.value for morsel in client.cookies.values())
    for personal in (client_user.email, client_user.full_name, client_record.legal_name):
        assert personal not in values
