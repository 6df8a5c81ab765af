"""Every key page does a number of SQL queries that does not grow with the data (issue 11).

One pattern for each page: build a small data set (two of each thing the page shows or could loop over),
count the queries of a GET, add many more rows of every kind, GET again. The count must be the same, and
the second page must show some of the new rows, so a page that lost its content cannot pass.

Each page's builder returns the texts the page must show after that round: the newest rows where the page
shows only the latest few, the first by name where it paginates. Rows that name a person or a resource name
a different one each time, so a missing select_related costs one query per row and shows here.
"""

import datetime
import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import visits
from accounts.models import Role
from advocacy.models import AdvocacyOpportunity, AdvocacyReview, AdvocacyStep, StoryDraft
from audit.models import AuditEvent
from clients.models import (
    Activity,
    ActivityKind,
    CareTeamMember,
    EmergencyAccess,
    Flag,
    FlagRule,
    Message,
    Session,
)
from clinics.models import CrisisLine
from disclosure.models import Debrief, Rehearsal, StatusChange
from peers.models import FocusArea, PeerResource, ReferralStatusChange
from portfolio.models import (
    CopingSkill,
    EmpowermentPlan,
    ExportStatus,
    GoalCheck,
    JournalEntry,
    MeasureAssignment,
    MeasureResponse,
    Milestone,
    PortfolioExport,
    Reframe,
    SharedMeasure,
    StigmaEncounter,
)
from reminders.models import Delivery, DeliveryStatus, Notification, Reminder

from .factories import (
    AdvocacyPlanFactory,
    CheckInFactory,
    ClientFactory,
    DisclosurePlanFactory,
    MicroGoalFactory,
    PeerReferralFactory,
    SafetyPlanFactory,
    SupportPersonFactory,
    UserFactory,
)

SMALL = 2  # of each kind of row, for the first count
MORE = 30  # more of each kind, for the second


@dataclass
class Page:
    user: object
    url: str
    grow: Callable[[int, str], list[str]]  # add n rows of every kind, tagged; returns texts the page must show
    session: dict = field(default_factory=dict)


@dataclass
class World:
    clinic: object
    therapist: object
    admin: object
    client_user: object
    client_record: object
    ticks: itertools.count = field(default_factory=itertools.count)

    def later_day(self):
        """A date after every one handed out before it (and before today), so the newest rows sort first."""
        return timezone.localdate() - datetime.timedelta(days=300) + datetime.timedelta(days=next(self.ticks))

    def later_moment(self):
        return timezone.now() + datetime.timedelta(seconds=next(self.ticks))

    def staff(self, name, role=Role.THERAPIST):
        return UserFactory(clinic=self.clinic, role=role, full_name=name)


@pytest.fixture
def world(clinic, therapist, admin, client_user, client_record):
    return World(clinic, therapist, admin, client_user, client_record)


def _shared(world):
    return {"shared_with_client": True, "shared_by": world.therapist, "shared_at": timezone.now()}


# --- The pages ------------------------------------------------------------------------------------


def caseload(world):
    """Own clients, and clients of other therapists whose care team the therapist is on."""

    def grow(n, tag):
        for i in range(n):
            own = ClientFactory(
                clinic=world.clinic, primary_therapist=world.therapist, preferred_name=f"Ada {tag} {i:02d} own"
            )
            colleague = world.staff(f"Therapist {tag} {i:02d}")
            shared = ClientFactory(
                clinic=world.clinic, primary_therapist=colleague, preferred_name=f"Ada {tag} {i:02d} team"
            )
            CareTeamMember.objects.create(client=shared, user=world.therapist)
            for record in (own, shared):  # the care loop (issue 24): an open flag and a new message each
                Flag.objects.create(client=record, rule=FlagRule.CONSENT_WITHDRAWN)
                Message.objects.create(client=record, author=world.client_user, from_client=True, body="Hello")
        return [f"Ada {tag} 00 own", f"Ada {tag} 00 team", f"Therapist {tag} 00", "1 open flag"]

    return Page(world.therapist, reverse("clients:caseload"), grow)


