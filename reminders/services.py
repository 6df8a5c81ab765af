"""Reminders: creating them, dispatching what is due, and sending each delivery exactly once.

The dispatcher takes due reminders with row locks that skip locked rows, so two dispatchers at once
share the work; each occurrence becomes one delivery row (unique). A send claims its row
(queued -> sending) before sending, so a redelivered task sends nothing twice. Tasks carry ids only.
"""

import datetime
import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import Now
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import timezones
from accounts.models import Role, User
from audit import recording
from clients.editing import create_once
from clients.models import Client
from core import queue

from . import health
from .models import (
    Delivery,
    DeliveryStatus,
    Notification,
    Recurrence,
    Reminder,
    ReminderChannel,
    ReminderKind,
    ReminderStatus,
)
from .schedule import after_quiet_hours, next_occurrence

logger = logging.getLogger(__name__)
DISPATCH_BATCH = 500
DISPATCH_SECONDS = 50  # one beat tick's work, so ticks (every 60 s) do not pile up
STALE_AFTER = timedelta(minutes=2)
MAIL_IDLE_SECONDS = 30  # a kept mail connection idle this long is closed, before the mail server drops it


class DailyLimitReachedError(ValidationError):
    """The person has made as many of these today as one person may (a setting); nothing was saved."""


class ReminderCannotFireError(ValidationError):
    """A reminder set by hand with no occurrence to come (its time has passed); nothing was saved."""


def reminder_zone(user: User) -> str:
    return timezones.zone_name_for(user)


def start_of_day(user: User, now: datetime.datetime | None = None) -> datetime.datetime:
    """Midnight today where the person works (their clinic's time zone): daily limits count from here."""
    local = timezone.localtime(now or timezone.now(), ZoneInfo(reminder_zone(user)))
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def ensure_reminder_allowance(user: User) -> None:
    """Refuse a reminder set by hand past REMINDERS_PER_PERSON_PER_DAY; call inside the creating transaction."""
    User.objects.select_for_update().filter(pk=user.pk).exists()  # two at once: the second counts the first
    limit = settings.REMINDERS_PER_PERSON_PER_DAY
    made = Reminder.objects.filter(created_by=user, source="", created_at__gte=start_of_day(user)).count()
    if made >= limit:
        raise DailyLimitReachedError(
            _(
                "You have set %(limit)s reminders today, the most one person can set in a day. This one is not "
                "saved yet: you can set it tomorrow, or ask your clinic's administrator if you need more."
            )
            % {"limit": limit},
            code="daily_limit",
        )


@transaction.atomic
def reminder_create(
    *,
    by_user: User,
    recipient: User,
    data: dict[str, Any],
    client: Client | None = None,
    submission_key: uuid.UUID | None = None,
) -> Reminder:
    """A reminder; one set by hand (no `source` feature) counts toward the person's daily limit."""

    # not for the same form sent twice: that returns the reminder it already made
    def prepare(reminder: Reminder) -> None:
        if not reminder.source:
            ensure_reminder_allowance(by_user)
        now = timezone.now()
        reminder.next_at = next_occurrence(reminder, after=now) or _now_if_due_today(reminder, now)
        if reminder.next_at is None:
            if not reminder.source:  # refused, never "set" and silently dropped
                raise ReminderCannotFireError(
                    _("The time of this reminder has passed, so it could never come. Choose a later time or day."),
                    code="passed",
                )
            reminder.status = ReminderStatus.DONE

    fields = {"recipient": recipient, "client": client, "created_by": by_user, "time_zone": reminder_zone(recipient)}
    reminder, _created = create_once(
        Reminder,
        by_user=by_user,
        action="reminder.create",
        client=client,
        submission_key=submission_key,
        fields=fields,
        data=data,
        prepare=prepare,
    )
    return reminder


def _now_if_due_today(reminder: Reminder, now: datetime.datetime) -> datetime.datetime | None:
    """A feature's first one-off reminder dated today whose set hour (9:00) has passed comes now, not never."""
    if not reminder.source or reminder.recurrence != Recurrence.NONE:
        return None
    if reminder.starts_on != timezone.localdate(now, ZoneInfo(reminder.time_zone)):
        return None
    if Reminder.objects.filter(source=reminder.source).exists():  # it came already: once is enough
        return None
    return now


