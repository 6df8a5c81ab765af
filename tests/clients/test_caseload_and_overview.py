"""The therapist's caseload and the client overview."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Invitation, User
from audit.models import AuditEvent
from clients import panels
from clients.models import ClientStatus

from ..factories import CareTeamMemberFactory, ClientFactory


def test_the_caseload_lists_own_and_care_team_clients_by_preferred_name(client, login, therapist, colleague, clinic):
    ClientFactory(clinic=clinic, primary_therapist=therapist, legal_name="Samuel Ortiz", preferred_name="Sam")
    shared = ClientFactory(clinic=clinic, primary_therapist=colleague, preferred_name="Kai")
    CareTeamMemberFactory(client=shared, user=therapist)
    ClientFactory(clinic=clinic, primary_therapist=colleague, preferred_name="Noor")
    ClientFactory(clinic=clinic, primary_therapist=therapist, preferred_name="Lou", status=ClientStatus.DISCHARGED)
    login(therapist)
    page = client.get(reverse("clients:caseload")).content.decode()
    assert "Sam" in page
    assert "Samuel Ortiz" not in page
    assert "Kai" in page
    assert "Noor" not in page
    assert "Lou" not in page


@pytest.mark.parametrize("rows", [2, 50])
def test_the_caseload_does_the_same_queries_whatever_its_size(
    client, login, therapist, clinic, rows, django_assert_num_queries
):
    ClientFactory.create_batch(rows, clinic=clinic, primary_therapist=therapist)
    login(therapist)
    client.get(reverse("clients:caseload"))  # the session's first request writes its timestamps
    # session, user, OTP device, count, page of clients, their therapists, audit insert, unread notifications
    with django_assert_num_queries(8):
        assert client.get(reverse("clients:caseload")).status_code == 200


def test_the_caseload_paginates(client, login, therapist, clinic):
    ClientFactory.create_batch(55, clinic=clinic, primary_therapist=therapist)
    login(therapist)
    first = client.get(reverse("clients:caseload"))
    assert len(first.context["page"].object_list) == 50
    assert "Page 1 of 2" in first.content.decode()
    assert len(client.get(reverse("clients:caseload") + "?page=2").context["page"].object_list) == 5


def test_the_overview_does_a_bounded_number_of_queries(
    client, login, therapist, client_record, django_assert_max_num_queries
):
    CareTeamMemberFactory.create_batch(3, client=client_record)
    login(therapist)
    client.get(reverse("clients:caseload"))
    # session, user, OTP device, client (+ therapist), audit insert, check-ins, safety plan, support people
    # (+ their counts), care team, unread notifications, the care loop's session times (one aggregate), feed and open flags,
    # and the queries each registered panel declares
    from clients import panels

    with django_assert_max_num_queries(12 + sum(panel.queries for panel in panels.PANELS.values())):
        assert client.get(client_record.get_absolute_url()).status_code == 200


def test_registered_panels_show_on_the_overview(client, login, therapist, client_record, monkeypatch):
    monkeypatch.setattr(panels, "PANELS", panels.Registry("overview panels"))
    panels.register(panels.Panel("test", "Test panel", "clients/test_panel.html", lambda *, user, client: {"n": 3}))
    login(therapist)
    response = client.get(client_record.get_absolute_url())
    ((slot, title, slot_panels),) = response.context["slots"]
    assert slot == "plans"
    assert slot_panels[0][1] == {"n": 3}
    assert "<p>3</p>" in response.content.decode()


def test_a_therapist_invites_a_client_whose_new_account_is_linked(
    client, login, therapist, clinic, django_capture_on_commit_callbacks
):
    person = ClientFactory(clinic=clinic, primary_therapist=therapist, preferred_name="Ren", preferred_language="es")
    login(therapist)
    url = reverse("clients:portal_invite", args=[person.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "ren@example.org"})
    assert response["Location"] == person.get_absolute_url()
    message = mail.outbox[0]
    assert "Ren" not in message.body
    assert clinic.name not in message.body
    assert message.subject
    assert "Ren" not in message.subject
    assert AuditEvent.objects.filter(action="client.portal_invite", client=person).count() == 1

    client.post(reverse("accounts:logout"))
    link = message.body.split("http://testserver", 1)[1].split()[0]
    client.get(link)
    password = "a long and private passphrase"
    client.post(reverse("accounts:invitation_set_password"), {"password1": password, "password2": password})
    person.refresh_from_db()
    account = User.objects.get(email="ren@example.org")
    assert person.portal_user == account
    assert account.role == "client"
    assert account.preferred_language == "es"
    assert Invitation.objects.get().accepted_user == account


def test_a_colleague_cannot_invite_someone_else_s_client(client, login, colleague, client_record):
    login(colleague)
    response = client.post(reverse("clients:portal_invite", args=[client_record.pk]), {"email": "x@example.org"})
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_a_client_with_a_login_is_not_invited_twice(client, login, therapist, client_record):
    login(therapist)
    response = client.post(reverse("clients:portal_invite", args=[client_record.pk]), {"email": "x@example.org"})
    assert response.status_code == 200
    assert "already has a portal account" in response.content.decode()