def overview(world):
    """The record at a glance, with the panels of every feature app."""
    record, therapist = world.client_record, world.therapist
    SafetyPlanFactory(client=record, created_by=therapist, updated_by=therapist)

    def grow(n, tag):
        wellbeing = 4 if tag == "first" else 9
        for i in range(n):
            member = world.staff(f"Care {tag} {i:02d}")
            CareTeamMember.objects.create(client=record, user=member)
            person = SupportPersonFactory(client=record, name=f"Aa {tag} {i:02d}", created_by=therapist)
            CheckInFactory(client=record, created_by=therapist, session_date=world.later_day(), wellbeing=wellbeing)
            DisclosurePlanFactory(client=record, support_person=person, created_by=therapist, **_shared(world))
            AdvocacyPlanFactory(client=record, aim=f"Advocacy aim {tag} {i:02d}", created_by=therapist)
            resource = PeerResource.objects.create(
                clinic=world.clinic,
                organisation="Riverside Peer Network",
                name=f"Peer circle {tag} {i:02d}",
                kind="peer_group",
                format="in_person",
                created_by=therapist,
            )
            PeerReferralFactory(client=record, resource=resource, created_by=therapist)
            goal = MicroGoalFactory(client=record, title=f"Goal {tag} {i:02d}", created_by=therapist)
            for days in (0, 1):
                GoalCheck.objects.create(
                    goal=goal, done_on=timezone.localdate() - datetime.timedelta(days=days), checked_by=therapist
                )
            JournalEntry.objects.create(
                client=record,
                kind="victory",
                text=f"Victory {tag} {i:02d}",
                author=world.client_user,
                written_on=world.later_day(),
            )
            reminder = Reminder.objects.create(
                recipient=member,
                client=record,
                created_by=therapist,
                note=f"Reminder {tag} {i:02d}",
                local_time=datetime.time(9),
                time_zone="UTC",
                next_at=timezone.now() + datetime.timedelta(days=30) - datetime.timedelta(minutes=next(world.ticks)),
            )
            Delivery.objects.create(
                reminder=reminder, occurrence=timezone.now(), channel="email", status=DeliveryStatus.FAILED
            )
            # the care loop (issue 24): what the client did, the flags it raised, and their messages
            activity = Activity.objects.create(
                client=record, kind=ActivityKind.ENCOUNTER, facts={"distress_before": 9, "distress_after": i % 10}
            )
            Flag.objects.create(client=record, rule=FlagRule.HIGH_DISTRESS, activity=activity, facts=activity.facts)
            Message.objects.create(client=record, author=world.client_user, from_client=True, body=f"Hello {tag} {i}")
        last = f"{n - 1:02d}"
        return [
            f"Care {tag} 00",
            f"Aa {tag} 00",  # the support network lists the first eight by name
            f"{wellbeing}/10",  # the newest check-in's wellbeing
            f"Aa {tag} {last}",  # the newest disclosure plan, named after its support person
            f"Advocacy aim {tag} 00",
            f"Peer circle {tag} 00",
            f"Goal {tag} 00",
            f"Victory {tag} {last}",
            f"Reminder {tag} {last}",  # the soonest
            f"Care {tag} {last}",  # ... for a care-team member, by name
        ]

    return Page(world.therapist, record.get_absolute_url(), grow)


def disclosure_plan(world):
    record, therapist = world.client_record, world.therapist
    person = SupportPersonFactory(client=record, name="Jordan", created_by=therapist)
    plan = DisclosurePlanFactory(client=record, support_person=person, created_by=therapist, **_shared(world))

    def grow(n, tag):
        for i in range(n):
            DisclosurePlanFactory(client=record, created_by=therapist)  # other plans of the same client
            Rehearsal.objects.create(
                plan=plan,
                scenario=f"Rehearsal {tag} {i:02d}",
                confidence_before=3,
                confidence_after=6,
                reactions_practised=["curious", "supportive"],
                rehearsed_on=world.later_day(),
                created_by=world.staff(f"Rehearsal partner {tag} {i:02d}"),
            )
            author = world.client_user if i % 2 else world.staff(f"Debrief author {tag} {i:02d}")
            Debrief.objects.create(plan=plan, outcome="mixed", how_it_went=f"Debrief {tag} {i:02d}", author=author)
            StatusChange.objects.create(
                plan=plan,
                from_status="considering",
                to_status="rehearsing",
                reason=f"Status change {tag} {i:02d}",
                changed_by=world.staff(f"Status changer {tag} {i:02d}"),
            )
        return [f"Rehearsal {tag} 00", f"Debrief {tag} 01", f"Status change {tag} 00", "Telling Jordan"]

    return Page(world.therapist, plan.get_absolute_url(), grow)


