"""Whether reminders are going out on time, for the pages to say so honestly."""

from datetime import timedelta

from django.utils import timezone

from empowerment import queue

from .models import Delivery, DeliveryStatus, Reminder, ReminderStatus

LATE_AFTER = timedelta(minutes=5)  # the dispatcher ticks every minute; five minutes behind is late


def unreachable():
    """The reminder service (the broker) cannot be reached: nothing is being queued or sent."""
    return not queue.broker_available()


def late(now=None):
    """Due reminders or queued sends have waited longer than LATE_AFTER (a stopped worker or dispatcher)."""
    cutoff = (now or timezone.now()) - LATE_AFTER
    return (
        Reminder.objects.filter(status=ReminderStatus.ACTIVE, next_at__lt=cutoff).exists()
        or Delivery.objects.filter(
            status__in=[DeliveryStatus.QUEUED, DeliveryStatus.SENDING], created_at__lt=cutoff
        ).exists()
    )
