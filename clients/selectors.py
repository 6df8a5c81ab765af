"""Reads in the clients app, scoped by the user before anything is fetched."""

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, Window
from django.db.models.functions import Coalesce, Lower, NullIf
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from core.queries import count_per_row
from core.registry import Registry

from . import access, attention, messaging
from .models import (
    SAFETY_PLAN_REVIEW_DAYS,
    Activity,
    AllyStage,
    CareTeamMember,
    CheckIn,
    Client,
    ClientStatus,
    Flag,
    RelapseRisk,
    SafetyPlan,
    SupportPerson,
)

RECENT_CHECK_INS = 3
OVERVIEW_SUPPORT_PEOPLE = 8


# What a caseload row shows of a client (templates/clients/caseload.html).
CASELOAD_FIELDS = ["id", "preferred_name", "legal_name", "pronouns", "primary_therapist_id", "portal_user_id"]


CASELOAD_SORTS = {
    # key: the order, by the name shown within equal values (every order is stable: the id last)
    "name": [],
    "last_seen": [F("last_seen").asc(nulls_first=True)],  # longest unseen (or never seen) first
    "next_review": [F("plan_reviewed").asc(nulls_first=True)],  # no plan, then the most overdue review first
}


def caseload(
    *, user: access.Reader, status: str = ClientStatus.ACTIVE, sort: str = "name", needs_attention: bool = False
) -> QuerySet[Client]:
    """The therapist's caseload: clients they are primary therapist for or on the care team of.

    Each row brings when the client was last seen (the last check-in's session date), the last check-in's relapse
    risk and when the safety plan was last reviewed (None: no plan), in the same query. `needs_attention`: only
    those with an open attention flag, a high relapse risk at the last check-in, no safety plan, or one not reviewed
    in 30 days. `open_flags` counts each row's open attention flags."""
    if not access.is_therapist(user):
        return Client.objects.none()
    # prefetch, not select_related: the planner misjudges how many clients the scope leaves (a tenth of the
    # clinic estimated for fifty) and joins by hashing the whole user table; a second query by id is cheaper.
    # Only the columns a row shows: fifty clients of some forty columns each cost more to read and build than
    # the page needs.
    therapist_names = Prefetch("primary_therapist", queryset=User.objects.only("id", "full_name"))
    last = CheckIn.objects.filter(client=OuterRef("pk")).order_by("-session_date", "-created_at")
    rows = (
        Client.objects.visible_to(user)
        .filter(status=status)
        .only(*CASELOAD_FIELDS)
        .annotate(
            last_seen=Subquery(last.values("session_date")[:1]),
            last_risk=Subquery(last.values("relapse_risk")[:1]),
            # a subquery by the plan's unique client id, not a join: a join made PostgreSQL hash the whole
            # safety-plan table (a sequential scan of 20,000 rows on the benchmark's data) for one page of names
            plan_reviewed=Subquery(
                SafetyPlan.objects.filter(client=OuterRef("pk")).values(reviewed=Coalesce("reviewed_at", "created_at"))[
                    :1
                ]
            ),
            # open attention flags (clients/attention.py), counted by the partial index's columns
            open_flags=count_per_row(Flag.objects.open(), "client"),
            # the client's messages nobody of the care team opened yet (clients/messaging.py)
            unread_messages=messaging.unread_by_staff_count(),
        )
        .prefetch_related(therapist_names)
    )
    if needs_attention:
        review_due = timezone.now() - datetime.timedelta(days=SAFETY_PLAN_REVIEW_DAYS)
        rows = rows.filter(
            Q(open_flags__gt=0)
            | Q(last_risk=RelapseRisk.HIGH)
            | Q(plan_reviewed__isnull=True)
            | Q(plan_reviewed__lt=review_due)
        )
    shown = Lower(Coalesce(NullIf("preferred_name", Value("")), "legal_name"))
    return rows.order_by(*CASELOAD_SORTS.get(sort, []), shown, "pk")


FIND_LIMIT = 8
FIND_TEXT_MAX = 100


def find_clients(*, user: access.Reader, text: str, limit: int = FIND_LIMIT) -> list[Client]:
    """Up to `limit` + 1 of the clients whose record `user` may open (access.record_clients: a therapist's caseload
    and care teams) with every word of `text` in their chosen or legal name, by the name shown; the extra one
    tells that there are more. Active clients first."""
    words = text.split()[:5]
    if not words:
        return []
    found = access.record_clients(user)
    for word in words:
        found = found.filter(Q(preferred_name__icontains=word) | Q(legal_name__icontains=word))
    shown = Lower(Coalesce(NullIf("preferred_name", Value("")), "legal_name"))
    return list(
        found.only("id", "preferred_name", "legal_name", "pronouns", "status").order_by("status", shown, "pk")[
            : limit + 1
        ]
    )


def roster(*, user: access.Reader, status: str | None = None) -> QuerySet[Client]:
    """The clinic admin's list of clients: names, status and therapist only."""
    queryset = (
        access.roster_clients(user)
        .select_related("primary_therapist")
        .only("id", "preferred_name", "legal_name", "status", "primary_therapist__full_name")
        .order_by(Lower(Coalesce(NullIf("preferred_name", Value("")), "legal_name")), "pk")  # by the name shown
    )
    return queryset.filter(status=status) if status else queryset


