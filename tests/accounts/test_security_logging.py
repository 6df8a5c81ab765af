"""Security events (ASVS V7): recorded with who, when and where, never with a password or a person's details."""

import datetime as dt
import logging

from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from audit.models import AuditEvent

from ..conftest import PASSWORD

WRONG = "not the right passphrase at all"


def post_login(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR="203.0.113.7")


def test_passwords_and_personal_details_never_reach_the_log(client, caplog, client_user, client_record):
    with caplog.at_level(logging.DEBUG):
        post_login(client, client_user.email, WRONG)
        post_login(client, client_user.email, PASSWORD)
        client.get(reverse("portal:home"))
        client.post(reverse("accounts:logout"))
        client.post(reverse("accounts:password_reset"), {"email": client_user.email})
    logged = caplog.text
    assert logged, "the log was captured"
    for secret in (PASSWORD, WRONG, client_user.email, client_user.full_name, client_record.legal_name):
        assert secret not in logged


def test_every_authentication_decision_is_recorded(client, client_user, client_record):
    post_login(client, client_user.email, WRONG)
    attempt = AccessAttempt.objects.get()
    assert (attempt.ip_address, attempt.failures_since_start) == ("203.0.113.7", 1)

    post_login(client, client_user.email, PASSWORD)
    client.post(reverse("accounts:logout"))
    actions = list(AuditEvent.objects.filter(actor=client_user).order_by("at").values_list("action", "address"))
    assert actions == [("auth.login", "203.0.113.7"), ("auth.logout", "127.0.0.1")]


def test_a_wrong_second_factor_code_is_recorded(client, login, therapist):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=therapist, name="Authenticator app", confirmed=True)
    login(therapist, verified=False)
    client.post(reverse("accounts:mfa_verify"), {"code": "000000"})
    assert AuditEvent.objects.filter(actor=therapist, action="mfa.failed").count() == 1


def test_a_refused_read_is_logged_with_its_path_and_status(client, login, colleague, client_record, caplog):
    login(colleague)
    url = reverse("clients:overview", kwargs={"client_id": client_record.pk})
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(url).status_code == 404
    assert [record.status_code for record in caplog.records if record.name == "django.request"] == [404]
    assert url in caplog.text
    assert client_record.legal_name not in caplog.text


def test_a_line_break_in_a_requested_path_cannot_forge_a_log_line(client, db, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get("/nothing%0Alevel=ERROR%20logger=accounts%20forged/")
    messages = [record.getMessage() for record in caplog.records if record.name == "django.request"]
    assert messages
    assert all("\n" not in message for message in messages)


def test_audit_times_are_kept_in_utc(client, client_user):
    from empowerment import settings as project_settings  # the deployment's, not the tests' own "today" zone

    assert settings.USE_TZ
    assert project_settings.TIME_ZONE == "UTC"
    post_login(client, client_user.email, PASSWORD)
    event = AuditEvent.objects.get(action="auth.login")
    assert event.at.utcoffset() == dt.timedelta(0)
