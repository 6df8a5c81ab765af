"""Load the demo: two clinics, each with an admin, two therapists and several clients.

It lives in the demo app, at the top of the app layers, so it may use the services of every app below it;
as feature apps arrive, their demo data is added here.

How it is made: through the product's services (each app's `services.py`), as the people of the demo would
have made it in their sessions, permission-checked and audited. The whole run is under one frozen clock
(time-machine): each past action is made with the clock set back to its moment (`_at`, `_on`), in the order
things happened, so every date (made, shared, moved on, reviewed, ticked) and every audit event reads as a
real session's, counted back from today. Staff join by invitation from the clinic admin, and portal clients
by their therapist's invitation to the portal; a discharged client is discharged after their record was
written. At the end the reminder dispatcher runs at each moment a reminder fell due (what the services set
in the past: a referral's follow-up, a review of the pace, an email about a grievance's reply, the demo's own
reminders), so nothing is left waiting as if it ran late. Rows no service makes are made directly, each with
a comment saying why: the clinics, their crisis lines and focus areas, the first admin, the demo flag on
accounts. Log lines written during the run carry the clock's time too (time-machine sets it for the process).

Every section of the client record is filled for most clients: the intake, the support network, the
safety plan and a few weeks of check-ins. One client per clinic has an intake still in progress,
one has a high relapse risk at the last check-in, and one has a safety plan not reviewed in the last
30 days, so each notice on the overview shows. Disclosure plans, with their status history, rehearsals
and debriefs, cover every step from considering to reflected in each clinic; some are shared with
portal clients. Dates are counted back from today, so the demo stays fresh.

Safe to run twice: every row is found by a natural key before it is made (a client by clinic and
legal name, a support person by client and name, a safety plan by client). Intake fields are only
filled while empty, so changes made while trying the demo are kept. A client's check-ins are seeded
once, when they have none yet: their dates move with today, so a run on a later day would otherwise
add a second, shifted history. A disclosure plan is found by client, audience (support person or
description) and setting; its status changes, rehearsals and debriefs are each seeded only while it
has none.

Each clinic also lists the places where advocacy can happen (found by clinic and name; a next meeting
that has passed moves forward again). Advocacy plans are found by client and aim; a plan's steps,
reviews and story drafts (with their versions) are each seeded only while it has none. In each clinic
one plan is active with its review on time, one was slowed down and then paused at its reviews, and one
is active with its review overdue.

Peer connections: each clinic has its focus areas (found by clinic and name) and a directory of a dozen
or so resources (found by clinic and name), kept by the clinic admin; one is inactive, one temporarily
closed and one not verified in more than 180 days. Referrals are found by client and resource; a new one
is made with its status changes, each at its moment. They cover every status in each clinic, with consent
as the services record it: in the portal by a portal client, or verbally in session, recorded by the
primary therapist. One open referral per clinic has an overdue follow-up; a follow-up meant to be ahead
that has passed moves forward again.

Every active client has a resilience portfolio (Luis's is a first one, begun at his first session). The
empowerment plan is found by client; its reframes, and the client's micro-goals (with their ticks), journal
entries, milestones, coping skills and stigma encounters are each seeded only while the client has none of
that kind. Pulse results (and the assignments a portal client answered them for) are seeded only while the
client has no measures at all; one portal client also has an open assignment, so "Answer now" shows on
their portal home. Plans, goals and what the therapist chose are shared with portal clients; a goal is
ticked at most once a day.

Grievances: every portal client has sent one (found by client and subject); between them every status
shows, and each clinic has one resolved with its admin's reply.

Inclusive care: each clinic has its self-assessment reviews (Riverbend two, half a year apart, so progress
shows; Lakeside one), made by the clinic admin and seeded only while the clinic has none: their dates move
with today. The latest review leaves a few items open, with owners and due dates, one past due.

Activity (demo/activity.py): reminders for clients and therapists, each with its last few
occurrences dispatched (so deliveries and notifications show), open invitations (a colleague and a
client to the portal) and a past emergency access per clinic.

Everything is written inside the command's transaction, by the primary therapist (or, for what a client did
in the portal, by the client; for the clinic's directory, reviews and inbox, by its admin); emails are sent
when the command commits.
"""

import calendar
import contextlib
import datetime
from functools import partial
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from accounts.services import invitation_accept, invitation_create
from advocacy import services as advocacy_services
from advocacy.models import AdvocacyOpportunity, AdvocacyPlan, AdvocacyStep, StepStatus, StoryDraft
from clients import messaging
from clients import services as client_services
from clients import sessions as client_sessions
from clients.models import (
    Client,
    ClientStatus,
    SafetyPlan,
    Session,
    SupportPerson,
)
from clients.services import COMMUNICATION_FIELDS
from clinics import inclusive_care
from clinics.inclusive_care import standard_questions
from clinics.models import Clinic, CrisisLine
from demo import activity as demo_activity
from demo.advocacy import ADVOCACY_PLANS, OPPORTUNITIES
from demo.care_loop import BETWEEN_SESSIONS, LOCATION, SESSIONS, VIDEO_LINK
from demo.clinics import CLINICS, DEMO_PASSWORD, SESSION_TIME
from demo.disclosure import DISCLOSURE_PLANS
from demo.grievances import GRIEVANCES, STATUS_DAYS
from demo.inclusive_care import REVIEWS as INCLUSIVE_CARE_REVIEWS
from demo.measurement import MARKERS, RESULTS, SCHEDULES, SHARED
from demo.peers import FOCUS_AREAS, PEER_RESOURCES, REFERRALS, RESOURCES_ADDED
from demo.portfolio import CHECKS_SINCE, PORTFOLIOS
from demo.records import RECORDS
from disclosure import services as disclosure_services
from disclosure.models import DisclosurePlan, DisclosureStatus
from grievances import services as grievance_services
from grievances.models import Grievance, GrievanceStatus
from peers import services as peer_services
from peers.models import ConsentMethod, FocusArea, PeerReferral, PeerResource, ReferralStatus
from portfolio import chart_events, measure_sharing, schedules
from portfolio import services as portfolio_services
from portfolio.instruments import definition_for
from portfolio.models import (
    Cadence,
    CopingSkill,
    EmpowermentPlan,
    JournalEntry,
    MeasureSchedule,
    MicroGoal,
    Milestone,
    StigmaEncounter,
)
from reminders import services as reminder_services
from reminders.models import Reminder, ReminderStatus

