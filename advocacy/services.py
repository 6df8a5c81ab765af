"""Writes of advocacy plans: one function per action, permission-checked, atomic and audited."""

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
from clients.editing import assign, create_once, versioned_update
from clients.models import ActivityKind, Client
from reminders import services as reminders
from reminders.models import Recurrence, ReminderKind, ReminderStatus

from .models import (
    AdvocacyOpportunity,
    AdvocacyPlan,
    AdvocacyReview,
    AdvocacyStep,
    Decision,
    PlanStatus,
    StepStatus,
    StoryDraft,
    StoryVersion,
)

REVIEW_REMINDER_TIME = datetime.time(9, 0)


def _is_own_shared_plan(user: User, plan: AdvocacyPlan) -> bool:
    return access.is_own_record(user, plan.client) and plan.shared_with_client


def _check_opportunity(plan: AdvocacyPlan, data: dict[str, Any]) -> None:
    opportunity = data.get("opportunity")
    if opportunity is not None and opportunity.clinic_id != plan.client.clinic_id:
        raise PermissionDenied


@transaction.atomic
def plan_create(
    *, client: Client, by_user: User, data: dict[str, Any], submission_key: uuid.UUID | None = None
) -> AdvocacyPlan:
    access.ensure_can(by_user, "write", client)
    plan, created = create_once(
        AdvocacyPlan,
        by_user=by_user,
        action="advocacy_plan.create",
        client=client,
        submission_key=submission_key,
        fields={"client": client, "created_by": by_user},
        data=data,
        prepare=AdvocacyPlan.schedule_next_review,
    )
    if created:
        _review_reminder(plan, by_user)
    return plan


def _review_reminder(plan: AdvocacyPlan, by_user: User) -> None:
    """The primary therapist's reminder of the next review of the pace, kept in step with the plan."""
    if plan.next_review_on is None:
        return
    reminders.reminder_for_source(
        source=f"advocacy_plan:{plan.pk}:review",
        recipient=plan.client.primary_therapist,
        by_user=by_user,
        client=plan.client,
        data={
            "kind": ReminderKind.ADVOCACY_REVIEW,
            "starts_on": plan.next_review_on,
            "local_time": REVIEW_REMINDER_TIME,
            "recurrence": Recurrence.NONE,
            "link": plan.get_absolute_url(),
        },
    )


@transaction.atomic
def plan_update(
    *, plan: AdvocacyPlan, by_user: User, data: dict[str, Any], expected_version: int | None
) -> AdvocacyPlan:
    access.ensure_can(by_user, "write", plan.client)

    def reschedule(instance: AdvocacyPlan, changed: list[str]) -> None:
        if "review_interval_days" in changed:
            instance.schedule_next_review(after=instance.last_reviewed_on())

    changed = versioned_update(plan, data=data, expected_version=expected_version, prepare=reschedule)
    recording.record(by_user, "advocacy_plan.update", client=plan.client, obj=plan, detail={"fields": changed})
    if "review_interval_days" in changed:
        _review_reminder(plan, by_user)
    return plan


@transaction.atomic
def plan_set_status(*, plan: AdvocacyPlan, by_user: User, status: str) -> AdvocacyPlan:
    """Pause, resume or close a plan. A paused plan's steps send no reminders until it resumes."""
    access.ensure_can(by_user, "write", plan.client)
    return _set_status(plan, by_user, status)


def _set_status(plan: AdvocacyPlan, by_user: User, status: str) -> AdvocacyPlan:
    if plan.status == status:
        return plan
    detail = {"from": plan.status, "to": status}
    plan.status = status
    plan.status_changed_at = timezone.now()
    if status == PlanStatus.ACTIVE:
        plan.schedule_next_review()
    plan.version += 1
    plan.save(update_fields=["status", "status_changed_at", "next_review_on", "version", "updated_at"])
    recording.record(by_user, "advocacy_plan.status", client=plan.client, obj=plan, detail=detail)
    # Pausing a plan pauses every reminder it made; resuming brings them back; closing ends them.
    source = f"advocacy_plan:{plan.pk}"
    if status == PlanStatus.PAUSED:
        reminders.reminders_set_status(source_prefix=source, status=ReminderStatus.PAUSED)
    elif status == PlanStatus.ACTIVE:
        reminders.reminders_set_status(source_prefix=source, status=ReminderStatus.ACTIVE)
        _review_reminder(plan, by_user)
    else:
        reminders.reminders_set_status(source_prefix=source, status=ReminderStatus.CANCELLED)
    return plan


@transaction.atomic
def step_create(
    *, plan: AdvocacyPlan, by_user: User, data: dict[str, Any], submission_key: uuid.UUID | None = None
) -> AdvocacyStep:
    access.ensure_can(by_user, "write", plan.client)
    _check_opportunity(plan, data)
    step, _created = create_once(
        AdvocacyStep,
        by_user=by_user,
        action="advocacy_step.create",
        client=plan.client,
        submission_key=submission_key,
        fields={"plan": plan, "created_by": by_user},
        data=data,
        prepare=lambda step: _mark_completion(step, by_user),
    )
    return step


@transaction.atomic
def step_update(
    *, step: AdvocacyStep, by_user: User, data: dict[str, Any], expected_version: int | None
) -> AdvocacyStep:
    access.ensure_can(by_user, "write", step.plan.client)
    _check_opportunity(step.plan, data)
    changed = versioned_update(
        step,
        data=data,
        expected_version=expected_version,
        prepare=lambda instance, _: _mark_completion(instance, by_user),
    )
    recording.record(by_user, "advocacy_step.update", client=step.plan.client, obj=step, detail={"fields": changed})
    return step


