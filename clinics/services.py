"""Writes of the clinic admin: staff management and the clinic's settings, each checked, atomic and audited."""

import uuid
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services as account_services
from accounts.models import BackupCodeDevice, Invitation, Role, User
from audit import recording
from clients.models import Client, ClientStatus

from .forms import ClinicSettingsForm
from .models import Clinic

# Staff management by a clinic admin: each action is checked, atomic and audited. Changing a role,
# deactivating and resetting the second factor end the member's sessions at once.


def _ensure_admin_of(by_admin: User, member: User) -> None:
    if not (by_admin.is_clinic_admin and by_admin.is_active and member.clinic_id == by_admin.clinic_id):
        raise PermissionDenied
    if member.role not in (Role.THERAPIST, Role.CLINIC_ADMIN):
        raise PermissionDenied
    if member.pk == by_admin.pk:
        raise ValidationError(_("You cannot do this to your own account. Ask another clinic admin."))


def _active_admins(clinic_id: uuid.UUID | None) -> QuerySet[User]:
    """The clinic's active admins (a staff member always has a clinic: the user model's constraint)."""
    return User.objects.filter(clinic_id=cast(uuid.UUID, clinic_id), role=Role.CLINIC_ADMIN, is_active=True)


def active_caseload(member: User) -> QuerySet[Client]:
    """The active clients whose primary therapist `member` is."""
    return Client.objects.filter(primary_therapist_id=member.pk, status=ClientStatus.ACTIVE)


@transaction.atomic
def staff_set_role(*, member: User, by_admin: User, role: str) -> User:
    _ensure_admin_of(by_admin, member)
    if role not in (Role.THERAPIST, Role.CLINIC_ADMIN):
        raise ValidationError(_("Choose therapist or clinic admin."))
    if role == member.role:
        return member
    if member.role == Role.THERAPIST and active_caseload(member).exists():
        raise ValidationError(_("This therapist still has clients. Move their caseload to colleagues first."))
    if member.role == Role.CLINIC_ADMIN and not _active_admins(member.clinic_id).exclude(pk=member.pk).exists():
        raise ValidationError(_("The clinic needs at least one active clinic admin."))
    previous = member.role
    member.role = role
    member.end_all_sessions()
    member.save(update_fields=["role", "session_stamp"])
    recording.record(by_admin, "staff.role", obj=member, detail={"from": previous, "to": role})
    return member


@transaction.atomic
def staff_deactivate(*, member: User, by_admin: User) -> User:
    """The member can no longer sign in; every session they have ends on its next request."""
    _ensure_admin_of(by_admin, member)
    if member.role == Role.THERAPIST and active_caseload(member).exists():
        raise ValidationError(_("This therapist still has clients. Move their caseload to colleagues first."))
    member.is_active = False
    member.end_all_sessions()
    member.save(update_fields=["is_active", "session_stamp"])
    recording.record(by_admin, "staff.deactivate", obj=member)
    return member


@transaction.atomic
def staff_reactivate(*, member: User, by_admin: User) -> User:
    _ensure_admin_of(by_admin, member)
    member.is_active = True
    member.save(update_fields=["is_active"])
    recording.record(by_admin, "staff.reactivate", obj=member)
    return member


@transaction.atomic
def staff_reset_second_factor(*, member: User, by_admin: User) -> User:
    """Remove the member's authenticator and backup codes: they enrol again at their next sign-in."""
    _ensure_admin_of(by_admin, member)
    TOTPDevice.objects.filter(user=member).delete()
    BackupCodeDevice.objects.filter(user=member).delete()
    member.end_all_sessions()
    member.save(update_fields=["session_stamp"])
    recording.record(by_admin, "staff.second_factor_reset", obj=member)
    account_services.account_notice(member, "second_factor_removed")
    return member


def _open_staff_invitation(by_admin: User, invitation: Invitation) -> None:
    staff_roles = (Role.THERAPIST, Role.CLINIC_ADMIN)
    if not (by_admin.is_clinic_admin and invitation.clinic_id == by_admin.clinic_id and invitation.role in staff_roles):
        raise PermissionDenied
    if not invitation.is_usable:
        raise ValidationError(_("This invitation has already been used, revoked or has expired."))


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by_admin: User) -> Invitation:
    """Send a fresh link (the old one stops working) and give it a new expiry."""
    _open_staff_invitation(by_admin, invitation)
    invitation.expires_at = timezone.now() + settings.INVITATION_TTL
    invitation.sent_at = None
    invitation.issue_token()  # the old link stops working now; the task emails a new one
    invitation.save(update_fields=["expires_at", "sent_at", "token_hash"])
    recording.record(by_admin, "invitation.resend", obj=invitation)
    transaction.on_commit(lambda: account_services.enqueue_invitation_email(invitation.id))
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by_admin: User) -> Invitation:
    _open_staff_invitation(by_admin, invitation)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    recording.record(by_admin, "invitation.revoke", obj=invitation)
    return invitation


@transaction.atomic
def clinic_update(
    *, clinic: Clinic, by_admin: User, form: ClinicSettingsForm, crisis_lines: "BaseInlineFormSet[Any, Any, Any]"
) -> Clinic:
    """Save the clinic's settings and its crisis lines (a model form and a formset, both valid)."""
    if not (by_admin.is_clinic_admin and by_admin.clinic_id == clinic.pk):
        raise PermissionDenied
    changed = sorted(form.changed_data)
    form.save()
    crisis_lines.save()
    recording.record(by_admin, "clinic.settings", obj=clinic, detail={"fields": changed})
    return clinic
