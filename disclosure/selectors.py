"""Reads of disclosure plans, scoped through the access core.

A page proves once that its reader may open the client (`client_for_user`, `own_client`); the reads here
then go by that client (`for_client`), and a plan's children by the plan's client, which is that same
proved object (`plan_for_user` sets it)."""

import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from clients.access import Reader
from clients.models import Client

from .charts import confidence_trend
from .models import Debrief, DisclosurePlan, Rehearsal, StatusChange


def plans_for(*, user: Reader, client: Client) -> QuerySet[DisclosurePlan]:
    """The client's current plans that `user` may read, with the support person each is about."""
    return DisclosurePlan.objects.for_client(client, user).current().select_related("support_person")


def plan_for_user(
    *, user: Reader, client: Client, plan_id: uuid.UUID | str, fields: Iterable[str] = ()
) -> DisclosurePlan:
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


# What the plan's page shows of it (templates/disclosure/plan_detail.html): the plan without its bookkeeping, and
# of the people it names only the names (the support person it is about, who shared it), not their records.
DETAIL_FIELDS = [
    "id",
    "client_id",
    "support_person_id",
    "support_person__name",
    "audience_description",
    "setting",
    "level",
    "reasons",
    "benefits",
    "costs_risks",
    "testing_the_person",
    "share_what",
    "keep_private",
    "when_where",
    "script",
    "exit_lines",
    "standby_support",
    "boundary_statements",
    "if_it_goes_badly",
    "readiness",
    "client_readiness",
    "client_readiness_at",
    "status",
    "shared_with_client",
    "shared_at",
    "shared_by__full_name",
]


def rehearsals(*, user: Reader, plan: DisclosurePlan) -> QuerySet[Rehearsal]:
    """The plan's rehearsals, without their authors (no page shows them)."""
    return Rehearsal.objects.for_client(plan.client, user).filter(plan=plan)


def debriefs(*, user: Reader, plan: DisclosurePlan) -> QuerySet[Debrief]:
    """The plan's debriefs, with their authors (for "from the client")."""
    return Debrief.objects.for_client(plan.client, user).filter(plan=plan).select_related("author")


def status_changes(*, plan: DisclosurePlan) -> QuerySet[StatusChange]:
    """The plan's status history (the plan itself is already scoped), without who changed it."""
    return StatusChange.objects.filter(plan=plan)


def plan_page(*, user: Reader, plan: DisclosurePlan) -> dict[str, Any]:
    """Everything the plan page shows besides the plan, in a fixed number of queries."""
    plan_rehearsals = list(rehearsals(plan=plan, user=user))
    return {
        "rehearsals": plan_rehearsals,
        "trend": confidence_trend(plan_rehearsals),
        "debriefs": list(debriefs(plan=plan, user=user)),
        "status_changes": list(status_changes(plan=plan)),
    }


# What the overview's panel shows of a plan (not its script or notes).
PANEL_FIELDS = [
    "id",
    "client_id",
    "support_person_id",
    "support_person__name",
    "audience_description",
    "setting",
    "status",
    "readiness",
    "shared_with_client",
]


def overview_panel_context(*, user: Reader, client: Client) -> dict[str, Any]:
    """The client overview's panel: each open plan with its status and readiness."""
    return {"plans": list(plans_for(client=client, user=user).only(*PANEL_FIELDS)), "client": client}