def _mark_completion(step: AdvocacyStep, by_user: User) -> None:
    if step.status == StepStatus.DONE and step.completed_at is None:
        step.completed_at, step.completed_by = timezone.now(), by_user
    elif step.status != StepStatus.DONE:
        step.completed_at, step.completed_by = None, None


@transaction.atomic
def step_done_by_client(*, step: AdvocacyStep, by_user: User, reflection: str) -> AdvocacyStep:
    """The client marks a step of a plan shared with them done, with their reflection."""
    if not _is_own_shared_plan(by_user, step.plan):
        raise PermissionDenied
    step.status = StepStatus.DONE
    step.reflection = reflection
    step.completed_at, step.completed_by = timezone.now(), by_user
    step.version += 1
    step.save(update_fields=["status", "reflection", "completed_at", "completed_by", "version", "updated_at"])
    recording.record(by_user, "advocacy_step.done_by_client", client=step.plan.client, obj=step)
    attention.record_activity(
        client=step.plan.client,
        kind=ActivityKind.ADVOCACY_STEP_DONE,
        link=step.plan.get_absolute_url(),
        by_user=by_user,
    )
    return step


@transaction.atomic
def review_create(
    *, plan: AdvocacyPlan, by_user: User, data: dict[str, Any], submission_key: uuid.UUID | None = None
) -> AdvocacyReview:
    """Record a review; the next one falls due after the interval. "Pause" pauses the plan."""
    own = _is_own_shared_plan(by_user, plan)
    if not own:
        access.ensure_can(by_user, "write", plan.client)
    review, created = create_once(
        AdvocacyReview,
        by_user=by_user,
        action="advocacy_review.create",
        client=plan.client,
        submission_key=submission_key,
        fields={"plan": plan, "author": by_user},
        data=data,
        detail={"by_client": own},
    )
    if not created:
        return review
    plan.schedule_next_review()
    plan.save(update_fields=["next_review_on", "updated_at"])
    if plan.status == PlanStatus.ACTIVE:
        _review_reminder(plan, by_user)
    if review.decision == Decision.PAUSE:
        # The client's "pause" is honoured at once: the plan and its reminders pause now, and the care team is
        # asked (by the flag below) to confirm it or talk it through. The therapist may resume it.
        _set_status(plan, by_user, PlanStatus.PAUSED)
    if own:
        attention.record_activity(
            client=plan.client,
            kind=ActivityKind.ADVOCACY_REVIEW,
            facts={"decision": review.decision, "signs": list(review.burnout_signs)},
            link=plan.get_absolute_url(),
            by_user=by_user,
        )
    return review


@transaction.atomic
def draft_create(
    *, plan: AdvocacyPlan, by_user: User, data: dict[str, Any], submission_key: uuid.UUID | None = None
) -> StoryDraft:
    access.ensure_can(by_user, "write", plan.client)
    draft, created = create_once(
        StoryDraft,
        by_user=by_user,
        action="story_draft.create",
        client=plan.client,
        submission_key=submission_key,
        fields={"plan": plan, "created_by": by_user},
        data=data,
    )
    if created:
        StoryVersion.objects.create(draft=draft, number=1, text=draft.text, saved_by=by_user)
    return draft


@transaction.atomic
def draft_update(*, draft: StoryDraft, by_user: User, data: dict[str, Any], expected_version: int | None) -> StoryDraft:
    """Save the draft; a changed text becomes a new version, and the earlier ones are kept."""
    access.ensure_can(by_user, "write", draft.plan.client)

    def withdraw_if_incomplete(instance: StoryDraft, _changed: list[str]) -> None:
        if not instance.checklist_complete:
            instance.ready_to_publish_at = None

    changed = versioned_update(draft, data=data, expected_version=expected_version, prepare=withdraw_if_incomplete)
    if "text" in changed:
        number = draft.versions.count() + 1
        StoryVersion.objects.create(draft=draft, number=number, text=draft.text, saved_by=by_user)
    recording.record(by_user, "story_draft.update", client=draft.plan.client, obj=draft, detail={"fields": changed})
    return draft


@transaction.atomic
def draft_mark_ready(*, draft: StoryDraft, by_user: User) -> StoryDraft:
    """Mark a draft ready to go public: only when every item of the checklist holds."""
    access.ensure_can(by_user, "write", draft.plan.client)
    if not draft.checklist_complete:
        raise ValidationError(
            _(
                "Before anything goes public, tick the consent and off-limits checks "
                "and write a support plan for reactions."
            )
        )
    draft.ready_to_publish_at = timezone.now()
    draft.save(update_fields=["ready_to_publish_at", "updated_at"])
    recording.record(by_user, "story_draft.ready", client=draft.plan.client, obj=draft)
    return draft


@transaction.atomic
def opportunity_create(*, by_user: User, data: dict[str, Any]) -> AdvocacyOpportunity:
    if not (access.is_therapist(by_user) or access.is_clinic_admin(by_user)):
        raise PermissionDenied
    clinic_id = cast(uuid.UUID, by_user.clinic_id)  # staff of a clinic (checked above)
    opportunity = AdvocacyOpportunity(clinic_id=clinic_id, created_by=by_user)
    assign(opportunity, data)
    opportunity.save()
    recording.record(by_user, "advocacy_opportunity.create", obj=opportunity)
    return opportunity


@transaction.atomic
def opportunity_update(
    *, opportunity: AdvocacyOpportunity, by_user: User, data: dict[str, Any], expected_version: int | None
) -> AdvocacyOpportunity:
    if opportunity.clinic_id != by_user.clinic_id:
        raise PermissionDenied
    changed = versioned_update(opportunity, data=data, expected_version=expected_version)
    recording.record(by_user, "advocacy_opportunity.update", obj=opportunity, detail={"fields": changed})
    return opportunity
