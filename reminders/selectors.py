"""Reads of reminders and notifications, scoped to the person asking."""

from typing import Any

from django.db.models import QuerySet
from django.utils.functional import SimpleLazyObject

from accounts.models import User
from clients import access
from clients.models import Client

from .models import Delivery, DeliveryStatus, Notification, Reminder, ReminderKind, ReminderStatus


def unread_count(*, user: User) -> SimpleLazyObject:
    """How many in-app notifications this user has not read (evaluated only when a page shows it)."""
    return SimpleLazyObject(lambda: Notification.objects.filter(user=user, read_at__isnull=True).count())


def notifications(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def upcoming_for_client(*, user: access.Reader, client: Client, limit: int = 5) -> QuerySet[Reminder]:
    """The client's upcoming reminders, for the care team's overview (the client is already scoped).

    Only what the overview shows: when, what, the note, how it repeats (on which days), and who it is for.
    """
    return (
        Reminder.objects.filter(client=client, status=ReminderStatus.ACTIVE, next_at__isnull=False)
        .exclude(kind=ReminderKind.NOTICE)
        .select_related("recipient")
        .only("id", "next_at", "kind", "note", "recurrence", "weekdays", "recipient_id", "recipient__full_name")
        .order_by("next_at")[:limit]
    )


def failed_count_for_client(*, user: access.Reader, client: Client) -> int:
    """How many of the client's sends failed, for those who can act on it (0 for the others)."""
    if not access.can(user, "write", client):
        return 0
    return Delivery.objects.filter(reminder__client=client, status=DeliveryStatus.FAILED).count()


def overview_panel_context(*, user: access.Reader, client: Client) -> dict[str, Any]:
    return {
        "client": client,
        "reminders": upcoming_for_client(client=client, user=user),
        "failed": failed_count_for_client(client=client, user=user),
    }
