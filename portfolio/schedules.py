"""Questionnaires on a schedule (issue 25): asked once, every N weeks, or before each scheduled session.

Each time a schedule comes due, one `MeasureAssignment` is made: it shows on the portal home ("To answer") and the
client hears of it once, as they chose (`reminders.notices.notify_client`: in the portal, and by a discreet email only
where email is allowed and safe, after their quiet hours). It stays open a while — a week for one asked every N
weeks (never past the next time), until the session for one asked before a session, two weeks for one asked once —
and is then marked missed: shown as missed to the care team and the client, never asked again (the schedule asks
anew next time), so a client is never nagged beyond the one notice per questionnaire.

The hourly task (`issue_due`) does the work; it is safe to run twice (a session's questionnaire is unique, and a
schedule's next day moves on in the same transaction that issues it).
"""

import datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from accounts.models import User
from audit import recording
from clients import access
from clients.models import Client, Session, SessionStatus
from reminders import notices

from .instruments import definition_for
from .models import MEASURE_OPEN_DAYS, MeasureAssignment, MeasureSchedule, ScheduleCadence

ONCE_OPEN_DAYS = 14  # a questionnaire asked once stays open two weeks
BEFORE_SESSION_DAYS = 3  # one asked before each session is asked this many days ahead (or at once, if sooner)


def client_today(client: Client) -> datetime.date:
    """Today where the client's clinic is (the schedule's days are the clinic's days)."""
    return timezone.localdate(timezone.now(), ZoneInfo(client.clinic.timezone))


@transaction.atomic
def ask(
    *,
    client: Client,
    by_user: User,
    instrument: str,
    cadence: str,
    every_weeks: int | None = None,
    starts_on: datetime.date | None = None,
) -> MeasureAssignment | MeasureSchedule:
    """Ask the client an instrument: once now (an assignment), or on a schedule, which replaces the instrument's
    current schedule if it has one. A schedule that is due today, or a session within the next days, asks at once."""
    access.ensure_can(by_user, "write", client)
    key = definition_for(instrument)["key"]
    today = client_today(client)
    if cadence == ScheduleCadence.ONCE:
        return issue(
            client=client, instrument=key, by_user=by_user, due_on=today, closes_on=today + _days(ONCE_OPEN_DAYS)
        )
    for current in MeasureSchedule.objects.filter(client=client, instrument=key, ended_at__isnull=True):
        _end(current, by_user)
    schedule = MeasureSchedule.objects.create(
        client=client,
        instrument=key,
        cadence=cadence,
        every_weeks=every_weeks if cadence == ScheduleCadence.EVERY_WEEKS else None,
        next_due_on=(starts_on or today) if cadence == ScheduleCadence.EVERY_WEEKS else None,
        created_by=by_user,
    )
    recording.record(
        by_user,
        "measure.schedule",
        client=client,
        obj=schedule,
        detail={"instrument": key, "cadence": cadence, "every_weeks": schedule.every_weeks},
    )
    _issue_for(schedule, today=today, now=timezone.now())
    return schedule


@transaction.atomic
def stop(*, schedule: MeasureSchedule, by_user: User) -> None:
    """The therapist stops a schedule: nothing more is asked; what is open stays open until answered or closed."""
    access.ensure_can(by_user, "write", schedule.client)
    _end(schedule, by_user)


def _end(schedule: MeasureSchedule, by_user: User) -> None:
    schedule.ended_at, schedule.ended_by = timezone.now(), by_user
    schedule.save(update_fields=["ended_at", "ended_by"])
    recording.record(
        by_user,
        "measure.schedule.stop",
        client=schedule.client,
        obj=schedule,
        detail={"instrument": schedule.instrument},
    )


def issue(
    *,
    client: Client,
    instrument: str,
    by_user: User | None,
    due_on: datetime.date,
    closes_on: datetime.date | None,
    schedule: MeasureSchedule | None = None,
    session: Session | None = None,
) -> MeasureAssignment:
    """One questionnaire for the client to answer, and one notice of it. An open one of the same instrument is used
    as it is when asked by hand; one left open by an earlier time of a schedule is marked missed first."""
    now = timezone.now()
    current = MeasureAssignment.objects.open().filter(client=client, instrument=instrument).first()
    if current is not None:
        if schedule is None and session is None:
            return current  # asked again by hand while it waits: the one waiting is the one
        _mark_missed(current, now)
    assignment = MeasureAssignment.objects.create(
        client=client,
        instrument=instrument,
        schedule=schedule,
        session=session,
        assigned_by=by_user or (schedule.created_by if schedule else client.primary_therapist),
        due_on=due_on,
        closes_on=closes_on,
    )
    recording.record(
        by_user,
        "measure.assign",
        client=client,
        obj=assignment,
        detail={"instrument": instrument, "scheduled": schedule is not None},
    )
    notices.notify_client(
        client,
        text=gettext_noop("A questionnaire is waiting for you"),
        link=reverse("portal:measure", kwargs={"assignment_id": assignment.pk}),
        source=f"measure:{assignment.pk}",
    )
    return assignment


