"""Who may see what (docs/rules.md, "Who may see what"): the one home of the rules.

Every read of client data starts from a queryset scoped here, before any object is fetched, so a
record the user may not see is simply absent (a 404), never a 403 that tells it exists.

- A therapist reads and writes the clinical content of their caseload: clients of their own clinic
  whose primary therapist they are, or on whose care team they sit.
- A clinic admin reads no clinical content, except one client at a time under an active,
  reasoned, time-limited emergency access. They see the clinic's roster (names, status, therapist).
- A client sees their own record, and of their items only those shared with them.
- An operator works on the platform through the command line and the admin site, not through
  the product's pages: no client is visible to them here.

The client models' querysets are built on this module's (`ClientScopedQuerySet`), so clients/models.py imports it
while it loads: this module holds the models module itself (`client_models`) and finds its classes when a rule runs.
"""

import uuid
from typing import TYPE_CHECKING, Any, Self, TypeAlias, TypeGuard, TypeVar, cast

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet

from accounts.models import STAFF_ROLES, Role, User
from audit.models import AuditEvent

from . import models as client_models

if TYPE_CHECKING:
    from .models import Client, EmergencyAccess

# Whoever asks: a person signed in, or nobody (a request's anonymous user).
Reader: TypeAlias = User | AnonymousUser | None
_QS = TypeVar("_QS", bound=QuerySet[Any])
_M = TypeVar("_M", bound=models.Model)

NOTHING = Q(pk__in=[])


def _is_live(user: Reader) -> TypeGuard[User]:
    return bool(user and user.is_authenticated and user.is_active and user.clinic_id)


def clinical_client_filter(user: Reader) -> Q:
    """A Q over `clients.Client` selecting the clients whose clinical content `user` may read."""
    if not _is_live(user):
        return NOTHING
    in_clinic = Q(clinic_id=user.clinic_id)
    if user.role == Role.THERAPIST:
        on_care_team = client_models.CareTeamMember.objects.filter(user_id=user.pk).values("client_id")
        return in_clinic & (Q(primary_therapist_id=user.pk) | Q(pk__in=on_care_team))
    if user.role == Role.CLINIC_ADMIN:
        granted = client_models.EmergencyAccess.objects.active().filter(admin_id=user.pk).values("client_id")
        return in_clinic & Q(pk__in=granted)
    if user.role == Role.CLIENT:
        return in_clinic & Q(portal_user_id=user.pk)
    return NOTHING


def visible_clients(user: Reader) -> "QuerySet[Client]":
    """Clients whose clinical record `user` may open."""
    return client_models.Client.objects.filter(clinical_client_filter(user))


def record_clients(user: Reader) -> "QuerySet[Client]":
    """Clients whose record pages (the staff side of the product) `user` may open.

    The same rule as `visible_clients`, less the client's own record: a client reads what is
    shared with them in the portal, never the staff pages about them.
    """
    if not _is_live(user) or user.role not in (Role.THERAPIST, Role.CLINIC_ADMIN):
        return client_models.Client.objects.none()
    return visible_clients(user)


def roster_clients(user: Reader) -> "QuerySet[Client]":
    """Clients a clinic admin may list by name, status and therapist (no clinical content)."""
    if _is_live(user) and user.role == Role.CLINIC_ADMIN:
        return client_models.Client.objects.filter(clinic_id=cast(uuid.UUID, user.clinic_id))  # live: has a clinic
    return client_models.Client.objects.none()


def audit_events(user: Reader) -> "QuerySet[AuditEvent]":
    """The audit events `user` may read (docs/rules.md, "Who may see what"): a clinic admin, the clinic's; a
    therapist, their own."""
    if _is_live(user) and user.role == Role.CLINIC_ADMIN:
        return AuditEvent.objects.filter(clinic_id=cast(uuid.UUID, user.clinic_id))
    if _is_live(user) and user.role == Role.THERAPIST:
        return AuditEvent.objects.filter(clinic_id=cast(uuid.UUID, user.clinic_id), actor_id=user.pk)
    return AuditEvent.objects.none()


