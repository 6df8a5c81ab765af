"""Reads of advocacy plans and the clinic's opportunities, scoped through the access core.

A plan page proves once that its reader may open the client (`client_for_user`, `own_client`); the plan's
children are then read by the plan's client, that same proved object (`plan_for_user` sets it)."""

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from clients import access
from clients.access import Reader
from clients.models import Client

from .models import AdvocacyOpportunity, AdvocacyPlan, AdvocacyReview, AdvocacyStep, StepStatus, StoryDraft


def plans_for(*, user: Reader, client: Client) -> QuerySet[AdvocacyPlan]:
    """The client's current plans that `user` may read."""
    return AdvocacyPlan.objects.for_client(client, user).current()


def plan_for_user(
    *, user: Reader, client: Client, plan_id: uuid.UUID | str, fields: Iterable[str] = ()
) -> AdvocacyPlan:
    """The plan, if this user may see it; 404 otherwise (missing and forbidden look alike).

    It comes with who shared it (the page says so) and with `client` itself as its client: the plan is
    filtered by that client, so joining the client's row again would only make a second copy of it.
    `fields`: only these columns (a page that shows some, such as DETAIL_FIELDS)."""
    plans = plans_for(client=client, user=user).select_related("shared_by").filter(pk=plan_id)
    plan = (plans.only(*fields) if fields else plans).first()
    if plan is None:
        raise Http404
    plan.client = client
    return plan


def steps(*, user: Reader, plan: AdvocacyPlan) -> QuerySet[AdvocacyStep]:
    """The plan's steps, with the opportunity each points at."""
    return AdvocacyStep.objects.for_client(plan.client, user).filter(plan=plan).select_related("opportunity")


def reviews(*, user: Reader, plan: AdvocacyPlan) -> QuerySet[AdvocacyReview]:
    """The plan's reviews of the pace, with their authors (for "from the client")."""
    return AdvocacyReview.objects.for_client(plan.client, user).filter(plan=plan).select_related("author")


def drafts(*, user: Reader, plan: AdvocacyPlan) -> QuerySet[StoryDraft]:
    return StoryDraft.objects.for_client(plan.client, user).filter(plan=plan)


def step_for_user(*, user: Reader, plan: AdvocacyPlan, step_id: uuid.UUID | str) -> AdvocacyStep:
    return get_object_or_404(AdvocacyStep.objects.for_client(plan.client, user).filter(plan=plan), pk=step_id)


def draft_for_user(*, user: Reader, plan: AdvocacyPlan, draft_id: uuid.UUID | str) -> StoryDraft:
    return get_object_or_404(drafts(plan=plan, user=user), pk=draft_id)


def opportunities(*, user: Reader, active_only: bool = False) -> QuerySet[AdvocacyOpportunity]:
    queryset = access.clinic_directory(AdvocacyOpportunity.objects.all(), user)
    return queryset.filter(active=True) if active_only else queryset


def opportunity_for_user(*, user: Reader, opportunity_id: uuid.UUID | str) -> AdvocacyOpportunity:
    return get_object_or_404(opportunities(user=user), pk=opportunity_id)


def monthly_hours(*, steps: Iterable[AdvocacyStep]) -> dict[tuple[int, int], Decimal]:
    """{(year, month): hours} of the steps that still count (not skipped)."""
    totals: defaultdict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for step in steps:
        if step.status != StepStatus.SKIPPED:
            totals[(step.due_on.year, step.due_on.month)] += step.estimated_hours
    return dict(totals)


def months_over_limit(*, plan: AdvocacyPlan, steps: Iterable[AdvocacyStep]) -> list[tuple[datetime.date, Decimal]]:
    """[(first day of month, hours)] for months whose planned hours pass the plan's limit."""
    return [
        (datetime.date(year, month, 1), hours)
        for (year, month), hours in sorted(monthly_hours(steps=steps).items())
        if hours > plan.hours_per_month
    ]


# What the care team's plan page shows (templates/advocacy/plan_detail.html): the plan and its children without
# their bookkeeping, the name of whoever shared the plan, of each step's opportunity and of each review's author
# whether they are the client; of a story draft, its title and state, not its text.
DETAIL_FIELDS = [
    "id",
    "client_id",
    "aim",
    "focus",
    "status",
    "next_review_on",
    "hours_per_month",
    "publicity",
    "topics_off_limits",
    "media_rules",
    "therapeutic_goals",
    "shared_with_client",
    "shared_at",
    "shared_by__full_name",
]
STEP_FIELDS = [
    "id",
    "plan_id",
    "kind",
    "description",
    "due_on",
    "estimated_hours",
    "publicity",
    "status",
    "reflection",
    "opportunity__name",
]
REVIEW_FIELDS = [
    "id",
    "plan_id",
    "energy",
    "wellbeing",
    "burnout_signs",
    "decision",
    "notes",
    "created_at",
    "author__role",
]
DRAFT_FIELDS = ["id", "plan_id", "title", "form", "ready_to_publish_at"]


def plan_page(*, user: Reader, plan: AdvocacyPlan, for_client: bool = False) -> dict[str, Any]:
    """What the plan page shows besides the plan, in a fixed number of queries.

    `for_client`: the portal's page, which shows the steps and their pace but not the reviews or story drafts."""
    plan_steps = list(steps(plan=plan, user=user) if for_client else steps(plan=plan, user=user).only(*STEP_FIELDS))
    page = {"steps": plan_steps, "months_over_limit": months_over_limit(plan=plan, steps=plan_steps)}
    if not for_client:
        page.update(
            reviews=list(reviews(plan=plan, user=user).only(*REVIEW_FIELDS)),
            drafts=list(drafts(plan=plan, user=user).only(*DRAFT_FIELDS)),
        )
    return page


# What the overview's panel shows of a plan (not its rules or notes).
PANEL_FIELDS = ["id", "client_id", "aim", "focus", "status", "next_review_on", "shared_with_client"]


def overview_panel_context(*, user: Reader, client: Client) -> dict[str, Any]:
    return {"plans": list(plans_for(client=client, user=user).only(*PANEL_FIELDS)), "client": client}
