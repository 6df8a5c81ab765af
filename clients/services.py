"""Writes in the clients app: one function per user action, atomic, permission-checked and audited."""

import uuid
from collections.abc import Callable
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Invitation, Role, User
from accounts.services import invitation_create
from audit import recording
from core.registry import Hooks

from . import access, sharing
from .editing import ITSELF, create_once, save_the_one, versioned_update
from .models import CareTeamMember, CheckIn, Client, ClientStatus, SafetyPlan, SupportPerson

COMMUNICATION_FIELDS = (
    "allow_email",
    "allow_text",
    "allow_phone",
    "allow_in_app",
    "email_is_safe",
    "text_is_safe",
    "quiet_hours_start",
    "quiet_hours_end",
    "discreet_wording",
)


@transaction.atomic
def item_archive(*, item: Any, by_user: User) -> Any:
    """Put a client-owned item away (it stays in the record) and stop sharing it: nothing is hard-deleted."""
    access.ensure_can(by_user, "write", item.client)
    was_shared = item.shared_with_client
    item.archived_at = timezone.now()
    item.shared_with_client = False
    item.save(update_fields=["archived_at", "shared_with_client", "updated_at"])
    recording.record(by_user, f"{item._meta.model_name}.archive", client=item.client, obj=item)
    if was_shared:
        sharing.unshared(item=item, by_user=by_user)
    return item


@transaction.atomic
def client_create(*, by_user: User, data: dict[str, Any], submission_key: uuid.UUID | None = None) -> Client:
    """A therapist opens a new client record, with themselves as primary therapist."""
    if not access.is_therapist(by_user):
        raise PermissionDenied

    def prepare(client: Client) -> None:
        if any(name in data for name in COMMUNICATION_FIELDS):
            client.communication_reviewed_at = timezone.now()

    fields = {"clinic_id": by_user.clinic_id, "primary_therapist": by_user}
    client, _created = create_once(
        Client,
        by_user=by_user,
        action="client.create",
        client=ITSELF,
        submission_key=submission_key,
        fields=fields,
        data=data,
        prepare=prepare,
    )
    return client


@transaction.atomic
def client_update_profile(
    *, client: Client, by_user: User, data: dict[str, Any], expected_version: int | None
) -> Client:
    """Save intake changes made by the care team; refused if someone saved in between."""
    access.ensure_can(by_user, "write", client)
    return _save_profile(client, by_user, data, expected_version, action="client.profile.update")


@transaction.atomic
def client_update_communication(
    *, client: Client, by_user: User, data: dict[str, Any], expected_version: int | None
) -> Client:
    """A client changes their own communication preferences in the portal."""
    if not (access.is_own_record(by_user, client)):
        raise PermissionDenied
    unexpected = set(data) - set(COMMUNICATION_FIELDS)
    if unexpected:
        raise PermissionDenied
    return _save_profile(client, by_user, data, expected_version, action="client.communication.update")


def _save_profile(
    client: Client, by_user: User, data: dict[str, Any], expected_version: int | None, *, action: str
) -> Client:
    def mark_reviewed(instance: Client, changed: list[str]) -> None:
        if set(changed) & set(COMMUNICATION_FIELDS) or set(data) >= set(COMMUNICATION_FIELDS):
            instance.communication_reviewed_at = timezone.now()

    changed = versioned_update(client, data=data, expected_version=expected_version, prepare=mark_reviewed)
    if "preferred_language" in changed and client.portal_user_id:
        # One language per person: the portal account's emails, reminders and pages follow the record.
        User.objects.filter(pk=client.portal_user_id).update(preferred_language=client.preferred_language)
    recording.record(by_user, action, client=client, obj=client, detail={"fields": changed})
    return client


@transaction.atomic
def person_set_language(*, user: User, language: str) -> None:
    """The language a person picks with the switcher becomes theirs: pages at the next sign-in, emails,
    reminders and notifications, and for a client their record's preferred language (the PDF's default).
    """
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        recording.record(user, "account.language.update", detail={"language": language})
    if not access.is_client(user):
        return
    client = Client.objects.select_for_update().filter(portal_user=user).first()
    if client is not None and client.preferred_language != language:
        client.preferred_language = language
        client.version += 1  # a colleague's open intake form now sees the change instead of undoing it
        client.save(update_fields=["preferred_language", "version", "updated_at"])
        detail = {"fields": ["preferred_language"]}
        recording.record(user, "client.language.update", client=client, obj=client, detail=detail)


