"""Reads in the clients app, scoped by the user before anything is fetched."""

import uuid
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Value, Window
from django.db.models.functions import Coalesce, Lower, NullIf
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts import access
from empowerment.baked import baked, one_or_404

from .models import (
    AllyStage,
    CareTeamMember,
    CheckIn,
    Client,
    ClientStatus,
    RelapseRisk,
    SafetyPlan,
    SupportPerson,
)

RECENT_CHECK_INS = 3
OVERVIEW_SUPPORT_PEOPLE = 8


def caseload(user, *, status=ClientStatus.ACTIVE):
    """The therapist's caseload: clients they are primary therapist for or on the care team of."""
    if not access.is_therapist(user):
        return Client.objects.none()
    # prefetch, not select_related: the planner misjudges how many clients the scope leaves (a tenth of the
    # clinic estimated for fifty) and joins by hashing the whole user table; a second query by id is cheaper.
    return Client.objects.visible_to(user).filter(status=status).prefetch_related("primary_therapist")


def roster(user, *, status=None):
    """The clinic admin's list of clients: names, status and therapist only."""
    queryset = (
        access.roster_clients(user)
        .select_related("primary_therapist")
        .only("id", "preferred_name", "legal_name", "status", "primary_therapist__full_name")
        .order_by(Lower(Coalesce(NullIf("preferred_name", Value("")), "legal_name")), "pk")  # by the name shown
    )
    return queryset.filter(status=status) if status else queryset


def roster_client_for_admin(user, client_id):
    return get_object_or_404(roster(user), pk=client_id)


def client_for_user(user, client_id, *, action=None, related=("clinic", "primary_therapist", "portal_user")):
    """The client, if this user may open the staff record; 404 otherwise (missing and forbidden look alike).

    With `action` ("write", "manage_care_team", ...), a user who may see the record but not do
    that gets PermissionDenied (403): they already know it exists. `related`: the joins a page uses.
    """
    try:
        client_id = client_id if isinstance(client_id, uuid.UUID) else uuid.UUID(str(client_id))
    except ValueError:
        raise Http404 from None
    client = one_or_404(_record_client(user, client_id, tuple(related)))
    if action is not None:
        access.ensure_can(user, action, client)
    return client


@baked(shape=("related",))
def _record_client(user, client_id, related):
    return access.record_clients(user).select_related(*related).filter(pk=client_id)[:1]


def own_client(user, *, with_safety_plan=False):
    """A logged-in client's own record, or None. `with_safety_plan`: also `has_safety_plan`, in the same query."""
    if not access.is_client(user):
        return None
    return next(iter(_own_client(user, with_safety_plan)), None)


@baked
def _own_client(user, with_safety_plan):
    queryset = Client.objects.visible_to(user).select_related("clinic").order_by("pk")
    if with_safety_plan:
        plan = SafetyPlan.objects.visible_to(user).filter(client=OuterRef("pk"))
        queryset = queryset.annotate(has_safety_plan=Exists(plan))
    return queryset[:1]


def care_team(client):
    return client.care_team_members.select_related("user").order_by("user__full_name")


def support_people(client, user):
    return SupportPerson.objects.visible_to(user).filter(client=client).current()


@baked
def support_people_list(user, client):
    """`support_people` as a list, its query compiled once per process (empowerment/baked.py)."""
    return support_people(client, user)


@baked
def crisis_lines(clinic):
    """The clinic's crisis lines, shown with the safety plan and on the portal home."""
    from accounts.models import CrisisLine

    return CrisisLine.objects.filter(clinic=clinic)


def portal_crisis_lines(user):
    """The crisis lines of a client's clinic, for the portal's layout (every page); none for staff."""
    from accounts.models import CrisisLine

    if not access.is_client(user):
        return []
    return list(CrisisLine.objects.filter(clinic_id=user.clinic_id))


def support_person_for_user(user, client, person_id):
    return get_object_or_404(SupportPerson.objects.visible_to(user).filter(client=client), pk=person_id)


def safety_plan(client, user):
    return next(iter(_safety_plan(user, client)), None)


