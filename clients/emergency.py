"""Emergency access (docs/rules.md, "Who may see what"): a clinic admin reads one client's record for a limited time.

The admin types a reason; the grant is logged, shown to the client's primary therapist, read-only
(`access.can(..., "write")` is for the caseload only) and ends by itself after
`settings.EMERGENCY_ACCESS_MINUTES`. Every page read under it is audited with the grant
(`recording.record` links the event to the active grant).

The in-app notification lives in the reminders app, above this one, which registers it with
the hooks registered for "started" (`HOOKS`, run inside the transaction, so the notice commits with the grant).
The discreet email is sent from here by a task that takes the grant's id only.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import outbox, timezones
from accounts.models import User
from audit import recording
from core.registry import Hooks

from . import access
from .models import EmergencyAccess

logger = logging.getLogger(__name__)

# "started": hook(grant=...), inside the transaction that starts an emergency access (the apps above register:
# reminders tells the client's therapist in the app).
HOOKS = Hooks("started")


def duration():
    return timedelta(minutes=settings.EMERGENCY_ACCESS_MINUTES)


# Reads ---------------------------------------------------------------------------------------------


def grants_for_user(user):
    """The emergency accesses `user` may look at: a clinic admin, their clinic's; a therapist, their caseload's."""
    if access.is_clinic_admin(user):
        queryset = EmergencyAccess.objects.filter(client__clinic_id=user.clinic_id)
    elif access.is_therapist(user):
        queryset = EmergencyAccess.objects.filter(client__in=access.visible_clients(user).values("pk"))
    else:
        return EmergencyAccess.objects.none()
    now = timezone.now()
    return queryset.select_related("admin", "client", "client__clinic").annotate(
        is_active=ExpressionWrapper(
            Q(starts_at__lte=now, ends_at__gt=now, ended_early_at__isnull=True), output_field=BooleanField()
        ),
        ended_at=Coalesce("ended_early_at", "ends_at"),
    )


def grant_for_user(user, grant_id):
    """One emergency access, if `user` may look at it; 404 otherwise."""
    return get_object_or_404(grants_for_user(user), pk=grant_id)


def active_grants(user):
    """The admin's emergency accesses still running (for the banner)."""
    if not access.is_clinic_admin(user):
        return EmergencyAccess.objects.none()
    return EmergencyAccess.objects.active().filter(admin_id=user.pk).select_related("client", "client__clinic")


def banner_grants(user):
    """`active_grants` with only what the banner shows: it runs on every page a clinic admin opens."""
    columns = ["ends_at", "client_id", "client__preferred_name", "client__legal_name", "client__clinic__timezone"]
    return active_grants(user).only(*columns)


# Writes --------------------------------------------------------------------------------------------


@transaction.atomic
def emergency_access_start(*, admin, client, reason):
    """Open one client's record to a clinic admin of its clinic for `EMERGENCY_ACCESS_MINUTES`.

    A reason is required. One record at a time: any other access the admin holds ends now. Asking
    again for the same record while it is open returns the open access (a form sent twice makes one).
    """
    if not access.is_clinic_admin(admin) or client.clinic_id != admin.clinic_id:
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Type the reason you need this record now. Emergency access needs one."))
    User.objects.select_for_update().filter(pk=admin.pk).first()  # one start at a time per admin
    current = active_grants(admin)
    existing = current.filter(client_id=client.pk).first()
    if existing is not None:
        return existing
    for other in current:
        _end(other, by_user=admin, why="replaced")
    now = timezone.now()
    grant = EmergencyAccess.objects.create(
        admin=admin, client=client, reason=reason, starts_at=now, ends_at=now + duration()
    )
    recording.record(admin, "emergency_access.start", client=client, obj=grant)
    HOOKS.run("started", grant=grant)
    outbox.queue_email(kind="emergency_access", recipient=client.primary_therapist, about=grant.id)
    logger.info("Emergency access %s started", grant.id)
    return grant


@transaction.atomic
def emergency_access_end(*, grant, by_user):
    """End the admin's own emergency access now. Ending one that has already ended changes nothing."""
    if grant.admin_id != by_user.pk:
        raise PermissionDenied
    grant = EmergencyAccess.objects.select_for_update().select_related("client").get(pk=grant.pk)
    if grant.ended_early_at is not None or grant.ends_at <= timezone.now():
        return False
    _end(grant, by_user=by_user, why="ended_by_admin")
    return True


def _end(grant, *, by_user, why):
    # Audited first, while the grant is still active, so the event is linked to it.
    recording.record(by_user, "emergency_access.end", client=grant.client, obj=grant, detail={"why": why})
    grant.ended_early_at = timezone.now()
    grant.save(update_fields=["ended_early_at"])
    logger.info("Emergency access %s ended early (%s)", grant.id, why)


# The therapist's email -----------------------------------------------------------------------------


def emergency_access_notice_message(email):
    """The "emergency_access" sender of owed emails (accounts/outbox.py): the therapist's notice, or None when the
    grant is gone or the therapist is no longer active."""
    grant = EmergencyAccess.objects.select_related("client__primary_therapist").filter(pk=email.about).first()
    if grant is None or not email.recipient.is_active:
        logger.info("Emergency access %s notice not emailed: no grant, or the therapist is inactive", email.about)
        return None
    return _notice_email(grant, email.recipient)


def emergency_access_notice_send(*, grant_id):
    """Email the primary therapist that their client's record was opened: the task of the previous release."""
    grant = EmergencyAccess.objects.select_related("client__primary_therapist").filter(pk=grant_id).first()
    if grant is None:
        return False
    therapist = grant.client.primary_therapist
    if not therapist.is_active:
        logger.info("Emergency access %s notice not emailed: the primary therapist is inactive", grant.id)
        return False
    _notice_email(grant, therapist).send()
    logger.info("Emergency access %s notice emailed", grant.id)
    return True


def _notice_email(grant, therapist):
    """Discreet: no client name and no reason; the details are behind the login."""
    link = settings.SITE_URL + reverse("accounts:emergency_access_detail", kwargs={"grant_id": grant.pk})
    with translation.override(therapist.preferred_language), timezones.override_for(therapist):
        context = {"link": link}
        subject = _("You have an update in your planner")
        text = render_to_string("clients/emergency/notice_email.txt", context)
        html = render_to_string("clients/emergency/notice_email.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[therapist.email])
    message.attach_alternative(html, "text/html")
    return message
