"""Who may see what (SPEC §3): the one home of the rules.

Every read of client data starts from a queryset scoped here, before any object is fetched, so a
record the user may not see is simply absent (a 404), never a 403 that tells it exists.

- A therapist reads and writes the clinical content of their caseload: clients of their own clinic
  whose primary therapist they are, or on whose care team they sit.
- A clinic admin reads no clinical content, except one client at a time under an active,
  reasoned, time-limited emergency access. They see the clinic's roster (names, status, therapist).
- A client sees their own record, and of their items only those shared with them.
- An operator works on the platform through the command line and the admin site, not through
  the product's pages: no client is visible to them here.

This module sits in the lowest app, so it reaches the client models through the app registry
(`apps.get_model`) instead of importing the apps above it.
"""

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.db.models.expressions import RawSQL

from .models import EmergencyAccess, Role

NOTHING = Q(pk__in=[])


def _client_model():
    return apps.get_model("clients", "Client")


def _care_team_model():
    return apps.get_model("clients", "CareTeamMember")


def _is_live(user):
    return bool(user and user.is_authenticated and user.is_active and user.clinic_id)


def clinical_client_filter(user):
    """A Q over `clients.Client` selecting the clients whose clinical content `user` may read."""
    if not _is_live(user):
        return NOTHING
    in_clinic = Q(clinic_id=user.clinic_id)
    if user.role == Role.THERAPIST:
        on_care_team = _care_team_model().objects.filter(user_id=user.pk).values("client_id")
        return in_clinic & (Q(primary_therapist_id=user.pk) | Q(pk__in=on_care_team))
    if user.role == Role.CLINIC_ADMIN:
        granted = EmergencyAccess.objects.active().filter(admin_id=user.pk).values("client_id")
        return in_clinic & Q(pk__in=granted)
    if user.role == Role.CLIENT:
        return in_clinic & Q(portal_user_id=user.pk)
    return NOTHING


def visible_clients(user):
    """Clients whose clinical record `user` may open."""
    return _client_model().objects.filter(clinical_client_filter(user))


def record_clients(user):
    """Clients whose record pages (the staff side of the product) `user` may open.

    The same rule as `visible_clients`, less the client's own record: a client reads what is
    shared with them in the portal, never the staff pages about them.
    """
    if not _is_live(user) or user.role not in (Role.THERAPIST, Role.CLINIC_ADMIN):
        return _client_model().objects.none()
    return visible_clients(user)


def roster_clients(user):
    """Clients a clinic admin may list by name, status and therapist (no clinical content)."""
    if _is_live(user) and user.role == Role.CLINIC_ADMIN:
        return _client_model().objects.filter(clinic_id=user.clinic_id)
    return _client_model().objects.none()


def audit_events(user):
    """The audit events `user` may read (SPEC §3): a clinic admin, the clinic's; a therapist, their own."""
    from .models import AuditEvent

    if _is_live(user) and user.role == Role.CLINIC_ADMIN:
        return AuditEvent.objects.filter(clinic_id=user.clinic_id)
    if _is_live(user) and user.role == Role.THERAPIST:
        return AuditEvent.objects.filter(clinic_id=user.clinic_id, actor_id=user.pk)
    return AuditEvent.objects.none()


def clinic_directory(queryset, user):
    """Rows of a clinic-wide directory (advocacy opportunities, peer resources): its staff read and write them."""
    if _is_live(user) and user.role in (Role.THERAPIST, Role.CLINIC_ADMIN):
        return queryset.filter(clinic_id=user.clinic_id)
    return queryset.none()


def scope(queryset, user, *, client_field="client", shared_field=None, hidden_from_client=False):
    """Narrow a queryset of client-owned rows to those `user` may read.

    `shared_field` names the row's "shared with client" switch; a client sees only rows where it
    is on. Rows `hidden_from_client` (session records) are never shown to the client; rows with
    neither (the safety plan) are always visible to their client.
    """
    if _is_live(user) and user.role == Role.CLIENT:
        if hidden_from_client:
            return queryset.none()
        if shared_field:
            queryset = queryset.filter(**{shared_field: True})
    return queryset.filter(**{f"{client_field}__in": _visible_client_ids(user)})


def _visible_client_ids(user):
    """The subquery of `visible_clients(user)`'s ids, for `client__in`.

    A page makes a dozen scoped reads, and building and compiling this subquery again for each one was
    the biggest single cost of a record page (0.7 ms each). Its SQL depends only on who the user is, so
    it is compiled once per user object (one per request) and reused as SQL; the database still
    evaluates it on every query, so a change of caseload shows at once. Not for clinic admins: their
    subquery holds the current time (an emergency access's end), so it is built fresh every time.
    """
    if not _is_live(user) or user.role == Role.CLINIC_ADMIN:
        return visible_clients(user).values("pk")
    key = (user.pk, user.clinic_id, user.role, user.is_active)
    memo = getattr(user, "_visible_client_ids_sql", None)
    if memo is None or memo[0] != key:
        memo = (key, visible_clients(user).values("pk").query.sql_with_params())
        user._visible_client_ids_sql = memo
    # SQL compiled by Django from the queryset above; its params stay bound.
    return RawSQL(*memo[1])  # noqa: S611  # nosec B611


class ClientScopedQuerySet(models.QuerySet):
    """Base for every client-owned model's queryset: `Model.objects.visible_to(user)`."""

    client_field = "client"
    shared_field = None
    hidden_from_client = False

    def visible_to(self, user):
        return scope(
            self,
            user,
            client_field=self.client_field,
            shared_field=self.shared_field,
            hidden_from_client=self.hidden_from_client,
        )


def active_emergency_access(user, client):
    """The admin's active emergency access to this client, if any."""
    if not _is_live(user) or user.role != Role.CLINIC_ADMIN:
        return None
    return EmergencyAccess.objects.active().filter(admin_id=user.pk, client_id=client.pk).first()


def is_on_caseload(user, client):
    if not _is_live(user) or user.role != Role.THERAPIST or client.clinic_id != user.clinic_id:
        return False
    if client.primary_therapist_id == user.pk:
        return True
    return _care_team_model().objects.filter(client_id=client.pk, user_id=user.pk).exists()


def can(user, action, client):
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


def ensure_can(user, action, client):
    """Raise PermissionDenied unless `user` may do `action` on this client's record."""
    if not can(user, action, client):
        raise PermissionDenied


def is_clinic_admin(user):
    return _is_live(user) and user.role == Role.CLINIC_ADMIN


def is_therapist(user):
    return _is_live(user) and user.role == Role.THERAPIST


def is_client(user):
    return _is_live(user) and user.role == Role.CLIENT