@baked
def _safety_plan(user, client):
    return SafetyPlan.objects.visible_to(user).filter(client=client).select_related("updated_by").order_by("pk")[:1]


def check_ins(client, user):
    return CheckIn.objects.visible_to(user).filter(client=client).select_related("created_by")


@dataclass
class Overview:
    """What a therapist reads at a glance in a session, fetched in a fixed number of queries."""

    care_team: list  # the members' names
    support_people: list
    support_counts: dict
    check_ins: list
    safety_plan: SafetyPlan | None
    changes_since_last_session: list

    @property
    def latest_check_in(self):
        return self.check_ins[0] if self.check_ins else None

    @property
    def high_relapse_risk(self):
        return bool(self.latest_check_in and self.latest_check_in.relapse_risk == RelapseRisk.HIGH)

    @property
    def safety_plan_needs_review(self):
        return bool(self.safety_plan and self.safety_plan.needs_review())


def client_overview(client, user):
    """The overview's own reads: four queries whatever the size of the record.

    Only the columns the overview shows are fetched (no notes, no safety plan text), and the support
    network's counts ride on its first rows as window counts instead of separate COUNT queries.
    """
    recent = _recent_check_ins(user, client)
    plan = next(iter(_overview_safety_plan(user, client)), None)
    since = recent[0].created_at if recent else None
    people, counts = _support_network(client, user, since)
    return Overview(
        care_team=_care_team_names(client),
        support_people=people,
        support_counts=counts,
        check_ins=recent,
        safety_plan=plan,
        changes_since_last_session=_changes_since(client, since, plan, counts),
    )


@baked
def _recent_check_ins(user, client):
    return CheckIn.objects.visible_to(user).filter(client=client).only(*OVERVIEW_CHECK_IN_FIELDS)[:RECENT_CHECK_INS]


@baked
def _overview_safety_plan(user, client):
    fields = ("id", "client_id", "reviewed_at", "created_at", "updated_at")
    return SafetyPlan.objects.visible_to(user).filter(client=client).only(*fields).order_by("pk")[:1]


@baked
def _care_team_names(client):
    """The care team's names (the client is already scoped by the page)."""
    members = CareTeamMember.objects.filter(client=client)
    return members.order_by("user__full_name").values_list("user__full_name", flat=True)


# What the overview's check-in table shows, and `created_at` for "since the last session".
OVERVIEW_CHECK_IN_FIELDS = [
    "id",
    "client_id",
    "session_date",
    "wellbeing",
    "relapse_risk",
    "stigma_encounters",
    "safety_plan_reviewed",
    "created_at",
]


def _support_network(client, user, since):
    """The first people of the current support network, and its counts, in one query.

    The counts are window aggregates over every current person (a window is computed before the
    LIMIT), so they are the same numbers separate COUNT queries would give; with nobody recorded there
    are no rows and every count is 0.
    """
    windows = _network_windows(since)
    people = _support_network_rows(user, client, since)
    first = people[0] if people else None
    counts = {name: getattr(first, f"network_{name}", 0) for name in windows}
    return people, counts


@baked
def _support_network_rows(user, client, since):
    windows = _network_windows(since)
    return (
        support_people(client, user)
        .only("id", "client_id", "name", "relationship", "ally_stage")
        .annotate(**{f"network_{name}": Window(count) for name, count in windows.items()})[:OVERVIEW_SUPPORT_PEOPLE]
    )


def _network_windows(since):
    windows = {
        "total": Count("pk"),
        "allies": Count("pk", filter=Q(ally_stage=AllyStage.ALLY)),
        "shared": Count("pk", filter=Q(shared_with_client=True)),
    }
    if since is not None:
        windows["changed"] = Count("pk", filter=Q(updated_at__gt=since))
    return windows


def _changes_since(client, since, plan, counts):
    """What changed in the record since the last session's check-in (labels and counts only)."""
    if since is None:
        return []
    changes = []
    if client.updated_at > since:
        changes.append(("profile", 1))
    if plan and plan.updated_at > since:
        changes.append(("safety_plan", 1))
    if counts.get("changed"):
        changes.append(("support_people", counts["changed"]))
    return changes
