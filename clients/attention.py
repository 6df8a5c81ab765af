"""The care loop between sessions (issue 24): what a client does in the portal reaches the care team.

- `record_activity`: every portal action of the client's (a stigma encounter, a journal entry, a goal ticked, a
  questionnaire, a consent given or withdrawn, an advocacy step or review, a debrief, feedback, a message) writes one
  `Activity` row, inside the action's own transaction. It holds no free text of the client's: the kind, a few
  structured facts and a link to the item's staff page. The overview's "since the last session" feed reads them.
- The attention rules then look at it, as the client's clinic has tuned them (`AttentionSettings`), and raise a
  `Flag` when one fires: a distress rating at or above the clinic's threshold, a review asking to pause or reporting
  symptoms returning, a disclosure that went badly, a consent withdrawn, a questionnaire in a worse band. The rule
  "no portal activity for N days while micro-goals are active" runs once a day (portfolio's task, which knows the
  goals) and calls `raise_flag` itself.
- A raised flag tells the care team (the "flag_raised" hook: reminders makes an in-app notice and, where the clinic
  allows it, a discreet email) and shows on the overview and as a badge on the caseload. A therapist acknowledges it
  with an optional note; that is audited. A flag never blocks anything.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Min, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from audit import recording

from . import access
from .models import (
    Activity,
    ActivityKind,
    AttentionSettings,
    CheckIn,
    Client,
    Flag,
    FlagRule,
    Session,
    SessionStatus,
)
from .services import HOOKS

FEED_LIMIT = 30  # the overview shows this many of the latest activities; the rest are counted
FEED_FALLBACK_DAYS = 30  # with no session or check-in yet, the feed reaches back this far


def settings_for(clinic_id) -> AttentionSettings:
    """The clinic's attention rules (the defaults until an admin changes them; the row is made on first use)."""
    rules, _created = AttentionSettings.objects.get_or_create(clinic_id=clinic_id)
    return rules


# The kinds of activity an attention rule looks at (`rule_fired`); the others are only noted for the feed.
KINDS_WITH_RULES = frozenset(
    {
        ActivityKind.ENCOUNTER,
        ActivityKind.ADVOCACY_REVIEW,
        ActivityKind.DEBRIEF,
        ActivityKind.CONSENT_WITHDRAWN,
        ActivityKind.MEASURE,
    }
)


def rule_fired(kind: str, facts: dict[str, Any], rules: AttentionSettings) -> str | None:
    """The rule this activity fires under the clinic's settings, or None. A questionnaire's safety item answered above
    "not at all" always raises a flag, whatever the clinic's settings: no clinic can turn that off."""
    if kind == ActivityKind.MEASURE and facts.get("safety"):
        return FlagRule.SAFETY_ITEM
    if kind == ActivityKind.ENCOUNTER and rules.high_distress_on:
        distress = max(int(facts.get("distress_before") or 0), int(facts.get("distress_after") or 0))
        if distress >= rules.high_distress_at_least:
            return FlagRule.HIGH_DISTRESS
    asks_to_pause = facts.get("decision") == "pause" or "symptoms" in facts.get("signs", [])
    if kind == ActivityKind.ADVOCACY_REVIEW and rules.pause_requested_on and asks_to_pause:
        return FlagRule.PAUSE_REQUESTED
    if kind == ActivityKind.DEBRIEF and rules.debrief_went_badly_on and facts.get("outcome") == "hard":
        return FlagRule.DEBRIEF_WENT_BADLY
    if kind == ActivityKind.CONSENT_WITHDRAWN and rules.consent_withdrawn_on:
        return FlagRule.CONSENT_WITHDRAWN
    if kind == ActivityKind.MEASURE and rules.measure_worse_on and facts.get("worse"):
        return FlagRule.MEASURE_WORSE
    return None


@transaction.atomic
def record_activity(
    *, client: Client, kind: str, facts: dict[str, Any] | None = None, link: str = "", by_user: User | None = None
) -> Activity:
    """Note what the client did (call it inside the action's transaction, once the action is saved), and raise a
    flag when the clinic's rules say so. `facts` are numbers and codes only, never the client's words."""
    facts = facts or {}
    activity = Activity.objects.create(client=client, kind=kind, facts=facts, link=link)
    if kind not in KINDS_WITH_RULES:  # a goal tick, a journal entry...: nothing to look up
        return activity
    rule = rule_fired(kind, facts, settings_for(client.clinic_id))
    if rule is not None:
        raise_flag(client=client, rule=rule, activity=activity, facts=facts, link=link, by_user=by_user)
    return activity


