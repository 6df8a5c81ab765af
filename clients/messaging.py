"""Secure messages between a client and their care team (issue 24, item 6): services and selectors.

One thread per client, plain text, no attachments. The client writes from the portal; the therapists of the
caseload (primary therapist and care team) write from the record. A clinic admin under emergency access may read
the thread but not write in it, and reading it does not mark anything read (the care team still sees what is new).

- A send is atomic, made once per submission key (a double submit makes one message), audited ("message.create",
  with no words of the message), and then told to the other side through the "message_sent" hook (reminders).
- It is refused, with a message that says why, when messaging is off for the client (the therapist's reason is
  shown to them), when the record is discharged, or past the rate limits: `settings.MESSAGES_PER_HOUR` and
  `settings.MESSAGES_PER_DAY` per author (the last hour, the last 24 hours).
- Opening the thread marks the other side's messages read, in one UPDATE.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from audit import recording
from core.queries import count_per_row

from . import access
from .editing import create_once, versioned_update
from .models import ActivityKind, Client, ClientStatus, Message, MessageThread
from .services import HOOKS

# How many of the latest messages a thread page shows (oldest first); earlier ones stay in the record and export.
THREAD_PAGE = 100


class MessageRefusedError(ValidationError):
    """A send refused (messaging off, care ended, too many messages): the form keeps what was typed."""


# --- Selectors -------------------------------------------------------------------------------------


def thread(*, client: Client, user: access.Reader) -> MessageThread:
    """The client's thread as `user` may read it, or an unsaved one (messaging on) when none was made yet:
    reading a thread never writes one."""
    found = MessageThread.objects.for_client(client, user).select_related("changed_by").first()
    return found if found is not None else MessageThread(client=client)


def messages(*, client: Client, user: access.Reader, limit: int = THREAD_PAGE) -> list[Message]:
    """The latest `limit` messages of the client's thread, oldest first, with their authors' names."""
    latest = (
        Message.objects.for_client(client, user)
        .select_related("author")
        .only("id", "client_id", "author__id", "author__full_name", "from_client", "body", "read_at", "created_at")
        .order_by("-created_at", "-pk")[:limit]
    )
    return list(reversed(latest))


def unread_by_staff_count() -> Coalesce:
    """An annotation for a queryset of clients: how many of each one's messages the care team has not read yet.

    A correlated COUNT subquery (by the partial index `message_unread_by_staff`): one more column of the caseload's
    own query, not a query per row."""
    return count_per_row(Message.objects.unread_by_staff(), "client")


def unread_by_client_count(*, client: Client, user: access.Reader) -> int:
    """How many of the care team's messages the client has not opened yet (the portal's navigation)."""
    return Message.objects.for_client(client, user).unread_by_client().count()


# --- Services --------------------------------------------------------------------------------------


def thread_for(client: Client) -> MessageThread:
    """The client's thread, made now if it was never made (call it inside the writing transaction)."""
    found, _created = MessageThread.objects.get_or_create(client=client)
    return found


def _side(by_user: User, client: Client) -> bool:
    """Whether `by_user` writes as the client (True) or as the care team (False); refused for anyone else."""
    if access.is_own_record(by_user, client):
        return True
    if access.can(by_user, "write", client):  # a therapist of the caseload
        return False
    raise PermissionDenied


@transaction.atomic
def send(*, client: Client, by_user: User, body: str, submission_key: uuid.UUID | None = None) -> Message:
    """Send a message in the client's thread, once per submission key; refused (MessageRefusedError) when messaging
    is off, the record is discharged, or the author has reached a rate limit."""
    from_client = _side(by_user, client)

    def prepare(message: Message) -> None:
        # After the duplicate check: a double submit of a message that was sent is not refused now.
        current = MessageThread.objects.select_for_update().get(pk=thread_for(client).pk)  # sends wait in turn
        _ensure_may_send(client, by_user, current, from_client=from_client)
        message.body = message.body.strip()
        message.full_clean(exclude=["client", "author", "submission_key"])

    message, created = create_once(
        Message,
        by_user=by_user,
        action="message.create",
        client=client,
        submission_key=submission_key,
        fields={"client": client, "author": by_user, "from_client": from_client},
        data={"body": body},
        prepare=prepare,
        detail={"from_client": from_client},
    )
    if created:
        if from_client:
            _note_activity(client, by_user)
        HOOKS.run("message_sent", message=message)
    return message


