"""Grievances' writes: a client's complaint or feedback, routed to the clinic admin, with a status and a reply.

Writes are atomic, permission-checked and audited (the reads, which take the user so that a grievance someone
may not see is a 404, are in selectors.py). Therapists never see grievances: only the client who wrote one
and the admins of the client's clinic do, and notifications go to nobody clinical.

When the admin changes the status or replies, the client gets a discreet in-app notification, and an
email only where they allow email and it is safe. The email goes through the reminders' delivery
pipeline (one-off reminder, no client context, so it shows on no staff page), which honours quiet hours
and sends each occurrence once; it says only that there is an update.
"""

import datetime
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit import recording
from clients import access, attention
from clients.editing import create_once, versioned_update
from clients.models import ActivityKind, Client
from reminders import services as reminder_services
from reminders.models import Notification, Recurrence, ReminderChannel, ReminderKind

from .models import STATUS_ORDER, Grievance

# What the portal tells clients about timing; the clinic's usual pace, in working days.
USUALLY_READ_WITHIN_DAYS = 2
USUALLY_ANSWERED_WITHIN_DAYS = 10
# A one-off email reminder is due this long after the update, so its first occurrence is still ahead.
EMAIL_AFTER = datetime.timedelta(seconds=30)


def _is_own_client(user: User, client: Client) -> bool:
    return access.is_own_record(user, client) and client.clinic_id == user.clinic_id


def _ensure_clinic_admin(user: User, grievance: Grievance) -> None:
    if not (access.is_clinic_admin(user) and grievance.client.clinic_id == user.clinic_id):
        raise PermissionDenied


def _ensure_daily_allowance(client: Client, by_user: User) -> None:
    """Refuse past GRIEVANCES_PER_CLIENT_PER_DAY (counted since midnight in the clinic's time zone)."""
    Client.objects.select_for_update().filter(pk=client.pk).exists()  # two at once: the second counts the first
    limit = settings.GRIEVANCES_PER_CLIENT_PER_DAY
    sent = Grievance.objects.filter(client=client, created_at__gte=reminder_services.start_of_day(by_user)).count()
    if sent >= limit:
        raise reminder_services.DailyLimitReachedError(
            _(
                "You have sent %(limit)s messages today, the most the clinic can take from one person in a day. "
                "What you wrote is still here: you can send it tomorrow. If you need help now, a crisis line "
                "is listed on the feedback page."
            )
            % {"limit": limit},
            code="daily_limit",
        )


@transaction.atomic
def grievance_create(
    *, client: Client, by_user: User, data: dict[str, Any], submission_key: uuid.UUID | None = None
) -> Grievance:
    """A client sends a grievance from their portal; the clinic's admins are told there is one (no content)."""
    if not _is_own_client(by_user, client):
        raise PermissionDenied
    grievance, created = create_once(
        Grievance,
        by_user=by_user,
        action="grievance.create",
        client=client,
        submission_key=submission_key,
        fields={"client": client, "submitted_by": by_user},
        data=data,
        prepare=lambda grievance: _ensure_daily_allowance(client, by_user),
        detail=lambda grievance: {"kind": grievance.kind, "anonymous_to_therapist": grievance.anonymous_to_therapist},
    )
    if created:
        _notify_admins(grievance)
        if not grievance.anonymous_to_therapist:  # kept from the therapist: not even that it was sent
            attention.record_activity(client=client, kind=ActivityKind.FEEDBACK, by_user=by_user)
    return grievance


@transaction.atomic
def grievance_respond(
    *, grievance: Grievance, by_user: User, status: str, response: str, expected_version: int | None
) -> list[str]:
    """The admin moves the grievance along (or back) and writes the reply the client sees.

    Refused with EditConflictError if someone saved it since `expected_version` (clients.editing.versioned_update, as
    every record's edit). Returns what changed: a subset of {"status", "reply"}; the client is notified when
    anything did, and nothing is written when nothing did.
    """
    _ensure_clinic_admin(by_user, grievance)
    # The row as this request read it; if anyone saved since the form was opened, the update below refuses.
    before_status, had_reply = grievance.status, bool(grievance.response)
    now = timezone.now()

    def prepare(grievance: Grievance, changed: list[str]) -> None:
        client = grievance.client
        if "status" in changed:
            recording.record(
                by_user, "grievance.status", client=client, obj=grievance, detail=_move(before_status, status)
            )
            grievance.status_changed_at = now
        if "response" in changed:
            recording.record(by_user, "grievance.reply", client=client, obj=grievance, detail={"edit": had_reply})
            grievance.responded_by, grievance.responded_at = by_user, now

    changed = versioned_update(
        grievance,
        data={"status": status, "response": response},
        expected_version=expected_version,
        prepare=prepare,
        save_unchanged=False,
    )
    if changed:
        _notify_client(grievance, by_user)
    return ["reply" if name == "response" else name for name in changed]


def _move(before: str, status: str) -> dict[str, Any]:
    """The audit detail of a status change: codes only, and whether it went back."""
    backwards = STATUS_ORDER.index(status) < STATUS_ORDER.index(before)
    return {"from": before, "to": status, "backwards": backwards}


# Notifications: discreet, with a link, never the grievance's text.


def _notify_admins(grievance: Grievance) -> None:
    admins = User.objects.filter(clinic_id=grievance.client.clinic_id, role=Role.CLINIC_ADMIN, is_active=True)
    link = reverse("grievances:detail", kwargs={"grievance_id": grievance.pk})
    for admin in admins:
        with translation.override(admin.preferred_language):
            text = _("New feedback from a client is waiting in the clinic's inbox.")
        Notification.objects.create(user=admin, text=text, link=link)


def _notify_client(grievance: Grievance, by_user: User) -> None:
    client = grievance.client
    user = client.portal_user
    if user is None or not user.is_active:
        return
    link = reverse("portal:grievance", kwargs={"grievance_id": grievance.pk})
    with translation.override(user.preferred_language):
        if client.discreet_wording:
            text = _("You have an update in your planner")
        else:
            text = _("The clinic has an update on the feedback you sent.")
    Notification.objects.create(user=user, text=text, link=link)
    if client.allow_email and client.email_is_safe and user.email:
        _email_client(grievance, user, by_user, link)


def _email_client(grievance: Grievance, user: User, by_user: User, link: str) -> None:
    """One discreet email, through the reminders' pipeline; updates in quick succession share it."""
    local = (timezone.now() + EMAIL_AFTER).astimezone(ZoneInfo(reminder_services.reminder_zone(user)))
    reminder_services.reminder_for_source(
        source=f"grievance:{grievance.pk}",
        recipient=user,
        by_user=by_user,
        data={
            "kind": ReminderKind.CUSTOM,
            "starts_on": local.date(),
            "local_time": local.time(),
            "recurrence": Recurrence.NONE,
            "weekdays": [],
            "channel": ReminderChannel.EMAIL,
            "link": link,
        },
    )
