"""Reads of advocacy plans and the clinic's opportunities, scoped through the access core."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.shortcuts import get_object_or_404

from accounts import access
from empowerment.baked import baked, one_or_404

from .models import AdvocacyOpportunity, AdvocacyPlan, AdvocacyReview, AdvocacyStep, StepStatus, StoryDraft


def plans_for(client, user):
    return AdvocacyPlan.objects.visible_to(user).filter(client=client).current()


@baked
def plan_list(user, client):
    """`plans_for` as a list, its query compiled once per process (empowerment/baked.py)."""
    return plans_for(client, user)


def plan_for_user(user, client, plan_id):
    """The plan, if this user may see it; 404 otherwise (missing and forbidden look alike).

    It comes with who shared it (the page says so) and with `client` itself as its client: the plan is
    filtered by that client, so joining the client's row again would only make a second copy of it."""
    plan = one_or_404(_plan_for_user(user, client, plan_id))
    plan.client = client
    return plan


@baked
def _plan_for_user(user, client, plan_id):
    return plans_for(client, user).select_related("shared_by").filter(pk=plan_id)[:1]


def step_for_user(user, plan, step_id):
    return get_object_or_404(AdvocacyStep.objects.visible_to(user).filter(plan=plan), pk=step_id)


def draft_for_user(user, plan, draft_id):
    return get_object_or_404(StoryDraft.objects.visible_to(user).filter(plan=plan), pk=draft_id)


def opportunities(user, *, active_only=False):
    queryset = access.clinic_directory(AdvocacyOpportunity.objects.all(), user)
    return queryset.filter(active=True) if active_only else queryset


def opportunity_for_user(user, opportunity_id):
    return get_object_or_404(opportunities(user), pk=opportunity_id)


def monthly_hours(steps):
    """{(year, month): hours} of the steps that still count (not skipped)."""
    totals = defaultdict(Decimal)
    for step in steps:
        if step.status != StepStatus.SKIPPED:
            totals[(step.due_on.year, step.due_on.month)] += step.estimated_hours
    return dict(totals)


def months_over_limit(plan, steps):
    """[(first day of month, hours)] for months whose planned hours pass the plan's limit."""
    return [
        (datetime.date(year, month, 1), hours)
        for (year, month), hours in sorted(monthly_hours(steps).items())
        if hours > plan.hours_per_month
    ]


def plan_page(plan, user):
    """What the plan page shows besides the plan, in a fixed number of queries."""
    steps = _steps(user, plan)
    return {
        "steps": steps,
        "months_over_limit": months_over_limit(plan, steps),
        "reviews": _reviews(user, plan),
        "drafts": _drafts(user, plan),
    }


@baked
def _steps(user, plan):
    return AdvocacyStep.objects.visible_to(user).filter(plan=plan).select_related("opportunity")


@baked
def _reviews(user, plan):
    return AdvocacyReview.objects.visible_to(user).filter(plan=plan).select_related("author")


@baked
def _drafts(user, plan):
    return StoryDraft.objects.visible_to(user).filter(plan=plan)


# What the overview's panel shows of a plan (not its rules or notes).
PANEL_FIELDS = ["id", "client_id", "aim", "focus", "status", "next_review_on", "shared_with_client"]


def overview_panel_context(client, user):
    return {"plans": _panel_plans(user, client), "client": client}


@baked
def _panel_plans(user, client):
    return plans_for(client, user).only(*PANEL_FIELDS)
