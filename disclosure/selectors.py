"""Reads of disclosure plans, scoped through the access core."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from .charts import confidence_trend
from .models import Debrief, DisclosurePlan, Rehearsal, StatusChange


def plans_for(client, user):
    return DisclosurePlan.objects.visible_to(user).filter(client=client).current().select_related("support_person")


def plan_for_user(user, client, plan_id):
    """The plan, if this user may see it; 404 otherwise (missing and forbidden look alike)."""
    return get_object_or_404(plans_for(client, user).select_related("client"), pk=plan_id)


def plan_page(plan, user):
    """Everything the plan page shows besides the plan, in a fixed number of queries."""
    rehearsals = list(Rehearsal.objects.visible_to(user).filter(plan=plan).select_related("created_by"))
    return {
        "rehearsals": rehearsals,
        "trend": confidence_trend(rehearsals),
        "debriefs": list(Debrief.objects.visible_to(user).filter(plan=plan).select_related("author")),
        "status_changes": list(StatusChange.objects.filter(plan=plan).select_related("changed_by")),
    }


def shared_plans_for_client(client, user):
    return plans_for(client, user).prefetch_related(
        Prefetch("debriefs", queryset=Debrief.objects.order_by("created_at"))
    )


def overview_panel_context(client, user):
    """The client overview's panel: each open plan with its status and readiness."""
    return {"plans": list(plans_for(client, user)), "client": client}
