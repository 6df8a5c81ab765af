"""Input the product refuses or ignores (ASVS V4.1, V5.1-V5.5): posted roles, mail headers, query strings."""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.urls import reverse

from accounts.models import Invitation, Role, User
from clients import access
from clients.models import EmergencyAccess
from empowerment.celery import app as celery_app

from ..factories import ClientFactory, UserFactory, issued_invitation


def test_a_role_or_clinic_posted_with_an_invitation_is_ignored(client, admin, other_clinic):
    invitation, token = issued_invitation(admin, email="hana@example.org", full_name="Hana Colleague")
    client.get(reverse("accounts:invitation_accept", kwargs={"token": token}))
    password = "quiet lanterns drift upstream"
    extra = {"role": Role.CLINIC_ADMIN, "clinic": str(other_clinic.pk), "is_staff": "on", "is_superuser": "on"}
    client.post(reverse("accounts:invitation_set_password"), {"password1": password, "password2": password, **extra})

    user = User.objects.get(email="hana@example.org")
    assert (user.role, user.clinic_id, user.is_staff, user.is_superuser) == (
        Role.THERAPIST,
        admin.clinic_id,
        False,
        False,
    )


def test_a_line_break_in_an_email_address_cannot_add_mail_headers(client, login, admin):
    login(admin)
    form = {"full_name": "Hana", "email": "hana@example.org\r\nBcc: someone@example.org", "role": "therapist"}
    response = client.post(reverse("accounts:staff_invite"), form | {"language": "en"})
    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()
    assert not Invitation.objects.exists()

    client.post(reverse("accounts:password_reset"), {"email": f"{admin.email}\nBcc: someone@example.org"})
    assert mail.outbox == []


def test_names_in_any_script_and_with_apostrophes_come_back_whole_and_escaped(client, login, therapist, clinic):
    record = ClientFactory(clinic=clinic, primary_therapist=therapist, preferred_name="ねこ O'Hara <b>Zoë</b>")
    login(therapist)
    page = client.get(reverse("clients:overview", kwargs={"client_id": record.pk})).content.decode()
    assert "ねこ O&#x27;Hara &lt;b&gt;Zoë&lt;/b&gt;" in page
    assert "<b>Zoë</b>" not in page


def test_a_query_string_does_not_fill_a_posted_form(client, login, admin, client_record):
    login(admin)
    url = reverse("accounts:emergency_access_start", kwargs={"client_id": client_record.pk})
    response = client.post(url + "?reason=Checking+in", {})
    assert response.status_code in (200, 400)
    assert not EmergencyAccess.objects.exists()


def test_access_decisions_fail_closed_for_unknown_roles_and_operators(clinic, client_record):
    operator = User.objects.create_superuser(email="ops@example.org", password="x" * 16, full_name="Operator")
    unknown_role = UserFactory(clinic=clinic, role="therapist")
    unknown_role.role = "someone_new"  # a role the rules were never written for
    for person in (operator, unknown_role, AnonymousUser()):
        assert not access.visible_clients(person).exists()
        assert not access.record_clients(person).exists()
        assert not access.can(person, "read", client_record)
        assert not access.can(person, "write", client_record)
    with pytest.raises(ValueError, match="Unknown action 'erase'"):
        access.can(unknown_role, "erase", client_record)  # an action the rules do not know is never allowed


def test_sessions_and_task_messages_are_json_never_pickle():
    assert settings.SESSION_SERIALIZER == "django.contrib.sessions.serializers.JSONSerializer"
    assert settings.SESSION_ENGINE == "qsessions.backends.db"  # Django's database sessions, with user, address, browser
    assert list(celery_app.conf.accept_content) == ["json"]
    assert celery_app.conf.task_serializer == "json"
    assert celery_app.conf.result_serializer == "json"
