"""Password reset answers the same whether or not an address has an account, and its email is discreet.

The email is queued by account id and made by the task (token included): sending it inside the request
made the answer ~70 ms slower for real accounts, which told anyone timing it who has an account.
"""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import OutgoingEmail
from core import queue

NEW_PASSWORD = "another long private passphrase"


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    def _ask(email):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("accounts:password_reset"), {"email": email})

    return _ask


@pytest.fixture
def queued(monkeypatch):
    """What the request handed to the broker: (task name, arguments); nothing runs."""
    handed = []

    def enqueue_many(task, kwargs_list):
        handed.extend((task.name, kwargs) for kwargs in kwargs_list)
        return len(kwargs_list)

    monkeypatch.setattr(queue, "enqueue_many", enqueue_many)
    return handed


def test_the_answer_is_the_same_for_known_and_unknown_addresses(ask, therapist):
    known, unknown = ask(therapist.email), ask("nobody@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1


def test_the_request_only_queues_the_account_id_and_sends_nothing_itself(ask, therapist, queued):
    ask(therapist.email)
    assert mail.outbox == []  # no email, no SMTP, no token made inside the request
    owed = OutgoingEmail.objects.get(recipient=therapist)  # a row, with the account's id and nothing else
    assert (owed.kind, owed.about, owed.status) == ("password_reset", "", "queued")
    assert queued == [("accounts.tasks.send_outgoing_email", {"email_id": str(owed.pk)})]
    ask("nobody@example.org")
    assert len(queued) == 1  # an unknown address queues nothing (its address may not go through the broker)


def test_the_task_sends_nothing_to_an_account_deactivated_since(therapist):
    from accounts import tasks

    therapist.is_active = False
    therapist.save(update_fields=["is_active"])
    tasks.send_password_reset.delay(user_id=str(therapist.pk))  # the previous release's task
    assert mail.outbox == []
    email = OutgoingEmail.objects.create(kind="password_reset", recipient=therapist)
    tasks.send_outgoing_email.delay(email_id=str(email.pk))
    assert mail.outbox == []
    email.refresh_from_db()
    assert (email.status, email.error) == ("sent", "nobody_to_send_to")


def test_the_reset_email_names_no_one_and_works(client, ask, therapist):
    ask(therapist.email.upper())
    message = mail.outbox[0]
    assert therapist.email not in message.body
    assert therapist.full_name not in message.body
    assert therapist.clinic.name not in message.body
    path = re.search(r"http://testserver(/accounts/password-reset/\S+/)", message.body).group(1)
    response = client.get(path)
    response = client.post(response["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    therapist.refresh_from_db()
    assert therapist.check_password(NEW_PASSWORD)
