"""Emails as rows (issue 26, step 4): a security notice, a password reset or an emergency-access notice is a row
written with what caused it, claimed on the database's clock, sent once with a Message-ID of its own, and swept
while unsent, so one owed while the broker is down arrives once it is back."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.db.models.functions import Now

from accounts import outbox, services
from accounts.models import OutgoingEmail
from clients import emergency
from core import queue


def _age(email, minutes):
    """The row as if written `minutes` ago by the database's clock."""
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=Now() - datetime.timedelta(minutes=minutes))


@pytest.fixture
def broker_down(monkeypatch):
    """enqueue_many as it behaves with the broker unreachable: nothing queued."""
    state = {"down": True}
    real = queue.enqueue_many
    monkeypatch.setattr(queue, "enqueue_many", lambda task, kwargs: 0 if state["down"] else real(task, kwargs))
    return state


def test_a_notice_is_a_row_written_with_the_change_and_sent_once_it_commits(
    therapist, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.account_notice(therapist, "password_changed")
        email = OutgoingEmail.objects.get(recipient=therapist)
        assert (email.kind, email.about, email.status) == ("account_notice", "password_changed", "queued")
        assert mail.outbox == []  # nothing leaves before the change commits
    email.refresh_from_db()
    assert email.status == "sent"
    (sent,) = mail.outbox
    assert sent.to == [therapist.email]
    assert sent.extra_headers["Message-ID"] == email.message_id


def test_a_change_rolled_back_owes_no_email(therapist):
    def change_that_fails():
        with transaction.atomic():
            services.account_notice(therapist, "password_changed")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []


def test_an_email_owed_while_the_broker_is_down_is_sent_once_after_it_returns(
    therapist, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.account_notice(therapist, "second_factor_removed")  # the broker refuses the task
    email = OutgoingEmail.objects.get()
    assert email.status == "queued"
    assert mail.outbox == []  # the broker took nothing
    assert outbox.requeue_stranded() == 0  # too new to be called lost
    _age(email, 2)
    outbox.requeue_stranded()  # the sweep runs while the broker is still down: still owed
    assert mail.outbox == []
    broker_down["down"] = False
    assert outbox.requeue_stranded() == 1
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == "sent"
    assert outbox.requeue_stranded() == 0
    assert len(mail.outbox) == 1  # once


def test_a_claimed_email_is_not_sent_twice_and_a_dead_workers_claim_expires(therapist, broker_down):
    services.password_reset_request(user=therapist)
    email = OutgoingEmail.objects.get()
    OutgoingEmail.objects.filter(pk=email.pk).update(status="sending", claimed_at=Now())  # a worker has it
    assert outbox.send(email_id=email.pk) is False
    assert mail.outbox == []
    stale = Now() - outbox.STALE_AFTER - datetime.timedelta(seconds=5)
    OutgoingEmail.objects.filter(pk=email.pk).update(claimed_at=stale)  # that worker died
    broker_down["down"] = False
    assert outbox.requeue_stranded() == 1
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 1)


def test_a_failed_send_goes_back_to_queued_for_the_retry(therapist, monkeypatch, broker_down):
    services.account_notice(therapist, "password_changed")
    email = OutgoingEmail.objects.get()

    def refused(self, *args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refused)
    with pytest.raises(ConnectionRefusedError):
        outbox.send(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == "queued"
    outbox.failed(email_id=email.pk, error="ConnectionRefusedError")
    email.refresh_from_db()
    assert (email.status, email.error) == ("failed", "ConnectionRefusedError")


def test_the_emergency_access_notice_is_owed_to_the_primary_therapist(
    admin, client_record, therapist, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        grant = emergency.emergency_access_start(admin=admin, client=client_record, reason="Call from the crisis team")
    email = OutgoingEmail.objects.get(kind="emergency_access")
    assert (email.recipient, email.about) == (therapist, str(grant.pk))
    assert email.status == "sent"
    (sent,) = mail.outbox
    assert sent.to == [therapist.email]
    assert client_record.legal_name not in sent.body  # discreet: no name
    assert "crisis team" not in sent.body  # and no reason


def test_an_unknown_kind_is_refused(therapist):
    with pytest.raises(ValueError, match="no sender"):
        outbox.queue_email(kind="newsletter", recipient=therapist)