def advocacy_plan(world):
    record, therapist = world.client_record, world.therapist
    plan = AdvocacyPlanFactory(client=record, created_by=therapist, **_shared(world))

    def grow(n, tag):
        for i in range(n):
            AdvocacyPlanFactory(client=record, created_by=therapist)  # other plans of the same client
            opportunity = AdvocacyOpportunity.objects.create(
                clinic=world.clinic, name=f"Opportunity {tag} {i:02d}", kind="coalition", created_by=therapist
            )
            AdvocacyStep.objects.create(
                plan=plan,
                kind="letter",
                description=f"Step {tag} {i:02d}",
                due_on=world.later_day(),
                estimated_hours=1,
                opportunity=opportunity,
                created_by=therapist,
            )
            author = world.client_user if i % 2 else world.staff(f"Reviewer {tag} {i:02d}")
            AdvocacyReview.objects.create(
                plan=plan, energy=6, wellbeing=7, decision="continue", notes=f"Review {tag} {i:02d}", author=author
            )
            StoryDraft.objects.create(plan=plan, title=f"Draft {tag} {i:02d}", form="talk", created_by=therapist)
        return [f"Step {tag} 00", f"Opportunity {tag} 00", f"Review {tag} 01", f"Draft {tag} 00"]

    return Page(world.therapist, plan.get_absolute_url(), grow)


def portfolio(world):
    """The portfolio page with the empowerment plan, reframes, micro-goals, journal, milestones and more."""
    record, therapist = world.client_record, world.therapist
    plan = EmpowermentPlan.objects.create(
        client=record, created_by=therapist, values="Being there for my niece", **_shared(world)
    )

    def sharer(name):
        return {**_shared(world), "shared_by": world.staff(name)}

    def grow(n, tag):
        for i in range(n):
            Reframe.objects.create(
                plan=plan,
                old_story="I will never keep a job",
                new_story=f"New story {tag} {i:02d}",
                written_on=world.later_day(),
                created_by=therapist,
            )
            goal = MicroGoalFactory(
                client=record, title=f"Goal {tag} {i:02d}", created_by=therapist, **sharer(f"Goal sharer {tag} {i}")
            )
            for days in (0, 2):
                GoalCheck.objects.create(
                    goal=goal, done_on=timezone.localdate() - datetime.timedelta(days=days), checked_by=therapist
                )
            JournalEntry.objects.create(
                client=record,
                text=f"Journal {tag} {i:02d}",
                private=bool(i % 2),
                written_on=world.later_day(),
                author=world.client_user if i % 3 else world.staff(f"Journal author {tag} {i}"),
            )
            Milestone.objects.create(
                client=record,
                title=f"Milestone {tag} {i:02d}",
                achieved_on=world.later_day(),
                created_by=therapist,
                **sharer(f"Milestone sharer {tag} {i}"),
            )
            CopingSkill.objects.create(
                client=record, name=f"Coping {tag} {i:02d}", created_by=therapist, **sharer(f"Skill sharer {tag} {i}")
            )
            StigmaEncounter.objects.create(
                client=record,
                setting="work",
                what_happened=f"Encounter {tag} {i:02d}",
                distress_before=6,
                distress_after=3,
                occurred_on=world.later_day(),
                created_by=therapist,
            )
        last, last_open = f"{n - 1:02d}", f"{(n - 1) // 2 * 2:02d}"  # odd entries are private
        return [
            "Being there for my niece",
            f"New story {tag} {last}",
            f"Goal {tag} 00",
            f"Goal sharer {tag} 0",
            f"Journal {tag} {last_open}",
            f"Milestone {tag} {last}",
            f"Milestone sharer {tag} {n - 1}",
            f"Coping {tag} 00",
            f"Encounter {tag} {last}",
        ]

    return Page(world.therapist, reverse("portfolio:home", args=[record.pk]), grow)


def safety_plan(world):
    record = world.client_record
    SafetyPlanFactory(client=record, created_by=world.therapist, updated_by=world.staff("Plan editor"))

    def grow(n, tag):
        for i in range(n):
            CrisisLine.objects.create(clinic=world.clinic, name=f"Crisis line {tag} {i:02d}", phone="988", position=i)
            CheckInFactory(client=record, created_by=world.therapist)
            SupportPersonFactory(client=record, created_by=world.therapist)
        return [f"Crisis line {tag} 00", "A long walk by the river"]

    return Page(world.therapist, reverse("clients:safety_plan", args=[record.pk]), grow)