def _mark_missed(assignment: MeasureAssignment, now: datetime.datetime) -> None:
    updated = MeasureAssignment.objects.filter(pk=assignment.pk, completed_at__isnull=True, missed_at__isnull=True)
    if updated.update(missed_at=now):
        recording.record(
            None,
            "measure.missed",
            client=assignment.client,
            obj=assignment,
            detail={"instrument": assignment.instrument},
        )


def _days(count: int) -> datetime.timedelta:
    return datetime.timedelta(days=count)


def _issue_for(schedule: MeasureSchedule, *, today: datetime.date, now: datetime.datetime) -> int:
    """Issue what this schedule owes today; the number issued."""
    client = schedule.client
    if not client.is_active:
        return 0
    if schedule.cadence == ScheduleCadence.EVERY_WEEKS:
        if schedule.next_due_on is None or schedule.next_due_on > today or not schedule.every_weeks:
            return 0
        step = _days(7 * schedule.every_weeks)
        following = schedule.next_due_on + step
        while following <= today:  # the task did not run for a while: ask once, for today, not for every time missed
            following += step
        issue(
            client=client,
            instrument=schedule.instrument,
            by_user=None,
            due_on=today,
            closes_on=min(today + _days(MEASURE_OPEN_DAYS), following - _days(1)),
            schedule=schedule,
        )
        MeasureSchedule.objects.filter(pk=schedule.pk).update(next_due_on=following)
        schedule.next_due_on = following
        return 1
    if schedule.cadence == ScheduleCadence.BEFORE_SESSION:
        issued = 0
        soon = Session.objects.filter(
            client=client,
            status=SessionStatus.SCHEDULED,
            starts_at__gt=now,
            starts_at__lte=now + _days(BEFORE_SESSION_DAYS),
        ).exclude(measure_assignments__instrument=schedule.instrument)
        for session in soon.order_by("starts_at"):
            day = timezone.localdate(session.starts_at, ZoneInfo(client.clinic.timezone))
            issue(
                client=client,
                instrument=schedule.instrument,
                by_user=None,
                due_on=max(today, day - _days(BEFORE_SESSION_DAYS)),
                closes_on=day,
                schedule=schedule,
                session=session,
            )
            issued += 1
        return issued
    return 0


def issue_due(now: datetime.datetime | None = None) -> dict[str, int]:
    """The hourly task: issue every questionnaire a schedule owes, then mark missed those whose last day has passed.
    Returns counts (issued, missed) for the log."""
    now = now or timezone.now()
    issued = 0
    due = (
        MeasureSchedule.objects.filter(ended_at__isnull=True, client__status="active")
        .filter(
            cadence__in=[ScheduleCadence.EVERY_WEEKS, ScheduleCadence.BEFORE_SESSION],
        )
        .select_related("client__clinic", "created_by")
    )
    # Every N weeks: only those whose day has come in some time zone (the earliest zone is at most a day ahead).
    horizon = timezone.localdate(now) + _days(1)
    due = due.exclude(cadence=ScheduleCadence.EVERY_WEEKS, next_due_on__gt=horizon)
    for schedule in due.iterator(chunk_size=500):
        with transaction.atomic():
            issued += _issue_for(
                schedule, today=timezone.localdate(now, ZoneInfo(schedule.client.clinic.timezone)), now=now
            )
    return {"issued": issued, "missed": close_missed(now)}


def close_missed(now: datetime.datetime) -> int:
    """Mark missed every open questionnaire whose last day has passed where its client is."""
    missed = 0
    horizon = timezone.localdate(now) + _days(1)
    candidates = MeasureAssignment.objects.open().filter(closes_on__lt=horizon).select_related("client__clinic")
    for assignment in candidates.iterator(chunk_size=500):
        if assignment.closes_on < timezone.localdate(now, ZoneInfo(assignment.client.clinic.timezone)):
            with transaction.atomic():
                _mark_missed(assignment, now)
            missed += 1
    return missed
