"""Store every email address in its one canonical spelling (accounts.emails.canonical_email).

Before, addresses were only lower-cased, so `ſam@x` and `sam@x`, or a fullwidth spelling, could be two
accounts of one mailbox, each with its own lockout count. On a collision nothing is merged or deleted:

- the account kept at the canonical address is the one already stored that way; otherwise the one that
  signed in most recently (then the oldest);
- every other account of the group keeps its old address, is deactivated (its sessions end), and gets an
  audit event `account.email_conflict` (detail: the kept account's id) for an operator to settle by hand;
- an account whose address has no canonical form (a non-ASCII letter before the @, such as the dotless ı)
  could no longer sign in: it is treated the same way, with `"kept": null`.

Open invitations are rewritten; one whose address has no canonical form is revoked.
"""

import secrets
import unicodedata
from collections import defaultdict

import idna
from django.db import migrations
from django.utils import timezone


def _canonical_or_none(value):
    """accounts.emails.canonical_email as it was when this migration was written (frozen here, so a later
    change to the app's function cannot change what this migration did); None where there is no canonical form."""
    local, at, domain = unicodedata.normalize("NFKC", str(value or "")).strip().rpartition("@")
    if not at or not local or not domain:
        return None
    local = unicodedata.normalize("NFKC", local.casefold())
    if not local.isascii():
        return None
    try:
        domain = idna.encode(domain, uts46=True).decode("ascii").lower()
    except (idna.IDNAError, UnicodeError):
        return None
    address = f"{local}@{domain}"
    return address if len(address) <= 254 else None


def _keeper(address, users):
    already = [user for user in users if user.email == address]
    if already:
        return already[0]
    never = timezone.now().replace(year=1)
    return sorted(users, key=lambda user: (-(user.last_login or never).timestamp(), user.date_joined, str(user.pk)))[0]


def _set_aside(user, kept, audit_event):
    type(user).objects.filter(pk=user.pk).update(is_active=False, session_stamp=secrets.token_hex(16))
    audit_event.objects.create(
        action="account.email_conflict",
        clinic_id=user.clinic_id,
        object_type="accounts.user",
        object_id=str(user.pk),
        detail={"kept": str(kept.pk) if kept else None},
    )


def normalise_emails(apps, schema_editor):
    user_model = apps.get_model("accounts", "User")
    audit_event = apps.get_model("accounts", "AuditEvent")
    groups = defaultdict(list)
    for user in user_model.objects.order_by("date_joined", "pk"):
        groups[_canonical_or_none(user.email)].append(user)
    for user in groups.pop(None, []):
        _set_aside(user, None, audit_event)
    for address, users in groups.items():
        kept = _keeper(address, users)
        for user in users:
            if user.pk != kept.pk:
                _set_aside(user, kept, audit_event)
        if kept.email != address:
            user_model.objects.filter(pk=kept.pk).update(email=address)
    _normalise_invitations(apps.get_model("accounts", "Invitation"))


def _normalise_invitations(invitation_model):
    now = timezone.now()
    for invitation in invitation_model.objects.filter(accepted_at__isnull=True, revoked_at__isnull=True):
        address = _canonical_or_none(invitation.email)
        if address is None:
            invitation_model.objects.filter(pk=invitation.pk).update(revoked_at=now)
        elif address != invitation.email:
            invitation_model.objects.filter(pk=invitation.pk).update(email=address)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0008_auditevent_no_truncate")]

    operations = [migrations.RunPython(normalise_emails, migrations.RunPython.noop, elidable=False)]
