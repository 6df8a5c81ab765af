"""Reads of the clinic admin's pages (staff and staff invitations), already scoped to the admin who asks."""

import uuid
from typing import cast

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import STAFF_ROLES, Invitation, Role, User
from clients import access

from .models import Clinic, CrisisLine


def clinic_staff(*, user: access.Reader) -> QuerySet[User]:
    """The staff of the admin's own clinic, with whether each has enrolled a second factor."""
    if not access.is_clinic_admin(user):
        return User.objects.none()
    enrolled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return (
        User.objects.filter(clinic_id=cast(uuid.UUID, user.clinic_id), role__in=STAFF_ROLES)
        .annotate(has_second_factor=Exists(enrolled))
        .order_by("full_name")
    )


def open_staff_invitations(*, user: access.Reader) -> QuerySet[Invitation]:
    if not access.is_clinic_admin(user):
        return Invitation.objects.none()
    return (
        Invitation.objects.usable()
        .filter(clinic_id=user.clinic_id, role__in=[Role.THERAPIST, Role.CLINIC_ADMIN])
        .select_related("invited_by")
    )


def staff_member(*, user: access.Reader, user_id: uuid.UUID | str) -> User:
    """A staff member of the admin's own clinic, or 404."""
    return get_object_or_404(clinic_staff(user=user), pk=user_id)


def staff_invitation(*, user: access.Reader, invitation_id: uuid.UUID | str) -> Invitation:
    """A staff invitation of the admin's own clinic (open or not), or 404."""
    if not access.is_clinic_admin(user):
        raise Http404
    staff_roles = [Role.THERAPIST, Role.CLINIC_ADMIN]
    return get_object_or_404(Invitation, pk=invitation_id, clinic_id=user.clinic_id, role__in=staff_roles)


def crisis_lines(*, clinic: Clinic | uuid.UUID | None) -> QuerySet[CrisisLine]:
    """The crisis lines of `clinic` (a clinic or its id): the fields the safety plan and the portal show. Registered
    with the clients app, which shows them and may not import this one (`clients.selectors.crisis_lines`)."""
    return CrisisLine.objects.filter(clinic=clinic).only("id", "name", "phone", "text", "hours")
