"""The attention rule that needs to know the client's micro-goals, so it lives here rather than in `clients`:
"no portal activity for N days while micro-goals are active" (clients/attention.py has the others)."""

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from clients import attention
from clients.models import Activity, Client, ClientStatus, Flag, FlagRule
from clinics.models import Clinic

from .models import MicroGoal


def quiet_clients(clinic_id, days: int, now: datetime.datetime) -> list[Client]:
    """Active clients of the clinic with a portal login and a micro-goal shared with them for at least `days` days,
    who have done nothing in the portal (no activity, no sign-in) for `days` days and were not flagged for it since."""
    cutoff = now - datetime.timedelta(days=days)
    goals = MicroGoal.objects.filter(
        client=OuterRef("pk"), archived_at__isnull=True, shared_with_client=True, created_at__lte=cutoff
    )
    recent_activity = Activity.objects.filter(client=OuterRef("pk"), created_at__gt=cutoff)
    flagged = Flag.objects.filter(client=OuterRef("pk"), rule=FlagRule.NO_ACTIVITY, raised_at__gt=cutoff)
    return list(
        Client.objects.filter(
            clinic_id=clinic_id, status=ClientStatus.ACTIVE, portal_user__isnull=False, portal_user__is_active=True
        )
        .filter(Exists(goals))
        .exclude(Exists(recent_activity))
        .exclude(Exists(flagged))
        .exclude(portal_user__last_login__gt=cutoff)
        .only("id", "clinic_id", "primary_therapist_id")
    )


def flag_quiet_clients(now: datetime.datetime | None = None) -> int:
    """Raise the rule's flag for each quiet client of every clinic that keeps the rule on; returns how many."""
    now = now or timezone.now()
    raised = 0
    for clinic_id in Clinic.objects.values_list("pk", flat=True):
        rules = attention.settings_for(clinic_id)
        if not rules.no_activity_on:
            continue
        for client in quiet_clients(clinic_id, rules.no_activity_days, now):
            attention.raise_flag(
                client=client,
                rule=FlagRule.NO_ACTIVITY,
                facts={"days": rules.no_activity_days},
                link=reverse("portfolio:home", kwargs={"client_id": client.pk}),
            )
            raised += 1
    return raised
