"""Inviting staff tells the admin nothing about who has an account on the platform; accepting settles it.

Before, the staff invitation form answered "An account with this email address already exists" for any
address with an account anywhere, another clinic's clients included.
"""

import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import services
from accounts.models import Invitation, Role, User

from ..conftest import PASSWORD
from ..factories import UserFactory

NEW_PASSWORD = "a long and private passphrase"


@pytest.fixture
def client_elsewhere(other_clinic):
    """A client of another clinic: no admin here may learn that this person has an account at all."""
    return UserFactory(clinic=other_clinic, role=Role.CLIENT, email="ines@example.org", full_name="Ines")


def invite(client, email, django_capture_on_commit_callbacks):
    form = {"full_name": "Ines Newcomer", "email": email, "role": "therapist", "language": "en"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:staff_invite"), form)
    shown = client.get(response["Location"]) if response.status_code == 302 else response  # shows the message
    return response, [str(message) for message in get_messages(shown.wsgi_request)]


def test_the_answer_is_the_same_for_an_address_with_an_account_elsewhere_and_a_new_one(
    client, login, admin, client_elsewhere, django_capture_on_commit_callbacks
):
    login(admin)
    existing, existing_messages = invite(client, "INES@example.org", django_capture_on_commit_callbacks)
    new, new_messages = invite(client, "nobody.yet@example.org", django_capture_on_commit_callbacks)
    assert existing.status_code == new.status_code == 302
    assert existing["Location"] == new["Location"] == reverse("accounts:staff")
    assert existing_messages == new_messages
    assert "Invitation sent" in existing_messages[0]
    assert sorted(Invitation.objects.values_list("email", flat=True)) == ["ines@example.org", "nobody.yet@example.org"]
    assert len(mail.outbox) == 2  # both addresses get an invitation email


def test_accepting_an_invitation_to_an_address_with_an_account_says_so_and_changes_nothing(
    client, login, admin, client_elsewhere, django_capture_on_commit_callbacks
):
    login(admin)
    invite(client, client_elsewhere.email, django_capture_on_commit_callbacks)
    client.post(reverse("accounts:logout"))
    link = re.search(r"http://testserver(/accounts/invitation/[^/\s]+/)", mail.outbox[-1].body).group(1)
    client.get(link)

    page = client.get(reverse("accounts:invitation_set_password"))
    text = page.content.decode()
    assert page.status_code == 409
    assert "already an account with this email address" in text
    assert "different email address" in text
    assert 'type="password"' not in text  # nobody is asked to choose a password that cannot be used

    posted = client.post(
        reverse("accounts:invitation_set_password"), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert posted.status_code == 409
    client_elsewhere.refresh_from_db()
    assert (client_elsewhere.role, client_elsewhere.clinic_id) == (Role.CLIENT, client_elsewhere.clinic_id)
    assert client_elsewhere.check_password(PASSWORD)
    assert User.objects.filter(email="ines@example.org").count() == 1
    assert Invitation.objects.get().accepted_at is None


def test_an_account_made_while_the_page_was_open_is_refused_with_the_same_clear_message(admin, other_clinic):
    invitation = services.invitation_create(
        by_user=admin, email="late@example.org", full_name="Late", role=Role.THERAPIST
    )
    UserFactory(clinic=other_clinic, role=Role.CLIENT, email="Late@Example.org")
    with pytest.raises(ValidationError) as raised:
        services.invitation_accept(invitation=invitation, password=NEW_PASSWORD)
    assert raised.value.code == "account_exists"
    assert User.objects.filter(email="late@example.org").count() == 1


def test_an_invitation_to_a_new_address_is_accepted_as_before(client, login, admin, django_capture_on_commit_callbacks):
    login(admin)
    invite(client, "Nobody.Yet@Example.org", django_capture_on_commit_callbacks)
    client.post(reverse("accounts:logout"))
    client.get(re.search(r"http://testserver(/accounts/invitation/[^/\s]+/)", mail.outbox[-1].body).group(1))
    response = client.post(
        reverse("accounts:invitation_set_password"), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response["Location"] == reverse("accounts:login")
    assert User.objects.get(email="nobody.yet@example.org").role == Role.THERAPIST
