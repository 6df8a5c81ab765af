"""Writes of the peer directory and referrals: permission-checked, atomic and audited.

No introduction before consent; withdrawing consent stops all sharing at once.
"""

import datetime
import uuid
from collections.abc import Iterable
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from audit import recording
from clients import access, attention
from clients.editing import assign, create_once, versioned_update
from clients.models import ActivityKind, Client
from reminders import notices
from reminders import services as reminders
from reminders.models import Recurrence, ReminderKind, ReminderStatus

from . import consent
from .models import (
    ENDINGS_NEEDING_A_REASON,
    NEXT_STATUSES,
    ConsentMethod,
    FocusArea,
    PeerReferral,
    PeerResource,
    ReferralStatus,
    ReferralStatusChange,
    SharedDetail,
)

FOLLOW_UP_TIME = datetime.time(9, 0)


def _directory_staff(user: User) -> None:
    if not (access.is_therapist(user) or access.is_clinic_admin(user)):
        raise PermissionDenied


@transaction.atomic
def resource_create(*, by_user: User, data: dict[str, Any], focus_areas: Iterable[FocusArea] = ()) -> PeerResource:
    _directory_staff(by_user)
    clinic_id = cast(uuid.UUID, by_user.clinic_id)  # staff of a clinic (checked above)
    resource = PeerResource(clinic_id=clinic_id, created_by=by_user)
    assign(resource, data)
    resource.save()
    resource.focus_areas.set([area for area in focus_areas if area.clinic_id == by_user.clinic_id])
    recording.record(by_user, "peer_resource.create", obj=resource)
    return resource


@transaction.atomic
def resource_update(
    *,
    resource: PeerResource,
    by_user: User,
    data: dict[str, Any],
    expected_version: int | None,
    focus_areas: Iterable[FocusArea] | None = None,
) -> PeerResource:
    _directory_staff(by_user)
    if resource.clinic_id != by_user.clinic_id:
        raise PermissionDenied
    changed = versioned_update(resource, data=data, expected_version=expected_version)
    if focus_areas is not None:
        resource.focus_areas.set([area for area in focus_areas if area.clinic_id == by_user.clinic_id])
    recording.record(by_user, "peer_resource.update", obj=resource, detail={"fields": changed})
    return resource


@transaction.atomic
def resource_verify(*, resource: PeerResource, by_user: User) -> PeerResource:
    """Someone checked the resource's details today."""
    _directory_staff(by_user)
    if resource.clinic_id != by_user.clinic_id:
        raise PermissionDenied
    resource.last_verified_on = timezone.localdate()
    resource.save(update_fields=["last_verified_on", "updated_at"])
    recording.record(by_user, "peer_resource.verify", obj=resource)
    return resource


@transaction.atomic
def referral_create(
    *,
    client: Client,
    by_user: User,
    resource: PeerResource,
    data: dict[str, Any],
    submission_key: uuid.UUID | None = None,
) -> PeerReferral:
    access.ensure_can(by_user, "write", client)
    if resource.clinic_id != client.clinic_id:
        raise PermissionDenied

    def prepare(referral: PeerReferral) -> None:
        _refuse_an_open_duplicate(client, resource)  # a second, different referral: the same form again is not one
        referral.shared_details = referral.shared_details or [SharedDetail.FIRST_NAME]

    referral, created = create_once(
        PeerReferral,
        by_user=by_user,
        action="referral.create",
        client=client,
        submission_key=submission_key,
        fields={"client": client, "resource": resource, "created_by": by_user},
        data=data,
        prepare=prepare,
    )
    if created:
        ReferralStatusChange.objects.create(referral=referral, to_status=referral.status, changed_by=by_user)
        _follow_up_reminder(referral, by_user)
    return referral


class DuplicateReferralError(ValidationError):
    """The client already has an open referral to this resource; `referral` is that one."""

    def __init__(self, referral: PeerReferral) -> None:
        self.referral = referral
        super().__init__(
            _(
                "There is already an open referral to %(resource)s for this client (%(status)s). Carry on with "
                "that one, or end it before making a new one."
            )
            % {"resource": referral.resource.name, "status": referral.get_status_display().lower()},
            code="duplicate",
        )


