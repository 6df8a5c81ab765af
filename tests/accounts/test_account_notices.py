"""After a change to how someone signs in, they are told by email, discreetly (ASVS 2.2.3, 2.5.5)."""

import re

from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services

from .test_mfa import current_code, password_login

NEW_PASSWORD = "another long private passphrase"
SUBJECT = "A change to how you sign in to your planner"


def _only_notice():
    notices = [message for message in mail.outbox if message.subject == SUBJECT]
    assert len(notices) == 1, [message.subject for message in mail.outbox]
    return notices[0]


def _discreet(message, user):
    for private in (user.full_name, user.clinic.name, user.email.split("@")[0], "therapist", "mental"):
        assert private.lower() not in (message.subject + message.body).lower(), private
    assert reverse("accounts:password_reset") in message.body, "it says where to go if it was not them"


def test_a_password_reset_is_followed_by_a_notice(client, therapist, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the reset email is queued on commit
        client.post(reverse("accounts:password_reset"), {"email": therapist.email})
    path = re.search(r"http://testserver(/accounts/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(path)["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_page, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    notice = _only_notice()
    assert notice.to == [therapist.email]
    assert "password of your planner account was just changed" in notice.body
    _discreet(notice, therapist)


def test_setting_up_a_sign_in_app_is_followed_by_a_notice(client, therapist, django_capture_on_commit_callbacks):
    password_login(client, therapist)
    client.get(reverse("accounts:mfa_setup"))
    device = TOTPDevice.objects.get(user=therapist, confirmed=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:mfa_setup"), {"code": current_code(device)})
    notice = _only_notice()
    assert "sign-in app was just set up" in notice.body
    _discreet(notice, therapist)


def test_an_admin_removing_someones_sign_in_app_tells_them(
    client, login, admin, therapist, django_capture_on_commit_callbacks
):
    TOTPDevice.objects.create(user=therapist, name="Authenticator app", confirmed=True)
    login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:staff_reset_mfa", args=[therapist.pk]), {"confirmed": "yes"})
    assert not TOTPDevice.objects.filter(user=therapist).exists()
    notice = _only_notice()
    assert notice.to == [therapist.email]
    assert "removed by your clinic's administrator" in notice.body
    _discreet(notice, therapist)


def test_the_notice_is_in_the_persons_language_and_not_sent_to_a_closed_account(therapist):
    therapist.preferred_language = "es"
    therapist.save(update_fields=["preferred_language"])
    assert services.account_notice_send(user_id=str(therapist.pk), event="password_changed")
    assert "contraseña" in mail.outbox[-1].body
    therapist.is_active = False
    therapist.save(update_fields=["is_active"])
    assert not services.account_notice_send(user_id=str(therapist.pk), event="password_changed")
    assert len(mail.outbox) == 1