def audit_filter_people(user: Reader) -> "QuerySet[User]":
    """The staff `user` may filter the audit log by: a clinic admin, the clinic's; anyone else, none."""
    if is_clinic_admin(user):
        return User.objects.filter(clinic_id=cast(uuid.UUID, user.clinic_id), role__in=STAFF_ROLES)
    return User.objects.none()


def audit_filter_clients(user: Reader) -> "QuerySet[Client]":
    """The clients `user` may filter the audit log by: a clinic admin, the clinic's roster; a therapist, their
    caseload."""
    return roster_clients(user) if is_clinic_admin(user) else record_clients(user)


def audit_details_for(user: Reader) -> set[uuid.UUID] | None:
    """Whose audit events `user` sees with their detail and page: None for all of them (a therapist, who reads
    only their own actions); for a clinic admin, the ids of the clients they hold an active emergency access to."""
    if not is_clinic_admin(user):
        return None
    return set(
        client_models.EmergencyAccess.objects.active().filter(admin_id=user.pk).values_list("client_id", flat=True)
    )


def clinic_directory(queryset: _QS, user: Reader) -> _QS:
    """Rows of a clinic-wide directory (advocacy opportunities, peer resources): its staff read and write them."""
    if _is_live(user) and user.role in (Role.THERAPIST, Role.CLINIC_ADMIN):
        return queryset.filter(clinic_id=user.clinic_id)
    return queryset.none()


def scope(
    queryset: _QS,
    user: Reader,
    *,
    client_field: str = "client",
    shared_field: str | None = None,
    hidden_from_client: bool = False,
) -> _QS:
    """Narrow a queryset of client-owned rows to those `user` may read.

    `shared_field` names the row's "shared with client" switch; a client sees only rows where it
    is on. Rows `hidden_from_client` (session records) are never shown to the client; rows with
    neither (the safety plan) are always visible to their client.
    """
    queryset = _as_reader(queryset, user, shared_field=shared_field, hidden_from_client=hidden_from_client)
    return queryset.filter(**{f"{client_field}__in": visible_clients(user).values("pk")})


def _as_reader(queryset: _QS, user: Reader, *, shared_field: str | None, hidden_from_client: bool) -> _QS:
    """The sharing rule when the reader is the client: what is shared with them, never session records."""
    if _is_live(user) and user.role == Role.CLIENT:
        if hidden_from_client:
            return queryset.none()
        if shared_field:
            return queryset.filter(**{shared_field: True})
    return queryset


# Authorize once per page. A record page proves that its reader may open the client (`client_for_user`,
# `own_client`: one scoped query); its dozen child reads then need only the client's id and, when the
# reader is the client, the sharing rule, instead of embedding the whole "visible clients" subquery again
# each. The proof is a mark on that client object, for that user; a client object without it (made some
# other way, or passed with another user) is read through the full scope, so forgetting to prove costs
# speed, never safety.
_PROOF = "_access_proved_for"


def prove_access(client: "Client", user: User) -> "Client":
    """Mark `client` as one `user` may read: call only on a client fetched through `visible_clients(user)`
    or `record_clients(user)` in this request. Returns the client."""
    setattr(client, _PROOF, _reader_key(user))
    return client


def access_proved(client: "Client", user: Reader) -> bool:
    """Whether `client` was fetched through `user`'s scope in this request (see `prove_access`)."""
    return _is_live(user) and getattr(client, _PROOF, None) == _reader_key(user)


def _reader_key(user: User) -> tuple[Any, uuid.UUID | None, str]:
    return (user.pk, user.clinic_id, user.role)


def scope_to_client(
    queryset: _QS,
    user: Reader,
    client: "Client",
    *,
    client_field: str = "client",
    shared_field: str | None = None,
    hidden_from_client: bool = False,
) -> _QS:
    """Rows of one client that `user` may read: by the client's id when this request proved access to it,
    through the full scope otherwise."""
    rule: dict[str, Any] = {"shared_field": shared_field, "hidden_from_client": hidden_from_client}
    if access_proved(client, user):
        queryset = _as_reader(queryset, user, **rule)
    else:
        queryset = scope(queryset, user, client_field=client_field, **rule)
    return queryset.filter(**{f"{client_field}_id": client.pk})


