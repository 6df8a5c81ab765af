"""Writes in the clients app: one function per user action, atomic and audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import access, audit
from accounts.models import Role
from accounts.services import invitation_create

from .models import Client


@transaction.atomic
def client_invite_to_portal(*, client, by_user, email):
    """Invite the client to the portal by email; accepting links the new account to this record."""
    access.ensure_can(by_user, "invite_to_portal", client)
    if client.portal_user_id:
        raise ValidationError(_("This client already has a portal account."))
    invitation = invitation_create(
        by_user=by_user,
        email=email,
        full_name=client.display_name,
        role=Role.CLIENT,
        language=client.preferred_language,
        subject_id=client.pk,
    )
    audit.record(by_user, "client.portal_invite", client=client, obj=invitation)
    return invitation


def link_portal_account(*, invitation, user):
    """Invitation hook for clients: the new portal account belongs to the invited client's record."""
    client = Client.objects.select_for_update().get(pk=invitation.subject_id, clinic_id=invitation.clinic_id)
    if client.portal_user_id:
        raise ValidationError(_("This invitation can no longer be used. Ask the person who invited you for a new one."))
    client.portal_user = user
    client.save(update_fields=["portal_user", "updated_at"])
    audit.record(user, "client.portal_linked", client=client)
