"""Invitations: emailed, single-use, expiring; the invitee sets a password; the email is discreet."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts import services
from accounts.models import Invitation, Role, User

NEW_PASSWORD = "a long and private passphrase"


def link_from(message):
    return re.search(r"http://testserver(/accounts/invitation/[^/\s]+/)", message.body).group(1)


@pytest.fixture
def invite_staff(client, login, admin, django_capture_on_commit_callbacks):
    def _invite(**data):
        login(admin)
        form = {"full_name": "Hana Colleague", "email": "hana@example.org", "role": "therapist", "language": "en"}
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("accounts:staff_invite"), form | data)
        client.post(reverse("accounts:logout"))
        return response

    return _invite


def test_an_admin_invites_a_therapist_who_sets_a_password(client, invite_staff, clinic):
    response = invite_staff()
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hana@example.org"]

    response = client.get(link_from(message))
    assert response["Location"] == reverse("accounts:invitation_set_password")
    assert "token" not in response["Location"]
    response = client.post(response["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response["Location"] == reverse("accounts:login")

    user = User.objects.get(email="hana@example.org")
    assert (user.role, user.clinic, user.full_name) == (Role.THERAPIST, clinic, "Hana Colleague")
    assert user.check_password(NEW_PASSWORD)


def test_a_staff_invitation_names_the_clinic_and_the_inviter_and_is_multipart(invite_staff, clinic, admin):
    """A nameless link reads like phishing to a new colleague: staff are told who invites them, and where."""
    invite_staff()
    message = mail.outbox[0]
    for part in (message.subject, message.body, message.alternatives[0][0]):
        assert clinic.name in part
        assert admin.full_name in part
    assert "Hana" not in message.subject + message.body  # not the invitee's own name
    assert message.alternatives[0][1] == "text/html"


def test_a_staff_invitation_in_spanish_names_the_clinic_and_the_inviter(invite_staff, clinic, admin):
    invite_staff(language="es")
    message = mail.outbox[0]
    assert f"{admin.full_name} te invitó" in message.subject
    assert clinic.name in message.subject
    assert f"{admin.full_name} te invitó a configurar tu cuenta de personal en {clinic.name}" in message.body


def test_a_client_portal_invitation_stays_discreet(therapist, client_record, django_capture_on_commit_callbacks):
    from clients.services import client_invite_to_portal

    client_record.portal_user = None
    client_record.save()
    with django_capture_on_commit_callbacks(execute=True):
        client_invite_to_portal(client=client_record, by_user=therapist, email="dana.new@example.org")
    message = mail.outbox[-1]
    everything = message.subject + message.body + message.alternatives[0][0]
    assert client_record.clinic.name not in everything
    assert therapist.full_name not in everything
    assert client_record.display_name not in everything


def test_only_the_hash_of_the_token_is_stored(invite_staff):
    invite_staff()
    raw = link_from(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get()
    assert raw not in invitation.token_hash
    assert invitation.token_hash == Invitation.hash_token(raw)


def test_a_link_works_only_once(client, invite_staff):
    invite_staff()
    link = link_from(mail.outbox[0])
    client.get(link)
    client.post(reverse("accounts:invitation_set_password"), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.get(link)
    response = client.get(reverse("accounts:invitation_set_password"))
    assert response.status_code == 404
    assert "cannot be used" in response.content.decode()


def test_an_expired_link_cannot_be_used(client, invite_staff):
    invite_staff()
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=8)):
        client.get(link_from(mail.outbox[0]))
        response = client.get(reverse("accounts:invitation_set_password"))
    assert response.status_code == 404


def test_a_new_invitation_replaces_the_open_one(client, invite_staff):
    invite_staff()
    invite_staff()
    first, second = (link_from(message) for message in mail.outbox)
    client.get(first)
    assert client.get(reverse("accounts:invitation_set_password")).status_code == 404
    client.get(second)
    assert client.get(reverse("accounts:invitation_set_password")).status_code == 200


def test_a_weak_or_mismatched_password_is_explained_and_nothing_is_made(client, invite_staff):
    invite_staff()
    client.get(link_from(mail.outbox[0]))
    url = reverse("accounts:invitation_set_password")
    response = client.post(url, {"password1": "short", "password2": "short"})
    assert "too short" in response.content.decode()
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert "not the same" in response.content.decode()
    assert not User.objects.filter(email="hana@example.org").exists()


def test_an_invitation_form_with_errors_keeps_what_was_typed(client, login, admin):
    login(admin)
    response = client.post(
        reverse("accounts:staff_invite"), {"full_name": "Hana Colleague", "email": "not-an-email", "role": "therapist"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Hana Colleague"' in page
    assert "valid email address" in page
    assert not Invitation.objects.exists()


def test_a_therapist_cannot_invite_staff(therapist):
    with pytest.raises(PermissionDenied):
        services.invitation_create(by_user=therapist, email="x@example.org", full_name="X", role=Role.CLINIC_ADMIN)


def test_an_admin_cannot_invite_a_client_directly(admin):
    with pytest.raises(PermissionDenied):
        services.invitation_create(by_user=admin, email="x@example.org", full_name="X", role=Role.CLIENT)


def test_the_task_receives_only_the_invitation_id(admin, monkeypatch, django_capture_on_commit_callbacks):
    from accounts import tasks

    sent = []
    monkeypatch.setattr(tasks.send_invitation, "apply_async", lambda kwargs, **options: sent.append(kwargs))
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            by_user=admin, email="hana@example.org", full_name="Hana Colleague", role=Role.THERAPIST
        )
    assert sent == [{"invitation_id": str(invitation.pk)}]


def test_an_invitation_the_broker_never_received_is_sent_by_the_sweep(admin):
    from django.utils import timezone

    # Outside a captured commit the email is never queued: as if Redis had been down at the request.
    invitation = services.invitation_create(
        by_user=admin, email="hana@example.org", full_name="Hana Colleague", role=Role.THERAPIST
    )
    assert services.invitations_requeue_unsent() == 0
    assert not mail.outbox  # too early to call it lost
    later = timezone.now() + dt.timedelta(minutes=3)
    assert services.invitations_requeue_unsent(now=later) == 1
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert [m.to for m in mail.outbox] == [["hana@example.org"]]
    assert services.invitations_requeue_unsent(now=later) == 0
