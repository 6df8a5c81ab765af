"""Reminders through a real Redis broker and a real worker process, to a real SMTP server on loopback."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from reminders import services
from reminders.models import Delivery, Reminder

from ..workers import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
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
    assert sum(made) == COUNT and Delivery.objects.count() == COUNT

    wait_for(lambda: len(inbox.messages) >= COUNT, process, log, seconds=240)
    wait_for(lambda: Delivery.objects.filter(status="sent").count() == COUNT, process, log, seconds=30)
    message_ids = [message["Message-ID"].strip() for message in inbox.messages]
    assert len(message_ids) == COUNT and len(set(message_ids)) == COUNT
    assert all(message["Subject"] == "You have an update in your planner" for message in inbox.messages)