__all__ = [
    "ADVOCACY_PLANS",
    "DEMO_PASSWORD",
    "DISCLOSURE_PLANS",
    "FOCUS_AREAS",
    "OPPORTUNITIES",
    "PEER_RESOURCES",
    "PORTFOLIOS",
    "RECORDS",
    "REFERRALS",
    "Command",
]

# Without DEBUG, the command runs only with this flag: the demo's published password must not reach production.
NOT_PRODUCTION_FLAG = "--i-know-this-is-not-production"
# Actions on the same day are this far apart, in order (a referral's status changes, what follows a step).
SAME_DAY_GAP = datetime.timedelta(minutes=20)
# The clinic's admin and therapists joined this many days ago, before anything else of the demo.
STAFF_JOINED = 430
# The clinic's advocacy opportunities were listed this many days ago.
OPPORTUNITIES_ADDED = 90
# Dispatcher runs, one at each moment something fell due, before the rest goes at once (a safeguard).
MAX_DISPATCHES = 500
# A client answers a pulse check-in this many days after it was asked for.
ANSWERED_AFTER = 3


def add_not_production_flag(parser, help_text):
    parser.add_argument(NOT_PRODUCTION_FLAG, action="store_true", dest="not_production", help=help_text)


def refuse_production(command, options):
    """Seeded accounts share one published password: never with DEBUG off unless someone says it is no clinic's."""
    if not (settings.DEBUG or options["not_production"]):
        raise CommandError(
            f"{command} creates accounts with a published password, so it runs only with DJANGO_DEBUG=1 "
            f"(a local demo). Pass {NOT_PRODUCTION_FLAG} only for a database that is not a clinic's."
        )


