"""Reads of the portfolio, scoped through the access core, in a fixed number of queries per page.

A page's client comes from `clients.selectors.client_for_user` or `own_client`, which prove access to it: the
reads here go through `Model.objects.for_client(client, user)`, by the client's id (and the sharing rule when
the reader is the client), or through the full scope for a client object that was not proved."""

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import OuterRef, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format

from clients.access import Reader
from clients.models import Client

from .models import (
    CopingSkill,
    EmpowermentPlan,
    GoalCheck,
    JournalEntry,
    MicroGoal,
    Milestone,
    Reframe,
    StigmaEncounter,
)

if TYPE_CHECKING:
    from .models import MeasureAssignment, MeasureSchedule

RECENT = 10


def goals_with_week(*, user: Reader, client: Client, today: datetime.date | None = None) -> list[dict[str, Any]]:
    """Each current micro-goal with its last seven days and its streak (two queries in all)."""
    today = today or timezone.localdate()
    # shared_by: the share switch on each row names who shared it
    goals = list(MicroGoal.objects.for_client(client, user).current().select_related("shared_by"))
    if not goals:
        return []
    since = today - timedelta(days=366)
    done: defaultdict[uuid.UUID, set[datetime.date]] = defaultdict(set)
    for goal_id, day in (
        GoalCheck.objects.for_client(client, user)
        .filter(goal__in=goals, done_on__gte=since)
        .values_list("goal_id", "done_on")
    ):
        done[goal_id].add(day)
    week = [today - timedelta(days=offset) for offset in range(6, -1, -1)]
    return [
        {
            "goal": goal,
            "week": _week(goal, week, done[goal.pk]),
            "streak": goal.streak(done[goal.pk], today),
            "done_today": today in done[goal.pk],
            "due_today": goal.is_due_on(today),
        }
        for goal in goals
    ]


# What a goal row itself reads of its goal: `is_due_on`, `streak` and the first day of its week.
GOAL_ROW_FIELDS = ["id", "cadence", "weekdays", "created_at"]


def goals_with_checks(
    *,
    user: Reader,
    client: Client,
    today: datetime.date | None = None,
    sharer: bool = False,
    fields: Iterable[str] = (),
) -> list[dict[str, Any]]:
    """The rows of `goals_with_week` in one query: each goal brings the days it was done in the last year.

    The days are a subquery of each goal's own checks, tied to goals fetched through `for_client`: a
    check is visible exactly when its goal is (GoalCheckQuerySet scopes through `goal__`), so the goal's
    scope covers its checks as it would a `prefetch_related`. `sharer`: also fetch who shared each goal.
    `fields`: only these columns of each goal (a page that shows a few), besides the ones a row needs.
    """
    if connection.vendor != "postgresql":  # ArraySubquery is PostgreSQL's; elsewhere (the demo) two queries
        return goals_with_week(client=client, user=user, today=today)
    today = today or timezone.localdate()
    checks = GoalCheck.objects.filter(goal=OuterRef("pk"), done_on__gte=today - timedelta(days=366))
    goals = (
        MicroGoal.objects.for_client(client, user)
        .current()
        .annotate(done_days=ArraySubquery(checks.order_by().values("done_on")))
    )
    if sharer:
        goals = goals.select_related("shared_by")
    if fields:
        goals = goals.only(*GOAL_ROW_FIELDS, *fields)
    week = [today - timedelta(days=offset) for offset in range(6, -1, -1)]
    rows = []
    for goal in goals:
        done = set(goal.done_days)
        rows.append(
            {
                "goal": goal,
                "week": _week(goal, week, done),
                "streak": goal.streak(done, today),
                "done_today": today in done,
                "due_today": goal.is_due_on(today),
            }
        )
    return rows


def _week(
    goal: MicroGoal, week: list[datetime.date], done: set[datetime.date]
) -> list[tuple[datetime.date, bool, bool | None]]:
    """Each day as (day, done, due); `due` is None ("not yet", neutral) before the goal existed: a goal made
    today has missed nothing. Its first day is in the time zone active for the request (the person's)."""
    first_day = timezone.localtime(goal.created_at).date()
    return [(day, day in done, goal.is_due_on(day) if day >= first_day else None) for day in week]


def goal_for_user(*, user: Reader, client: Client, goal_id: uuid.UUID | str) -> MicroGoal:
    return get_object_or_404(MicroGoal.objects.for_client(client, user).current(), pk=goal_id)