# The apps above this one (reminders) learn of changes to a record through these hooks (docs/architecture.md, the
# registries), each
# called inside the transaction of the change:
# - "status": a discharge or a re-opening, as hook(client=, by_user=, status=); see clients/discharge.py.
# - "primary_therapist": a move to another primary therapist, as hook(client=, by_user=, previous=, therapist=).
# - "care_team_left": a therapist taken off the care team, as hook(client=, by_user=, user=).
# The care loop (issue 24):
# - "flag_raised": an attention flag raised (clients/attention.py), as hook(flag=): the care team is told.
# - "message_sent": a message in a client's thread (clients/messaging.py), as hook(message=): the other side is told.
# - "session_saved": a session scheduled, moved or cancelled (clients/sessions.py), as hook(session=, by_user=): the
#   client's reminder of it is set, moved or cancelled.
HOOKS = Hooks("status", "primary_therapist", "care_team_left", "flag_raised", "message_sent", "session_saved")


def register_hook(event: str, hook: Callable[..., Any]) -> None:
    HOOKS.register(event, hook)


@transaction.atomic
def client_set_status(*, client: Client, by_user: User, status: str) -> Client:
    """Discharge or re-open: clinical records are never deleted.

    A discharge ends the client's portal sessions (they may sign in again, read-only, for the clinic's grace
    period) and, through the hooks, pauses their reminders; re-opening resumes what the discharge paused.
    """
    if not access.can(by_user, "manage_care_team", client):
        raise PermissionDenied
    if client.status == status:
        return client
    client.status = status
    client.status_changed_at = timezone.now()
    client.save(update_fields=["status", "status_changed_at", "updated_at"])
    discharged = status == ClientStatus.DISCHARGED
    recording.record(by_user, "client.discharge" if discharged else "client.reopen", client=client, obj=client)
    if discharged and client.portal_user_id:
        account = User.objects.select_for_update().get(pk=client.portal_user_id)
        account.end_all_sessions()
        account.save(update_fields=["session_stamp"])
        recording.record(by_user, "client.portal_sessions_ended", client=client, obj=account)
    HOOKS.run("status", client=client, by_user=by_user, status=status)
    return client


@transaction.atomic
def care_team_add(*, client: Client, by_user: User, colleague: User) -> CareTeamMember:
    """The primary therapist adds a colleague of the same clinic to the care team."""
    access.ensure_can(by_user, "manage_care_team", client)
    if colleague.role != Role.THERAPIST or colleague.clinic_id != client.clinic_id or not colleague.is_active:
        raise ValidationError(_("Choose an active therapist of your clinic."))
    if colleague.pk == client.primary_therapist_id:
        raise ValidationError(_("The primary therapist is already on the care team."))
    member, created = CareTeamMember.objects.get_or_create(
        client=client, user=colleague, defaults={"added_by": by_user}
    )
    if created:
        recording.record(by_user, "care_team.add", client=client, obj=member, detail={"user": str(colleague.pk)})
    return member


@transaction.atomic
def care_team_remove(*, member: CareTeamMember, by_user: User) -> None:
    client = member.client
    access.ensure_can(by_user, "manage_care_team", client)
    recording.record(by_user, "care_team.remove", client=client, obj=member, detail={"user": str(member.user_id)})
    member.delete()  # a membership, not a clinical record; the audit trail keeps it
    HOOKS.run("care_team_left", client=client, by_user=by_user, user=member.user)  # their reminders end


@transaction.atomic
def client_reassign(*, client: Client, by_admin: User, therapist: User) -> Client:
    """A clinic admin makes another therapist of the clinic the primary therapist.

    Nobody drops out of the record by accident: the previous primary therapist joins the care team (unless
    they are deactivated) and the rest of the team stays. Through the "primary_therapist" hooks the previous
    therapist's reminders about the client go to the new one.
    """
    if not access.roster_clients(by_admin).filter(pk=client.pk).exists():
        raise PermissionDenied
    if therapist.role != Role.THERAPIST or therapist.clinic_id != client.clinic_id or not therapist.is_active:
        raise ValidationError(_("Choose an active therapist of your clinic."))
    previous = client.primary_therapist
    client.primary_therapist = therapist
    client.save(update_fields=["primary_therapist", "updated_at"])
    CareTeamMember.objects.filter(client=client, user=therapist).delete()  # primary now, not a member
    detail = {"from": str(previous.pk), "to": str(therapist.pk)}
    recording.record(by_admin, "client.reassign", client=client, obj=client, detail=detail)
    if previous.pk == therapist.pk:
        return client
    if previous.is_active and previous.role == Role.THERAPIST:
        member, created = CareTeamMember.objects.get_or_create(
            client=client, user=previous, defaults={"added_by": by_admin}
        )
        if created:
            recording.record(by_admin, "care_team.add", client=client, obj=member, detail={"user": str(previous.pk)})
    HOOKS.run("primary_therapist", client=client, by_user=by_admin, previous=previous, therapist=therapist)
    return client