def roster_client_for_admin(*, user: access.Reader, client_id: uuid.UUID | str) -> Client:
    return get_object_or_404(roster(user=user), pk=client_id)


def client_for_user(
    *,
    user: User,
    client_id: uuid.UUID | str,
    action: str | None = None,
    related: Iterable[str] = ("clinic", "primary_therapist", "portal_user"),
    fields: Iterable[str] | None = None,
) -> Client:
    """The client, if this user may open the staff record; 404 otherwise (missing and forbidden look alike).

    With `action` ("write", "manage_care_team", ...), a user who may see the record but not do
    that gets PermissionDenied (403): they already know it exists. `related`: the joins a page uses;
    `fields`: only these columns, of the client and of those joins (a page that shows some, such as
    OVERVIEW_CLIENT_FIELDS).
    """
    try:
        client_id = client_id if isinstance(client_id, uuid.UUID) else uuid.UUID(str(client_id))
    except ValueError:
        raise Http404 from None
    queryset = access.record_clients(user).filter(pk=client_id).order_by()  # one row by id: nothing to sort
    if related:
        queryset = queryset.select_related(*related)
    if fields is not None:
        queryset = queryset.only(*fields)
    client = next(iter(queryset[:1]), None)
    if client is None:
        raise Http404
    access.prove_access(client, user)
    if action is not None:
        access.ensure_can(user, action, client)
    return client


def own_client(*, user: access.Reader, with_safety_plan: bool = False) -> Client | None:
    """A logged-in client's own record, or None. `with_safety_plan`: also `has_safety_plan`, in the same query.

    The client comes proved (`access.prove_access`): the portal page's child reads go by its id."""
    if not access.is_client(user):
        return None
    queryset = Client.objects.visible_to(user).select_related("clinic").order_by("pk")
    if with_safety_plan:
        # The row is the client's own record, and a client always sees their safety plan (SafetyPlanQuerySet).
        # A join on the one-to-one, not EXISTS: the same answer, and a third of the cost to build the query.
        queryset = queryset.annotate(has_safety_plan=Q(safety_plan__isnull=False))
    client = queryset.first()
    return access.prove_access(client, user) if client is not None else None


def care_team(*, client: Client) -> QuerySet[CareTeamMember]:
    return client.care_team_members.select_related("user").order_by("user__full_name")


def support_people(*, user: access.Reader, client: Client) -> QuerySet[SupportPerson]:
    """The client's current support network, as `user` may read it."""
    return SupportPerson.objects.for_client(client, user).current()


# The crisis lines are the clinic's (the clinics app, above this one), which registers how to read them when Django
# starts (ClinicsConfig.ready): "crisis_lines", a clinic or its id -> its lines. Typed loosely here, since this app
# may not import the clinics app, not even for annotations.
CLINIC_READS = Registry("reads of a clinic's rows that the record's pages show")


def crisis_lines(*, clinic: "Any | uuid.UUID | None") -> "QuerySet[Any]":
    """The crisis lines of `clinic` (a clinic or its id), shown with the safety plan and on the portal: each
    shows its name, numbers and hours (portal/_crisis_lines.html, includes/safety_plan_body.html)."""
    read = CLINIC_READS.get("crisis_lines")
    if read is None:
        raise ImproperlyConfigured("The clinics app registers how to read crisis lines when it starts")
    return read(clinic=clinic)


def portal_crisis_lines(*, user: access.Reader) -> "list[Any]":
    """The crisis lines of a client's clinic, for the portal's layout (every page); none for staff."""
    return list(crisis_lines(clinic=user.clinic_id)) if access.is_client(user) else []


def support_person_for_user(*, user: access.Reader, client: Client, person_id: uuid.UUID | str) -> SupportPerson:
    return get_object_or_404(SupportPerson.objects.for_client(client, user), pk=person_id)


def safety_plan(*, user: access.Reader, client: Client) -> SafetyPlan | None:
    """The client's safety plan, or None (without who last changed it: no page shows them)."""
    return SafetyPlan.objects.for_client(client, user).order_by("pk").first()


def check_ins(*, user: access.Reader, client: Client) -> QuerySet[CheckIn]:
    return CheckIn.objects.for_client(client, user).select_related("created_by")


@dataclass
class Overview:
    """What a therapist reads at a glance in a session, fetched in a fixed number of queries."""

    care_team: list[str]  # the members' names
    support_people: list[SupportPerson]
    support_counts: dict[str, int]
    check_ins: list[CheckIn]
    safety_plan: SafetyPlan | None
    changes_since_last_session: list[tuple[str, int]]
    since: datetime.datetime  # where "since the last session" starts (clients.attention.since_last_session)
    next_session_at: datetime.datetime | None  # when the next scheduled session starts
    activity: list[tuple[Activity, int]]  # what the client did in the portal since then, newest first (grouped)
    more_activity: bool
    flags: list[Flag]  # open attention flags

    @property
    def latest_check_in(self) -> CheckIn | None:
        return self.check_ins[0] if self.check_ins else None

    @property
    def high_relapse_risk(self) -> bool:
        return bool(self.latest_check_in and self.latest_check_in.relapse_risk == RelapseRisk.HIGH)

    @property
    def safety_plan_needs_review(self) -> bool:
        return bool(self.safety_plan and self.safety_plan.needs_review())