# What the portfolio page shows of each kind of item (templates/portfolio/home.html), and for the items with a
# share switch, what the switch says: shared or not, by whom (the sharer's name, not their whole account) and when.
SHARE_SWITCH_FIELDS = ["shared_with_client", "shared_at", "shared_by__full_name"]
PAGE_FIELDS = {
    "plan": ["id", "client_id", "values", "strengths", "long_term_goals", *SHARE_SWITCH_FIELDS],
    "reframe": ["id", "plan_id", "written_on", "old_story", "new_story"],
    "goal": ["title", "category", *SHARE_SWITCH_FIELDS],  # besides what a goal row reads (GOAL_ROW_FIELDS)
    "journal": ["id", "client_id", "kind", "text", "private", "written_on", "author__role", *SHARE_SWITCH_FIELDS],
    "milestone": ["id", "client_id", "title", "description", "achieved_on", *SHARE_SWITCH_FIELDS],
    "coping_skill": ["id", "client_id", "name", "when_it_helps", "how_well", *SHARE_SWITCH_FIELDS],
    "encounter": [
        "id",
        "client_id",
        "occurred_on",
        "setting",
        "what_happened",
        "response",
        "distress_before",
        "distress_after",
        "debriefed_with",
        "learning",
    ],
}


def portfolio_page(*, user: Reader, client: Client) -> dict[str, Any]:
    """The portfolio page's reads: one query per kind of item, each with only the columns the page shows."""
    plan = empowerment_plan(client=client, user=user, sharer=True, fields=PAGE_FIELDS["plan"])
    journal = list(recent_journal(client=client, user=user).only(*PAGE_FIELDS["journal"]))
    for entry in journal:
        entry.client = client  # `text_for` reads it; the entries are the client's, so no join
    reframes = recent_reframes(plan=plan, user=user).only(*PAGE_FIELDS["reframe"]) if plan is not None else []
    milestones = Milestone.objects.for_client(client, user).current().select_related("shared_by")
    encounters = StigmaEncounter.objects.for_client(client, user).current()
    return {
        "plan": plan,
        "reframes": _with_plan(reframes, plan) if plan is not None else [],
        "goals": goals_with_checks(client=client, user=user, sharer=True, fields=PAGE_FIELDS["goal"]),
        "journal": journal,
        "milestones": milestones.only(*PAGE_FIELDS["milestone"])[:RECENT],
        "coping_skills": coping_skills(client=client, user=user, sharer=True).only(*PAGE_FIELDS["coping_skill"]),
        "encounters": encounters.only(*PAGE_FIELDS["encounter"])[:RECENT],
    }


def empowerment_plan(
    *, user: Reader, client: Client, sharer: bool = False, fields: Iterable[str] = ()
) -> EmpowermentPlan | None:
    """The client's empowerment plan, or None; its `client` is `client` itself (proved, for its children's
    reads). `sharer`: also fetch who shared it. `fields`: only these columns (a page that shows a few)."""
    plans = EmpowermentPlan.objects.for_client(client, user).order_by("pk")
    if sharer:
        plans = plans.select_related("shared_by")
    plan = (plans.only(*fields) if fields else plans).first()
    if plan is not None:
        plan.client = client
    return plan


def recent_reframes(*, user: Reader, plan: EmpowermentPlan) -> QuerySet[Reframe]:
    """The plan's latest reframes (`plan.client` is the page's proved client)."""
    return Reframe.objects.for_client(plan.client, user).filter(plan=plan)[:RECENT]


def _with_plan(reframes: Iterable[Reframe], plan: EmpowermentPlan) -> list[Reframe]:
    reframes = list(reframes)
    for reframe in reframes:
        reframe.plan = plan
    return reframes


def recent_journal(*, user: Reader, client: Client) -> QuerySet[JournalEntry]:
    entries = JournalEntry.objects.for_client(client, user).current()
    return entries.select_related("author", "shared_by")[:RECENT]  # shared_by: the share switch names who


def coping_skills(*, user: Reader, client: Client, sharer: bool = False) -> QuerySet[CopingSkill]:
    skills = CopingSkill.objects.for_client(client, user).current()
    return skills.select_related("shared_by") if sharer else skills


def journal(*, user: Reader, client: Client) -> QuerySet[JournalEntry]:
    return JournalEntry.objects.for_client(client, user).current().select_related("author", "client")


def overview_panel_context(*, user: Reader, client: Client) -> dict[str, Any]:
    """The overview's panel: this week's micro-goals, and the last three victories (only what it shows)."""
    victories = JournalEntry.objects.for_client(client, user).filter(kind="victory").current()
    return {
        "client": client,
        # The panel names each goal and shows its week; it has no share switch, so not who shared it.
        "goals": _with_day_labels(goals_with_checks(client=client, user=user, fields=["title"])),
        "victories": victories.only("id", "client_id", "text", "private")[:3],
    }


def overview_goal_row(*, user: Reader, client: Client, goal_id: uuid.UUID) -> dict[str, Any] | None:
    """One goal's row of the overview's panel, as it is now (after a tick in place)."""
    rows = goals_with_checks(client=client, user=user, fields=["title"])
    return next((row for row in _with_day_labels(rows) if row["goal"].pk == goal_id), None)


