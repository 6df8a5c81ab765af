"""A person's own account (issue 19, items 8–10): proving it is you again before changing how you sign in,
nothing but the second-factor step before the second factor, the password change, the session list,
__Host- cookies and a password maximum."""

import datetime as dt
import logging
from importlib import import_module

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import BackupCodeDevice
from accounts.tasks import clear_expired_sessions
from audit.models import AuditEvent
from clinics import services as clinic_services

from ..conftest import PASSWORD, log_in
from ..factories import EmergencyAccessFactory
from ..test_settings import PRODUCTION, run_manage
from .test_mfa import current_code

NEW_PASSWORD = "seven quiet herons at dawn"
# Addresses written out (not reversed), so that on code without these pages the tests fail by a 404, not a lookup.
PASSWORD_CHANGE = "/accounts/password/change/"
SESSIONS = "/accounts/sessions/"
END_OTHERS = "/accounts/sessions/end-others/"
REAUTHENTICATE = "/accounts/confirm-it-is-you/"


def session_rows(**filters):
    """The session table's rows (django-qsessions' model: each row knows its user)."""
    return import_module(settings.SESSION_ENGINE).SessionStore.get_model_class().objects.filter(**filters)


def test_the_account_pages_live_at_these_addresses():
    assert reverse("accounts:password_change") == PASSWORD_CHANGE
    assert reverse("accounts:sessions") == SESSIONS
    assert reverse("accounts:sessions_end_others") == END_OTHERS
    assert reverse("accounts:reauthenticate") == REAUTHENTICATE


def password_login(client, user, address="127.0.0.1"):
    return client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD}, REMOTE_ADDR=address)


@pytest.fixture
def enrolled_therapist(therapist):
    TOTPDevice.objects.create(user=therapist, name="Authenticator app", confirmed=True)
    BackupCodeDevice.objects.create(user=therapist, name="Backup codes", confirmed=True).replace_codes(10)
    return therapist


# --- Item 8: adding or replacing a factor asks for the password (or a current code) again -----------------------


def test_a_verified_session_is_asked_for_the_password_before_setting_up_a_new_authenticator(client, enrolled_therapist):
    log_in(client, enrolled_therapist)  # past the second factor, but no password given in this session lately
    response = client.get(reverse("accounts:mfa_setup"))
    assert response.status_code == 302
    assert response["Location"].startswith(REAUTHENTICATE)
    assert not TOTPDevice.objects.filter(user=enrolled_therapist, confirmed=False).exists()


def test_a_new_authenticator_cannot_be_confirmed_without_a_fresh_proof(client, enrolled_therapist):
    log_in(client, enrolled_therapist)
    planted = TOTPDevice.objects.create(user=enrolled_therapist, name="Authenticator app", confirmed=False)
    codes_before = list(BackupCodeDevice.objects.get(user=enrolled_therapist).codes.values_list("pk", flat=True))

    response = client.post(reverse("accounts:mfa_setup"), {"code": current_code(planted)})

    assert response.status_code == 302
    planted.refresh_from_db()
    assert not planted.confirmed
    codes_after = list(BackupCodeDevice.objects.get(user=enrolled_therapist).codes.values_list("pk", flat=True))
    assert codes_after == codes_before  # the backup codes were not regenerated either
    assert not AuditEvent.objects.filter(actor=enrolled_therapist, action="mfa.enrolled").exists()


def test_the_password_given_again_opens_the_set_up_for_five_minutes_and_replaces_the_old_factor(
    client, enrolled_therapist
):
    old_device = TOTPDevice.objects.get(user=enrolled_therapist)
    log_in(client, enrolled_therapist)
    setup = reverse("accounts:mfa_setup")
    response = client.post(REAUTHENTICATE, {"password": PASSWORD, "next": setup})
    assert response.status_code == 302
    assert response["Location"] == setup
    assert client.get(setup).status_code == 200
    new_device = TOTPDevice.objects.get(user=enrolled_therapist, confirmed=False)

    response = client.post(setup, {"code": current_code(new_device)})

    assert response.status_code == 200
    assert len(response.context["codes"]) == 10
    assert list(TOTPDevice.objects.filter(user=enrolled_therapist)) == [new_device]  # the old one is gone
    assert not TOTPDevice.objects.filter(pk=old_device.pk).exists()
    assert AuditEvent.objects.filter(actor=enrolled_therapist, action="auth.reauthenticated").count() == 1


def test_the_proof_expires_after_five_minutes(client, enrolled_therapist):
    log_in(client, enrolled_therapist)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.post(REAUTHENTICATE, {"password": PASSWORD})
        assert client.get(reverse("accounts:mfa_setup")).status_code == 200
        clock.shift(dt.timedelta(minutes=6))
        response = client.get(reverse("accounts:mfa_setup"))
    assert response.status_code == 302
    assert response["Location"].startswith(REAUTHENTICATE)


