"""The second factor: staff enrol, then can reach nothing without a code; backup codes are hashed and single-use."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import BackupCode, BackupCodeDevice, Role
from audit.models import AuditEvent

from ..conftest import PASSWORD, log_in
from ..factories import UserFactory
from ..test_authorization_matrix import MATRIX

SECOND_FACTOR_PAGES = {"accounts:login", "accounts:logout", "accounts:mfa_verify", "accounts:mfa_setup", "set_language"}


def current_code(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def password_login(client, user):
    return client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})


@pytest.fixture
def enrolled_therapist(therapist):
    TOTPDevice.objects.create(user=therapist, name="Authenticator app", confirmed=True)
    return therapist


def test_a_new_staff_member_is_sent_to_enrol_after_the_password(client, therapist):
    response = password_login(client, therapist)
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa_setup"))


def test_enrolment_confirms_the_device_and_shows_backup_codes_once(client, therapist):
    password_login(client, therapist)
    response = client.get(reverse("accounts:mfa_setup"))
    assert response.status_code == 200
    assert 'src="data:image/svg+xml' in response.content.decode()
    device = TOTPDevice.objects.get(user=therapist, confirmed=False)

    response = client.post(reverse("accounts:mfa_setup"), {"code": current_code(device)})

    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("clients:caseload")).status_code == 200
    assert AuditEvent.objects.filter(actor=therapist, action="mfa.enrolled").count() == 1


def test_a_wrong_enrolment_code_keeps_the_device_unconfirmed_and_says_so(client, therapist):
    password_login(client, therapist)
    client.get(reverse("accounts:mfa_setup"))
    response = client.post(reverse("accounts:mfa_setup"), {"code": "000000"})
    assert response.status_code == 200
    assert "did not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=therapist, confirmed=True).exists()


def test_a_letter_in_the_enrolment_code_is_explained(client, therapist):
    password_login(client, therapist)
    response = client.post(reverse("accounts:mfa_setup"), {"code": "12a456"})
    assert "without letters" in response.content.decode()
    assert 'value="12a456"' in response.content.decode()  # what was typed is kept


def test_an_enrolled_staff_member_reaches_no_page_without_the_code(client, enrolled_therapist, cast):
    password_login(client, enrolled_therapist)
    for name, entry in MATRIX.items():
        if name in SECOND_FACTOR_PAGES:
            continue
        url = reverse(name, kwargs=entry.kwargs(cast) if entry.kwargs else None)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302, f"{method} {name}: {response.status_code} before the second factor"
            assert response["Location"].startswith(reverse("accounts:mfa_verify")), name


def test_an_enrolled_staff_member_cannot_enrol_a_new_device_to_skip_the_code(client, enrolled_therapist):
    password_login(client, enrolled_therapist)
    response = client.get(reverse("accounts:mfa_setup"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:mfa_verify")
    assert not TOTPDevice.objects.filter(user=enrolled_therapist, confirmed=False).exists()


def test_the_right_code_opens_the_caseload(client, enrolled_therapist):
    password_login(client, enrolled_therapist)
    device = TOTPDevice.objects.get(user=enrolled_therapist)
    response = client.post(
        reverse("accounts:mfa_verify"), {"code": current_code(device), "next": reverse("clients:caseload")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:caseload")
    assert client.get(reverse("clients:caseload")).status_code == 200


def test_a_wrong_code_is_refused_with_a_clear_message(client, enrolled_therapist):
    password_login(client, enrolled_therapist)
    response = client.post(reverse("accounts:mfa_verify"), {"code": "123456"})
    assert response.status_code == 200
    assert "did not work" in response.content.decode()
    assert client.get(reverse("clients:caseload")).status_code == 302
    assert AuditEvent.objects.filter(actor=enrolled_therapist, action="mfa.failed").count() == 1


def test_the_verify_page_does_not_redirect_to_another_site(client, enrolled_therapist):
    password_login(client, enrolled_therapist)
    device = TOTPDevice.objects.get(user=enrolled_therapist)
    response = client.post(
        reverse("accounts:mfa_verify"), {"code": current_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")


def test_backup_codes_are_stored_hashed_and_work_once(client, enrolled_therapist):
    device = BackupCodeDevice.objects.create(user=enrolled_therapist, name="Backup codes", confirmed=True)
    codes = device.replace_codes(3)
    stored = list(BackupCode.objects.filter(device=device).values_list("code_hash", flat=True))
    assert all(code not in value for code in codes for value in stored)

    password_login(client, enrolled_therapist)
    formatted = f"{codes[0][:5]}-{codes[0][5:]}".upper()
    assert client.post(reverse("accounts:mfa_verify"), {"code": formatted})["Location"] == reverse("home")

    client.post(reverse("accounts:logout"))
    password_login(client, enrolled_therapist)
    response = client.post(reverse("accounts:mfa_verify"), {"code": codes[0]})
    assert response.status_code == 200  # refused: already used
    assert BackupCode.objects.filter(device=device, used_at__isnull=False).count() == 1


def test_clients_need_no_second_factor(client, client_user, client_record):
    password_login(client, client_user)
    assert client.get(reverse("portal:home")).status_code == 200


@pytest.mark.parametrize(("debug_bypass", "reaches_caseload"), [(True, True), (False, False)])
def test_demo_accounts_skip_the_second_factor_only_while_debug_is_on(client, clinic, debug_bypass, reaches_caseload):
    demo = UserFactory(clinic=clinic, role=Role.THERAPIST, is_demo=True)
    with override_settings(MFA_DEMO_BYPASS=debug_bypass):
        password_login(client, demo)
        response = client.get(reverse("clients:caseload"))
    assert (response.status_code == 200) is reaches_caseload


def test_the_demo_bypass_follows_debug():
    from empowerment import settings as project_settings

    assert project_settings.MFA_DEMO_BYPASS == project_settings.DEBUG


def test_an_operator_reaches_the_admin_site_only_with_the_second_factor(client, db):
    from accounts.models import User

    operator = User.objects.create_superuser(email="operator@example.org", password=PASSWORD, full_name="Olu Operator")
    client.post(reverse("accounts:login"), {"username": operator.email, "password": PASSWORD})
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa_setup"))

    log_in(client, operator)
    assert client.get(reverse("admin:index")).status_code == 200


def test_totp_codes_cannot_be_replayed(client, enrolled_therapist):
    device = TOTPDevice.objects.get(user=enrolled_therapist)
    code = current_code(device)
    password_login(client, enrolled_therapist)
    client.post(reverse("accounts:mfa_verify"), {"code": code})
    client.post(reverse("accounts:logout"))
    password_login(client, enrolled_therapist)
    response = client.post(reverse("accounts:mfa_verify"), {"code": code})
    assert response.status_code == 200