def _with_day_labels(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each goal row with its week as (day's short name, done, due): the names are formatted once, not per dot."""
    if not rows:
        return rows
    labels = {day: date_format(day, "D") for day, _done, _due in rows[0]["week"]}
    return [{**row, "dots": [(labels[day], done, due) for day, done, due in row["week"]]} for row in rows]


def shared_highlights(*, user: Reader, client: Client) -> dict[str, Any]:
    """What of the portfolio the portal home shows the client: the plan, milestones and coping skills shared.

    Only the columns the page shows and its "what's new" compares (`shared_at`, `updated_at`)."""
    plan_fields = ["id", "values", "strengths", "long_term_goals", "shared_at", "updated_at"]
    milestones = Milestone.objects.for_client(client, user).current().only("id", "title", "achieved_on", "shared_at")
    return {
        "empowerment_plan": empowerment_plan(client=client, user=user, fields=plan_fields),
        "milestones": list(milestones[:5]),
        "coping_skills": list(coping_skills(client=client, user=user).only("id", "name", "when_it_helps", "shared_at")),
    }


def measures_page(
    *, user: Reader, client: Client, language: str | None, shared_milestones_only: bool = False
) -> dict[str, Any]:
    """Each instrument the client has results for: its definition, results, progress and trend chart, and whether
    its chart is shared with the client.

    The charts mark the milestones and the client's own markers (`ChartEvent`); `shared_milestones_only` (a PDF for
    the client, the portal) marks only the milestones shared with the client.
    """
    from django.utils.translation import get_language

    from .charts import measure_trend
    from .instruments import shipped
    from .models import ChartEvent, MeasureResponse, SharedMeasure

    language = language or get_language()
    responses = list(MeasureResponse.objects.for_client(client, user).select_related("completed_by"))
    milestones = Milestone.objects.for_client(client, user).current()
    if shared_milestones_only:
        milestones = milestones.filter(shared_with_client=True)
    milestones = list(milestones)
    own_markers = list(ChartEvent.objects.for_client(client, user).only("id", "occurred_on", "label"))
    events = [(milestone.achieved_on, milestone.title) for milestone in milestones]
    events += [(marker.occurred_on, marker.label) for marker in own_markers]
    shared = set(SharedMeasure.objects.for_client(client, user).values_list("instrument", flat=True))
    charts = []
    for key, definition in shipped().items():
        results = [response for response in responses if response.instrument == key]
        if results:
            charts.append(
                {
                    "definition": definition,
                    "name": _text(definition["name"], language),
                    "results": results,
                    "trend": measure_trend(definition, results, events),
                    "progress": progress(definition, results),
                    "shared": key in shared,
                }
            )
    return {
        "charts": charts,
        "open_assignments": open_assignments(client=client, user=user),
        "instruments": shipped(),
        "milestones": milestones,
        "markers": own_markers,
    }


def progress(definition: dict[str, Any], results: list[Any]) -> dict[str, Any] | None:
    """Baseline (the first result), prior (the one before the latest, when it is not the baseline) and latest, with
    the change from each to the latest and whether it is a reliable change (`instruments.change`). `results` are one
    instrument's responses, oldest first."""
    from .instruments import change

    if not results:
        return None
    baseline, latest = results[0], results[-1]
    prior = results[-2] if len(results) > 2 else None
    return {
        "baseline": baseline,
        "prior": prior,
        "latest": latest,
        "from_baseline": change(definition, baseline.total, latest.total) if len(results) > 1 else None,
        "from_prior": change(definition, prior.total, latest.total) if prior is not None else None,
        "reliable_change": definition.get("reliable_change"),
    }


def _text(translations: dict[str, str], language: str) -> str:
    return translations.get(language) or translations.get("en") or ""


def open_assignments(*, user: Reader, client: Client) -> "QuerySet[MeasureAssignment]":
    """The questionnaires the client has been asked to complete and has not yet."""
    from .models import MeasureAssignment

    return MeasureAssignment.objects.for_client(client, user).open()


def measure_schedules(*, user: Reader, client: Client) -> "QuerySet[MeasureSchedule]":
    """The client's standing requests (every N weeks, before each session) that are running."""
    from .models import MeasureSchedule

    return MeasureSchedule.objects.for_client(client, user).active()


def missed_assignments(*, user: Reader, client: Client) -> "QuerySet[MeasureAssignment]":
    """The questionnaires the client did not answer before they closed, latest first."""
    from .models import MeasureAssignment

    return MeasureAssignment.objects.for_client(client, user).filter(missed_at__isnull=False).order_by("-missed_at")


def assignment_for_user(*, user: Reader, client: Client, assignment_id: uuid.UUID | str) -> "MeasureAssignment":
    return get_object_or_404(open_assignments(client=client, user=user), pk=assignment_id)


def answered_assignment_for_user(
    *, user: Reader, client: Client, assignment_id: uuid.UUID | str
) -> "MeasureAssignment":
    """A questionnaire the client has answered, with its response (the page after answering)."""
    from .models import MeasureAssignment

    answered = MeasureAssignment.objects.for_client(client, user).filter(completed_at__isnull=False)
    return get_object_or_404(answered.select_related("response"), pk=assignment_id)
