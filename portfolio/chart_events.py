"""The client's own markers on their charts ("started a new job"): what happened in their life, and when.

Only the client adds and removes their markers, from the portal; the care team sees them on the same charts. The
audit rows name the marker by id only: its words are the client's, and stay out of the log.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.models import User
from audit import recording
from clients import access
from clients.models import Client

from .models import ChartEvent


def _ensure_own(user: User, client: Client) -> None:
    if not access.is_own_record(user, client):
        raise PermissionDenied


@transaction.atomic
def chart_event_create(*, client: Client, by_user: User, occurred_on: datetime.date, label: str) -> ChartEvent:
    """Put a marker on the client's charts. The same marker sent twice (a double tap) is one marker."""
    _ensure_own(by_user, client)
    # Two taps at once: the second waits for the first, then finds its marker.
    Client.objects.select_for_update().filter(pk=client.pk).values_list("pk", flat=True).first()
    earlier = ChartEvent.objects.filter(client=client, occurred_on=occurred_on, label=label).first()
    if earlier is not None:
        return earlier
    event = ChartEvent.objects.create(client=client, occurred_on=occurred_on, label=label, created_by=by_user)
    recording.record(by_user, "chart_event.create", client=client, obj=event)
    return event


@transaction.atomic
def chart_event_delete(*, event: ChartEvent, by_user: User) -> None:
    """Take a marker off the client's charts."""
    _ensure_own(by_user, event.client)
    recording.record(by_user, "chart_event.delete", client=event.client, obj=event)
    event.delete()
