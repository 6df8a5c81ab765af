"""Reads of the portfolio, scoped through the access core, in a fixed number of queries per page."""

from collections import defaultdict
from datetime import timedelta

from django.shortcuts import get_object_or_404
from django.utils import timezone

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
            "week": [(day, day in done[goal.pk], goal.is_due_on(day)) for day in week],
            "streak": goal.streak(done[goal.pk], today),
            "done_today": today in done[goal.pk],
            "due_today": goal.is_due_on(today),
        }
        for goal in goals
    ]


def goal_for_user(user, client, goal_id):
    return get_object_or_404(MicroGoal.objects.visible_to(user).filter(client=client).current(), pk=goal_id)


def portfolio_page(client, user):
    plan = EmpowermentPlan.objects.visible_to(user).filter(client=client).select_related("shared_by").first()
    return {
        "plan": plan,
        "reframes": list(Reframe.objects.visible_to(user).filter(plan__client=client)[:RECENT]),
        "goals": goals_with_week(client, user),
        "journal": list(
            JournalEntry.objects.visible_to(user)
            .filter(client=client)
            .current()
            .select_related("author", "client")[:RECENT]
        ),
        "milestones": list(
            Milestone.objects.visible_to(user).filter(client=client).current().select_related("shared_by")[:RECENT]
        ),
        "coping_skills": list(
            CopingSkill.objects.visible_to(user).filter(client=client).current().select_related("shared_by")
        ),
        "encounters": list(StigmaEncounter.objects.visible_to(user).filter(client=client).current()[:RECENT]),
    }


def journal(client, user):
    return JournalEntry.objects.visible_to(user).filter(client=client).current().select_related("author", "client")


def overview_panel_context(client, user):
    goals = goals_with_week(client, user)
    return {
        "client": client,
        "goals": goals,
        "victories": list(
            JournalEntry.objects.visible_to(user)
            .filter(client=client, kind="victory")
            .current()
            .select_related("client")[:3]
        ),
    }


def shared_highlights(client, user):
    """What of the portfolio the portal home shows the client: the plan, milestones and coping skills shared."""
    return {
        "empowerment_plan": EmpowermentPlan.objects.visible_to(user).filter(client=client).first(),
        "milestones": list(Milestone.objects.visible_to(user).filter(client=client).current()[:5]),
        "coping_skills": list(CopingSkill.objects.visible_to(user).filter(client=client).current()),
    }


def measures_page(client, user, language):
    """Each instrument the client has results for: its definition, results and trend chart."""
    from django.utils.translation import get_language

    from .charts import measure_trend
    from .instruments import shipped
    from .models import MeasureResponse

    language = language or get_language()
    responses = list(MeasureResponse.objects.visible_to(user).filter(client=client).select_related("completed_by"))
    events = [
        (milestone.achieved_on, milestone.title)
        for milestone in Milestone.objects.visible_to(user).filter(client=client).current()
    ]
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
    return {"charts": charts, "open_assignments": open_assignments(client, user), "instruments": shipped()}


def _text(translations, language):
    return translations.get(language) or translations.get("en") or ""


def open_assignments(client, user):
    from .models import MeasureAssignment

    return list(MeasureAssignment.objects.visible_to(user).filter(client=client, completed_at__isnull=True))


def assignment_for_user(user, client, assignment_id):
    from .models import MeasureAssignment

    queryset = MeasureAssignment.objects.visible_to(user).filter(client=client, completed_at__isnull=True)
    return get_object_or_404(queryset, pk=assignment_id)