def test_a_current_code_counts_as_proof_and_a_wrong_password_does_not(client, enrolled_therapist):
    log_in(client, enrolled_therapist)
    response = client.post(REAUTHENTICATE, {"password": "not my password"})
    assert response.status_code == 200
    assert "did not match" in response.content.decode()
    assert client.get(reverse("accounts:mfa_setup")).status_code == 302
    assert AuditEvent.objects.filter(actor=enrolled_therapist, action="auth.reauthentication_failed").exists()

    device = TOTPDevice.objects.get(user=enrolled_therapist)
    client.post(REAUTHENTICATE, {"code": current_code(device)})
    assert client.get(reverse("accounts:mfa_setup")).status_code == 200


def test_an_empty_proof_is_explained(client, enrolled_therapist):
    log_in(client, enrolled_therapist)
    response = client.post(REAUTHENTICATE, {})
    assert "Enter your password, or a code from your authenticator app." in response.content.decode()


# --- Item 9: before the second factor, nothing but the second-factor step ----------------------------------------


def test_before_the_second_factor_the_page_shows_no_menu_and_no_name(client, admin):
    TOTPDevice.objects.create(user=admin, name="Authenticator app", confirmed=True)
    password_login(client, admin)
    html = client.get(reverse("accounts:mfa_verify")).content.decode()
    assert "Enter your code" in html
    assert admin.full_name not in html
    for view in ("accounts:staff", "clients:roster", "accounts:audit_log", "reminders:notifications"):
        assert f'href="{reverse(view)}"' not in html, view
    assert "Log out" in html  # the way out stays


def test_before_enrolment_a_therapist_sees_no_caseload_link_and_no_name(client, therapist):
    password_login(client, therapist)
    html = client.get(reverse("accounts:mfa_setup")).content.decode()
    assert "Set up your second factor" in html
    assert therapist.full_name not in html
    assert f'href="{reverse("clients:caseload")}"' not in html
    assert f'href="{reverse("clients:words_we_use")}"' not in html


def test_before_the_second_factor_the_emergency_banner_names_no_client(client, admin, client_record):
    EmergencyAccessFactory(admin=admin, client=client_record)
    TOTPDevice.objects.create(user=admin, name="Authenticator app", confirmed=True)
    password_login(client, admin)
    html = client.get(reverse("accounts:mfa_verify")).content.decode()
    assert client_record.display_name not in html
    assert "emergency-banner" not in html


def test_after_the_second_factor_the_menu_and_the_name_are_back(client, admin):
    log_in(client, admin)
    html = client.get(reverse("accounts:staff")).content.decode()
    assert admin.full_name in html
    assert f'href="{reverse("accounts:audit_log")}"' in html


# --- Item 10: the password change ----------------------------------------------------------------------------