def _refuse_an_open_duplicate(client: Client, resource: PeerResource) -> None:
    """One open referral (suggested up to attending) per client and resource; an ended one may be made again."""
    # The client's row is locked first, so two referrals made at the same moment see each other.
    Client.objects.select_for_update().filter(pk=client.pk).exists()
    existing = PeerReferral.objects.filter(client=client, resource=resource).open().select_related("resource").first()
    if existing is not None:
        raise DuplicateReferralError(existing)


def _follow_up_reminder(referral: PeerReferral, by_user: User) -> None:
    """Keep the primary therapist's follow-up reminder in step with the referral."""
    source = f"referral:{referral.pk}"
    ended = referral.status in (ReferralStatus.COMPLETED, *ENDINGS_NEEDING_A_REASON)
    if referral.follow_up_on is None or ended:
        reminders.reminders_set_status(source_prefix=source, status=ReminderStatus.CANCELLED)
        return
    reminders.reminder_for_source(
        source=source,
        recipient=referral.client.primary_therapist,
        by_user=by_user,
        client=referral.client,
        data={
            "kind": ReminderKind.REFERRAL_FOLLOW_UP,
            "starts_on": referral.follow_up_on,
            "local_time": FOLLOW_UP_TIME,
            "recurrence": Recurrence.NONE,
            "link": referral.get_absolute_url(),
        },
    )


@transaction.atomic
def referral_update(
    *, referral: PeerReferral, by_user: User, data: dict[str, Any], expected_version: int | None
) -> PeerReferral:
    access.ensure_can(by_user, "write", referral.client)
    changed = versioned_update(referral, data=data, expected_version=expected_version)
    recording.record(by_user, "referral.update", client=referral.client, obj=referral, detail={"fields": changed})
    _follow_up_reminder(referral, by_user)
    return referral


def _change_status(referral: PeerReferral, by_user: User, status: str, reason: str = "") -> PeerReferral:
    ReferralStatusChange.objects.create(
        referral=referral, from_status=referral.status, to_status=status, reason=reason, changed_by=by_user
    )
    detail = {"from": referral.status, "to": status}
    referral.status = status
    if status == ReferralStatus.AWAITING_CONSENT:
        referral.shown_to_client = True
    referral.version += 1
    referral.save()
    recording.record(by_user, "referral.status", client=referral.client, obj=referral, detail=detail)
    _follow_up_reminder(referral, by_user)
    if status == ReferralStatus.AWAITING_CONSENT:  # the client is asked: tell them something waits for them
        notices.notify_client(
            referral.client,
            text=gettext_noop("A possible connection is waiting for your answer"),
            link=reverse("portal:referral", kwargs={"referral_id": referral.pk}),
            source=f"consent:{referral.pk}",
        )
    return referral


@transaction.atomic
def referral_set_status(*, referral: PeerReferral, by_user: User, status: str, reason: str = "") -> PeerReferral:
    """Move a referral on. An introduction needs consent; declined, withdrawn and not a fit need a reason."""
    access.ensure_can(by_user, "write", referral.client)
    referral = PeerReferral.objects.select_for_update().select_related("client").get(pk=referral.pk)
    if status not in ReferralStatus.values:
        raise ValidationError(_("Choose one of the listed statuses."), code="unknown_status")
    if status == ReferralStatus.INTRODUCED and not referral.has_consent:
        raise ValidationError(
            _("No introduction before the client's consent. Ask for consent first, in the portal or in session."),
            code="consent_required",
        )
    if status not in NEXT_STATUSES.get(referral.status, []):
        raise ValidationError(
            _("A referral cannot go from “%(current)s” to “%(new)s”.")
            % {"current": ReferralStatus(referral.status).label, "new": ReferralStatus(status).label},
            code="not_allowed",
        )
    if status in ENDINGS_NEEDING_A_REASON and not reason.strip():
        raise ValidationError(_("Say why, in a few words: it helps the next referral."), code="reason_required")
    if status == ReferralStatus.WITHDRAWN:
        return _withdraw(referral, by_user, reason.strip())
    return _change_status(referral, by_user, status, reason.strip())