def peer_referral(world):
    record, therapist = world.client_record, world.therapist
    resource = PeerResource.objects.create(
        clinic=world.clinic,
        organisation="Riverside Peer Network",
        name="Hearing Voices group",
        kind="peer_group",
        format="in_person",
        created_by=therapist,
    )
    referral = PeerReferralFactory(client=record, resource=resource, created_by=therapist, status="awaiting_consent")

    def grow(n, tag):
        for i in range(n):
            PeerReferralFactory(client=record, created_by=therapist)  # other referrals of the same client
            ReferralStatusChange.objects.create(
                referral=referral,
                from_status="suggested",
                to_status="awaiting_consent",
                reason=f"Status note {tag} {i:02d}",
                changed_by=world.staff(f"Referral editor {tag} {i:02d}"),
            )
        return [f"Status note {tag} 00", "Hearing Voices group"]

    return Page(world.therapist, referral.get_absolute_url(), grow)


def portal_home(world):
    """The client's home: what is new since the last visit, today's goals, notifications, reminders, shared items."""
    record, therapist, person = world.client_record, world.therapist, world.client_user
    SafetyPlanFactory(client=record, created_by=therapist, updated_by=therapist)
    EmpowermentPlan.objects.create(
        client=record, created_by=therapist, values="Being there for my niece", **_shared(world)
    )
    PortfolioExport.objects.create(
        client=record,
        sections=["milestones"],
        language="en",
        requested_by=person,
        status=ExportStatus.READY,
        finished_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )

    def grow(n, tag):
        for i in range(n):
            ally = SupportPersonFactory(
                client=record, name=f"Ally {tag} {i:02d}", created_by=therapist, **_shared(world)
            )
            DisclosurePlanFactory(client=record, support_person=ally, created_by=therapist, **_shared(world))
            AdvocacyPlanFactory(
                client=record, aim=f"Advocacy aim {tag} {i:02d}", created_by=therapist, **_shared(world)
            )
            resource = PeerResource.objects.create(
                clinic=world.clinic,
                organisation="Riverside Peer Network",
                name=f"Peer circle {tag} {i:02d}",
                kind="peer_group",
                format="in_person",
                created_by=therapist,
            )
            PeerReferralFactory(
                client=record, resource=resource, created_by=therapist, status="awaiting_consent", shown_to_client=True
            )
            goal = MicroGoalFactory(client=record, title=f"Goal {tag} {i:02d}", created_by=therapist, **_shared(world))
            GoalCheck.objects.create(
                goal=goal, done_on=timezone.localdate() - datetime.timedelta(days=1), checked_by=person
            )
            Milestone.objects.create(
                client=record,
                title=f"Milestone {tag} {i:02d}",
                achieved_on=world.later_day(),
                created_by=therapist,
                **_shared(world),
            )
            CopingSkill.objects.create(
                client=record, name=f"Coping {tag} {i:02d}", created_by=therapist, **_shared(world)
            )
            MeasureAssignment.objects.create(client=record, instrument="self_stigma_pulse", assigned_by=therapist)
            # Results of a chart shared with the client: the home's "My progress" link is one query (issue 25).
            MeasureResponse.objects.create(
                client=record,
                instrument="phq9",
                instrument_version="1",
                answers={},
                total=i,
                band={"en": "Minimal"},
                completed_by=person,
                completed_at=world.later_moment(),
            )
            CrisisLine.objects.create(clinic=world.clinic, name=f"Crisis line {tag} {i:02d}", phone="988", position=i)
            Notification.objects.create(
                user=person, text=f"Notification {tag} {i:02d}", created_at=world.later_moment()
            )
            Reminder.objects.create(
                recipient=person,
                client=record,
                created_by=therapist,
                kind="check_in",
                local_time=datetime.time(9),
                time_zone="UTC",
                next_at=timezone.now() + datetime.timedelta(days=30) - datetime.timedelta(minutes=next(world.ticks)),
            )
            # The next session is one line, one query (issue 24), however many are booked.
            Session.objects.create(
                client=record,
                therapist=therapist,
                created_by=therapist,
                starts_at=timezone.now() + datetime.timedelta(days=20) - datetime.timedelta(minutes=next(world.ticks)),
                modality="phone",
            )
        SharedMeasure.objects.get_or_create(client=record, instrument="phq9", defaults={"shared_by": therapist})
        last = f"{n - 1:02d}"
        return [
            "My progress",
            f"Ally {tag} 00 was added to your support network.",
            f"Telling Ally {tag} 00",
            f"Advocacy aim {tag} 00",
            f"A peer connection is waiting for your answer: Peer circle {tag} 00.",
            f"A new micro-goal: Goal {tag} 00.",
            f"Milestone {tag} {last}",
            f"Coping {tag} 00",
            f"Crisis line {tag} 00",
            f"Notification {tag} {last}",
            "Download my portfolio (PDF)",
            "Your next session:",
        ]

    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    return Page(person, reverse("portal:home"), grow, session={visits.SESSION_PREVIOUS_VISIT: since})


