"""Reads of reminders and notifications, scoped to the person asking."""

from django.utils.functional import SimpleLazyObject

from accounts import access

from .models import Delivery, DeliveryStatus, Notification, Reminder, ReminderStatus


def unread_count(user):
    """How many in-app notifications this user has not read (evaluated only when a page shows it)."""
    return SimpleLazyObject(lambda: Notification.objects.filter(user=user, read_at__isnull=True).count())


def notifications(user):
    return Notification.objects.filter(user=user)


def upcoming_for_client(client, user, limit=5):
    """The client's upcoming reminders, for the care team's overview (the client is already scoped)."""
    return list(
        Reminder.objects.filter(client=client, status=ReminderStatus.ACTIVE, next_at__isnull=False)
        .select_related("recipient")
        .order_by("next_at")[:limit]
    )


def failed_for_client(client, user):
    if not access.can(user, "write", client):
        return []
    return list(
        Delivery.objects.filter(reminder__client=client, status=DeliveryStatus.FAILED).select_related("reminder")
    )


def overview_panel_context(client, user):
    return {
        "client": client,
        "reminders": upcoming_for_client(client, user),
        "failed": failed_for_client(client, user),
    }
