"""Writes in the accounts app: one function per user action, atomic and audited."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from empowerment import queue

from . import audit
from .models import Invitation, Role, User

logger = logging.getLogger(__name__)
UNSENT_AFTER = timedelta(minutes=2)  # an invitation still unsent after this was lost by the broker

# Who may invite whom: a clinic admin invites staff; a therapist invites a client to the portal.
INVITABLE_ROLES = {
    Role.CLINIC_ADMIN: {Role.THERAPIST, Role.CLINIC_ADMIN},
    Role.THERAPIST: {Role.CLIENT},
}

# What happens when an invitation of a role is accepted, registered by the apps above this one
# (the clients app links a portal account to its client record).
_acceptance_hooks = {}


def register_invitation_hook(role, hook):
    """Call `hook(invitation=..., user=...)` inside the transaction that accepts an invitation of `role`."""
    _acceptance_hooks[role] = hook


@transaction.atomic
def invitation_create(*, by_user, email, full_name, role, language=None, subject_id=None):
    """Invite someone by email; earlier open invitations to the same address in this clinic are revoked."""
    if role not in INVITABLE_ROLES.get(by_user.role, set()):
        raise PermissionDenied
    email = email.strip().lower()
    now = timezone.now()
    Invitation.objects.usable().filter(clinic_id=by_user.clinic_id, email=email).update(revoked_at=now)
    invitation = Invitation(
        clinic_id=by_user.clinic_id,
        email=email,
        full_name=full_name.strip(),
        role=role,
        language=language or by_user.clinic.default_language,
        invited_by=by_user,
        subject_id=subject_id,
        expires_at=now + settings.INVITATION_TTL,
    )
    invitation.issue_token()  # a placeholder hash; the sending task issues the token it emails
    invitation.save()
    audit.record(by_user, "invitation.create", obj=invitation, detail={"role": role})
    transaction.on_commit(lambda: _enqueue_send(invitation.id))
    return invitation


def _enqueue_send(invitation_id):
    from .tasks import send_invitation

    return queue.enqueue(send_invitation, invitation_id=str(invitation_id))


def invitations_requeue_unsent(now=None):
    """Queue again the invitation emails the broker never received (it was down); returns how many."""
    now = now or timezone.now()
    unsent = Invitation.objects.usable().filter(sent_at__isnull=True, created_at__lt=now - UNSENT_AFTER)
    count = 0
    for invitation_id in unsent.values_list("pk", flat=True)[:100]:
        if not _enqueue_send(invitation_id):
            break
        count += 1
    return count


def invitation_send(*, invitation_id):
    """Email a fresh single-use link. Called by the task; the token never passes through the broker."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(pk=invitation_id).first()
        if invitation is None or not invitation.is_usable:
            logger.info("Invitation %s not sent: no longer usable", invitation_id)
            return False
        token = invitation.issue_token()
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["token_hash", "sent_at"])
    _invitation_email(invitation, token).send()
    logger.info("Invitation %s sent", invitation.id)
    return True


def _invitation_email(invitation, token):
    link = settings.SITE_URL + reverse("accounts:invitation_accept", kwargs={"token": token})
    # Discreet by default: no clinic name or specialty, nothing about why the account exists.
    with translation.override(invitation.language):
        context = {"link": link, "expires_at": invitation.expires_at}
        subject = _("Set up your planner account")
        text = render_to_string("accounts/email/invitation.txt", context)
        html = render_to_string("accounts/email/invitation.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[invitation.email])
    message.attach_alternative(html, "text/html")
    return message


def invitation_for_token(raw_token):
    """The usable invitation for this raw token, or None."""
    if not raw_token:
        return None
    return Invitation.objects.usable().filter(token_hash=Invitation.hash_token(raw_token)).first()


@transaction.atomic
def invitation_accept(*, invitation, password):
    """Create the invitee's account with the password they chose; the link cannot be used again."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable or User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("This invitation can no longer be used. Ask the person who invited you for a new one."))
    user = User.objects.create_user(
        email=invitation.email,
        password=password,
        full_name=invitation.full_name,
        role=invitation.role,
        clinic_id=invitation.clinic_id,
        preferred_language=invitation.language,
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    invitation.save(update_fields=["accepted_at", "accepted_user"])
    hook = _acceptance_hooks.get(invitation.role)
    if hook is not None:
        hook(invitation=invitation, user=user)
    audit.record(user, "invitation.accept", obj=invitation, clinic=invitation.clinic)
    return user