@transaction.atomic
def consent_record(*, referral: PeerReferral, by_user: User, method: str, language: str | None = None) -> PeerReferral:
    """Record the client's informed consent: given in the portal, or verbally in session (by the therapist)."""
    referral = PeerReferral.objects.select_for_update().select_related("client").get(pk=referral.pk)
    if method == ConsentMethod.PORTAL:
        if not (access.is_own_record(by_user, referral.client) and referral.shown_to_client):
            raise PermissionDenied
    else:
        access.ensure_can(by_user, "write", referral.client)
    if referral.status not in (ReferralStatus.SUGGESTED, ReferralStatus.AWAITING_CONSENT):
        raise ValidationError(_("Consent can only be given while the referral is waiting for it."))
    referral.consent_given_at = timezone.now()
    referral.consent_method = method
    referral.consent_text_version = consent.CURRENT_VERSION
    referral.consent_language = language or translation.get_language() or "en"
    referral.consent_recorded_by = by_user
    referral.consent_withdrawn_at = None
    referral.consent_withdrawn_by = None
    recording.record(by_user, "referral.consent", client=referral.client, obj=referral, detail={"method": method})
    if method == ConsentMethod.PORTAL:
        attention.record_activity(
            client=referral.client,
            kind=ActivityKind.CONSENT_GIVEN,
            link=referral.get_absolute_url(),
            by_user=by_user,
        )
    return _change_status(referral, by_user, ReferralStatus.CONSENTED)


@transaction.atomic
def consent_withdraw(*, referral: PeerReferral, by_user: User, reason: str = "") -> PeerReferral:
    """Withdraw consent, by the client in the portal or by the therapist: all sharing stops at once."""
    referral = PeerReferral.objects.select_for_update().select_related("client").get(pk=referral.pk)
    own = access.is_own_record(by_user, referral.client) and referral.shown_to_client
    if not own:
        access.ensure_can(by_user, "write", referral.client)
    if not referral.has_consent:
        raise ValidationError(_("There is no consent to withdraw on this referral."))
    reason = reason.strip() or (_("The client withdrew consent in the portal.") if own else "")
    if not reason:
        raise ValidationError(_("Say why, in a few words: it helps the next referral."), code="reason_required")
    if own:
        attention.record_activity(
            client=referral.client,
            kind=ActivityKind.CONSENT_WITHDRAWN,
            link=referral.get_absolute_url(),
            by_user=by_user,
        )
    return _withdraw(referral, by_user, reason)


def _withdraw(referral: PeerReferral, by_user: User, reason: str) -> PeerReferral:
    referral.consent_withdrawn_at = timezone.now()
    referral.consent_withdrawn_by = by_user
    referral.shared_details = []  # nothing more may be passed on
    recording.record(by_user, "referral.consent_withdrawn", client=referral.client, obj=referral)
    return _change_status(referral, by_user, ReferralStatus.WITHDRAWN, reason)


@transaction.atomic
def referral_decline(*, referral: PeerReferral, by_user: User, reason: str = "") -> PeerReferral:
    """The client says no in the portal; that is their right, and it ends the referral."""
    referral = PeerReferral.objects.select_for_update().select_related("client").get(pk=referral.pk)
    if not (access.is_own_record(by_user, referral.client) and referral.shown_to_client):
        raise PermissionDenied
    if referral.status != ReferralStatus.AWAITING_CONSENT:
        raise ValidationError(_("This referral is no longer waiting for your answer."))
    attention.record_activity(
        client=referral.client, kind=ActivityKind.CONSENT_DECLINED, link=referral.get_absolute_url(), by_user=by_user
    )
    return _change_status(
        referral, by_user, ReferralStatus.DECLINED, reason.strip() or _("The client declined in the portal.")
    )