@transaction.atomic
def reminder_for_source(
    *, source: str, recipient: User, by_user: User, client: Client | None = None, data: dict[str, Any]
) -> Reminder:
    """Create or move the one active reminder a feature keeps for `source` (idempotent)."""
    reminder = (
        Reminder.objects.select_for_update()
        .filter(source=source, recipient=recipient, status__in=[ReminderStatus.ACTIVE, ReminderStatus.PAUSED])
        .first()
    )
    if reminder is None:
        return reminder_create(by_user=by_user, recipient=recipient, client=client, data={**data, "source": source})
    for name, value in data.items():
        setattr(reminder, name, value)
    reminder.next_at = next_occurrence(reminder, after=timezone.now())
    reminder.status = ReminderStatus.ACTIVE if reminder.next_at else ReminderStatus.DONE
    reminder.save()
    return reminder


def reminders_set_status(*, source_prefix: str, status: str) -> None:
    """Pause, resume or cancel every reminder a feature made under `source_prefix`."""
    queryset = Reminder.objects.filter(source__startswith=source_prefix).exclude(status=ReminderStatus.DONE)
    if status == ReminderStatus.ACTIVE:
        queryset = queryset.filter(status=ReminderStatus.PAUSED)
        for reminder in queryset:
            reminder.status = ReminderStatus.ACTIVE
            reminder.next_at = next_occurrence(reminder, after=timezone.now())
            reminder.save(update_fields=["status", "next_at"])
        return
    queryset.exclude(status=ReminderStatus.CANCELLED).update(status=status)


def client_status_changed(*, client: Client, by_user: User, status: str) -> None:
    """The clients app's status hook: a discharge pauses the reminders sent to the client; re-opening
    resumes those (and only those) still paused. Replies to feedback are not reminders and keep going.
    """
    from clients.models import ClientStatus

    if status == ClientStatus.DISCHARGED:
        _pause_for_discharge(client, by_user)
    else:
        _resume_after_reopen(client, by_user)


def _pause_for_discharge(client: Client, by_user: User) -> None:
    if not client.portal_user_id:
        return
    active = (
        Reminder.objects.select_for_update()
        .filter(recipient_id=client.portal_user_id, status=ReminderStatus.ACTIVE)
        .exclude(source__startswith="grievance:")
    )
    paused = [str(pk) for pk in active.values_list("pk", flat=True)]
    Reminder.objects.filter(pk__in=paused).update(status=ReminderStatus.PAUSED)
    client.paused_by_discharge = sorted(set(client.paused_by_discharge) | set(paused))
    client.save(update_fields=["paused_by_discharge"])
    recording.record(by_user, "client.reminders_paused", client=client, obj=client, detail={"count": len(paused)})


def _resume_after_reopen(client: Client, by_user: User) -> None:
    if not client.paused_by_discharge:
        return
    waiting = Reminder.objects.select_for_update().filter(
        pk__in=client.paused_by_discharge, status=ReminderStatus.PAUSED
    )
    resumed = 0
    for reminder in waiting:
        reminder.next_at = next_occurrence(reminder, after=timezone.now())
        reminder.status = ReminderStatus.ACTIVE if reminder.next_at else ReminderStatus.DONE
        reminder.save(update_fields=["status", "next_at"])
        resumed += 1
    client.paused_by_discharge = []
    client.save(update_fields=["paused_by_discharge"])
    recording.record(by_user, "client.reminders_resumed", client=client, obj=client, detail={"count": resumed})


OPEN_STATUSES = (ReminderStatus.ACTIVE, ReminderStatus.PAUSED)


def _staff_reminders_about(client: Client, user: User) -> QuerySet[Reminder]:
    """The reminders `user` gets about `client` that are still to come (locked: a move and a send never cross)."""
    return Reminder.objects.select_for_update().filter(client=client, recipient=user, status__in=OPEN_STATUSES)


