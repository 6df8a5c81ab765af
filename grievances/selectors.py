"""Grievances' reads. Each takes the user, so a grievance someone may not see is a 404 (or not in the list)."""

import uuid

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from audit import recording
from audit.models import AuditEvent
from clients.access import Reader

from .models import Grievance, GrievanceStatus

EVENT_ACTIONS = ("grievance.create", "grievance.status", "grievance.reply")


def own_grievances(*, user: Reader) -> QuerySet[Grievance]:
    """The client's own grievances, newest first."""
    return Grievance.objects.of_client_user(user).select_related("responded_by")


def own_grievance(*, user: Reader, grievance_id: uuid.UUID | str) -> Grievance:
    """One of the client's own grievances; 404 for anyone else's."""
    return get_object_or_404(own_grievances(user=user), pk=grievance_id)


def inbox(*, user: Reader, status: str | None = None) -> QuerySet[Grievance]:
    """The clinic admin's inbox: the clinic's grievances, newest first, optionally of one status."""
    queryset = Grievance.objects.for_clinic_admin(user).select_related("client")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-created_at", "pk")


def inbox_grievance(*, user: Reader, grievance_id: uuid.UUID | str) -> Grievance:
    """A grievance of the admin's own clinic; 404 otherwise (another clinic's looks like a missing one)."""
    queryset = Grievance.objects.for_clinic_admin(user).select_related("client__primary_therapist", "responded_by")
    return get_object_or_404(queryset, pk=grievance_id)


def history(*, grievance: Grievance) -> list[AuditEvent]:
    """What happened to the grievance, oldest first, from its audit events (received, status changes, replies)."""
    events = list(
        AuditEvent.objects.filter(
            client_id=grievance.client_id,
            object_type__in=recording.object_types(Grievance),
            object_id=str(grievance.pk),
            action__in=EVENT_ACTIONS,
        )
        .select_related("actor")
        .order_by("at")
    )
    labels = dict(GrievanceStatus.choices)
    for event in events:
        event.status_label = labels.get(event.detail.get("to"), "")  # type: ignore[attr-defined]  # for the page only
    return events