def _note_activity(client: Client, by_user: User) -> None:
    """The care team's "since the last session" feed: the client sent a message (never its words)."""
    from . import attention  # the feed and its rules (clients/attention.py)

    link = reverse("clients:messages", kwargs={"client_id": client.pk})
    attention.record_activity(client=client, kind=ActivityKind.MESSAGE, link=link, by_user=by_user)


def _ensure_may_send(client: Client, by_user: User, current: MessageThread, *, from_client: bool) -> None:
    if client.status == ClientStatus.DISCHARGED:
        if from_client:
            text = _("Your record at the clinic is closed, so messages can no longer be sent here.")
        else:
            text = _("This client has been discharged, so the thread is closed. Re-open the record to write again.")
        raise MessageRefusedError(text, code="discharged")
    if not current.enabled:
        if from_client:
            text = _("Your therapist has turned messages off for now, so this message was not sent.")
        else:
            text = _("Messaging is turned off for this client. Turn it back on to write.")
        raise MessageRefusedError(text, code="messaging_off")
    _ensure_within_limits(client, by_user, from_client=from_client)


def _ensure_within_limits(client: Client, by_user: User, *, from_client: bool) -> None:
    """At most MESSAGES_PER_HOUR in the last hour and MESSAGES_PER_DAY in the last 24 hours, per author."""
    sent = _sent_counts(client, by_user, from_client=from_client)
    for count, limit, window in (
        (sent["hour"], settings.MESSAGES_PER_HOUR, "hour"),
        (sent["day"], settings.MESSAGES_PER_DAY, "day"),
    ):
        if count >= limit:
            raise MessageRefusedError(_limit_message(limit, window, from_client=from_client), code="rate_limit")


def _sent_counts(client: Client, by_user: User, *, from_client: bool) -> dict[str, int]:
    """How many messages `by_user` sent in the last 24 hours and in the last hour, in one query."""
    now = timezone.now()
    hour_ago, day_ago = now - datetime.timedelta(hours=1), now - datetime.timedelta(days=1)
    sent = Message.objects.filter(author=by_user, created_at__gte=day_ago)
    if from_client:  # a client writes in their own thread only: its (client, created_at) index finds them
        sent = sent.filter(client=client)
    return sent.aggregate(day=Count("pk"), hour=Count("pk", filter=Q(created_at__gte=hour_ago)))


def _limit_message(limit: int, window: str, *, from_client: bool) -> str:
    if window == "hour":
        said = ngettext(
            "You have sent %(count)s message in the last hour, the most for one hour.",
            "You have sent %(count)s messages in the last hour, the most for one hour.",
            limit,
        )
    else:
        said = ngettext(
            "You have sent %(count)s message in the last 24 hours, the most for one day.",
            "You have sent %(count)s messages in the last 24 hours, the most for one day.",
            limit,
        )
    if from_client:
        then = _("What you wrote is still here: you can send it later. If you need help now, call a crisis line.")
    else:
        then = _("What you wrote is still here: you can send it later.")
    return f"{said % {'count': limit}} {then}"


def mark_read(*, client: Client, reader: User) -> int:
    """Mark the other side's unread messages read, now, in one UPDATE; returns how many.

    The client reads the care team's messages; a therapist of the caseload reads the client's for the whole team.
    Anyone else (a clinic admin under emergency access) marks nothing: the care team must still see what is new."""
    if access.is_own_record(reader, client):
        unread: QuerySet[Message] = Message.objects.filter(client=client).unread_by_client()
    elif access.can(reader, "write", client):
        unread = Message.objects.filter(client=client).unread_by_staff()
    else:
        return 0
    return unread.update(read_at=timezone.now())


@transaction.atomic
def set_messaging(
    *, client: Client, by_user: User, enabled: bool, reason: str = "", expected_version: int | None = None
) -> MessageThread:
    """A therapist of the caseload turns messaging off for the client, with a reason shown to them, or back on.

    Refused with EditConflictError when someone changed it since `expected_version`; audited
    "message_thread.update" (whether it is on, never the reason's words)."""
    access.ensure_can(by_user, "write", client)
    reason = (reason or "").strip()
    if not enabled and not reason:
        raise ValidationError(
            _("Say why messaging is turned off. The client reads this reason on their messages page."),
            code="reason_required",
        )
    current = thread_for(client)
    data = {
        "enabled": enabled,
        "off_reason": "" if enabled else reason,
        "changed_by": by_user,
        "changed_at": timezone.now(),
    }
    versioned_update(current, data=data, expected_version=expected_version or current.version)
    recording.record(by_user, "message_thread.update", client=client, obj=current, detail={"enabled": enabled})
    return current
