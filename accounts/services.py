"""Writes in the accounts app: one function per user action, atomic and audited (staff management: clinics)."""

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
from django.utils.translation import gettext_lazy as _lazy

from audit import recording
from core import queue
from core.registry import Registry

from . import timezones
from .emails import canonical_email
from .models import STAFF_ROLES, Invitation, Role, User

logger = logging.getLogger(__name__)
UNSENT_AFTER = timedelta(minutes=2)  # an invitation still unsent after this was lost by the broker

# Who may invite whom: a clinic admin invites staff; a therapist invites a client to the portal.
INVITABLE_ROLES = {
    Role.CLINIC_ADMIN: {Role.THERAPIST, Role.CLINIC_ADMIN},
    Role.THERAPIST: {Role.CLIENT},
}

# What happens when an invitation of a role is accepted, registered by the apps above this one
# (the clients app links a portal account to its client record).
ACCEPTANCE = Registry("what accepting an invitation does, by role")


def register_invitation_hook(role, hook):
    """Call `hook(invitation=..., user=...)` inside the transaction that accepts an invitation of `role`."""
    ACCEPTANCE.register(role, hook)


@transaction.atomic
def invitation_create(*, by_user, email, full_name, role, language=None, subject_id=None):
    """Invite someone by email; earlier open invitations to the same address in this clinic are revoked."""
    if role not in INVITABLE_ROLES.get(by_user.role, set()):
        raise PermissionDenied
    email = canonical_email(email)
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
    recording.record(by_user, "invitation.create", obj=invitation, detail={"role": role})
    transaction.on_commit(lambda: enqueue_invitation_email(invitation.id))
    return invitation


def enqueue_invitation_email(invitation_id):
    """Queue the sending of an invitation's email (a fresh link); False when the broker is down (sent later)."""
    from .tasks import send_invitation

    return queue.enqueue(send_invitation, invitation_id=str(invitation_id))


def invitations_requeue_unsent(now=None):
    """Queue again the invitation emails the broker never received (it was down); returns how many."""
    now = now or timezone.now()
    unsent = Invitation.objects.usable().filter(sent_at__isnull=True, created_at__lt=now - UNSENT_AFTER)
    count = 0
    for invitation_id in unsent.values_list("pk", flat=True)[:100]:
        if not enqueue_invitation_email(invitation_id):
            break
        count += 1
    return count


def invitation_send(*, invitation_id):
    """Email a fresh single-use link, once. Called by the task; the token never passes through the broker.

    The row is the claim: it stays locked while the link is made and handed to the mail server, and is marked
    sent in that same transaction. A second task for the same invitation (the sweep queued it again, a second
    beat, a redelivery) finds it locked or already sent and leaves it: one email, whose link keeps working. If
    the mail server refuses, nothing is saved and the retry makes the link afresh. A resend clears `sent_at`.
    """
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update(skip_locked=True).filter(pk=invitation_id).first()
        if invitation is None:
            logger.info("Invitation %s not sent: another worker is sending it, or it is gone", invitation_id)
            return False
        if invitation.sent_at is not None or not invitation.is_usable:
            logger.info("Invitation %s not sent: already sent, or no longer usable", invitation_id)
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
    # The expiry in the clinic's time zone, named (a new colleague or client of the clinic reads that clock).
    with translation.override(invitation.language), timezone.override(timezones.clinic_zone(invitation.clinic)):
        context = {
            "link": link,
            "expires_at": invitation.expires_at,
            "zone": timezones.zone_label(invitation.clinic.timezone),
        }
        # Staff are told who invites them and to which clinic: a nameless link reads like phishing to a new
        # colleague. A client's invitation stays discreet (above).
        if invitation.role in STAFF_ROLES:
            context |= {"clinic": invitation.clinic.name, "inviter": invitation.invited_by.full_name}
            subject = _("%(inviter)s invited you to the planner of %(clinic)s") % context
        else:
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


def invitation_account_exists(invitation):
    """Whether an account already has the invitation's address (here, at another clinic, in any role).

    Inviting never says so (the admin must not learn who has an account anywhere on the platform); the
    conflict is told to the person accepting, who holds the link sent to that address.
    """
    return User.objects.filter(email=canonical_email(invitation.email)).exists()


