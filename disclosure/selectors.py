"""Reads of disclosure plans, scoped through the access core."""

from django.db.models import Prefetch

from empowerment.baked import baked, one_or_404

from .charts import confidence_trend
from .models import Debrief, DisclosurePlan, Rehearsal, StatusChange


def plans_for(client, user):
    return DisclosurePlan.objects.visible_to(user).filter(client=client).current().select_related("support_person")


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


def plan_page(plan, user):
    """Everything the plan page shows besides the plan, in a fixed number of queries.

    Rehearsals and status changes come without their authors, which no page shows; a debrief's author
    is read for "from the client"."""
    rehearsals = _rehearsals(user, plan)
    return {
        "rehearsals": rehearsals,
        "trend": confidence_trend(rehearsals),
        "debriefs": _debriefs(user, plan),
        "status_changes": _status_changes(plan),
    }


@baked
def _rehearsals(user, plan):
    return Rehearsal.objects.visible_to(user).filter(plan=plan)


@baked
def _debriefs(user, plan):
    return Debrief.objects.visible_to(user).filter(plan=plan).select_related("author")


@baked
def _status_changes(plan):
    """The plan's status history (the plan itself is already scoped)."""
    return StatusChange.objects.filter(plan=plan)


def shared_plans_for_client(client, user):
    return plans_for(client, user).prefetch_related(
        Prefetch("debriefs", queryset=Debrief.objects.order_by("created_at"))
    )


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


def overview_panel_context(client, user):
    """The client overview's panel: each open plan with its status and readiness."""
    return {"plans": _panel_plans(user, client), "client": client}


@baked
def _panel_plans(user, client):
    return plans_for(client, user).only(*PANEL_FIELDS)
