"""Sessions (issue 24): the therapist schedules them, records how they went and keeps an agenda with each.

Writes (`session_create`, `session_update`) are permission-checked, atomic, audited and safe to send twice; after
each, the "session_saved" hook lets the reminders app set, move or cancel the client's reminder of it. Reads start
from the access module's scope (`Session.objects.for_client(client, user)`). The client sees their own sessions in
the portal (time, length, how, link, place) and never the agenda.
"""

import datetime
import uuid
from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from accounts.models import User
from audit import recording

from . import access, attention
from .editing import create_once, versioned_update
from .models import (
    Activity,
    ActivityKind,
    CheckIn,
    Client,
    Flag,
    FlagRule,
    Session,
    SessionModality,
    SessionStatus,
)
from .services import HOOKS

# What the client's pages read of a session: never the agenda.
CLIENT_FIELDS = (
    "id",
    "client_id",
    "starts_at",
    "duration_minutes",
    "modality",
    "video_link",
    "location",
    "status",
    "version",
)
PORTAL_RECENT = 10  # past sessions the portal lists


# --- The rules of a session's time and link -------------------------------------------------------------


def time_error(
    starts_at: datetime.datetime,
    status: str,
    *,
    new: bool = True,
    moved: bool = True,
    now: datetime.datetime | None = None,
) -> str | None:
    """Why a session starting at `starts_at` cannot have this status, or None. Called when the session is `new`,
    its time is new (`moved`) or its status is.

    A session is scheduled from now on. One that took place earlier today may be recorded afterwards (held, or did
    not take place); earlier days are not booked after the fact, though a session scheduled then is recorded, or
    its time corrected, any day after. "Held" and "did not take place" need a start that has come. Days are the
    reader's (the active time zone: the therapist's).
    """
    now = now or timezone.now()
    started = starts_at <= now
    if status in (SessionStatus.HELD, SessionStatus.NOT_ATTENDED):
        if not started:
            return _("This session has not started yet. Keep it scheduled, or cancel it.")
        if new and timezone.localdate(starts_at) != timezone.localdate(now):
            return _("A session can be recorded afterwards on the day it took place only. Choose a time today.")
        return None
    if started and (status == SessionStatus.SCHEDULED or moved):
        return _(
            "This time has passed. Choose a later time, or, for a session that took place earlier today, "
            "set its status to Held."
        )
    return None


def link_error(modality: str, video_link: str) -> str | None:
    """Why this video link cannot be saved, or None: a video session needs a secure (https) link."""
    if video_link and not video_link.lower().startswith("https://"):
        return _("Use a secure link: it starts with https://.")
    if modality == SessionModality.VIDEO and not video_link:
        return _("Add the video link the client will open (it starts with https://).")
    return None


def _check(session: Session, *, new: bool, moved: bool, status_changed: bool) -> None:
    """Refuse a session that breaks a rule (ValidationError): its fields, its link, and its time when the session,
    its time (`moved`) or its status is new."""
    session.full_clean(exclude=["client", "therapist", "created_by"], validate_unique=False)
    problems = [link_error(session.modality, session.video_link)]
    if new or moved or status_changed:
        problems.append(time_error(session.starts_at, session.status, new=new, moved=moved))
    problems = [problem for problem in problems if problem]
    if problems:
        raise ValidationError(problems)


# --- Writes ---------------------------------------------------------------------------------------------


@transaction.atomic
def session_create(
    *, client: Client, by_user: User, data: dict[str, Any], submission_key: uuid.UUID | None = None
) -> Session:
    """A therapist of the client's care team schedules a session (or records one held earlier today)."""
    access.ensure_can(by_user, "write", client)
    if data.get("modality") != SessionModality.VIDEO:
        data = {**data, "video_link": ""}  # a link only where the client is to open one
    session, created = create_once(
        Session,
        by_user=by_user,
        action="session.create",
        client=client,
        submission_key=submission_key,
        fields={"client": client, "therapist": by_user, "created_by": by_user},
        data=data,
        prepare=lambda row: _check(row, new=True, moved=True, status_changed=True),
        detail=lambda row: {"status": row.status, "modality": row.modality},
    )
    if created:
        HOOKS.run("session_saved", session=session, by_user=by_user)
    return session


@transaction.atomic
def session_update(*, session: Session, by_user: User, data: dict[str, Any], expected_version: int | None) -> Session:
    """Move a session, change how it takes place, record how it went (held, cancelled, did not take place) or edit
    its agenda; refused (EditConflictError) when someone saved it after the form was opened."""
    access.ensure_can(by_user, "write", session.client)
    if data.get("modality", session.modality) != SessionModality.VIDEO:
        data = {**data, "video_link": ""}

    def prepare(instance: Session, changed: list[str]) -> None:
        _check(instance, new=False, moved="starts_at" in changed, status_changed="status" in changed)

    changed = versioned_update(session, data=data, expected_version=expected_version, prepare=prepare)
    detail = {"fields": changed, "status": session.status}
    recording.record(by_user, "session.update", client=session.client, obj=session, detail=detail)
    HOOKS.run("session_saved", session=session, by_user=by_user)
    return session


# --- Reads ----------------------------------------------------------------------------------------------


def sessions(*, client: Client, user: access.Reader) -> QuerySet[Session]:
    """The client's sessions as `user` may read them, latest first."""
    return Session.objects.for_client(client, user).order_by("-starts_at")


def upcoming(*, client: Client, user: access.Reader, now: datetime.datetime | None = None) -> QuerySet[Session]:
    """Scheduled sessions still to come, soonest first."""
    return Session.objects.for_client(client, user).upcoming(now).order_by("starts_at")


