"""Reminders through a real Redis broker and a real worker process, to a real SMTP server on loopback."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from reminders import services
from reminders.models import Delivery, Reminder

from ..workers import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
COUNT = 1000


def due_reminders(recipient, created_by, count):
    """`count` one-off reminders that fell a minute ago (their next occurrence consistent with their schedule)."""
    due = (timezone.now() - timezone.timedelta(minutes=1)).replace(microsecond=0)
    Reminder.objects.bulk_create(
        Reminder(
            recipient=recipient,
            created_by=created_by,
            local_time=due.time(),
            time_zone="UTC",
            starts_on=due.date(),
            recurrence="none",
            next_at=due,
        )
        for _ in range(count)
    )


def test_a_thousand_due_reminders_make_a_thousand_emails_even_with_two_dispatchers(
    therapist, admin, smtp_inbox, worker
):
    inbox, _port = smtp_inbox
    process, log = worker
    due_reminders(admin, therapist, COUNT)  # staff recipients: email is their channel
    made = []

    def dispatcher():
        try:
            while True:
                count = services.dispatch_due(limit=200)
                if not count:
                    break
                made.append(count)
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(made) == COUNT
    assert Delivery.objects.count() == COUNT

    wait_for(lambda: len(inbox.messages) >= COUNT, process, log, seconds=240)
    wait_for(lambda: Delivery.objects.filter(status="sent").count() == COUNT, process, log, seconds=30)
    message_ids = [message["Message-ID"].strip() for message in inbox.messages]
    assert len(message_ids) == COUNT
    assert len(set(message_ids)) == COUNT
    assert all(message["Subject"] == "You have an update in your planner" for message in inbox.messages)


def test_a_worker_killed_mid_batch_loses_nothing_and_only_the_interrupted_send_goes_twice(
    therapist, admin, smtp_inbox, workers
):
    """SIGKILL the worker after a third of the emails, start another: all are sent, none lost.

    The only email that may go twice is the one whose worker died after the mail server accepted it and
    before its delivery row said so; it carries the same Message-ID both times.
    """
    inbox, _port = smtp_inbox
    first = workers.start()
    due_reminders(admin, therapist, COUNT)
    while services.dispatch_due(limit=500):
        pass
    assert Delivery.objects.count() == COUNT

    # Kill it while it is sending one, so the interrupted path is the one exercised.
    sending = Delivery.objects.filter(status="sending")
    wait_for(lambda: len(inbox.messages) >= COUNT // 3 and sending.exists(), first, workers.log, seconds=240)
    first.kill()  # SIGKILL: no warm shutdown, its task is never acknowledged
    first.wait(timeout=30)
    assert first.returncode == -9
    interrupted = Delivery.objects.filter(status="sending").count()

    second = workers.start()
    # The killed worker's task stays unacknowledged in the broker. Two minutes on, the dispatcher's sweep
    # finds its row's claim stale and queues the send again; the two minutes are simulated by backdating
    # the claim, so the new worker's own clock agrees that it is stale.
    stale = timezone.now() - services.STALE_AFTER - timezone.timedelta(seconds=1)
    Delivery.objects.filter(status="sending").update(claimed_at=stale)
    assert services.requeue_stranded() == interrupted
    wait_for(lambda: Delivery.objects.filter(status="sent").count() == COUNT, second, workers.log, seconds=240)
    wait_for(lambda: len(inbox.messages) >= COUNT, second, workers.log, seconds=30)

    message_ids = [message["Message-ID"].strip() for message in inbox.messages]
    sent_twice = len(message_ids) - len(set(message_ids))
    print(
        f"\nSIGKILL mid-batch: {COUNT} deliveries, {len(message_ids)} emails, {interrupted} interrupted, "
        f"{sent_twice} sent twice (same Message-ID)"
    )
    assert set(message_ids) == {delivery.message_id for delivery in Delivery.objects.all()}
    assert sent_twice <= interrupted <= 1