class Command(BaseCommand):
    help = "Load the demo clinics, staff and clients with their records (safe to run twice)."

    def add_arguments(self, parser):
        add_not_production_flag(parser, "Load the demo with DEBUG off (a test or a staging copy, never a clinic's).")

    def handle(self, *args, **options):
        refuse_production("seed_demo", options)
        # One frozen "now" for the whole run; each past action is made by its service with the clock set back
        # to its moment (`_at`), so rows, their dates and their audit events are written as a session would.
        with time_machine.travel(timezone.now(), tick=False):
            self.now = timezone.now()
            self.today = timezone.localdate()
            with transaction.atomic():
                self._catch_up()
                for spec in CLINICS:
                    with timezone.override(spec["timezone"]):  # as the clinic's people work: in its time zone
                        self._seed_clinic(spec)
                self._dispatch_until_now()
        # Printed after the commit: a closed pipe on stdout must not roll the demo back.
        self.stdout.write(self.style.SUCCESS("Demo data ready. Every demo login uses the password: " + DEMO_PASSWORD))
        for user in User.objects.filter(is_demo=True).select_related("clinic").order_by("clinic__name", "role"):
            self.stdout.write(f"  {user.get_role_display():<13} {user.email:<28} {user.clinic}")

    def _due(self):
        return Reminder.objects.filter(status=ReminderStatus.ACTIVE, next_at__lt=self.now).order_by("next_at")

    def _catch_up(self):
        """Reminders of a demo seeded on an earlier day: what fell due since goes now, once each, as after an outage
        (a second pass sends what the client's quiet hours held back)."""
        for _pass in range(3):
            if not self._due().exists():
                return
            reminder_services.dispatch_all_due(now=self.now)

    def _dispatch_until_now(self):
        """The reminder dispatcher, run at each moment a reminder fell due before now, as it would have run: what this
        run set in the past (its reminders, a follow-up, a review, an email about a reply) has its deliveries and
        notices, each made when it came, and nothing is left waiting as if the dispatcher ran late."""
        for _step in range(MAX_DISPATCHES):
            moment = self._due().values_list("next_at", flat=True).first()
            if moment is None:
                return
            with self._at(moment):
                reminder_services.dispatch_all_due()  # moves each reminder it takes past `moment`
        self._catch_up()  # a safeguard: more moments than the demo makes go now

    def _seed_clinic(self, spec):
        # No service makes a clinic (an operator sets one up), so it is made here.
        clinic, _ = Clinic.objects.get_or_create(
            name=spec["name"],
            defaults={
                "timezone": spec["timezone"],
                "default_language": spec["default_language"],
                "message_office_hours": spec["message_office_hours"],
            },
        )
        self.zone = ZoneInfo(spec["timezone"])
        # No service adds one crisis line: the clinic's settings page saves them all with its form and formset.
        for position, (name, phone, text, hours) in enumerate(spec["crisis_lines"]):
            CrisisLine.objects.get_or_create(
                clinic=clinic, name=name, defaults={"phone": phone, "text": text, "hours": hours, "position": position}
            )
        with self._on(STAFF_JOINED):
            admin = self._admin(clinic, *spec["admin"])
        for item in OPPORTUNITIES.get(clinic.name, []):
            self._opportunity(clinic, admin, item)
        self._peer_directory(clinic, admin)
        with self._on(STAFF_JOINED, SAME_DAY_GAP):
            therapists = [self._invited(clinic, admin, *therapist, Role.THERAPIST) for therapist in spec["therapists"]]
        self._inclusive_care(clinic, admin)
        seeded = [self._client(clinic, therapists, *row) for row in spec["clients"]]
        clients = [client for client, _created, _status in seeded]
        for client_index, therapist_index in spec["care_team"]:
            client = clients[client_index]
            client_services.care_team_add(
                client=client, by_user=client.primary_therapist, colleague=therapists[therapist_index]
            )
        for client, created, status in seeded:
            if client.legal_name in RECORDS:
                self._record(client, RECORDS[client.legal_name], created)
            for spec in GRIEVANCES.get(client.legal_name, []):
                self._grievance(client, admin, spec)
            self._care_loop(client)
            self._measurement(client)
            self._discharge(client, created, status)
        demo_activity.seed(clinic, admin)

    def _admin(self, clinic, email, full_name):
        """The clinic's first admin: no service makes an account without someone to invite it, so it is made here."""
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                full_name=full_name,
                role=Role.CLINIC_ADMIN,
                clinic=clinic,
                preferred_language=clinic.default_language,
                is_demo=True,
            )
        return user

    def _invited(self, clinic, by_user, email, full_name, role, client=None):
        """An account made as people join: invited (a client to the portal, by their therapist), then accepted
        with the demo's password. Its invitation email is not sent: the invitation is used before the commit."""
        user = User.objects.filter(email=email).first()
        if user is not None:
            return user
        if client is not None:
            invitation = client_services.client_invite_to_portal(client=client, by_user=by_user, email=email)
        else:
            invitation = invitation_create(by_user=by_user, email=email, full_name=full_name, role=role)
        user = invitation_accept(invitation=invitation, password=DEMO_PASSWORD)
        # No service marks an account as the demo's (with MFA_DEMO_BYPASS, the flag skips the second factor).
        User.objects.filter(pk=user.pk).update(is_demo=True)
        return user

    def _client(self, clinic, therapists, legal, preferred, pronouns, language, therapist_index, portal_email, status):
        record = RECORDS.get(legal, {})
        therapist = therapists[therapist_index]
        client = Client.objects.filter(clinic=clinic, legal_name=legal).first()
        created = client is None
        if created:
            data = {
                "legal_name": legal,
                "preferred_name": preferred,
                "pronouns": pronouns,
                "preferred_language": language,
            }
            with self._on(record.get("known", 0)):
                client = client_services.client_create(by_user=therapist, data=data)
        if portal_email and client.portal_user_id is None:
            with self._on(record.get("known", 0)):
                self._invited(clinic, client.primary_therapist, portal_email, client.display_name, Role.CLIENT, client)
            client.refresh_from_db()
        return client, created, ClientStatus(status)

    def _discharge(self, client, created, status):
        """A client the demo shows as discharged leaves the caseload after their record was written."""
        record = RECORDS.get(client.legal_name, {})
        if created and status == ClientStatus.DISCHARGED and client.status != ClientStatus.DISCHARGED:
            with self._on(record.get("discharged", 0)):
                client_services.client_set_status(
                    client=client, by_user=client.primary_therapist, status=ClientStatus.DISCHARGED
                )

    def _inclusive_care(self, clinic, admin):
        """The clinic's inclusive-care reviews, made by its admin; seeded only while it has none."""
        if clinic.inclusive_care_reviews.exists():
            return
        last_saved = None
        for spec in sorted(INCLUSIVE_CARE_REVIEWS.get(clinic.name, []), key=lambda spec: -spec["days_ago"]):
            items = [self._care_item(clinic, spec, area, question) for area, question in standard_questions()]
            with self._on(spec["days_ago"]):
                review = inclusive_care.review_create(
                    by_user=admin,
                    reviewed_on=self._day(spec["days_ago"]),
                    summary=spec["summary"],
                    items=items,
                    last_saved=last_saved,
                )
            last_saved = str(review.pk)

    def _care_item(self, clinic, spec, area, question):
        item = spec["items"].get(question, {})
        owner = User.objects.get(clinic=clinic, email=item["owner"]) if item.get("owner") else None
        due = self._ahead(item["due"]) if item.get("due") is not None else None
        status = item.get("status", spec["default"])
        return {
            "area": area,
            "question": question,
            "status": status,
            "next_step": item.get("next_step", ""),
            "owner": owner,
            "due_on": due,
        }

    # Dates of the demo, counted back from today.

    @contextlib.contextmanager
    def _at(self, moment):
        """The clock set back to `moment` (never later than the run's now) while a past action is made."""
        with time_machine.travel(min(moment, self.now), tick=False):
            yield

    def _on(self, days_ago, after=datetime.timedelta()):
        """The clock at the demo's session time `days_ago` days before today (plus `after`)."""
        return self._at(self._moment(days_ago) + after)

    def _day(self, days_ago):
        return self.today - datetime.timedelta(days=days_ago)

    def _moment(self, days_ago):
        """Late afternoon in the clinic's time zone, `days_ago` days before today."""
        return datetime.datetime.combine(self._day(days_ago), SESSION_TIME, tzinfo=self.zone)

    def _born(self, age, month, day):
        return datetime.date(self.today.year - age, month, day)

    def _ahead(self, when):
        """A date to come: `when` days from today (negative in the past), or (months ahead, day of month)."""
        if isinstance(when, int):
            return self.today + datetime.timedelta(days=when)
        months, day = when
        year, month = divmod(self.today.month - 1 + months, 12)
        year, month = self.today.year + year, month + 1
        return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))

    # The client record, section by section.

    def _record(self, client, record, created):
        therapist = client.primary_therapist
        self._intake(client, record, created)
        for spec in record.get("support_people", []):
            self._support_person(client, therapist, spec)
        self._sessions(client, therapist, record)
        for spec in DISCLOSURE_PLANS.get(client.legal_name, []):
            self._disclosure_plan(client, therapist, spec)
        for spec in ADVOCACY_PLANS.get(client.legal_name, []):
            self._advocacy_plan(client, therapist, spec)
        for spec in REFERRALS.get(client.legal_name, []):
            self._referral(client, therapist, spec)
        if client.legal_name in PORTFOLIOS:
            self._portfolio(client, therapist, PORTFOLIOS[client.legal_name])

    def _intake(self, client, record, created):
        """Fill the intake fields that are still empty; communication preferences only if never reviewed."""
        profile = dict(record.get("profile", {}))
        if "born" in record:
            profile["date_of_birth"] = self._born(*record["born"])
        never_reviewed = client.communication_reviewed_at is None
        data = {}
        for name, value in profile.items():
            if name in COMMUNICATION_FIELDS:
                if not never_reviewed or getattr(client, name) == value:
                    continue
            elif getattr(client, name) not in ("", None):
                continue
            data[name] = value
        if not data:
            return
        # Saved the day of the intake, so "since the last session" reads true; a later run's fill is made now.
        with self._on(record["intake"]) if created else contextlib.nullcontext():
            client_services.client_update_profile(
                client=client, by_user=client.primary_therapist, data=data, expected_version=client.version
            )

    def _support_person(self, client, therapist, spec):
        if SupportPerson.objects.filter(client=client, name=spec["name"]).exists():
            return
        data = {key: value for key, value in spec.items() if key not in ("added", "shared")}
        with self._on(spec["added"]):
            person = client_services.support_person_create(client=client, by_user=therapist, data=data)
            if spec["shared"]:
                client_services.item_set_shared(item=person, by_user=therapist, shared=True)

    def _sessions(self, client, therapist, record):
        """The safety plan and the check-ins, in the order they happened: a check-in that reviewed the plan is
        its latest review."""
        events = []
        if "safety_plan" in record and not SafetyPlan.objects.filter(client=client).exists():
            spec = record["safety_plan"]
            sections = {key: value for key, value in spec.items() if key != "created"}
            save = partial(client_services.safety_plan_save, client=client, by_user=therapist, data=sections)
            events.append((spec["created"], 0, save))
        if not client.check_ins.exists():
            for spec in record.get("check_ins", []):
                data = {key: value for key, value in spec.items() if key != "days_ago"}
                data["session_date"] = self._day(spec["days_ago"])
                session = partial(client_services.check_in_create, client=client, by_user=therapist, data=data)
                events.append((spec["days_ago"], 1, session))
        self._timeline(events)

    def _timeline(self, events):
        """Run `(days_ago, rank, make)` events in the order they happened, each with the clock at its moment: the
        demo's session time that day, later by rank (then by its place in the list) for what came after on the
        same day."""
        ordered = sorted(enumerate(events), key=lambda item: (-item[1][0], item[1][1], item[0]))
        for index, (days_ago, rank, make) in ordered:
            with self._on(days_ago, SAME_DAY_GAP * rank + datetime.timedelta(seconds=index)):
                make()

    def _disclosure_plan(self, client, therapist, spec):
        person = None
        if spec["support_person"]:
            person = client.support_people.filter(name=spec["support_person"]).order_by("created_at").first()
        plan = DisclosurePlan.objects.filter(
            client=client,
            support_person=person,
            audience_description=spec["audience_description"],
            setting=spec["setting"],
        ).first()
        events = []
        if plan is None:
            plan = self._new_plan(client, therapist, person, spec)
            events = self._plan_steps(client, therapist, plan, spec)
        if not plan.rehearsals.exists():
            for item in spec["rehearsals"]:
                data = {key: value for key, value in item.items() if key != "days_ago"}
                data["rehearsed_on"] = self._day(item["days_ago"])
                make = partial(disclosure_services.rehearsal_create, by_user=therapist, data=data)
                events.append((item["days_ago"], 1, self._on_fresh(plan, make)))
        if not plan.debriefs.exists():
            for item in spec["debriefs"]:
                # A client writes a debrief in the portal, on a plan shared with them.
                author = client.portal_user if item["by_client"] else therapist
                if author is None or (item["by_client"] and spec["shared"] is None and not plan.shared_with_client):
                    continue
                data = {key: value for key, value in item.items() if key not in ("days_ago", "by_client")}
                make = partial(disclosure_services.debrief_create, by_user=author, data=data)
                events.append((item["days_ago"], 1, self._on_fresh(plan, make)))
        self._timeline(events)

    def _on_fresh(self, row, action, name="plan"):
        """`action(<name>=row)`, with the row as stored when the action comes (earlier actions changed it)."""
        return lambda: action(**{name: type(row).objects.get(pk=row.pk)})

    def _new_plan(self, client, therapist, person, spec):
        data = {
            "support_person": person,
            "audience_description": spec["audience_description"],
            "setting": spec["setting"],
            "level": spec["level"],
            "readiness": spec["readiness"],
            **spec["texts"],
        }
        with self._on(spec["steps"][0]["days_ago"]):
            return disclosure_services.plan_create(client=client, by_user=therapist, data=data)

    def _plan_steps(self, client, therapist, plan, spec):
        """A new plan's later history: shared, the client's readiness, each later step (one to reflected after
        that day's debrief, which it needs)."""
        events = []
        if spec["shared"] is not None:
            share = partial(client_services.item_set_shared, by_user=therapist, shared=True)
            events.append((spec["shared"], 0, self._on_fresh(plan, share, "item")))
        if spec["client_readiness"] is not None:
            readiness, days_ago = spec["client_readiness"]
            record = partial(
                disclosure_services.client_readiness_record, by_user=self._portal_author(client), readiness=readiness
            )
            events.append((days_ago, 1, self._on_fresh(plan, record)))
        for item in spec["steps"][1:]:
            rank = 2 if item["status"] == DisclosureStatus.REFLECTED else 0
            move = partial(
                disclosure_services.plan_set_status, by_user=therapist, status=item["status"], reason=item["reason"]
            )
            events.append((item["days_ago"], rank, self._on_fresh(plan, move)))
        return events

    # Advocacy: the clinic's opportunities, then each client's plans.

    def _opportunity(self, clinic, admin, spec):
        next_meeting = self._ahead(spec["next_meeting"])
        opportunity = AdvocacyOpportunity.objects.filter(clinic=clinic, name=spec["name"]).first()
        if opportunity is None:
            with self._on(OPPORTUNITIES_ADDED):
                advocacy_services.opportunity_create(by_user=admin, data={**spec, "next_meeting": next_meeting})
        elif opportunity.next_meeting is not None and opportunity.next_meeting < self.today:
            # A meeting that has passed would make the demo look stale; the next one is planned.
            advocacy_services.opportunity_update(
                opportunity=opportunity,
                by_user=admin,
                data={"next_meeting": next_meeting},
                expected_version=opportunity.version,
            )

    def _advocacy_plan(self, client, therapist, spec):
        plan = AdvocacyPlan.objects.filter(client=client, aim=spec["aim"]).first()
        events = []
        if plan is None:
            data = {key: spec[key] for key in ("aim", "focus", "hours_per_month", "publicity", "review_interval_days")}
            with self._on(spec["created"]):
                plan = advocacy_services.plan_create(client=client, by_user=therapist, data={**data, **spec["texts"]})
            if spec["shared"] is not None and client.portal_user_id:
                share = partial(client_services.item_set_shared, by_user=therapist, shared=True)
                events.append((spec["shared"], 0, self._on_fresh(plan, share, "item")))
        # A client writes in the portal, on a plan shared with them; otherwise the therapist wrote it.
        shared = plan.shared_with_client or (spec["shared"] is not None and client.portal_user_id)
        client_author = client.portal_user if shared and client.portal_user_id else therapist
        if not plan.steps.exists():
            for item in spec["steps"]:
                events += self._advocacy_step(plan, therapist, client_author if item["by_client"] else therapist, item)
        if not plan.reviews.exists():
            for item in spec["reviews"]:
                data = {key: value for key, value in item.items() if key not in ("days_ago", "by_client")}
                author = client_author if item["by_client"] else therapist
                review = partial(advocacy_services.review_create, by_user=author, data=data)
                events.append((item["days_ago"], 1, self._on_fresh(plan, review)))
        if not plan.story_drafts.exists():
            for item in spec["drafts"]:
                events += self._story_draft(plan, therapist, item)
        self._timeline(events)

    def _advocacy_step(self, plan, therapist, completed_by, spec):
        """Planned with the plan; a done step marked done on its day, in the portal when the client did it."""
        opportunity = None
        if spec["opportunity"]:
            opportunity = plan.client.clinic.advocacy_opportunities.filter(name=spec["opportunity"]).first()
        due_on = self._ahead(spec["due"])
        done = spec["status"] == StepStatus.DONE
        data = {
            "kind": spec["kind"],
            "description": spec["description"],
            "due_on": due_on,
            "estimated_hours": spec["estimated_hours"],
            "publicity": spec["publicity"] or plan.publicity,
            "opportunity": opportunity,
            "status": StepStatus.PLANNED if done else spec["status"],
        }
        made = {}

        def create():
            fresh = AdvocacyPlan.objects.select_related("client").get(pk=plan.pk)
            made["step"] = advocacy_services.step_create(plan=fresh, by_user=therapist, data=data)

        def complete():
            step = AdvocacyStep.objects.select_related("plan__client").get(pk=made["step"].pk)
            if completed_by == therapist:
                advocacy_services.step_update(
                    step=step,
                    by_user=therapist,
                    data={"status": StepStatus.DONE, "reflection": spec["reflection"]},
                    expected_version=step.version,
                )
            else:
                advocacy_services.step_done_by_client(step=step, by_user=completed_by, reflection=spec["reflection"])

        created = (self.today - timezone.localdate(plan.created_at, self.zone)).days
        events = [(created, 1, create)]
        if done:
            events.append(((self.today - due_on).days, 1, complete))
        return events

    def _story_draft(self, plan, therapist, spec):
        """Written over its versions (each a save of its text); marked ready once the checklist holds."""
        versions = spec["versions"]
        data = {key: spec[key] for key in ("title", "form", "audience")}
        checklist = {key: spec[key] for key in ("consent_to_publicity", "off_limits_checked", "support_for_reactions")}
        made = {}

        def create():
            fresh = AdvocacyPlan.objects.select_related("client").get(pk=plan.pk)
            made["draft"] = advocacy_services.draft_create(
                plan=fresh, by_user=therapist, data={**data, **checklist, "text": versions[0][1]}
            )

        def save(text):
            draft = StoryDraft.objects.select_related("plan__client").get(pk=made["draft"].pk)
            saved = {"text": text}
            advocacy_services.draft_update(draft=draft, by_user=therapist, data=saved, expected_version=draft.version)

        def ready():
            draft = StoryDraft.objects.select_related("plan__client").get(pk=made["draft"].pk)
            advocacy_services.draft_mark_ready(draft=draft, by_user=therapist)

        events = [(versions[0][0], 1, create)]
        events += [(days_ago, 1, partial(save, text)) for days_ago, text in versions[1:]]
        if spec["ready"] is not None:
            events.append((spec["ready"], 2, ready))
        return events

    # Peer connections: the clinic's focus areas and directory, then each client's referrals.

    def _peer_directory(self, clinic, admin):
        # No service makes a focus area (they are the clinic's fixed list, set up with it), so they are made here.
        areas = {
            name: FocusArea.objects.get_or_create(clinic=clinic, name=name)[0]
            for name in FOCUS_AREAS.get(clinic.name, [])
        }
        for spec in PEER_RESOURCES.get(clinic.name, []):
            if PeerResource.objects.filter(clinic=clinic, name=spec["name"]).exists():
                continue
            data = {key: value for key, value in spec.items() if key not in ("focus_areas", "verified")}
            focus_areas = [areas[name] for name in spec["focus_areas"]]
            with self._on(RESOURCES_ADDED):
                resource = peer_services.resource_create(by_user=admin, data=data, focus_areas=focus_areas)
            with self._on(spec["verified"]):  # last saved the day someone checked its details
                peer_services.resource_verify(resource=resource, by_user=admin)

    def _referral(self, client, therapist, spec):
        resource = PeerResource.objects.get(clinic_id=client.clinic_id, name=spec["resource"])
        referral = PeerReferral.objects.filter(client=client, resource=resource).first()
        if referral is None:
            self._new_referral(client, therapist, resource, spec)
        elif spec["follow_up"] is not None and spec["follow_up"] > 0 and referral.follow_up_overdue(self.today):
            # A follow-up meant to be ahead that has passed would make the demo look neglected.
            peer_services.referral_update(
                referral=referral,
                by_user=therapist,
                data={"follow_up_on": self._ahead(spec["follow_up"])},
                expected_version=referral.version,
            )

    def _referral_author(self, client, therapist, item):
        """The client, for what they did in the portal; otherwise the primary therapist."""
        if not item["by_client"]:
            return therapist
        if client.portal_user_id is None:
            raise ValueError(f"{client.legal_name} has no portal account to act in")
        return client.portal_user

    def _new_referral(self, client, therapist, resource, spec):
        """Suggested, then moved along as the services allow, each change at its moment (changes on the same day
        a few minutes apart): consent recorded in the portal by the client or verbally by the therapist."""
        changes = spec["changes"]
        data = {
            "why": spec["why"],
            "match_basis": spec["match_basis"],
            "shared_details": spec["shared"],
            "expectations_discussed": bool(spec["expectations"]),
            "expectations_notes": spec["expectations"],
            "safety_agreement": spec["safety"],
            "follow_up_on": self._ahead(spec["follow_up"]) if spec["follow_up"] is not None else None,
            "outcome_notes": spec["outcome"],
        }
        with self._on(changes[0]["days_ago"]):
            referral = peer_services.referral_create(client=client, by_user=therapist, resource=resource, data=data)
        for index, item in enumerate(changes[1:], start=1):
            author = self._referral_author(client, therapist, item)
            with self._on(item["days_ago"], SAME_DAY_GAP * index):
                referral = PeerReferral.objects.select_related("client").get(pk=referral.pk)
                self._move_referral(referral, author, item)

    def _move_referral(self, referral, author, item):
        status, reason = item["status"], item["reason"]
        if status == ReferralStatus.CONSENTED:
            method = ConsentMethod.PORTAL if item["by_client"] else ConsentMethod.VERBAL
            language = referral.client.preferred_language
            peer_services.consent_record(referral=referral, by_user=author, method=method, language=language)
        elif item["by_client"] and status == ReferralStatus.DECLINED:
            peer_services.referral_decline(referral=referral, by_user=author, reason=reason)
        elif item["by_client"] and status == ReferralStatus.WITHDRAWN:
            peer_services.consent_withdraw(referral=referral, by_user=author, reason=reason)
        else:
            peer_services.referral_set_status(referral=referral, by_user=author, status=status, reason=reason)

    # The resilience portfolio: the plan, goals, journal, milestones, coping skills, encounters and pulses.

    def _portfolio(self, client, therapist, spec):
        self._empowerment_plan(client, therapist, spec["plan"])
        if not MicroGoal.objects.filter(client=client).exists():
            for item in spec["goals"]:
                self._micro_goal(client, therapist, item)
        if not JournalEntry.objects.filter(client=client).exists():
            for item in spec["journal"]:
                author = self._portal_author(client) if item["by_client"] else therapist
                data = {key: item[key] for key in ("kind", "text", "private")}
                with self._on(item["days_ago"]):
                    portfolio_services.journal_write(
                        client=client, by_user=author, data={**data, "written_on": self._day(item["days_ago"])}
                    )
        if not Milestone.objects.filter(client=client).exists():
            for item in spec["milestones"]:
                data = {"title": item["title"], "description": item["description"]}
                data["achieved_on"] = self._day(item["days_ago"])
                self._client_item(Milestone, client, therapist, item["days_ago"], item["shared"], data)
        if not CopingSkill.objects.filter(client=client).exists():
            for item in spec["coping_skills"]:
                data = {key: item[key] for key in ("name", "when_it_helps", "how_well")}
                self._client_item(CopingSkill, client, therapist, item["added"], item["shared"], data)
        if not StigmaEncounter.objects.filter(client=client).exists():
            for item in spec["encounters"]:
                self._encounter(client, therapist, item)
        if not (client.measure_responses.exists() or client.measure_assignments.exists()):
            self._pulses(client, therapist, spec)

    def _portal_author(self, client):
        """The client, for what they wrote or did in the portal."""
        if client.portal_user_id is None:
            raise ValueError(f"{client.legal_name} has no portal account to write in")
        return client.portal_user

    def _client_item(self, model, client, therapist, days_ago, shared, data):
        """A portfolio item the therapist made `days_ago`, shared with a portal client the same day when `shared`."""
        with self._on(days_ago):
            item = portfolio_services.item_create(client=client, by_user=therapist, model=model, data=data)
            if shared and client.portal_user_id:
                client_services.item_set_shared(item=item, by_user=therapist, shared=True)
        return item

    def _empowerment_plan(self, client, therapist, spec):
        plan = EmpowermentPlan.objects.filter(client=client).first()
        if plan is None:
            with self._on(spec["created"]):
                plan = portfolio_services.plan_save(client=client, by_user=therapist, data=spec["texts"])
            if spec["shared"] is not None and client.portal_user_id:
                with self._on(spec["shared"]):
                    client_services.item_set_shared(item=plan, by_user=therapist, shared=True)
        if not plan.reframes.exists():
            for item in spec["reframes"]:
                data = {key: item[key] for key in ("old_story", "new_story")}
                with self._on(item["days_ago"]):
                    portfolio_services.reframe_create(
                        client=client, by_user=therapist, data={**data, "written_on": self._day(item["days_ago"])}
                    )

    def _micro_goal(self, client, therapist, spec):
        """A goal, shared with a portal client (who ticks it), with its ticks from the day it was set."""
        data = {key: spec[key] for key in ("title", "category", "cadence", "weekdays")}
        goal = self._client_item(MicroGoal, client, therapist, spec["created"], True, data)
        checked_by = client.portal_user if client.portal_user_id else therapist
        for days_ago in self._check_days(spec):
            with self._on(days_ago, SAME_DAY_GAP):
                portfolio_services.goal_check_set(goal=goal, by_user=checked_by, day=self._day(days_ago))

    def _check_days(self, spec):
        """Days ago a goal was done: each day it was due since it was set (at most six weeks back) to yesterday,
        outside its gaps; a weekly goal once a week."""
        days = []
        for days_ago in range(min(spec["created"], CHECKS_SINCE), 0, -1):
            if any(start >= days_ago >= end for start, end in spec["gaps"]):
                continue
            if spec["cadence"] == Cadence.WEEKLY:
                due = days_ago % 7 == spec["weekly_on"] % 7
            elif spec["cadence"] == Cadence.WEEKDAYS:
                due = self._day(days_ago).weekday() in spec["weekdays"]
            else:
                due = True
            if due:
                days.append(days_ago)
        return days

    def _encounter(self, client, therapist, spec):
        data = {key: value for key, value in spec.items() if key not in ("days_ago", "logged", "by_client", "shared")}
        data["occurred_on"] = self._day(spec["days_ago"])
        # What a client logs in the portal is shared with them, by them (the service does it).
        author = self._portal_author(client) if spec["by_client"] else therapist
        with self._on(spec["logged"]):
            encounter = portfolio_services.encounter_log(client=client, by_user=author, data=data)
            if spec["shared"] and client.portal_user_id and not encounter.shared_with_client:
                client_services.item_set_shared(item=encounter, by_user=author, shared=True)

    def _pulses(self, client, therapist, spec):
        """Scored pulse results: entered in session by the therapist, or answered by the client in the portal
        for an assignment; then the open assignment, if any."""
        for item in spec["pulses"]:
            by_client = item["by_client"]
            author = self._portal_author(client) if by_client else therapist
            for position, (key, answers) in enumerate(item["answers"].items()):
                assignment = None
                if by_client:
                    with self._on(item["days_ago"] + ANSWERED_AFTER, SAME_DAY_GAP * position):
                        assignment = portfolio_services.measure_assign(client=client, by_user=therapist, instrument=key)
                with self._on(item["days_ago"], SAME_DAY_GAP * position):
                    portfolio_services.measure_record(
                        client=client, by_user=author, instrument=key, answers=answers, assignment=assignment
                    )
        if spec["open_measure"] is not None:
            key, days_ago = spec["open_measure"]
            self._portal_author(client)  # asked for in the portal
            with self._on(days_ago):
                portfolio_services.measure_assign(client=client, by_user=therapist, instrument=key)

    # Measurement-based care (issue 25): PHQ-9 and GAD-7 results, their schedules, shared charts, the client's markers.

    def _measurement(self, client):
        if client.legal_name not in RESULTS or MeasureSchedule.objects.filter(client=client).exists():
            return
        therapist = client.primary_therapist
        for key, rows in RESULTS[client.legal_name].items():
            ids = [item["id"] for item in definition_for(key)["items"]]
            for days_ago, values, by_client in rows:
                answers = dict(zip(ids, values, strict=True))
                assignment = None
                if by_client:
                    with self._on(days_ago + ANSWERED_AFTER):
                        assignment = portfolio_services.measure_assign(client=client, by_user=therapist, instrument=key)
                with self._on(days_ago, SAME_DAY_GAP):
                    author = self._portal_author(client) if by_client else therapist
                    portfolio_services.measure_record(
                        client=client, by_user=author, instrument=key, answers=answers, assignment=assignment
                    )
        for days_ago, label in MARKERS.get(client.legal_name, []):
            with self._on(max(days_ago - 2, 0)):
                chart_events.chart_event_create(
                    client=client, by_user=self._portal_author(client), occurred_on=self._day(days_ago), label=label
                )
        for key, days_ago in SHARED.get(client.legal_name, []):
            with self._on(days_ago):
                measure_sharing.share_measure(client=client, instrument=key, by_user=therapist)
        with self._on(0):
            for key, cadence, every_weeks in SCHEDULES.get(client.legal_name, []):
                schedules.ask(
                    client=client, by_user=therapist, instrument=key, cadence=cadence, every_weeks=every_weeks
                )

    # The care loop (issue 24): sessions with their agendas, the message thread, what happened between sessions.

    def _care_loop(self, client):
        if client.legal_name not in SESSIONS or Session.objects.filter(client=client).exists():
            return
        therapist = client.primary_therapist
        for days_ago, modality, status, agenda in SESSIONS[client.legal_name]:
            starts_at = self._moment(days_ago)
            data = {
                "starts_at": starts_at,
                "duration_minutes": 50,
                "modality": modality,
                "video_link": VIDEO_LINK if modality == "video" else "",
                "location": LOCATION if modality == "in_person" else "",
                "status": "scheduled",
                "agenda": agenda,
            }
            # scheduled a week before it (or today, for the one to come), then recorded as held when it was
            with self._on(max(days_ago + 7, 0)):
                session = client_sessions.session_create(client=client, by_user=therapist, data=data)
            if status != "scheduled":
                with self._at(starts_at + datetime.timedelta(minutes=55)):
                    client_sessions.session_update(
                        session=session, by_user=therapist, data={"status": status}, expected_version=session.version
                    )
        for position, (days_ago, what, detail) in enumerate(BETWEEN_SESSIONS.get(client.legal_name, [])):
            with self._on(days_ago, SAME_DAY_GAP * (position + 1)):
                if what == "encounter":
                    data = {**detail, "occurred_on": self._day(days_ago)}
                    portfolio_services.encounter_log(client=client, by_user=self._portal_author(client), data=data)
                elif what == "message":
                    messaging.send(client=client, by_user=self._portal_author(client), body=detail)
                else:
                    messaging.mark_read(client=client, reader=therapist)
                    messaging.send(client=client, by_user=therapist, body=detail)

    def _grievance(self, client, admin, spec):
        """A grievance the client sent from the portal, moved along (and answered) by the clinic admin."""
        if Grievance.objects.filter(client=client, subject=spec["subject"]).exists():
            return
        data = {key: spec[key] for key in ("kind", "subject", "text", "anonymous_to_therapist")}
        with self._on(spec["sent"]):
            grievance = grievance_services.grievance_create(
                client=client, by_user=self._portal_author(client), data=data
            )
        for index, (key, status) in enumerate(STATUS_DAYS, start=1):
            if key not in spec:
                continue
            # The reply goes with the step that resolved it; steps on the same day follow each other.
            response = spec.get("response", "") if status == GrievanceStatus.RESOLVED else grievance.response
            with self._on(spec[key], SAME_DAY_GAP * index):
                grievance_services.grievance_respond(
                    grievance=grievance,
                    by_user=admin,
                    status=status,
                    response=response,
                    expected_version=grievance.version,
                )
