"""Whether reminders are going out on time, for the pages to say so honestly."""

import time
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from core import queue

from .models import Delivery, DeliveryStatus, Reminder, ReminderStatus

LATE_AFTER = timedelta(minutes=5)  # the dispatcher ticks every minute; five minutes behind is late
LATE_CACHE_KEY = "reminders:late"
LATE_CACHE_SECONDS = 30
LATE_MEMO_SECONDS = 5  # and in each process's memory, so most pages do not ask the cache either
_memo = {"answer": None, "until": 0.0}


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


def late_for_pages():
    """late(), as the pages' banner asks it: remembered in the cache for LATE_CACHE_SECONDS.

    The answer is the same for everyone and changes on a scale of minutes, so most pages read it from the
    cache instead of asking the database twice. The dispatcher forgets it after each batch (forget_late).
    With the cache down, every page asks the database. Each process also keeps the answer for
    LATE_MEMO_SECONDS, so a banner may appear or go a few seconds after the cache's answer changes.
    """
    now = time.monotonic()
    if _memo["answer"] is not None and now < _memo["until"]:
        return _memo["answer"]
    answer = cache.get(LATE_CACHE_KEY)
    if answer is None:
        answer = late()
        cache.set(LATE_CACHE_KEY, answer, LATE_CACHE_SECONDS)
    _memo.update(answer=answer, until=now + LATE_MEMO_SECONDS)
    return answer


def forget_late():
    _memo.update(answer=None, until=0.0)
    cache.delete(LATE_CACHE_KEY)
