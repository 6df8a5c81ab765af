"""Issue 26 (step 3): an invitation is emailed once however often the sweep queues it, and its link keeps working.

The sweep (every five minutes, on the beat queue) queues again every invitation not yet sent two minutes after
it was made. Behind a backlog of sends, or with a second beat, it queues the same invitation more than once; the
send task used to make a new link each time, so the invitee got two emails and the first link was dead.
"""

import datetime as dt
import re
import threading
import time

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from accounts import services, tasks
from accounts.models import Invitation, Role

LATER = dt.timedelta(minutes=3)  # past services.UNSENT_AFTER: the sweep calls the invitation lost


def token_in(body):
    return re.search(r"/accounts/invitation/([^/\s]+)/", body).group(1)


@pytest.fixture
def queued(monkeypatch):
    """The send tasks the sweep queues, kept instead of run (as if they waited in the broker)."""
    kept = []
    monkeypatch.setattr(tasks.send_invitation, "apply_async", lambda kwargs, **options: kept.append(kwargs))
    return kept


def unqueued_invitation(admin):
    """An invitation whose first send never reached the broker (made outside a captured commit)."""
    return services.invitation_create(
        by_user=admin, email="hana@example.org", full_name="Hana Colleague", role=Role.THERAPIST
    )


def test_two_sweeps_queue_the_invitation_twice_and_one_email_goes_whose_link_works(admin, queued):
    invitation = unqueued_invitation(admin)
    later = timezone.now() + LATER
    assert services.invitations_requeue_unsent(now=later) == 1
    assert services.invitations_requeue_unsent(now=later) == 1  # a second beat, or the next tick behind a backlog
    assert queued == [{"invitation_id": str(invitation.pk)}] * 2

    for kwargs in queued:
        tasks.send_invitation(**kwargs)

    assert len(mail.outbox) == 1
    assert services.invitation_for_token(token_in(mail.outbox[0].body)) == invitation
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert services.invitations_requeue_unsent(now=later) == 0


def test_a_resend_still_sends_a_fresh_link(admin, django_capture_on_commit_callbacks):
    from clinics import services as clinic_services

    with django_capture_on_commit_callbacks(execute=True):
        invitation = unqueued_invitation(admin)
    first = token_in(mail.outbox[0].body)
    with django_capture_on_commit_callbacks(execute=True):
        clinic_services.invitation_resend(invitation=invitation, by_admin=admin)
    assert len(mail.outbox) == 2
    assert services.invitation_for_token(first) is None
    assert services.invitation_for_token(token_in(mail.outbox[1].body)) == invitation


def test_a_send_the_mail_server_refused_is_tried_again_with_a_working_link(admin, monkeypatch):
    invitation = unqueued_invitation(admin)
    real = services._invitation_email

    class Refused:
        def send(self):
            raise ConnectionError("the mail server is down")

    monkeypatch.setattr(services, "_invitation_email", lambda invitation, token: Refused())
    with pytest.raises(ConnectionError):
        services.invitation_send(invitation_id=invitation.pk)
    invitation.refresh_from_db()
    assert invitation.sent_at is None  # nothing saved: the retry (or the sweep) sends it

    monkeypatch.setattr(services, "_invitation_email", real)
    assert services.invitation_send(invitation_id=invitation.pk) is True
    assert len(mail.outbox) == 1
    assert services.invitation_for_token(token_in(mail.outbox[0].body)) == invitation


@pytest.mark.postgresql
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_the_same_invitation_at_once_send_one_email_whose_link_works(admin, monkeypatch, queued):
    """Two workers take the two queued copies at the same moment: the second finds the row claimed and leaves it."""
    invitation = unqueued_invitation(admin)
    real = services._invitation_email
    first_is_sending = threading.Event()

    class SlowMailServer:
        def __init__(self, message):
            self.message = message

        def send(self):
            first_is_sending.set()
            time.sleep(1)  # the first worker is still talking to the mail server when the second starts
            self.message.send()

    monkeypatch.setattr(
        services, "_invitation_email", lambda invitation, token: SlowMailServer(real(invitation, token))
    )
    results = {}

    def worker(name):
        try:
            results[name] = services.invitation_send(invitation_id=invitation.pk)
        finally:
            connection.close()

    first = threading.Thread(target=worker, args=("first",))
    first.start()
    assert first_is_sending.wait(timeout=10)
    second = threading.Thread(target=worker, args=("second",))
    second.start()
    first.join(timeout=30)
    second.join(timeout=30)

    assert results == {"first": True, "second": False}
    assert len(mail.outbox) == 1
    assert services.invitation_for_token(token_in(mail.outbox[0].body)) == Invitation.objects.get(pk=invitation.pk)