def test_the_password_change_asks_for_the_current_password_and_keeps_what_was_typed(client, client_user):
    log_in(client, client_user)
    response = client.post(
        PASSWORD_CHANGE,
        {"old_password": "a wrong guess", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    client_user.refresh_from_db()
    assert client_user.check_password(PASSWORD)


def test_changing_the_password_ends_every_other_session_and_sends_the_notice(
    client, client_user, client_record, django_capture_on_commit_callbacks
):
    elsewhere = Client()
    password_login(elsewhere, client_user)
    password_login(client, client_user)
    assert elsewhere.get(reverse("portal:home")).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            PASSWORD_CHANGE,
            {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )

    assert response.status_code == 302
    assert response["Location"] == SESSIONS
    client_user.refresh_from_db()
    assert client_user.check_password(NEW_PASSWORD)
    assert client.get(reverse("portal:home")).status_code == 200  # this session goes on
    assert elsewhere.get(reverse("portal:home")).status_code == 302  # the other one has ended
    assert session_rows(user=client_user).count() == 1
    assert [message.to for message in mail.outbox] == [[client_user.email]]
    assert "password" in mail.outbox[0].body.lower()
    assert AuditEvent.objects.filter(actor=client_user, action="auth.password_changed").count() == 1


def test_a_password_over_128_characters_is_refused_with_a_clear_message(client, client_user):
    too_long = "river stones and morning light " * 4 + "abcde"  # 129 characters
    assert len(too_long) == 129
    with pytest.raises(ValidationError) as refused:
        validate_password(too_long)
    assert "at most 128 characters" in " ".join(refused.value.messages)
    validate_password(too_long[:128])  # 128 are fine

    log_in(client, client_user)
    response = client.post(
        PASSWORD_CHANGE,
        {"old_password": PASSWORD, "new_password1": too_long, "new_password2": too_long},
    )
    assert response.status_code == 200
    assert "This password is too long. Use at most 128 characters." in response.content.decode()
    client_user.refresh_from_db()
    assert client_user.check_password(PASSWORD)


# --- Item 10: the session list and "sign out everywhere else" (G14) ------------------------------------------


def test_a_person_sees_their_own_sessions_with_browser_and_address_and_no_one_elses(
    client, client_user, client_record, therapist
):
    elsewhere = Client(
        headers={"user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"}
    )
    password_login(elsewhere, client_user, address="203.0.113.9")
    stranger = Client()
    password_login(stranger, therapist, address="198.51.100.77")
    password_login(client, client_user, address="192.0.2.10")

    response = client.get(SESSIONS, REMOTE_ADDR="192.0.2.10")

    html = response.content.decode()
    assert response.status_code == 200
    assert "203.0.113.9" in html
    assert "192.0.2.10" in html
    assert "Chrome" in html
    assert "198.51.100.77" not in html  # another person's session is not theirs to see
    assert len(response.context["sessions"]) == 2
    assert "This browser" in html


def test_signing_out_everywhere_else_ends_the_other_sessions_at_once(client, client_user, client_record):
    elsewhere = Client()
    password_login(elsewhere, client_user)
    password_login(client, client_user)

    response = client.post(END_OTHERS)

    assert response.status_code == 302
    assert elsewhere.get(reverse("portal:home")).status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200
    assert session_rows(user=client_user).count() == 1
    event = AuditEvent.objects.get(actor=client_user, action="auth.sessions_ended")
    assert event.detail == {"count": 1, "reason": "signed_out_elsewhere"}


def test_a_session_ended_by_an_admin_is_no_longer_listed(client, therapist, admin):
    elsewhere = Client()
    log_in(elsewhere, therapist)
    clinic_services.staff_reset_second_factor(member=therapist, by_admin=admin)
    log_in(client, therapist)
    response = client.get(SESSIONS)
    assert response.status_code == 200
    assert len(response.context["sessions"]) == 1


def test_the_address_of_a_session_is_never_logged(client, client_user, client_record, caplog):
    caplog.set_level(logging.DEBUG)
    password_login(client, client_user, address="203.0.113.44")
    client.get(SESSIONS, REMOTE_ADDR="203.0.113.44")
    client.post(END_OTHERS, REMOTE_ADDR="203.0.113.44")
    assert "203.0.113.44" in client.get(SESSIONS, REMOTE_ADDR="203.0.113.44").content.decode()
    assert "203.0.113.44" not in caplog.text


def test_expired_sessions_are_cleared_by_the_beat_task(client_user):
    log_in(Client(), client_user)
    session_rows().update(expire_date=timezone.now() - dt.timedelta(minutes=1))
    clear_expired_sessions()
    assert not session_rows().exists()


# --- The account menu, for every role (in Spanish too) --------------------------------------------------------


@pytest.mark.parametrize("person", ["therapist", "admin", "client_user"])
def test_every_role_reaches_the_password_change_and_sessions_from_the_account_menu(
    client, request, person, client_record
):
    user = request.getfixturevalue(person)
    log_in(client, user)
    html = client.get(reverse("home"), follow=True).content.decode()
    assert f'href="{PASSWORD_CHANGE}"' in html
    assert f'href="{SESSIONS}"' in html
    assert client.get(PASSWORD_CHANGE).status_code == 200
    assert client.get(SESSIONS).status_code == 200


def test_a_client_reads_the_account_pages_in_spanish(client, client_user, client_record):
    log_in(client, client_user)
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert "Cambiar la contraseña" in client.get(reverse("portal:home")).content.decode()
    assert "Dónde tienes la sesión iniciada" in client.get(SESSIONS).content.decode()


# --- __Host- cookie names (G15) ------------------------------------------------------------------------------


def test_cookies_carry_the_host_prefix_secure_and_for_the_whole_site(client, db):
    response = client.get(reverse("accounts:login"))
    assert settings.SESSION_COOKIE_NAME == "__Host-sessionid"
    cookie = response.cookies["__Host-csrftoken"]
    assert cookie["secure"]
    assert cookie["path"] == "/"
    assert not cookie["domain"]


def test_production_names_the_cookies_with_the_host_prefix_and_debug_keeps_the_plain_names():
    probe = "from django.conf import settings as s; print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME)"
    production = run_manage("shell", "-c", probe, env_overrides=PRODUCTION)
    assert production.stdout.split("\n")[-2] == "__Host-sessionid __Host-csrftoken", production.stderr
    debug = run_manage("shell", "-c", probe, env_overrides={"DJANGO_DEBUG": "1"})
    assert debug.stdout.split("\n")[-2] == "sessionid csrftoken", debug.stderr
