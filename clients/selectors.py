"""Reads in the clients app, scoped by the user before anything is fetched."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from accounts import access

from .models import CheckIn, Client, ClientStatus, RelapseRisk, SafetyPlan, SupportPerson

RECENT_CHECK_INS = 3
OVERVIEW_SUPPORT_PEOPLE = 8


def caseload(user, *, status=ClientStatus.ACTIVE):
    """The therapist's caseload: clients they are primary therapist for or on the care team of."""
    if not access.is_therapist(user):
        return Client.objects.none()
    return Client.objects.visible_to(user).filter(status=status).select_related("primary_therapist")


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


def client_for_user(user, client_id, *, action=None):
    """The client, if this user may open the staff record; 404 otherwise (missing and forbidden look alike).

    With `action` ("write", "manage_care_team", ...), a user who may see the record but not do
    that gets PermissionDenied (403): they already know it exists.
    """
    queryset = access.record_clients(user).select_related("clinic", "primary_therapist", "portal_user")
    client = get_object_or_404(queryset, pk=client_id)
    if action is not None:
        access.ensure_can(user, action, client)
    return client


def own_client(user):
    """A logged-in client's own record, or None."""
    if not access.is_client(user):
        return None
    return Client.objects.visible_to(user).select_related("clinic").first()


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

    care_team: list
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
    people_qs = support_people(client, user)
    counts = people_qs.aggregate(
        total=Count("pk"),
        allies=Count("pk", filter=Q(ally_stage="ally")),
        shared=Count("pk", filter=Q(shared_with_client=True)),
    )
    recent = list(check_ins(client, user)[:RECENT_CHECK_INS])
    plan = safety_plan(client, user)
    people = list(people_qs[:OVERVIEW_SUPPORT_PEOPLE])
    return Overview(
        care_team=list(care_team(client)),
        support_people=people,
        support_counts=counts,
        check_ins=recent,
        safety_plan=plan,
        changes_since_last_session=_changes_since(client, recent, plan, people_qs),
    )


def _changes_since(client, recent, plan, people_qs):
    """What changed in the record since the last session's check-in (labels and counts only)."""
    if not recent:
        return []
    since = recent[0].created_at
    changes = []
    if client.updated_at > since:
        changes.append(("profile", 1))
    if plan and plan.updated_at > since:
        changes.append(("safety_plan", 1))
    changed_people = people_qs.filter(updated_at__gt=since).count()
    if changed_people:
        changes.append(("support_people", changed_people))
    return changes