def directory_search(world):
    def grow(n, tag):
        for i in range(n):
            areas = [FocusArea.objects.create(clinic=world.clinic, name=f"Focus {tag} {i:02d} {k}") for k in "ab"]
            for name in (f"Circle {tag} {i:02d}", f"Walking group {tag} {i:02d}"):  # the second does not match
                resource = PeerResource.objects.create(
                    clinic=world.clinic,
                    organisation=f"Organisation {tag} {i:02d}",
                    name=name,
                    kind="peer_group",
                    format="in_person",
                    languages=",en,es,",
                    created_by=world.therapist,
                )
                resource.focus_areas.set(areas)
        return [f"Circle {tag} 00", f"Focus {tag} 00 a, Focus {tag} 00 b"]

    return Page(world.therapist, reverse("directory:list") + "?q=circle", grow)


def audit_log(world):
    """The clinic admin's audit log, filtered by action; the admin also has emergency accesses running."""

    def grow(n, tag):
        for i in range(n):
            actor = world.staff(f"Staff {tag} {i:02d}")
            person = ClientFactory(clinic=world.clinic, primary_therapist=actor, preferred_name=f"Client {tag} {i:02d}")
            grant = EmergencyAccess.objects.create(
                admin=world.admin,
                client=person,
                reason="The client asked for their safety plan.",
                ends_at=timezone.now() + datetime.timedelta(hours=1),
            )
            for action, emergency in (
                ("client.overview.view", None),
                ("client.overview.view", grant),
                ("caseload.view", None),
            ):
                AuditEvent.objects.create(
                    clinic=world.clinic,
                    actor=actor,
                    client=person,
                    action=action,
                    emergency_access=emergency,
                    path=reverse("clients:safety_plan", args=[person.pk]),
                    address="192.0.2.1",
                    at=world.later_moment(),
                )
        # the newest event's page (only the table shows it), its person, and the emergency-access banner
        return [
            reverse("clients:safety_plan", args=[person.pk]),
            f"Staff {tag} {n - 1:02d}",
            f"reading Client {tag} 00",
        ]

    return Page(world.admin, reverse("accounts:audit_log") + "?action=client.", grow)


PAGES = {
    page.__name__: page
    for page in (
        caseload,
        overview,
        disclosure_plan,
        advocacy_plan,
        portfolio,
        safety_plan,
        peer_referral,
        portal_home,
        directory_search,
        audit_log,
    )
}


# --- The test -------------------------------------------------------------------------------------


def _count_queries(client, page, must_show):
    client.get(page.url)  # refreshes the session's idle clock, so the counted request does not write it
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.url)
    assert response.status_code == 200
    content = response.content.decode()
    missing = [text for text in must_show if text not in content]
    assert not missing, f"the page does not show {missing}"
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize("name", PAGES)
def test_a_key_page_does_the_same_queries_however_much_data_it_shows(name, client, login, world):
    page = PAGES[name](world)
    shown = page.grow(SMALL, "first")
    login(page.user)
    if page.session:
        session = client.session
        session.update(page.session)
        session.save()
    small = _count_queries(client, page, shown)
    shown = page.grow(MORE, "later")
    large = _count_queries(client, page, shown)
    print(f"\n{name}: {len(small)} queries")  # the numbers of docs/performance.md (pytest -s)
    before, after = len(small), len(large)
    extra = "\n".join(f"{count} x {sql[:200]}" for sql, count in (_shapes(large) - _shapes(small)).items())
    assert after == before, f"{name}: {before} queries, then {after}; the extra ones:\n{extra}"


def _shapes(queries):
    """The queries with their values blanked out, counted: what differs is what grew."""
    blanked = (re.sub(r"'[^']*'(::\w+)?|\b\d+\b", "?", sql) for sql in queries)
    return Counter(re.sub(r"\?(, \?)+", "?, ...", sql) for sql in blanked)