def primary_therapist_changed(*, client: Client, by_user: User, previous: User, therapist: User) -> None:
    """The clients app's "primary_therapist" hook: the previous primary therapist's reminders about the client
    (referral follow-ups, debrief check-ins, reviews, their own) go to the new one, in the new one's time zone;
    paused ones stay paused. The features find them again by source, since they look for the primary's.
    """
    zone = reminder_zone(therapist)
    for reminder in _staff_reminders_about(client, previous):
        reminder.recipient = therapist
        moved_zone, reminder.time_zone = reminder.time_zone != zone, zone
        if moved_zone and reminder.status == ReminderStatus.ACTIVE:  # same hour, where the new one works
            reminder.next_at = next_occurrence(reminder, after=timezone.now())
            reminder.status = ReminderStatus.ACTIVE if reminder.next_at else ReminderStatus.DONE
        reminder.save(update_fields=["recipient", "time_zone", "next_at", "status"])
        detail = {"from": str(previous.pk), "to": str(therapist.pk)}
        recording.record(by_user, "reminder.transfer", client=client, obj=reminder, detail=detail)


def care_team_left(*, client: Client, by_user: User, user: User) -> None:
    """The clients app's "care_team_left" hook: a therapist off the care team gets no more reminders about
    the client. Their reminders end (cancelled, each audited); the reminders the client gets are untouched.
    """
    for reminder in _staff_reminders_about(client, user):
        reminder.status = ReminderStatus.CANCELLED
        reminder.save(update_fields=["status"])
        recording.record(by_user, "reminder.cancel", client=client, obj=reminder, detail={"why": "left_care_team"})


@transaction.atomic
def reminder_switch_off(*, reminder: Reminder, by_user: User) -> Reminder:
    """Anyone may switch off a reminder sent to them; it stays cancelled."""
    if reminder.recipient_id != by_user.pk:
        raise PermissionError
    reminder.status = ReminderStatus.CANCELLED
    reminder.save(update_fields=["status"])
    recording.record(by_user, "reminder.cancel", client=reminder.client, obj=reminder)
    return reminder


def channel_for(reminder: Reminder) -> str:
    """Email only where it is allowed and safe for the client; otherwise the in-app notification alone."""
    if reminder.channel == ReminderChannel.IN_APP:
        return ReminderChannel.IN_APP
    recipient = reminder.recipient
    if recipient.role == Role.CLIENT:
        client = getattr(recipient, "client_record", None)
        if client is None or not (client.allow_email and client.email_is_safe):
            return ReminderChannel.IN_APP
    return ReminderChannel.EMAIL


def due_reminders(now: datetime.datetime) -> QuerySet[Reminder]:
    """The dispatcher's query: active reminders whose next occurrence has come (index `reminder_due`)."""
    return (
        Reminder.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status=ReminderStatus.ACTIVE, next_at__lte=now)
        .select_related("recipient__clinic", "recipient__client_record")
        .order_by("next_at")
    )


def dispatch_due(now: datetime.datetime | None = None, limit: int = DISPATCH_BATCH) -> int:
    """Turn one batch of due reminders into deliveries and queue their sends; returns deliveries made."""
    return _dispatch_batch(now or timezone.now(), limit)[1]


def dispatch_all_due(now: datetime.datetime | None = None, seconds: float = DISPATCH_SECONDS) -> int:
    """Dispatch batch after batch (each its own transaction) until nothing is due or `seconds` pass.

    One tick of Celery beat, or one `manage.py dispatch_reminders`; returns the deliveries made.
    """
    now = now or timezone.now()
    started, made = time.monotonic(), 0
    while True:
        taken, batch_made = _dispatch_batch(now, DISPATCH_BATCH)
        made += batch_made
        if taken < DISPATCH_BATCH or time.monotonic() - started > seconds:
            return made


def _dispatch_batch(now: datetime.datetime, limit: int) -> tuple[int, int]:
    """One transaction: lock a batch of due reminders, write their deliveries and roll them forward in bulk."""
    with transaction.atomic():
        due = list(due_reminders(now)[:limit])
        planned = [delivery for delivery in (_plan_one(reminder, now) for reminder in due) if delivery]
        # The unique (reminder, occurrence, channel) constraint has the last word: a delivery already there
        # is not made again, and only the rows made here are queued.
        Delivery.objects.bulk_create(planned, ignore_conflicts=True)
        made = list(Delivery.objects.filter(pk__in=[delivery.pk for delivery in planned]).values_list("pk", flat=True))
        _save_moved_on(due)
        transaction.on_commit(lambda: _enqueue_sends(made))
    if made:
        logger.info("Dispatched %s deliveries", len(made))
    health.forget_late()  # the pages' "running late" banner asks again
    return len(due), len(made)


