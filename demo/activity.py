"""The demo's day-to-day activity, made through the services as a person would: reminders (with a few
deliveries and notifications already sent), open invitations and emergency-access history.

Safe to run twice: a reminder is found by recipient, client and kind; an invitation by clinic and
address; emergency accesses are seeded only while the clinic has none. What happened in the past is done
with the clock set back to its moment (time-machine, under seed_demo's frozen clock): a reminder is set a few
days ago, an emergency access is opened (and ended) on its day. Past reminder occurrences are then dispatched
by the real dispatcher (`reminders.services.dispatch_all_due`, run by seed_demo at each moment one fell due),
so their emails and in-app notices are made by the same code as in use; with the demo's in-process tasks they
are sent when the command commits (emails to var/mail/ in `make demo`).
"""

import datetime

import time_machine
from django.utils import timezone

from accounts.models import Invitation, Role, User
from accounts.services import invitation_create
from clients import emergency
from clients.models import Client, EmergencyAccess
from clients.services import client_invite_to_portal
from portal.forms import micro_goal_reminder_data
from portfolio.models import Cadence, MicroGoal
from reminders import services as reminder_services
from reminders.models import Recurrence, Reminder, ReminderKind

# A reminder was set this many days ago (its occurrences since are dispatched: its history), to start a week ago.
HISTORY_DAYS = 3
STARTED_DAYS_AGO = 7

# (client's legal name, who gets it: "client" or a staff email, kind, time, recurrence, note)
REMINDERS = {
    "Riverbend Community Clinic": [
        ("Jordan Avery Lee", "client", ReminderKind.MICRO_GOAL, datetime.time(8, 30), None, ""),
        (
            "Jordan Avery Lee",
            "maya@riverbend.example",
            ReminderKind.CHECK_IN,
            datetime.time(9, 0),
            Recurrence.DAILY,
            "",
        ),
        (
            "Taylor Brooks",
            "sam@riverbend.example",
            ReminderKind.PLAN_REVIEW,
            datetime.time(14, 0),
            Recurrence.WEEKLY,
            "",
        ),
        ("Taylor Brooks", "client", ReminderKind.MICRO_GOAL, datetime.time(19, 0), None, ""),
    ],
    "Lakeside Wellness Collective": [
        ("Rosa Elena Martínez", "client", ReminderKind.MICRO_GOAL, datetime.time(7, 45), None, ""),
        (
            "Daniel Park",
            "lee@lakeside.example",
            ReminderKind.REFERRAL_FOLLOW_UP,
            datetime.time(10, 0),
            Recurrence.DAILY,
            "Call the peer group's facilitator",
        ),
        ("Imani Johnson", "client", ReminderKind.MICRO_GOAL, datetime.time(18, 30), None, ""),
    ],
}

# Open invitations: (invited by, email, full name, role); a client's is to the portal, for the record named.
INVITATIONS = {
    "Riverbend Community Clinic": [
        ("admin@riverbend.example", "noor@riverbend.example", "Noor Haddad", Role.THERAPIST),
        ("maya@riverbend.example", "alex@riverbend.example", "Alexandra Kim", Role.CLIENT),
    ],
    "Lakeside Wellness Collective": [
        ("admin@lakeside.example", "omar@lakeside.example", "Omar Haddad", Role.CLINIC_ADMIN),
        ("lee@lakeside.example", "dan@lakeside.example", "Daniel Park", Role.CLIENT),
    ],
}

# Emergency accesses in the past: (client's legal name, days ago, minutes before it was ended, or None
# when it ran its full time, reason).
EMERGENCY_ACCESSES = {
    "Riverbend Community Clinic": [
        (
            "Taylor Brooks",
            12,
            25,
            "Taylor called the front desk upset while Sam was away; I checked the safety plan for the contacts "
            "Taylor agreed to.",
        ),
    ],
    "Lakeside Wellness Collective": [
        (
            "Daniel Park",
            20,
            None,
            "Daniel's family called about a missed group and Lee was on leave; I needed his agreed contacts.",
        ),
    ],
}


def seed(clinic, admin):
    now = timezone.now()
    for row in REMINDERS.get(clinic.name, []):
        _reminder(clinic, *row, now=now)
    for row in INVITATIONS.get(clinic.name, []):
        _invitation(clinic, *row)
    if not EmergencyAccess.objects.filter(client__clinic=clinic).exists():
        for row in EMERGENCY_ACCESSES.get(clinic.name, []):
            _emergency_access(clinic, admin, *row, now=now)


def _reminder(clinic, legal_name, who, kind, local_time, recurrence, note, *, now):
    """Set a few days ago, to start a week ago, with the clock where it was set: the command's dispatcher runs
    then send its occurrences since, as they came."""
    client = Client.objects.get(clinic=clinic, legal_name=legal_name)
    recipient = client.portal_user if who == "client" else User.objects.get(email=who)
    if recipient is None or Reminder.objects.filter(recipient=recipient, client=client, kind=kind).exists():
        return
    started = timezone.localdate(now) - datetime.timedelta(days=STARTED_DAYS_AGO)
    with time_machine.travel(now - datetime.timedelta(days=HISTORY_DAYS), tick=False):
        if kind == ReminderKind.MICRO_GOAL:  # as the portal's reminder form sets it: following the goal's cadence
            goals = MicroGoal.objects.filter(client=client, archived_at__isnull=True)
            goal = goals.filter(cadence__in=[Cadence.DAILY, Cadence.WEEKLY]).order_by("created_at").first()
            if goal is None:
                return
            reminder_services.reminder_for_source(
                source=f"micro_goal:{goal.pk}",
                recipient=recipient,
                by_user=recipient,
                client=client,
                data={**micro_goal_reminder_data(goal, local_time), "starts_on": started},
            )
        else:
            data = {
                "kind": kind,
                "note": note,
                "starts_on": started,
                "local_time": local_time,
                "recurrence": recurrence,
                "link": client.get_absolute_url(),
            }
            reminder_services.reminder_create(by_user=recipient, recipient=recipient, client=client, data=data)


def _invitation(clinic, by_email, email, full_name, role):
    if Invitation.objects.filter(clinic=clinic, email=email).exists():
        return
    by_user = User.objects.get(email=by_email)
    if role == Role.CLIENT:
        client = Client.objects.get(clinic=clinic, legal_name=full_name)
        if client.portal_user_id is None:
            client_invite_to_portal(client=client, by_user=by_user, email=email)
        return
    invitation_create(by_user=by_user, email=email, full_name=full_name, role=role)


def _emergency_access(clinic, admin, legal_name, days_ago, ended_after, reason, *, now):
    """Opened through the service (the therapist's notice and email included) on its day, and ended early by
    the admin, or left to run its time."""
    client = Client.objects.get(clinic=clinic, legal_name=legal_name)
    started = now - datetime.timedelta(days=days_ago)
    with time_machine.travel(started, tick=False):
        grant = emergency.emergency_access_start(admin=admin, client=client, reason=reason)
    if ended_after is not None:
        with time_machine.travel(started + datetime.timedelta(minutes=ended_after), tick=False):
            emergency.emergency_access_end(grant=grant, by_user=admin)
