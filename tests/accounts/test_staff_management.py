"""Staff management by a clinic admin: roles, deactivation, second-factor resets, invitations, caseloads,
and the clinic's own settings. Each change is audited; sessions end where the change demands it."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client as DjangoClient
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.models import Invitation, Role, User
from audit.models import AuditEvent
from clients.models import Client
from clinics import services as clinic_services
from clinics.models import CrisisLine

from ..conftest import PASSWORD, log_in
from ..factories import ClientFactory, UserFactory

CONFIRMED = {"confirmed": "yes"}  # sent by the confirmation page's button (issue 20, item 11)


def member_url(name, member):
    return reverse(name, kwargs={"user_id": member.pk})


def test_a_deactivated_users_open_session_is_rejected_on_its_next_request(client, login, admin, colleague):
    theirs = log_in(DjangoClient(), colleague)
    assert theirs.get(reverse("clients:caseload")).status_code == 200

    login(admin)
    response = client.post(member_url("accounts:staff_deactivate", colleague), CONFIRMED)
    assert response["Location"] == member_url("accounts:staff_member", colleague)
    colleague.refresh_from_db()
    assert not colleague.is_active

    response = theirs.get(reverse("clients:caseload"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert AuditEvent.objects.filter(actor=admin, action="staff.deactivate", object_id=str(colleague.pk)).exists()
    # and they cannot sign in again
    response = DjangoClient().post(reverse("accounts:login"), {"username": colleague.email, "password": PASSWORD})
    assert "do not match an active account" in response.content.decode()


def test_resetting_the_second_factor_ends_their_sessions_and_they_enrol_again(client, login, admin, colleague):
    theirs = log_in(DjangoClient(), colleague)
    assert TOTPDevice.objects.filter(user=colleague).exists()
    login(admin)
    client.post(member_url("accounts:staff_reset_mfa", colleague), CONFIRMED)
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    assert theirs.get(reverse("clients:caseload"))["Location"].startswith(reverse("accounts:login"))
    # A fresh sign-in with the password alone is sent to set up a new authenticator.
    colleague.refresh_from_db()
    fresh = DjangoClient()
    fresh.force_login(colleague, backend="django.contrib.auth.backends.ModelBackend")
    assert fresh.get(reverse("clients:caseload"))["Location"].startswith(reverse("accounts:mfa_setup"))
    assert AuditEvent.objects.filter(action="staff.second_factor_reset", object_id=str(colleague.pk)).exists()


@pytest.mark.parametrize(
    ("name", "heading", "consequence", "button"),
    [
        (
            "accounts:staff_deactivate",
            "Deactivate the account of Bob Colleague?",
            "Bob Colleague will no longer be able to sign in, and every session they have open ends now.",
            "Yes, deactivate the account of Bob Colleague",
        ),
        (
            "accounts:staff_reset_mfa",
            "Reset the second factor of Bob Colleague?",
            "The authenticator app and backup codes of Bob Colleague stop working now",
            "Yes, reset the second factor of Bob Colleague",
        ),
    ],
)
def test_deactivating_or_resetting_the_second_factor_asks_first_naming_the_person_and_the_consequence(
    client, login, admin, colleague, name, heading, consequence, button
):
    theirs = log_in(DjangoClient(), colleague)
    login(admin)
    page = client.get(member_url("accounts:staff_member", colleague)).content.decode()
    assert f'action="{member_url(name, colleague)}"' in page  # the button on their page leads to the question

    response = client.post(member_url(name, colleague))  # that button: no confirmation yet
    html = response.content.decode()
    assert response.status_code == 200
    assert heading in html
    assert consequence in html
    assert button in html
    assert '<input type="hidden" name="confirmed" value="yes">' in html
    assert f'href="{member_url("accounts:staff_member", colleague)}"' in html  # a way back that changes nothing
    assert "<script>" not in html
    assert "onclick" not in html  # no inline script: the CSP allows none
    colleague.refresh_from_db()
    assert colleague.is_active
    assert TOTPDevice.objects.filter(user=colleague).exists()
    assert theirs.get(reverse("clients:caseload")).status_code == 200  # their sessions go on
    assert not AuditEvent.objects.filter(action__startswith="staff.").exists()

    response = client.post(member_url(name, colleague), CONFIRMED)
    assert response["Location"] == member_url("accounts:staff_member", colleague)
    colleague.refresh_from_db()
    assert AuditEvent.objects.filter(action__startswith="staff.", object_id=str(colleague.pk)).count() == 1
    assert theirs.get(reverse("clients:caseload")).status_code == 302


def test_other_sessions_of_the_admin_and_colleagues_are_untouched(client, login, admin, colleague, therapist):
    mine = log_in(DjangoClient(), therapist)
    login(admin)
    client.post(member_url("accounts:staff_deactivate", colleague), CONFIRMED)
    assert mine.get(reverse("clients:caseload")).status_code == 200
    assert client.get(reverse("accounts:staff")).status_code == 200


def test_a_role_change_is_audited_and_the_last_admin_cannot_be_demoted(client, login, admin, colleague, clinic):
    login(admin)
    client.post(member_url("accounts:staff_role", colleague), {"role": "clinic_admin"})
    colleague.refresh_from_db()
    assert colleague.role == Role.CLINIC_ADMIN
    event = AuditEvent.objects.get(action="staff.role")
    assert event.detail == {"from": "therapist", "to": "clinic_admin"}

    # An admin cannot change their own role (so a clinic always keeps an admin who can act).
    response = client.post(member_url("accounts:staff_role", admin), {"role": "therapist"}, follow=True)
    assert "You cannot do this to your own account" in response.content.decode()
    admin.refresh_from_db()
    assert admin.role == Role.CLINIC_ADMIN


def test_a_role_that_does_not_exist_is_refused_with_a_clear_message(client, login, admin, colleague):
    login(admin)
    response = client.post(member_url("accounts:staff_role", colleague), {"role": "superuser"})
    assert response.status_code == 400
    assert "Choose therapist or clinic admin." in response.content.decode()
    colleague.refresh_from_db()
    assert colleague.role == Role.THERAPIST


def test_a_therapist_with_clients_is_not_deactivated_until_the_caseload_moves(
    client, login, admin, therapist, colleague, clinic
):
    third = UserFactory(clinic=clinic, role=Role.THERAPIST, full_name="Dana Therapist")
    clients = [ClientFactory(clinic=clinic, primary_therapist=therapist) for _ in range(3)]
    discharged = ClientFactory(clinic=clinic, primary_therapist=therapist, status="discharged")
    login(admin)
    response = client.post(member_url("accounts:staff_deactivate", therapist), CONFIRMED, follow=True)
    assert "still has clients" in response.content.decode()
    therapist.refresh_from_db()
    assert therapist.is_active

    url = reverse("clients:caseload_reassign", kwargs={"therapist_id": therapist.pk})
    page = client.get(url).content.decode()
    for person in clients:
        assert person.display_name in page
    # Everyone to the colleague, except one client who goes to a third therapist, in one step.
    data = {"everyone": colleague.pk, f"client_{clients[2].pk}": third.pk}
    response = client.post(url, data)
    assert response["Location"] == member_url("accounts:staff_member", therapist)
    moved = dict(Client.objects.filter(pk__in=[c.pk for c in clients]).values_list("pk", "primary_therapist"))
    assert moved == {clients[0].pk: colleague.pk, clients[1].pk: colleague.pk, clients[2].pk: third.pk}
    assert Client.objects.get(pk=discharged.pk).primary_therapist == therapist  # history stays as it was
    reassigned = AuditEvent.objects.filter(action="client.reassign", actor=admin)
    assert sorted(reassigned.values_list("client_id", flat=True)) == sorted(c.pk for c in clients)
    assert AuditEvent.objects.get(action="caseload.reassign").detail == {"clients": 3}

    client.post(member_url("accounts:staff_deactivate", therapist), CONFIRMED)
    therapist.refresh_from_db()
    assert not therapist.is_active


def test_a_caseload_form_without_a_choice_says_so_and_moves_nobody(client, login, admin, therapist, clinic):
    person = ClientFactory(clinic=clinic, primary_therapist=therapist)
    login(admin)
    url = reverse("clients:caseload_reassign", kwargs={"therapist_id": therapist.pk})
    response = client.post(url, {})
    assert response.status_code == 400
    assert "Choose a therapist for this client" in response.content.decode()
    assert Client.objects.get(pk=person.pk).primary_therapist == therapist


def test_a_caseload_cannot_be_moved_to_a_therapist_of_another_clinic(
    client, login, admin, therapist, clinic, other_admin
):
    person = ClientFactory(clinic=clinic, primary_therapist=therapist)
    stranger = UserFactory(clinic=other_admin.clinic, role=Role.THERAPIST)
    login(admin)
    url = reverse("clients:caseload_reassign", kwargs={"therapist_id": therapist.pk})
    response = client.post(url, {"everyone": stranger.pk})
    assert response.status_code == 400
    assert Client.objects.get(pk=person.pk).primary_therapist == therapist


@pytest.fixture
def invitation(admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.invitation_create(
            by_user=admin, email="hana@example.org", full_name="Hana Colleague", role=Role.THERAPIST
        )


def link_from(message):
    return re.search(r"http://testserver(/accounts/invitation/[^/\s]+/)", message.body).group(1)


def set_password_page(client, link):
    client.get(link)
    return client.get(reverse("accounts:invitation_set_password"))


def test_a_revoked_invitation_cannot_be_used(client, login, admin, invitation):
    link = link_from(mail.outbox[-1])
    login(admin)
    client.post(reverse("accounts:invitation_revoke", kwargs={"invitation_id": invitation.pk}))
    client.post(reverse("accounts:logout"))
    response = set_password_page(client, link)
    assert response.status_code == 404
    assert "cannot be used" in response.content.decode()
    assert not User.objects.filter(email="hana@example.org").exists()
    assert AuditEvent.objects.filter(action="invitation.revoke").exists()


def test_an_expired_invitation_cannot_be_used_or_resent(client, login, admin, invitation):
    link = link_from(mail.outbox[-1])
    with time_machine.travel(invitation.expires_at + dt.timedelta(minutes=1)):
        assert set_password_page(client, link).status_code == 404
        with pytest.raises(Exception, match="expired"):
            clinic_services.invitation_resend(invitation=invitation, by_admin=admin)


def test_resending_sends_a_new_link_and_the_old_one_stops_working(
    client, login, admin, invitation, django_capture_on_commit_callbacks
):
    old_link = link_from(mail.outbox[-1])
    login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:invitation_resend", kwargs={"invitation_id": invitation.pk}))
    new_link = link_from(mail.outbox[-1])
    assert new_link != old_link
    assert len(mail.outbox) == 2
    client.post(reverse("accounts:logout"))
    assert set_password_page(client, old_link).status_code == 404
    assert set_password_page(client, new_link).status_code == 200  # choosing a password


def test_an_invitation_to_an_existing_users_email_is_sent_like_any_other(client, login, admin, colleague):
    # Saying "this address has an account" told admins who has one anywhere on the platform; the person
    # accepting learns of the conflict instead (tests/accounts/test_invitation_conflicts.py).
    login(admin)
    form = {"full_name": "Bob Again", "email": colleague.email.upper(), "role": "therapist", "language": "es"}
    response = client.post(reverse("accounts:staff_invite"), form)
    assert response["Location"] == reverse("accounts:staff")
    assert Invitation.objects.get().email == colleague.email


def test_the_clinic_settings_change_the_idle_limit_and_the_crisis_lines(client, login, admin, therapist, clinic):
    login(admin)
    url = reverse("accounts:clinic_settings")
    data = {
        "clinic-name": "Riverside Community Clinic",
        "clinic-timezone": "America/Chicago",
        "clinic-default_language": "es",
        "clinic-session_idle_minutes": "5",
        "clinic-export_expiry_days": "3",
        "clinic-discharge_grace_days": "45",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-name": "988 Suicide & Crisis Lifeline",
        "lines-0-phone": "988",
        "lines-0-text": "988",
        "lines-0-hours": "24/7",
        "lines-0-position": "0",
    }
    assert client.post(url, data)["Location"] == url
    clinic.refresh_from_db()
    assert (clinic.timezone, clinic.session_idle_minutes, clinic.export_expiry_days) == ("America/Chicago", 5, 3)
    assert clinic.discharge_grace_days == 45
    assert list(CrisisLine.objects.filter(clinic=clinic).values_list("name", flat=True)) == [
        "988 Suicide & Crisis Lifeline"
    ]
    assert AuditEvent.objects.filter(action="clinic.settings").exists()

    # A therapist who signs in now is signed out after 5 idle minutes, as the footer says.
    start = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        theirs = log_in(DjangoClient(), therapist)
        assert "after 5 minutes without activity" in theirs.get(reverse("clients:caseload")).content.decode()
        clock.shift(dt.timedelta(minutes=6))
        assert theirs.get(reverse("clients:caseload")).status_code == 302


def test_bad_clinic_settings_are_explained_and_what_was_typed_is_kept(client, login, admin, clinic):
    login(admin)
    data = {
        "clinic-name": "Riverside Community Clinic (new name)",
        "clinic-timezone": "Mars/Olympus",
        "clinic-default_language": "en",
        "clinic-session_idle_minutes": "2",
        "clinic-export_expiry_days": "7",
        "clinic-discharge_grace_days": "30",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-name": "Warm line",
        "lines-0-phone": "",
        "lines-0-text": "",
        "lines-0-position": "0",
    }
    response = client.post(reverse("accounts:clinic_settings"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Riverside Community Clinic (new name)" in page
    assert "Warm line" in page
    assert "greater than or equal to 5" in page
    assert "Give a phone number or a text number" in page
    clinic.refresh_from_db()
    assert clinic.name == "Riverside Community Clinic"
    assert clinic.session_idle_minutes == 15


def test_an_invitation_with_a_role_that_does_not_exist_is_explained_and_keeps_the_form(client, login, admin):
    login(admin)
    form = {"full_name": "Hana Colleague", "email": "hana@example.org", "role": "operator", "language": "en"}
    page = client.post(reverse("accounts:staff_invite"), form).content.decode()
    assert "Choose therapist or clinic admin." in page
    assert 'value="hana@example.org"' in page
    assert not Invitation.objects.exists()
