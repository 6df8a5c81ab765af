"""Emails as rows (issue 26): nothing the product owes someone is lost while the broker is down.

`queue_email` writes an `OutgoingEmail` in the caller's transaction and, once it commits, queues a task with the row's
id. The task (`send`) claims the row on the database's clock — never a host's, so two hosts whose clocks disagree
cannot both claim it — builds the email with the sender registered for its kind, and sends it with a Message-ID of
the row's own. The beat sweep (`requeue_stranded`) queues again whatever is still unsent a minute on: a task the
broker never received, or one a killed worker left half-way. The one window that cannot be closed: a worker killed
after the mail server took the email and before the row was marked sent sends it again, with the same Message-ID.

Senders are registered by kind (`SENDERS.register(kind, send)`; the clients app registers "emergency_access"): each
takes the row and returns the EmailMessage to send, or None when there is no longer anyone to send it to.
"""

import datetime
import logging

from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, Q
from django.db.models.functions import Now

from core import queue
from core.registry import Registry

from .models import OutgoingEmail, OutgoingEmailStatus

logger = logging.getLogger(__name__)
SENDERS = Registry("email senders")
STALE_AFTER = datetime.timedelta(minutes=2)  # a claim older than this was a worker that died
LOST_AFTER = datetime.timedelta(minutes=1)  # a queued row older than this lost its task
SWEEP_BATCH = 500


def queue_email(*, kind, recipient, about=""):
    """Owe `recipient` an email of `kind`; it is sent after the current transaction commits (and swept if lost)."""
    if SENDERS.get(kind) is None:
        raise ValueError(f"no sender for {kind!r}")
    email = OutgoingEmail.objects.create(kind=kind, recipient=recipient, about=str(about))
    email_id = str(email.pk)
    transaction.on_commit(lambda: _enqueue([email_id]))
    return email


def _enqueue(ids):
    from .tasks import send_outgoing_email

    return queue.enqueue_many(send_outgoing_email, [{"email_id": email_id} for email_id in ids])


def _database_time_minus(delta):
    return ExpressionWrapper(Now() - delta, output_field=DateTimeField())


def send(*, email_id):
    """Send one owed email, once. Raises on a transient failure (the row goes back to queued for the retry)."""
    claimable = Q(status=OutgoingEmailStatus.QUEUED) | Q(
        status=OutgoingEmailStatus.SENDING, claimed_at__lt=_database_time_minus(STALE_AFTER)
    )
    claimed = OutgoingEmail.objects.filter(claimable, pk=email_id).update(
        status=OutgoingEmailStatus.SENDING, attempts=F("attempts") + 1, claimed_at=Now()
    )
    if not claimed:
        return False
    email = OutgoingEmail.objects.select_related("recipient").get(pk=email_id)
    try:
        message = SENDERS.get(email.kind)(email)
        if message is not None:
            message.extra_headers["Message-ID"] = email.message_id
            message.send()
    except Exception:
        OutgoingEmail.objects.filter(pk=email_id).update(status=OutgoingEmailStatus.QUEUED)
        raise
    OutgoingEmail.objects.filter(pk=email_id).update(
        status=OutgoingEmailStatus.SENT, sent_at=Now(), error="" if message is not None else "nobody_to_send_to"
    )
    return message is not None


def failed(*, email_id, error):
    """Give up after the task's retries (the mail server refused it every time)."""
    OutgoingEmail.objects.filter(pk=email_id).exclude(status=OutgoingEmailStatus.SENT).update(
        status=OutgoingEmailStatus.FAILED, error=str(error)[:100]
    )


def requeue_stranded():
    """Queue again the emails whose task was lost (the broker was down, or a worker died mid-send); how many."""
    abandoned = OutgoingEmail.objects.filter(
        status=OutgoingEmailStatus.SENDING, claimed_at__lt=_database_time_minus(STALE_AFTER)
    ).order_by("claimed_at")
    ids = [str(pk) for pk in abandoned.values_list("pk", flat=True)[:SWEEP_BATCH]]
    lost = OutgoingEmail.objects.filter(
        status=OutgoingEmailStatus.QUEUED, created_at__lt=_database_time_minus(LOST_AFTER)
    ).order_by("created_at")
    ids += [str(pk) for pk in lost.values_list("pk", flat=True)[: SWEEP_BATCH - len(ids)]]
    queued = _enqueue(ids) if ids else 0
    if ids:
        logger.info("Requeued %s unsent emails (%s queued)", len(ids), queued)
    return len(ids)