class ClientScopedQuerySet(models.QuerySet[_M]):
    """Base for every client-owned model's queryset.

    `Model.objects.visible_to(user)`: every row `user` may read (lists, anything without a page-level check).
    `Model.objects.for_client(client, user)`: one client's rows `user` may read, cheap on a record page whose
    client was proved (`prove_access`).
    """

    client_field: str = "client"
    shared_field: str | None = None
    hidden_from_client: bool = False

    def visible_to(self, user: Reader) -> Self:
        return self.reader_rule(scope(self, user, **self._rule()), user)

    def for_client(self, client: "Client", user: Reader) -> Self:
        return self.reader_rule(scope_to_client(self, user, client, **self._rule()), user)

    def reader_rule(self, queryset: Self, user: Reader) -> Self:
        """A model's own rule on top of the scope, for both ways in (what a client sees of their journal, say).

        Subclasses override this, never `visible_to` or `for_client`, so the two ways cannot disagree
        (tests/accounts/test_authorize_once.py checks every subclass)."""
        return queryset

    def _rule(self) -> dict[str, Any]:
        return {
            "client_field": self.client_field,
            "shared_field": self.shared_field,
            "hidden_from_client": self.hidden_from_client,
        }


class PlanChildQuerySet(ClientScopedQuerySet[_M]):
    """Rows that belong to a plan (a disclosure plan's rehearsals and debriefs, an advocacy plan's steps, reviews and
    stories): read with their plan, by the care team, and by the client when the plan is shared with them."""

    client_field = "plan__client"
    shared_field = "plan__shared_with_client"


def active_emergency_access(user: Reader, client: "Client") -> "EmergencyAccess | None":
    """The admin's active emergency access to this client, if any."""
    if not _is_live(user) or user.role != Role.CLINIC_ADMIN:
        return None
    return client_models.EmergencyAccess.objects.active().filter(admin_id=user.pk, client_id=client.pk).first()


def is_on_caseload(user: Reader, client: "Client") -> TypeGuard[User]:
    if not _is_live(user) or user.role != Role.THERAPIST or client.clinic_id != user.clinic_id:
        return False
    if client.primary_therapist_id == user.pk:
        return True
    return client_models.CareTeamMember.objects.filter(client_id=client.pk, user_id=user.pk).exists()


def is_own_record(user: Reader, client: "Client") -> TypeGuard[User]:
    """The record is the signed-in client's own: what a client does in their portal is done to it alone."""
    return is_client(user) and client.portal_user_id == user.pk


def can(user: Reader, action: str, client: "Client") -> bool:
    """Whether `user` may do `action` on this client's record (which they can already see).

    Actions: "read" (clinical content), "write" (clinical content), "invite_to_portal",
    "manage_care_team".
    """
    if action == "read":
        return visible_clients(user).filter(pk=client.pk).exists()
    if action in ("write", "invite_to_portal"):
        return is_on_caseload(user, client)
    if action == "manage_care_team":
        return is_on_caseload(user, client) and client.primary_therapist_id == user.pk
    raise ValueError(f"Unknown action {action!r}")


def ensure_can(user: Reader, action: str, client: "Client") -> None:
    """Raise PermissionDenied unless `user` may do `action` on this client's record."""
    if not can(user, action, client):
        raise PermissionDenied


def is_clinic_admin(user: Reader) -> TypeGuard[User]:
    return _is_live(user) and user.role == Role.CLINIC_ADMIN


def is_therapist(user: Reader) -> TypeGuard[User]:
    return _is_live(user) and user.role == Role.THERAPIST


def is_client(user: Reader) -> TypeGuard[User]:
    return _is_live(user) and user.role == Role.CLIENT