@transaction.atomic
def raise_flag(
    *,
    client: Client,
    rule: str,
    activity: Activity | None = None,
    facts: dict[str, Any] | None = None,
    link: str = "",
    by_user: User | None = None,
) -> Flag:
    """Raise a flag for the care team (audited; the "flag_raised" hook tells them)."""
    flag = Flag.objects.create(client=client, rule=rule, activity=activity, facts=facts or {}, link=link)
    recording.record(by_user, "flag.raise", client=client, obj=flag, detail={"rule": rule})
    HOOKS.run("flag_raised", flag=flag)
    return flag


@transaction.atomic
def acknowledge(*, flag: Flag, by_user: User, note: str = "") -> Flag:
    """A therapist on the care team has seen the flag (and perhaps noted what they did). Sending it twice is one
    acknowledgement: the first stands."""
    if not access.can(by_user, "write", flag.client):
        raise PermissionDenied
    locked = Flag.objects.select_for_update().get(pk=flag.pk)
    if locked.acknowledged_at is not None:
        return locked
    locked.acknowledged_at, locked.acknowledged_by, locked.note = timezone.now(), by_user, note.strip()
    locked.save(update_fields=["acknowledged_at", "acknowledged_by", "note"])
    recording.record(by_user, "flag.acknowledge", client=locked.client, obj=locked, detail={"rule": locked.rule})
    return locked


def flag_for_user(*, user: access.Reader, client: Client, flag_id) -> Flag:
    return get_object_or_404(Flag.objects.for_client(client, user), pk=flag_id)


def open_flags(*, client: Client, user: access.Reader) -> list[Flag]:
    return list(Flag.objects.for_client(client, user).open().order_by("-raised_at")[:20])


def session_times(
    *, client: Client, user: access.Reader, now: datetime.datetime | None = None
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """When the last held session started and when the next scheduled one starts (None for none): one query."""
    now = now or timezone.now()
    times = Session.objects.for_client(client, user).aggregate(
        last_held=Max("starts_at", filter=Q(status=SessionStatus.HELD, starts_at__lte=now)),
        next_start=Min("starts_at", filter=Q(status=SessionStatus.SCHEDULED, starts_at__gte=now)),
    )
    return times["last_held"], times["next_start"]


def last_session_at(last_held: datetime.datetime | None, last_check_in: CheckIn | None) -> datetime.datetime | None:
    """When the last session was: the later of the last held session and the last check-in (None: neither yet)."""
    candidates = [moment for moment in (last_held, last_check_in and last_check_in.created_at) if moment]
    return max(candidates) if candidates else None


def since_last_session(
    last_held: datetime.datetime | None, last_check_in: CheckIn | None, now: datetime.datetime | None = None
) -> datetime.datetime:
    """Where "since the last session" starts, for the overview's feed and a session's draft agenda alike: the last
    session (`last_session_at`), else FEED_FALLBACK_DAYS back."""
    last = last_session_at(last_held, last_check_in)
    return last or (now or timezone.now()) - datetime.timedelta(days=FEED_FALLBACK_DAYS)


def grouped(activities: list[Activity]) -> list[tuple[Activity, int]]:
    """The feed as it reads best: a day's micro-goal ticks one line ("Ticked off 3 micro-goals"), each other
    activity its own line; (the latest activity of the line, how many it stands for), newest first."""
    lines: list[tuple[Activity, int]] = []
    for activity in activities:
        if lines and activity.kind == ActivityKind.GOAL_TICK:
            latest, count = lines[-1]
            same_day = timezone.localdate(latest.created_at) == timezone.localdate(activity.created_at)
            if latest.kind == ActivityKind.GOAL_TICK and same_day:
                lines[-1] = (latest, count + 1)
                continue
        lines.append((activity, 1))
    return lines


def feed(*, client: Client, user: access.Reader, since: datetime.datetime, limit: int = FEED_LIMIT) -> list[Activity]:
    """What the client did in the portal since `since`, newest first (one query; one row more than `limit` tells
    the page there is more)."""
    return list(
        Activity.objects.for_client(client, user)
        .filter(created_at__gt=since)
        .only("id", "client_id", "kind", "facts", "link", "created_at")
        .order_by("-created_at")[: limit + 1]
    )