def client_overview(*, user: access.Reader, client: Client) -> Overview:
    """The overview's own reads: four queries whatever the size of the record.

    Only the columns the overview shows are fetched (no notes, no safety plan text), and the support
    network's counts ride on its first rows as window counts instead of separate COUNT queries.
    """
    recent = list(CheckIn.objects.for_client(client, user).only(*OVERVIEW_CHECK_IN_FIELDS)[:RECENT_CHECK_INS])
    plan = _overview_safety_plan(client, user)
    last_check_in = recent[0] if recent else None
    last_held, next_session_at = attention.session_times(client=client, user=user)
    # one "last session" for the whole card: what the client did, and what changed in the record, since then
    since = attention.last_session_at(last_held, last_check_in)
    people, counts = _support_network(client, user, since)
    anchor = attention.since_last_session(last_held, last_check_in)
    activity = attention.feed(client=client, user=user, since=anchor)
    return Overview(
        since=anchor,
        next_session_at=next_session_at,
        activity=attention.grouped(activity[: attention.FEED_LIMIT]),
        more_activity=len(activity) > attention.FEED_LIMIT,
        flags=attention.open_flags(client=client, user=user),
        care_team=list(care_team(client=client).values_list("user__full_name", flat=True)),
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
OVERVIEW_SAFETY_PLAN_FIELDS = ["id", "client_id", "reviewed_at", "created_at", "updated_at"]
# What the overview shows of the client (templates/clients/overview.html, the panels' templates, `intake_missing`
# and "what changed since the last session"), of its primary therapist (the name) and of its safety plan (whether
# one exists, when it was reviewed and changed): not the therapist's account columns, nor the plan's text.
OVERVIEW_CLIENT_FIELDS = [
    "id",
    "clinic_id",
    "legal_name",
    "preferred_name",
    "pronouns",
    "date_of_birth",
    "preferred_language",
    "allow_email",
    "allow_text",
    "email_is_safe",
    "text_is_safe",
    "quiet_hours_start",
    "quiet_hours_end",
    "discreet_wording",
    "communication_reviewed_at",
    "cultural_considerations",
    "accessibility_needs",
    "strengths",
    "status",
    "primary_therapist_id",
    "portal_user_id",
    "updated_at",
    "primary_therapist__full_name",
    *(f"safety_plan__{name}" for name in OVERVIEW_SAFETY_PLAN_FIELDS),
]


def _overview_safety_plan(client: Client, user: access.Reader) -> SafetyPlan | None:
    """The client's safety plan, or None: joined to the record's own read when the page asked for it.

    The overview reads the client with `related=[..., "safety_plan"]`; for a client whose read this request
    proved (`access.prove_access`), the joined plan is the one `SafetyPlan.objects.for_client` would return (a
    safety plan has no sharing rule), so no second query is needed. Otherwise the plan is read through the scope.
    """
    if access.access_proved(client, user) and Client.safety_plan.is_cached(client):
        try:
            return client.safety_plan
        except SafetyPlan.DoesNotExist:
            return None
    return SafetyPlan.objects.for_client(client, user).only(*OVERVIEW_SAFETY_PLAN_FIELDS).order_by("pk").first()


def _support_network(
    client: Client, user: access.Reader, since: datetime.datetime | None
) -> tuple[list[SupportPerson], dict[str, int]]:
    """The first people of the current support network, and its counts, in one query.

    The counts are window aggregates over every current person (a window is computed before the
    LIMIT), so they are the same numbers separate COUNT queries would give; with nobody recorded there
    are no rows and every count is 0.
    """
    windows = _network_windows(since)
    people = list(
        support_people(client=client, user=user)
        .only("id", "client_id", "name", "relationship", "ally_stage")
        .annotate(**{f"network_{name}": Window(count) for name, count in windows.items()})[:OVERVIEW_SUPPORT_PEOPLE]
    )
    first = people[0] if people else None
    counts = {name: getattr(first, f"network_{name}", 0) for name in windows}
    return people, counts


def _network_windows(since: datetime.datetime | None) -> dict[str, Count]:
    windows = {
        "total": Count("pk"),
        "allies": Count("pk", filter=Q(ally_stage=AllyStage.ALLY)),
        "shared": Count("pk", filter=Q(shared_with_client=True)),
    }
    if since is not None:
        windows["changed"] = Count("pk", filter=Q(updated_at__gt=since))
    return windows


def _changes_since(
    client: Client, since: datetime.datetime | None, plan: SafetyPlan | None, counts: dict[str, int]
) -> list[tuple[str, int]]:
    """What changed in the record since the last session (a held session or a check-in; labels and counts only)."""
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