def _save_moved_on(reminders: Iterable[Reminder]) -> None:
    """Save each reminder's next_at and status: one UPDATE per distinct pair (one-offs share theirs)."""
    groups: defaultdict[tuple[datetime.datetime | None, str], list[uuid.UUID]] = defaultdict(list)
    for reminder in reminders:
        groups[reminder.next_at, reminder.status].append(reminder.pk)
    for (next_at, status), ids in groups.items():
        Reminder.objects.filter(pk__in=ids).update(next_at=next_at, status=status)


def _plan_one(reminder: Reminder, now: datetime.datetime) -> Delivery | None:
    """The delivery this reminder's occurrence needs (unsaved), and the reminder moved on; None if it waits."""
    occurrence = cast(datetime.datetime, reminder.next_at)  # a due reminder has one (due_reminders)
    client = getattr(reminder.recipient, "client_record", None) if reminder.recipient.role == Role.CLIENT else None
    later = after_quiet_hours(occurrence, client, reminder.time_zone)
    if later is not None:
        reminder.next_at = later  # wait until the client's quiet hours end
        return None
    delivery = Delivery(reminder=reminder, occurrence=occurrence, channel=channel_for(reminder))
    # After an outage, one reminder for what was missed, then the schedule from now: no flood of catch-ups.
    reminder.next_at = next_occurrence(reminder, after=max(occurrence, now))
    if reminder.next_at is None:
        reminder.status = ReminderStatus.DONE
    return delivery


def _enqueue_sends(delivery_ids: Iterable[uuid.UUID]) -> None:
    """Queue one send per delivery; if the broker is down, stop: the rows stay queued for the sweep."""
    from .tasks import send_delivery

    queue.enqueue_many(send_delivery, [{"delivery_id": str(delivery_id)} for delivery_id in delivery_ids])


def delivery_send(*, delivery_id: uuid.UUID | str) -> bool:
    """Send one delivery, once. Raises on a transient failure (the row goes back to queued for a retry).

    A delivery left in "sending" by a worker that died is claimable again after STALE_AFTER; if that
    worker had already handed the email to the mail server, it goes out again with the same Message-ID
    (the one window that cannot be closed).
    """
    # Claimed on the database's clock, not this host's: two hosts whose clocks disagree cannot both claim a delivery.
    stale = ExpressionWrapper(Now() - STALE_AFTER, output_field=DateTimeField())
    claimable = Q(status=DeliveryStatus.QUEUED) | Q(status=DeliveryStatus.SENDING, claimed_at__lt=stale)
    claimed = Delivery.objects.filter(claimable, pk=delivery_id).update(
        status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, claimed_at=Now()
    )
    if not claimed:
        return False
    delivery = _for_sending().get(pk=delivery_id)
    try:
        if delivery.channel == ReminderChannel.IN_APP:
            _notify(delivery)
        else:
            message = _email(delivery)
            message.connection = mail_connection()
            message.send()
    except Exception:
        close_mail_connection()  # the next send opens a fresh one
        Delivery.objects.filter(pk=delivery_id).update(status=DeliveryStatus.QUEUED)
        raise
    Delivery.objects.filter(pk=delivery_id).update(status=DeliveryStatus.SENT, sent_at=timezone.now())
    return True


# One mail connection per process, kept from send to send: a worker working through a backlog does not open a
# connection, greet the server and quit for every email. It is Django's own backend (EMAIL_BACKEND), opened once;
# closed after any error and after MAIL_IDLE_SECONDS unused, and opened afresh when the mail settings change.
_mail: dict[str, Any] = {"connection": None, "settings": None, "used_at": 0.0}


def mail_connection() -> BaseEmailBackend:
    """This process's open connection to the mail server (EMAIL_BACKEND), opened if there is none."""
    current = (settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_HOST_USER)
    now = time.monotonic()
    if _mail["connection"] is not None and (_mail["settings"] != current or now - _mail["used_at"] > MAIL_IDLE_SECONDS):
        close_mail_connection()
    if _mail["connection"] is None:
        connection = get_connection()
        connection.open()  # opened here, so that each send leaves it open for the next
        _mail.update(connection=connection, settings=current)
    _mail["used_at"] = now
    return _mail["connection"]


