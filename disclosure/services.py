"""Writes of disclosure plans: one function per action, permission-checked, atomic and audited."""

import datetime
import uuid
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit import recording
from clients import access, attention
from clients.editing import create_once, versioned_update
from clients.models import ActivityKind, Client, SupportPerson
from reminders import services as reminders
from reminders.models import Recurrence, ReminderKind

from .models import STATUS_ORDER, Debrief, DisclosurePlan, DisclosureStatus, Rehearsal, StatusChange

FOLLOW_UP_TIME = datetime.time(9, 0)


def _check_support_person(client: Client, data: dict[str, Any]) -> None:
    person = data.get("support_person")
    if person is not None and person.client_id != client.pk:
        raise PermissionDenied


def _is_own_shared_plan(user: User, plan: DisclosurePlan) -> bool:
    return access.is_own_record(user, plan.client) and plan.shared_with_client


@transaction.atomic
def plan_create(
    *, client: Client, by_user: User, data: dict[str, Any], submission_key: uuid.UUID | None = None
) -> DisclosurePlan:
    access.ensure_can(by_user, "write", client)
    _check_support_person(client, data)
    plan, created = create_once(
        DisclosurePlan,
        by_user=by_user,
        action="disclosure_plan.create",
        client=client,
        submission_key=submission_key,
        fields={"client": client, "created_by": by_user},
        data=data,
    )
    if created:
        StatusChange.objects.create(plan=plan, to_status=plan.status, changed_by=by_user)
    return plan


@transaction.atomic
def plan_update(
    *, plan: DisclosurePlan, by_user: User, data: dict[str, Any], expected_version: int | None
) -> DisclosurePlan:
    access.ensure_can(by_user, "write", plan.client)
    _check_support_person(plan.client, data)
    changed = versioned_update(plan, data=data, expected_version=expected_version)
    recording.record(by_user, "disclosure_plan.update", client=plan.client, obj=plan, detail={"fields": changed})
    return plan


@transaction.atomic
def plan_set_status(*, plan: DisclosurePlan, by_user: User, status: str, reason: str = "") -> DisclosurePlan:
    """Move the plan to another step. Going back a step is fine, and needs a reason in words."""
    access.ensure_can(by_user, "write", plan.client)
    plan = DisclosurePlan.objects.select_for_update().get(pk=plan.pk)
    if status == plan.status:
        return plan
    backwards = STATUS_ORDER.index(status) < STATUS_ORDER.index(plan.status)
    if backwards and not reason.strip():
        raise ValidationError(
            _("Moving back from “%(current)s” to “%(new)s” needs a reason: say what changed.")
            % {"current": DisclosureStatus(plan.status).label, "new": DisclosureStatus(status).label},
            code="reason_required",
        )
    if status == DisclosureStatus.REFLECTED and not plan.debriefs.exists():
        raise ValidationError(_("Record a debrief first: reflecting starts from how it went."), code="debrief_required")
    StatusChange.objects.create(
        plan=plan, from_status=plan.status, to_status=status, reason=reason.strip(), changed_by=by_user
    )
    previous, plan.status = plan.status, status
    plan.version += 1
    plan.save(update_fields=["status", "version", "updated_at"])
    detail = {"from": previous, "to": status, "backwards": backwards}
    recording.record(by_user, "disclosure_plan.status", client=plan.client, obj=plan, detail=detail)
    return plan


@transaction.atomic
def rehearsal_create(
    *, plan: DisclosurePlan, by_user: User, data: dict[str, Any], submission_key: uuid.UUID | None = None
) -> Rehearsal:
    """Record a role-play; the first rehearsal moves a plan that is being considered to rehearsing."""
    access.ensure_can(by_user, "write", plan.client)
    rehearsal, created = create_once(
        Rehearsal,
        by_user=by_user,
        action="rehearsal.create",
        client=plan.client,
        submission_key=submission_key,
        fields={"plan": plan, "created_by": by_user},
        data=data,
    )
    if created and plan.status == DisclosureStatus.CONSIDERING:
        plan_set_status(plan=plan, by_user=by_user, status=DisclosureStatus.REHEARSING)
    return rehearsal


@transaction.atomic
def debrief_create(
    *, plan: DisclosurePlan, by_user: User, data: dict[str, Any], submission_key: uuid.UUID | None = None
) -> Debrief:
    """Record how a disclosure went, by the care team or by the client on a plan shared with them.

    A debrief on a disclosed plan moves it to reflected; a new place on the ally path is applied to
    the support person the plan is about.
    """
    own = _is_own_shared_plan(by_user, plan)
    if not own:
        access.ensure_can(by_user, "write", plan.client)
    debrief, created = create_once(
        Debrief,
        by_user=by_user,
        action="debrief.create",
        client=plan.client,
        submission_key=submission_key,
        fields={"plan": plan, "author": by_user},
        data=data,
        detail={"by_client": own},
    )
    if not created:
        return debrief
    if own:
        attention.record_activity(
            client=plan.client,
            kind=ActivityKind.DEBRIEF,
            facts={"outcome": debrief.outcome},
            link=plan.get_absolute_url(),
            by_user=by_user,
        )
    if debrief.ally_stage_after and plan.support_person_id and not own:
        _move_on_ally_path(plan, by_user, debrief.ally_stage_after)
    if plan.status == DisclosureStatus.DISCLOSED and not own:
        plan_set_status(plan=plan, by_user=by_user, status=DisclosureStatus.REFLECTED)
    _follow_up_reminder(debrief, by_user)
    return debrief


def _follow_up_reminder(debrief: Debrief, by_user: User) -> None:
    """A debrief's follow-up date becomes a check-in reminder for the client's primary therapist."""
    therapist = debrief.plan.client.primary_therapist
    if debrief.follow_up_on is None or therapist is None:
        return
    reminders.reminder_for_source(
        source=f"debrief:{debrief.pk}",
        recipient=therapist,
        by_user=by_user,
        client=debrief.plan.client,
        data={
            "kind": ReminderKind.CHECK_IN,
            "starts_on": debrief.follow_up_on,
            "local_time": FOLLOW_UP_TIME,
            "recurrence": Recurrence.NONE,
            "link": debrief.plan.get_absolute_url(),
        },
    )


def _move_on_ally_path(plan: DisclosurePlan, by_user: User, stage: str) -> None:
    person = cast(SupportPerson, plan.support_person)  # the caller checked support_person_id
    if person.ally_stage == stage:
        return
    detail = {"from": person.ally_stage, "to": stage}
    person.ally_stage = stage
    person.save(update_fields=["ally_stage", "updated_at"])
    recording.record(by_user, "support_person.ally_path", client=plan.client, obj=person, detail=detail)


@transaction.atomic
def client_readiness_record(*, plan: DisclosurePlan, by_user: User, readiness: int) -> DisclosurePlan:
    """The client records, in the portal, how ready they feel; the therapist sees it on the plan."""
    if not _is_own_shared_plan(by_user, plan):
        raise PermissionDenied
    plan.client_readiness = readiness
    plan.client_readiness_at = timezone.now()
    plan.save(update_fields=["client_readiness", "client_readiness_at", "updated_at"])
    recording.record(by_user, "disclosure_plan.client_readiness", client=plan.client, obj=plan)
    return plan