INVITATION_ACCOUNT_EXISTS = _lazy(
    "There is already an account with this email address, so this invitation cannot make a second one. "
    "Sign in with that account (on the sign-in page you can reset its password), or ask the person who "
    "invited you to send the invitation to a different email address."
)


@transaction.atomic
def invitation_accept(*, invitation, password):
    """Create the invitee's account with the password they chose; the link cannot be used again."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError(_("This invitation can no longer be used. Ask the person who invited you for a new one."))
    if invitation_account_exists(invitation):
        raise ValidationError(INVITATION_ACCOUNT_EXISTS, code="account_exists")
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
    hook = ACCEPTANCE.get(invitation.role)
    if hook is not None:
        hook(invitation=invitation, user=user)
    recording.record(user, "invitation.accept", obj=invitation, clinic=invitation.clinic)
    return user


# --- Notices after a change to how someone signs in (ASVS 2.2.3, 2.5.5) --------------------------------------

ACCOUNT_NOTICE_EVENTS = ("password_changed", "second_factor_set_up", "second_factor_removed")


def account_notice(user, event):
    """Owe `user` an email that `event` happened to their sign-in: a row written with the change, sent after it
    commits, and swept until it is (accounts/outbox.py)."""
    if event not in ACCOUNT_NOTICE_EVENTS:
        raise ValueError(event)
    from . import outbox

    outbox.queue_email(kind="account_notice", recipient=user, about=event)


def account_notice_message(email):
    """The notice for an owed email (the "account_notice" sender): what changed and when, and what to do if it was
    not them. Discreet, like every email: no clinic, no role, nothing about why the account exists."""
    user, event = email.recipient, email.about
    if not user.is_active or event not in ACCOUNT_NOTICE_EVENTS:
        logger.info("Account notice for %s not sent: no such active account or event", user.pk)
        return None
    return _account_notice_message(user, event)


def _account_notice_message(user, event):
    with translation.override(user.preferred_language), timezones.override_for(user):
        subject = _("A change to how you sign in to your planner")
        context = {"event": event, "site_url": settings.SITE_URL}
        text = render_to_string("accounts/email/account_notice.txt", context)
    return EmailMultiAlternatives(subject=subject, body=text, to=[user.email])


def account_notice_send(*, user_id, event):
    """Send a notice queued by the previous release (by id, before emails became rows)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or event not in ACCOUNT_NOTICE_EVENTS:
        logger.info("Account notice for %s not sent: no such active account or event", user_id)
        return False
    _account_notice_message(user, event).send()
    logger.info("Account notice %s sent to %s", event, user_id)
    return True


# --- Password reset (queued by id, like invitations) ------------------------------------------------------------


def password_reset_request(*, user):
    """Owe `user` the reset email (a row, sent after the transaction commits); the link is made when it is sent, so
    the token never passes through the broker."""
    from . import outbox

    outbox.queue_email(kind="password_reset", recipient=user)


def password_reset_message(email):
    """The reset email of an owed email (the "password_reset" sender), or None for an account since deactivated or
    without a usable password."""
    user = email.recipient
    if not user.is_active or not user.has_usable_password():
        logger.info("Password reset for %s not sent: no such active account", user.pk)
        return None
    return _password_reset_message(user)


def _password_reset_message(user):
    """A reset link made now, written in the account's own language and discreet (no name, clinic or role)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    context = {
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "site_url": settings.SITE_URL,
    }
    with translation.override(user.preferred_language), timezones.override_for(user):
        subject = "".join(render_to_string("accounts/email/password_reset_subject.txt", context).splitlines())
        text = render_to_string("accounts/email/password_reset.txt", context)
        html = render_to_string("accounts/email/password_reset.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


def password_reset_send(*, user_id):
    """Send a reset queued by the previous release (by id, before emails became rows)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        logger.info("Password reset for %s not sent: no such active account", user_id)
        return False
    _password_reset_message(user).send()
    logger.info("Password reset sent to %s", user_id)
    return True