def close_mail_connection() -> None:
    """Close this process's kept mail connection, if any (after an error, when idle, at worker shutdown)."""
    connection, _mail["connection"] = _mail["connection"], None
    if connection is not None:
        try:
            connection.close()
        except Exception:  # a connection already broken has nothing left to close
            logger.debug("Closing the mail connection failed", exc_info=True)


def _for_sending() -> QuerySet[Delivery]:
    """Deliveries with what a send reads (the email's wording, language, address and zone), and no more: whole
    rows of the five tables (about 100 columns) were a large part of each send's time (docs/performance.md)."""
    return Delivery.objects.select_related("reminder__recipient__client_record", "reminder__recipient__clinic").only(
        "channel",
        "reminder__kind",
        "reminder__link",
        "reminder__recipient__email",
        "reminder__recipient__role",
        "reminder__recipient__preferred_language",
        "reminder__recipient__clinic__timezone",
        "reminder__recipient__client_record__discreet_wording",
    )


def requeue_stranded(now: datetime.datetime | None = None) -> int:
    """Queue again the sends whose task was lost (a broker restart, a killed worker); returns how many.

    Sends abandoned mid-way by a dead worker come first, then the oldest sends the broker never received.
    """
    # The database's clock (claims are made on it), unless a test says what time it is.
    if now is None:
        cutoff: Any = ExpressionWrapper(Now() - STALE_AFTER, output_field=DateTimeField())
    else:
        cutoff = now - STALE_AFTER
    abandoned = Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=cutoff).order_by("claimed_at")
    ids = list(abandoned.values_list("pk", flat=True)[:DISPATCH_BATCH])
    lost = Delivery.objects.filter(status=DeliveryStatus.QUEUED, created_at__lt=cutoff).order_by("created_at")
    ids += list(lost.values_list("pk", flat=True)[: DISPATCH_BATCH - len(ids)])
    _enqueue_sends(ids)
    if ids:
        logger.info("Requeued %s stranded deliveries", len(ids))
    return len(ids)


def delivery_failed(*, delivery_id: uuid.UUID | str, error: str) -> None:
    """Give up on a delivery after its retries: it shows as failed on the therapist's page."""
    Delivery.objects.filter(pk=delivery_id).exclude(status=DeliveryStatus.SENT).update(
        status=DeliveryStatus.FAILED, error=error[:100]
    )
    logger.warning("Delivery %s failed", delivery_id)


def _notify(delivery: Delivery) -> None:
    reminder = delivery.reminder
    with translation.override(reminder.recipient.preferred_language), timezones.override_for(reminder.recipient):
        text = _("You have an update in your planner")
    Notification.objects.get_or_create(
        delivery=delivery, defaults={"user": reminder.recipient, "text": text, "link": reminder.link}
    )


def detailed_wording(reminder: Reminder) -> bool:
    client = getattr(reminder.recipient, "client_record", None) if reminder.recipient.role == Role.CLIENT else None
    return client is not None and not client.discreet_wording


def _email(delivery: Delivery) -> EmailMultiAlternatives:
    """Discreet by default: no name, diagnosis, plan text or clinic in the subject or the body."""
    reminder = delivery.reminder
    recipient = reminder.recipient
    with translation.override(recipient.preferred_language), timezones.override_for(recipient):
        detailed = detailed_wording(reminder) and reminder.kind != ReminderKind.NOTICE  # a notice: always discreet
        subject = (
            _("Reminder: %(kind)s") % {"kind": reminder.get_kind_display().lower()}
            if detailed
            else _("You have an update in your planner")
        )
        context = {
            "link": settings.SITE_URL + (reminder.link or "/"),
            "kind": reminder.get_kind_display(),
            "detailed": detailed,
        }
        text = render_to_string("reminders/email/reminder.txt", context)
        html = render_to_string("reminders/email/reminder.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[recipient.email], headers={"Message-ID": delivery.message_id}
    )
    message.attach_alternative(html, "text/html")
    return message
