"""Issue 26: a worker keeps one mail connection open from send to send, and opens a fresh one when it must.

Working through a backlog, a worker process opens its connection to the mail server once (Django's backend, as
configured), not once per email; after a failed send, after a minute's quiet or when the mail settings change it
opens a new one. Each delivery is still claimed on its own, so none of this changes what is sent once.
"""

import smtplib
import time
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection

from reminders import services
from reminders.models import Delivery, Recurrence

from ..workers import free_port, wait_for
from .test_reminders import make
from .test_worker import due_reminders


class CountingBackend(LocmemBackend):
    """The test outbox, counting the connections opened and closed."""

    opened = closed = 0

    def open(self):
        type(self).opened += 1
        return True

    def close(self):
        type(self).closed += 1


@pytest.fixture
def counting_backend(settings):
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    CountingBackend.opened = CountingBackend.closed = 0
    services.close_mail_connection()
    yield CountingBackend
    services.close_mail_connection()


def deliveries(admin, therapist, count, monkeypatch):
    """`count` deliveries of due one-off reminders, queued (their sends left to the test)."""
    monkeypatch.setattr(services, "_enqueue_sends", lambda ids: None)
    reminders = [make(admin, therapist, recurrence=Recurrence.NONE) for _ in range(count)]
    services.dispatch_due(now=max(reminder.next_at for reminder in reminders))
    return list(Delivery.objects.order_by("created_at").values_list("pk", flat=True))


@pytest.mark.django_db
def test_one_send_after_another_goes_over_one_connection(admin, therapist, counting_backend, monkeypatch):
    ids = deliveries(admin, therapist, 3, monkeypatch)
    assert [services.delivery_send(delivery_id=pk) for pk in ids] == [True, True, True]
    assert len(mail.outbox) == 3
    assert counting_backend.opened == 1
    assert counting_backend.closed == 0


@pytest.mark.django_db
def test_after_a_failed_send_the_next_opens_a_new_connection(admin, therapist, counting_backend, monkeypatch):
    first, second = deliveries(admin, therapist, 2, monkeypatch)
    sends = counting_backend.send_messages

    def refused(self, messages):
        raise OSError("connection reset")

    monkeypatch.setattr(counting_backend, "send_messages", refused)
    with pytest.raises(OSError, match="connection reset"):
        services.delivery_send(delivery_id=first)
    assert Delivery.objects.get(pk=first).status == "queued"  # back in the queue for its retry
    assert counting_backend.closed == 1
    monkeypatch.setattr(counting_backend, "send_messages", sends)
    assert services.delivery_send(delivery_id=second) is True
    assert services.delivery_send(delivery_id=first) is True
    assert counting_backend.opened == 2
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_connection_left_idle_or_set_up_differently_is_not_reused(
    admin, therapist, counting_backend, monkeypatch, settings
):
    first, second, third = deliveries(admin, therapist, 3, monkeypatch)
    services.delivery_send(delivery_id=first)
    services._mail["used_at"] = time.monotonic() - services.MAIL_IDLE_SECONDS - 1  # a quiet minute
    services.delivery_send(delivery_id=second)
    assert (counting_backend.opened, counting_backend.closed) == (2, 1)
    settings.EMAIL_PORT = 2525  # new mail settings: the old connection goes
    services.delivery_send(delivery_id=third)
    assert (counting_backend.opened, counting_backend.closed) == (3, 2)
    assert len(mail.outbox) == 3


class SessionInbox:
    """An SMTP server's handler that counts sessions (each greeting) and collects Message-IDs."""

    def __init__(self):
        self.sessions, self.message_ids = 0, []

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802 (aiosmtpd's name)
        self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.message_ids.append(message_from_bytes(envelope.content)["Message-ID"].strip())
        return "250 Message accepted"


@pytest.mark.django_db
def test_over_smtp_a_connection_the_server_dropped_fails_one_send_and_the_next_opens_afresh(
    admin, therapist, monkeypatch, settings
):
    server = Controller(inbox := SessionInbox(), hostname="127.0.0.1", port=free_port(), timeout=3)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    ids = deliveries(admin, therapist, 4, monkeypatch)
    server.start()
    try:
        for pk in ids[:2]:
            assert services.delivery_send(delivery_id=pk) is True
        assert inbox.sessions == 1  # two emails, one connection
        time.sleep(3.5)  # the server closes a connection idle for 3 s (a real one: after a few minutes)
        with pytest.raises((smtplib.SMTPException, ConnectionError)):
            services.delivery_send(delivery_id=ids[2])
        assert Delivery.objects.get(pk=ids[2]).status == "queued"  # its task retries it
        assert services.delivery_send(delivery_id=ids[3]) is True
        assert services.delivery_send(delivery_id=ids[2]) is True
    finally:
        services.close_mail_connection()
        server.stop()
    assert inbox.sessions == 2
    assert sorted(inbox.message_ids) == sorted(Delivery.objects.get(pk=pk).message_id for pk in ids)


@pytest.mark.worker
@pytest.mark.postgresql
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_worker_keeps_one_database_connection_from_task_to_task(admin, therapist, smtp_inbox, worker):
    """Celery's Django fixup used to close the connection after every task, so each send began by connecting
    (a PostgreSQL server process forked). Now the worker's connection outlives its tasks, as CONN_MAX_AGE says."""
    inbox, _port = smtp_inbox
    process, log = worker
    count = 20
    due_reminders(admin, therapist, count)
    while services.dispatch_due(limit=5):  # four batches, their sends queued as each is made
        pass
    wait_for(lambda: Delivery.objects.filter(status="sent").count() == count, process, log, seconds=120)
    first_claim = Delivery.objects.order_by("claimed_at").values_list("claimed_at", flat=True).first()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT backend_start FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        worker_connections = [started for (started,) in cursor.fetchall()]
    assert len(inbox.messages) == count
    assert len(worker_connections) == 1  # the worker's, kept open after its last task
    assert worker_connections[0] < first_claim  # and opened before the first send: the same one throughout
