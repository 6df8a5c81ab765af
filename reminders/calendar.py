"""The .ics feed of a person's upcoming reminders: a secret, revocable address, discreet titles."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from accounts import timezones
from audit import recording

from .models import CalendarFeed, Reminder, ReminderKind, ReminderStatus
from .schedule import next_occurrence

HORIZON = timedelta(days=60)
MAX_EVENTS = 200


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def feed_create(*, user):
    """A new feed address for `user` (any earlier one stops working); returns the raw token, shown once."""
    feed_revoke(user=user)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=user, token_hash=_hash(token))
    recording.record(user, "calendar_feed.create", obj=feed)
    return token


@transaction.atomic
def feed_revoke(*, user):
    revoked = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if revoked:
        recording.record(user, "calendar_feed.revoke")
    return revoked


def feed_for_token(token):
    if not token:
        return None
    return (
        CalendarFeed.objects.filter(token_hash=_hash(token), revoked_at__isnull=True)
        .select_related("user__clinic")
        .first()
    )


def feed_ics(feed, now=None):
    """The calendar as bytes: each occurrence in the next 60 days, titled without names or plan text.

    Times carry the person's zone (TZID, with its VTIMEZONE), so a calendar shows 19:30 as 19:30 there.
    """
    now = now or timezone.now()
    user = feed.user
    zone = timezones.zone_for(user)
    calendar = Calendar()
    calendar.add("prodid", "-//Empowerment Planner//reminders//EN")
    calendar.add("version", "2.0")
    events = 0
    with translation.override(user.preferred_language):
        title = _("Planner reminder")
        reminders = Reminder.objects.filter(
            recipient=user, status=ReminderStatus.ACTIVE, next_at__isnull=False
        ).exclude(kind=ReminderKind.NOTICE)
        for reminder in reminders:
            moment = reminder.next_at
            while moment is not None and moment <= now + HORIZON and events < MAX_EVENTS:
                event = Event()
                event.add("uid", f"{reminder.pk}-{moment:%Y%m%dT%H%M%SZ}@empowerment-planner")
                event.add("summary", title)
                event.add("dtstart", moment.astimezone(zone))
                event.add("dtend", (moment + timedelta(minutes=15)).astimezone(zone))
                event.add("dtstamp", now)
                calendar.add_component(event)
                events += 1
                moment = next_occurrence(reminder, after=moment)
    calendar.add_missing_timezones()
    return calendar.to_ical()
