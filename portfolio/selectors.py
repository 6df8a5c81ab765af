"""Reads of the portfolio, scoped through the access core, in a fixed number of queries per page."""

from collections import defaultdict
from datetime import timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import OuterRef
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format

from empowerment.baked import baked

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

RECENT = 10


def goals_with_week(client, user, today=None):
    """Each current micro-goal with its last seven days and its streak (two queries in all)."""
    today = today or timezone.localdate()
    # shared_by: the share switch on each row names who shared it
    goals = list(MicroGoal.objects.visible_to(user).filter(client=client).current().select_related("shared_by"))
    if not goals:
        return []
    since = today - timedelta(days=366)
    done = defaultdict(set)
    for goal_id, day in (
        GoalCheck.objects.visible_to(user).filter(goal__in=goals, done_on__gte=since).values_list("goal_id", "done_on")
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


def goals_with_checks(client, user, today=None, *, sharer=False):
    """The rows of `goals_with_week` in one query: each goal brings the days it was done in the last year.

    The days are a subquery of each goal's own checks, tied to goals fetched through `visible_to`: a
    check is visible exactly when its goal is (GoalCheckQuerySet scopes through `goal__`), so the goal's
    scope covers its checks as it would a `prefetch_related`. `sharer`: also fetch who shared each goal.
    """
    if connection.vendor != "postgresql":  # ArraySubquery is PostgreSQL's; elsewhere (the demo) two queries
        return goals_with_week(client, user, today)
    today = today or timezone.localdate()
    goals = _goals_with_done_days(user, client, today - timedelta(days=366), sharer)
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


def _week(goal, week, done):
    """Each day as (day, done, due); `due` is None ("not yet", neutral) before the goal existed: a goal made
    today has missed nothing. Its first day is in the time zone active for the request (the person's)."""
    first_day = timezone.localtime(goal.created_at).date()
    return [(day, day in done, goal.is_due_on(day) if day >= first_day else None) for day in week]


@baked
def _goals_with_done_days(user, client, since, sharer):
    checks = GoalCheck.objects.filter(goal=OuterRef("pk"), done_on__gte=since)
    goals = (
        MicroGoal.objects.visible_to(user)
        .filter(client=client)
        .current()
        .annotate(done_days=ArraySubquery(checks.order_by().values("done_on")))
    )
    return goals.select_related("shared_by") if sharer else goals


def goal_for_user(user, client, goal_id):
    return get_object_or_404(MicroGoal.objects.visible_to(user).filter(client=client).current(), pk=goal_id)


def portfolio_page(client, user):
    plan = next(iter(_plan(user, client, True)), None)
    journal = _recent_journal(user, client)
    for entry in journal:
        entry.client = client  # `text_for` reads it; the entries are the client's, so no join
    return {
        "plan": plan,
        "reframes": _with_plan(_recent_reframes(plan), plan) if plan is not None else [],
        "goals": goals_with_checks(client, user, sharer=True),
        "journal": journal,
        "milestones": _recent_milestones(user, client),
        "coping_skills": _coping_skills(user, client, True),
        "encounters": _recent_encounters(user, client),
    }


@baked
def _plan(user, client, sharer):
    plans = EmpowermentPlan.objects.visible_to(user).filter(client=client).order_by("pk")
    return (plans.select_related("shared_by") if sharer else plans)[:1]


@baked
def _recent_reframes(plan):
    """A reframe is visible exactly when its plan is (ReframeQuerySet scopes through `plan__`): the plan's own."""
    return Reframe.objects.filter(plan=plan)[:RECENT]


def _with_plan(reframes, plan):
    for reframe in reframes:
        reframe.plan = plan
    return reframes


@baked
def _recent_journal(user, client):
    entries = JournalEntry.objects.visible_to(user).filter(client=client).current()
    return entries.select_related("author", "shared_by")[:RECENT]  # shared_by: the share switch names who


@baked
def _recent_milestones(user, client):
    return Milestone.objects.visible_to(user).filter(client=client).current().select_related("shared_by")[:RECENT]


@baked
def _coping_skills(user, client, sharer):
    skills = CopingSkill.objects.visible_to(user).filter(client=client).current()
    return skills.select_related("shared_by") if sharer else skills


@baked
def _recent_encounters(user, client):
    return StigmaEncounter.objects.visible_to(user).filter(client=client).current()[:RECENT]


def journal(client, user):
    return JournalEntry.objects.visible_to(user).filter(client=client).current().select_related("author", "client")


def overview_panel_context(client, user):
    """The overview's panel: this week's micro-goals, and the last three victories (only what it shows)."""
    return {
        "client": client,
        "goals": _with_day_labels(goals_with_checks(client, user, sharer=True)),
        "victories": _panel_victories(user, client),
    }


@baked
def _panel_victories(user, client):
    entries = JournalEntry.objects.visible_to(user).filter(client=client, kind="victory").current()
    return entries.only("id", "client_id", "text", "private")[:3]


def _with_day_labels(rows):
    """Each goal row with its week as (day's short name, done, due): the names are formatted once, not per dot."""
    if not rows:
        return rows
    labels = {day: date_format(day, "D") for day, _done, _due in rows[0]["week"]}
    return [{**row, "dots": [(labels[day], done, due) for day, done, due in row["week"]]} for row in rows]


def shared_highlights(client, user):
    """What of the portfolio the portal home shows the client: the plan, milestones and coping skills shared."""
    return {
        "empowerment_plan": next(iter(_plan(user, client, False)), None),
        "milestones": _shared_milestones(user, client),
        "coping_skills": _coping_skills(user, client, False),
    }


@baked
def _shared_milestones(user, client):
    return Milestone.objects.visible_to(user).filter(client=client).current()[:5]


def measures_page(client, user, language, *, shared_milestones_only=False):
    """Each instrument the client has results for: its definition, results and trend chart.

    The charts mark the milestones; `shared_milestones_only` (a PDF for the client) marks only those
    shared with the client.
    """
    from django.utils.translation import get_language

    from .charts import measure_trend
    from .instruments import shipped
    from .models import MeasureResponse

    language = language or get_language()
    responses = list(MeasureResponse.objects.visible_to(user).filter(client=client).select_related("completed_by"))
    milestones = Milestone.objects.visible_to(user).filter(client=client).current()
    if shared_milestones_only:
        milestones = milestones.filter(shared_with_client=True)
    milestones = list(milestones)
    events = [(milestone.achieved_on, milestone.title) for milestone in milestones]
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
                }
            )
    return {
        "charts": charts,
        "open_assignments": open_assignments(client, user),
        "instruments": shipped(),
        "milestones": milestones,
    }


def _text(translations, language):
    return translations.get(language) or translations.get("en") or ""


def open_assignments(client, user):

    return _open_assignments(user, client)


@baked
def _open_assignments(user, client):
    from .models import MeasureAssignment

    return MeasureAssignment.objects.visible_to(user).filter(client=client, completed_at__isnull=True)


def assignment_for_user(user, client, assignment_id):
    from .models import MeasureAssignment

    queryset = MeasureAssignment.objects.visible_to(user).filter(client=client, completed_at__isnull=True)
    return get_object_or_404(queryset, pk=assignment_id)