@transaction.atomic
def caseload_reassign(*, by_admin: User, from_therapist: User, assignments: dict[Client, User]) -> int:
    """Move a therapist's active clients to colleagues in one step: `assignments` maps client to therapist.

    Every client moves or none does; each move is audited like a single reassignment.
    """
    clients = list(
        access.roster_clients(by_admin).select_for_update().filter(primary_therapist=from_therapist, status="active")
    )
    if {client.pk for client in clients} != {client.pk for client in assignments}:
        raise ValidationError(_("The caseload changed while you were choosing. Look at it again and choose."))
    for client in clients:
        therapist = assignments[client]
        if therapist.pk == from_therapist.pk:
            raise ValidationError(_("Choose a colleague other than the therapist whose clients are moving."))
        client_reassign(client=client, by_admin=by_admin, therapist=therapist)
    recording.record(by_admin, "caseload.reassign", obj=from_therapist, detail={"clients": len(clients)})
    return len(clients)


def clinic_therapists(clinic_id: uuid.UUID | str) -> QuerySet[User]:
    """The clinic's active therapists, by name."""
    return User.objects.filter(clinic_id=clinic_id, role=Role.THERAPIST, is_active=True).order_by("full_name")


@transaction.atomic
def support_person_create(
    *, client: Client, by_user: User, data: dict[str, Any], submission_key: uuid.UUID | None = None
) -> SupportPerson:
    access.ensure_can(by_user, "write", client)
    person, _created = create_once(
        SupportPerson,
        by_user=by_user,
        action="support_person.create",
        client=client,
        submission_key=submission_key,
        fields={"client": client, "created_by": by_user},
        data=data,
    )
    return person


@transaction.atomic
def support_person_update(
    *, person: SupportPerson, by_user: User, data: dict[str, Any], expected_version: int | None
) -> SupportPerson:
    access.ensure_can(by_user, "write", person.client)
    changed = versioned_update(person, data=data, expected_version=expected_version)
    recording.record(by_user, "support_person.update", client=person.client, obj=person, detail={"fields": changed})
    return person


@transaction.atomic
def safety_plan_save(
    *, client: Client, by_user: User, data: dict[str, Any], expected_version: int | None = None
) -> SafetyPlan:
    """Create the client's safety plan, or save changes to it; refused if someone saved in between."""
    access.ensure_can(by_user, "write", client)

    def reviewed_now(plan: SafetyPlan) -> None:  # editing it with the client is a review
        plan.updated_by = by_user
        plan.reviewed_at = timezone.now()

    return save_the_one(
        SafetyPlan,
        client=client,
        by_user=by_user,
        created="safety_plan.create",
        updated="safety_plan.update",
        data=data,
        expected_version=expected_version,
        fields={"created_by": by_user, "updated_by": by_user, "reviewed_at": timezone.now()},
        on_update=reviewed_now,
    )


@transaction.atomic
def check_in_create(
    *, client: Client, by_user: User, data: dict[str, Any], submission_key: uuid.UUID | None = None
) -> CheckIn:
    """Record a session; reviewing the safety plan in it counts as the plan's review."""
    access.ensure_can(by_user, "write", client)
    check_in, created = create_once(
        CheckIn,
        by_user=by_user,
        action="check_in.create",
        client=client,
        submission_key=submission_key,
        fields={"client": client, "created_by": by_user},
        data=data,
        prepare=lambda row: row.full_clean(exclude=["client", "created_by"]),
    )
    if created and check_in.safety_plan_reviewed:
        SafetyPlan.objects.filter(client=client).update(reviewed_at=timezone.now())
    return check_in


@transaction.atomic
def item_set_shared(*, item: Any, by_user: User, shared: bool) -> Any:
    """Turn an item's "shared with client" switch on or off; off hides it from the portal at once."""
    access.ensure_can(by_user, "write", item.client)
    if item.shared_with_client == shared:
        return item
    item.shared_with_client = shared
    item.shared_by = by_user if shared else None
    item.shared_at = timezone.now() if shared else None
    item.save(update_fields=["shared_with_client", "shared_by", "shared_at"])
    action = "share.on" if shared else "share.off"
    recording.record(by_user, action, client=item.client, obj=item, detail={"kind": sharing.kind_of(item)})
    if shared:
        sharing.shared(item=item, by_user=by_user)
    else:
        sharing.unshared(item=item, by_user=by_user)
    return item


@transaction.atomic
def client_invite_to_portal(*, client: Client, by_user: User, email: str) -> Invitation:
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
    recording.record(by_user, "client.portal_invite", client=client, obj=invitation)
    return invitation


def link_portal_account(*, invitation: Invitation, user: User) -> None:
    """Invitation hook for clients: the new portal account belongs to the invited client's record."""
    client = Client.objects.select_for_update().get(
        pk=cast(uuid.UUID, invitation.subject_id),  # a client invitation names its record
        clinic_id=invitation.clinic_id,
    )
    if client.portal_user_id:
        raise ValidationError(_("This invitation can no longer be used. Ask the person who invited you for a new one."))
    client.portal_user = user
    client.save(update_fields=["portal_user", "updated_at"])
    recording.record(user, "client.portal_linked", client=client)