def to_come(*, client: Client, user: access.Reader, now: datetime.datetime | None = None) -> QuerySet[Session]:
    """Every session whose time is still to come, cancelled ones included (the client is told), soonest first."""
    return Session.objects.for_client(client, user).filter(starts_at__gte=now or timezone.now()).order_by("starts_at")


def gone_by(*, client: Client, user: access.Reader, now: datetime.datetime | None = None) -> QuerySet[Session]:
    """Every session whose time has come, whatever became of it, latest first."""
    return sessions(client=client, user=user).filter(starts_at__lt=now or timezone.now())


def session_for_user(*, client: Client, user: access.Reader, session_id: uuid.UUID, for_client=False) -> Session:
    """One of the client's sessions, if `user` may read it; 404 otherwise (missing and forbidden look alike).
    `for_client`: only what the client's pages show (CLIENT_FIELDS), never the agenda."""
    queryset = Session.objects.for_client(client, user)
    return get_object_or_404(queryset.only(*CLIENT_FIELDS) if for_client else queryset, pk=session_id)


def for_client_portal(
    *, client: Client, user: access.Reader, now: datetime.datetime | None = None
) -> tuple[list[Session], list[Session]]:
    """What the client's sessions page lists, without the agenda: (every session still to come, soonest first; the
    latest ten whose time has come)."""
    now = now or timezone.now()
    coming = list(to_come(client=client, user=user, now=now).only(*CLIENT_FIELDS))
    recent = list(gone_by(client=client, user=user, now=now).only(*CLIENT_FIELDS)[:PORTAL_RECENT])
    return coming, recent


def last_held(client: Client, user: access.Reader) -> Session | None:
    """The latest session that was held: where "since the last session" starts."""
    held = Session.objects.for_client(client, user).filter(status=SessionStatus.HELD)
    return held.order_by("-starts_at").defer("agenda").first()


def next_scheduled(client: Client, user: access.Reader, now: datetime.datetime | None = None) -> Session | None:
    """The next scheduled session, or None: one query, without the agenda."""
    return upcoming(client=client, user=user, now=now).only(*CLIENT_FIELDS).first()


# --- The agenda, drafted from what happened since the last session -------------------------------------


def agenda_since(client: Client, user: access.Reader, now: datetime.datetime | None = None) -> datetime.datetime:
    """Where the draft agenda starts: where the overview's "since the last session" does (the later of the last held
    session and the last check-in, else 30 days back), so the agenda and the feed it is drafted from agree."""
    last_held, _next = attention.session_times(client=client, user=user, now=now)
    last_check_in = CheckIn.objects.for_client(client, user).only("id", "client_id", "created_at").first()
    return attention.since_last_session(last_held, last_check_in, now)


def draft_agenda(*, client: Client, user: access.Reader, now: datetime.datetime | None = None) -> str:
    """A plain-text agenda in the reader's language: a line per open attention flag, a line per kind of thing the
    client did in the portal since the last session (with how many), and a line for what the client brings.

    Four queries. The therapist edits it before it is kept with the session.
    """
    since = agenda_since(client, user, now)
    flags = Counter(Flag.objects.for_client(client, user).open().values_list("rule", flat=True))
    kinds = dict(
        Activity.objects.for_client(client, user)
        .filter(created_at__gt=since)
        .order_by()
        .values_list("kind")
        .annotate(count=Count("id"))
    )
    lines = []
    for rule in FlagRule:  # in the rules' own order, so that the draft reads the same each time
        if flags[rule.value]:
            line = _("Needs attention: %(rule)s") % {"rule": rule.label}
            lines.append(_counted(line, flags[rule.value]) if flags[rule.value] > 1 else line)
    lines += [_counted(str(kind.label), kinds[kind.value]) for kind in ActivityKind if kinds.get(kind.value)]
    if not lines:
        lines.append(_("Nothing new in the portal since the last session."))
    lines.append(_("Anything else the client wants to bring:"))
    return "\n".join(f"- {line}" for line in lines) + "\n"


def _counted(text: str, count: int) -> str:
    return _("%(what)s (%(count)d)") % {"what": text, "count": count}


def with_draft(agenda: str, draft: str) -> str:
    """The agenda typed so far with the draft below it (nothing typed is lost); the draft alone if none."""
    agenda = (agenda or "").strip()
    return f"{agenda}\n\n{draft}" if agenda else draft


# --- The client's calendar invite -----------------------------------------------------------------------


def invite_ics(session: Session, *, now: datetime.datetime | None = None) -> bytes:
    """A discreet .ics for one session: "Appointment" and the time, nothing clinical (no clinic, no therapist, no
    agenda); the video link or the place only as where it happens. One UID per session and SEQUENCE its version,
    so that a calendar updates the event it has when the session moves or is cancelled. Times in UTC."""
    calendar = Calendar()
    calendar.add("prodid", "-//Empowerment Planner//appointments//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{session.pk}@empowerment-planner")
    event.add("sequence", session.version)
    event.add("dtstamp", now or timezone.now())
    event.add("dtstart", session.starts_at.astimezone(datetime.UTC))
    event.add("dtend", session.ends_at.astimezone(datetime.UTC))
    event.add("summary", _("Appointment"))
    cancelled = session.status in (SessionStatus.CANCELLED, SessionStatus.NOT_ATTENDED)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if session.modality == SessionModality.VIDEO and session.video_link:
        event.add("location", session.video_link)
        event.add("url", session.video_link)
    elif session.modality == SessionModality.IN_PERSON and session.location:
        event.add("location", session.location)
    calendar.add_component(event)
    return calendar.to_ical()
