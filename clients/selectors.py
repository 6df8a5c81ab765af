"""Reads in the clients app, scoped by the user before anything is fetched."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Window
from django.shortcuts import get_object_or_404

from accounts import access

from .models import AllyStage, CheckIn, Client, ClientStatus, RelapseRisk, SafetyPlan, SupportPerson

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
    )
    return queryset.filter(status=status) if status else queryset


def roster_client_for_admin(user, client_id):
    return get_object_or_404(roster(user), pk=client_id)


def client_for_user(user, client_id, *, action=None, related=("clinic", "primary_therapist", "portal_user")):
    """The client, if this user may open the staff record; 404 otherwise (missing and forbidden look alike).

    With `action` ("write", "manage_care_team", ...), a user who may see the record but not do
    that gets PermissionDenied (403): they already know it exists. `related`: the joins a page uses.
    """
    queryset = access.record_clients(user).select_related(*related)
    client = get_object_or_404(queryset, pk=client_id)
    if action is not None:
        access.ensure_can(user, action, client)
    return client


def own_client(user, *, with_safety_plan=False):
    """A logged-in client's own record, or None. `with_safety_plan`: also `has_safety_plan`, in the same query."""
    if not access.is_client(user):
        return None
    queryset = Client.objects.visible_to(user).select_related("clinic")
    if with_safety_plan:
        plan = SafetyPlan.objects.visible_to(user).filter(client=OuterRef("pk"))
        queryset = queryset.annotate(has_safety_plan=Exists(plan))
    return queryset.first()


def care_team(client):
    return client.care_team_members.select_related("user").order_by("user__full_name")


def support_people(client, user):
    return SupportPerson.objects.visible_to(user).filter(client=client).current()


def support_person_for_user(user, client, person_id):
    return get_object_or_404(SupportPerson.objects.visible_to(user).filter(client=client), pk=person_id)


def safety_plan(client, user):
    return SafetyPlan.objects.visible_to(user).filter(client=client).select_related("updated_by").first()


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
    recent = list(
        CheckIn.objects.visible_to(user).filter(client=client).only(*OVERVIEW_CHECK_IN_FIELDS)[:RECENT_CHECK_INS]
    )
    plan = (
        SafetyPlan.objects.visible_to(user)
        .filter(client=client)
        .only("id", "client_id", "reviewed_at", "created_at", "updated_at")
        .first()
    )
    since = recent[0].created_at if recent else None
    people, counts = _support_network(client, user, since)
    return Overview(
        care_team=list(care_team(client).values_list("user__full_name", flat=True)),
        support_people=people,
        support_counts=counts,
        check_ins=recent,
        safety_plan=plan,
        changes_since_last_session=_changes_since(client, since, plan, counts),
    )


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
    windows = {
        "total": Count("pk"),
        "allies": Count("pk", filter=Q(ally_stage=AllyStage.ALLY)),
        "shared": Count("pk", filter=Q(shared_with_client=True)),
    }
    if since is not None:
        windows["changed"] = Count("pk", filter=Q(updated_at__gt=since))
    people = list(
        support_people(client, user)
        .only("id", "client_id", "name", "relationship", "ally_stage")
        .annotate(**{f"network_{name}": Window(count) for name, count in windows.items()})[:OVERVIEW_SUPPORT_PEOPLE]
    )
    first = people[0] if people else None
    counts = {name: getattr(first, f"network_{name}", 0) for name in windows}
    return people, counts


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
