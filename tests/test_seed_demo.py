"""The demo: two clinics with admins, therapists and clients with full records and disclosure plans at every
step; safe to run twice; each login lands on its page.

The tests that run the command themselves come first, each from an empty database; the tests that read the
demo (the `demo` fixture) then share one seeding held for the module (tests/held_data.py). In another order
(-k, a shuffle) each test still starts as it should: a test that runs the command lets the held seeding go,
and the next reader seeds again."""

import collections
import datetime
import io
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import models, transaction
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import Role, User
from advocacy.models import (
    BURNOUT_SIGNS,
    AdvocacyOpportunity,
    AdvocacyPlan,
    AdvocacyReview,
    AdvocacyStep,
    Decision,
    PlanStatus,
    StepKind,
    StepStatus,
    StoryDraft,
    StoryForm,
    StoryVersion,
    publicity_exceeds,
)
from advocacy.selectors import months_over_limit
from clients.models import AllyStage, CheckIn, Client, ClientStatus, Relationship, SafetyPlan, SupportPerson
from clients.person_first_terms import suggestions_for
from clinics.models import Clinic, InclusiveCareReview
from demo.advocacy import MORE_PUBLIC_NOTE
from demo.grievances import GRIEVANCES
from demo.inclusive_care import REVIEWS as INCLUSIVE_CARE_REVIEWS
from demo.management.commands.seed_demo import (
    ADVOCACY_PLANS,
    DEMO_PASSWORD,
    DISCLOSURE_PLANS,
    FOCUS_AREAS,
    OPPORTUNITIES,
    PEER_RESOURCES,
    PORTFOLIOS,
    RECORDS,
    REFERRALS,
    Command,
)
from disclosure.models import (
    STATUS_ORDER,
    Debrief,
    DisclosureLevel,
    DisclosurePlan,
    DisclosureSetting,
    DisclosureStatus,
    Outcome,
    Reaction,
    Rehearsal,
    StatusChange,
)
from grievances.models import Grievance, GrievanceStatus
from peers.consent import CURRENT_VERSION
from peers.models import (
    AFTER_CONSENT,
    ENDINGS_NEEDING_A_REASON,
    RESOURCE_LANGUAGES,
    ConsentMethod,
    FocusArea,
    PeerReferral,
    PeerResource,
    ReferralStatus,
    ReferralStatusChange,
    ResourceFormat,
    ResourceKind,
    ResourceStatus,
    SharedDetail,
)
from portfolio.instruments import definition_for, score
from portfolio.models import (
    Cadence,
    CopingSkill,
    EmpowermentPlan,
    GoalCheck,
    JournalEntry,
    MeasureAssignment,
    MeasureResponse,
    MicroGoal,
    Milestone,
    Reframe,
    StigmaEncounter,
)

from .held_data import held_for

LANDING = {Role.THERAPIST: "clients:caseload", Role.CLINIC_ADMIN: "accounts:staff", Role.CLIENT: "portal:home"}


def counts():
    return Clinic.objects.count(), User.objects.count(), Client.objects.count()


def _seed_as_it_commits():
    """seed_demo as `make demo` runs it: what it leaves to run when it commits (the reminders' sends, the emails)
    runs too, though the held seeding never commits. The emails sent, for the tests to read."""
    mail.outbox = []
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("seed_demo", not_production=True, verbosity=0)
    return {"emails": list(mail.outbox)}


_held, _held_or_an_empty_database = held_for("demo", _seed_as_it_commits)


@pytest.fixture
def demo(_held, db):
    """The demo, seeded once for the tests that read it; what a test writes is rolled back with it. Its value: the
    emails the seeding sent."""
    return _held.data


# Running the command again, the same day and on later days: one empty database, the runs made once for the
# module in that order (`reruns`), each test then checking what its step found.


def _clinic_shape():
    return [
        (
            clinic.users.filter(role=Role.CLINIC_ADMIN).count(),
            clinic.users.filter(role=Role.THERAPIST).count(),
            clinic.clients.count(),
            clinic.clients.filter(portal_user__isnull=False).exists(),
        )
        for clinic in Clinic.objects.all()
    ]


def _all_counts():
    return {
        "people": counts(),
        "records": record_counts(),
        "disclosure": disclosure_counts(),
        "advocacy": advocacy_counts(),
        "peers": peers_counts(),
        "portfolio": portfolio_counts(),
        "grievances": Grievance.objects.count(),
        "inclusive care reviews": InclusiveCareReview.objects.count(),
    }


def _seed():
    call_command("seed_demo", not_production=True, verbosity=0)


@pytest.fixture(scope="module")
def reruns(_held, django_db_blocker):
    """seed_demo on an empty database, as `make demo` runs it (DJANGO_DEBUG=1, no flag); again the same day, after
    a person edited a record; then 3, 20 and 40 days later: what the database held after each run. Rolled back when
    made: the tests read only what was found."""
    _held.release()
    found = {}
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True):  # `make demo` sets DJANGO_DEBUG=1
            call_command("seed_demo", verbosity=0, stdout=io.StringIO())
        found["demo users made with DEBUG on"] = User.objects.filter(is_demo=True).exists()
        found["first"] = _all_counts()
        Client.objects.filter(preferred_name="Jordan").update(
            strengths="Edited while trying the demo.", allow_text=False
        )
        _seed()
        found["again"] = _all_counts()
        found["clinics"] = _clinic_shape()
        jordan = Client.objects.get(preferred_name="Jordan")
        found["jordan"] = (jordan.strengths, jordan.allow_text)
        with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
            _seed()
            found["day 3"] = _all_counts()
        with time_machine.travel(timezone.now() + datetime.timedelta(days=20)):
            _seed()
            found["day 20"] = _all_counts()
            found["overdue on day 20"] = overdue_by_clinic(timezone.localdate())
        with time_machine.travel(timezone.now() + datetime.timedelta(days=40)):
            _seed()
            found["day 40"] = _all_counts()
            found["past meetings on day 40"] = AdvocacyOpportunity.objects.filter(
                next_meeting__lt=timezone.localdate()
            ).exists()
        transaction.set_rollback(True)
    return found


def test_the_demo_loads_twice_without_duplicates(reruns):
    assert reruns["again"]["people"] == reruns["first"]["people"]
    assert reruns["first"]["people"][0] == 2
    for admins, therapists, clients, with_portal in reruns["clinics"]:
        assert admins == 1
        assert therapists == 2
        assert clients >= 3
        assert with_portal


def test_it_refuses_to_run_with_debug_off_unless_told_this_is_not_production(db, reruns):
    """Demo accounts share a published password: with DEBUG off (production) nothing is made without the flag;
    with DEBUG on, as `make demo` runs it, the first of the reruns made the demo."""
    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        call_command("seed_demo", verbosity=0)
    assert counts() == (0, 0, 0)
    assert reruns["demo users made with DEBUG on"]


def test_running_twice_does_not_duplicate_the_records(reruns):
    assert reruns["again"]["records"] == reruns["first"]["records"]
    assert all(reruns["first"]["records"])


def test_a_run_on_a_later_day_adds_no_second_history(reruns):
    assert reruns["day 3"]["records"] == reruns["first"]["records"]


def test_a_second_run_keeps_changes_made_in_the_demo(reruns):
    assert reruns["jordan"] == ("Edited while trying the demo.", False)


def test_running_twice_or_on_a_later_day_adds_no_disclosure_rows(reruns):
    first = reruns["first"]["disclosure"]
    assert all(first)
    assert reruns["again"]["disclosure"] == first
    assert reruns["day 3"]["disclosure"] == first


def test_running_twice_or_on_a_later_day_adds_no_advocacy_rows(reruns):
    first = reruns["first"]["advocacy"]
    assert all(first)
    assert reruns["again"]["advocacy"] == first
    assert reruns["day 40"]["advocacy"] == first
    # A next meeting that has passed moves forward again.
    assert not reruns["past meetings on day 40"]


def test_running_twice_or_on_a_later_day_adds_no_peers_rows(reruns):
    first = reruns["first"]["peers"]
    assert all(first)
    assert reruns["again"]["peers"] == first
    assert reruns["day 20"]["peers"] == first
    # A follow-up meant to be ahead that has passed moves forward again: still one overdue per clinic.
    assert reruns["overdue on day 20"] == dict.fromkeys(FOCUS_AREAS, 1)


def test_running_twice_or_on_a_later_day_adds_no_portfolio_rows(reruns):
    first = reruns["first"]["portfolio"]
    assert all(first)
    assert reruns["again"]["portfolio"] == first
    assert reruns["day 3"]["portfolio"] == first


def test_running_twice_or_on_a_later_day_adds_no_grievance_or_inclusive_care_review(reruns):
    assert reruns["first"]["grievances"] == sum(len(specs) for specs in GRIEVANCES.values())
    assert reruns["first"]["inclusive care reviews"] == sum(len(reviews) for reviews in INCLUSIVE_CARE_REVIEWS.values())
    for run in ("again", "day 3", "day 40"):
        assert reruns[run]["grievances"] == reruns["first"]["grievances"]
        assert reruns[run]["inclusive care reviews"] == reruns["first"]["inclusive care reviews"]


def test_the_demo_has_reminders_sent_notices_open_invitations_and_emergency_history(
    demo, django_capture_on_commit_callbacks, settings
):
    """Issue 20 item 18: made through the services, with past occurrences dispatched; nothing left running late.
    The held demo ran what the command leaves to run when it commits (the sends), as `make demo` does."""
    from accounts.models import Invitation
    from clients.models import EmergencyAccess
    from reminders import health
    from reminders.models import Delivery, DeliveryStatus, Notification, Reminder, ReminderStatus

    now = timezone.now()
    for clinic in Clinic.objects.all():
        reminders = Reminder.objects.filter(client__clinic=clinic, status=ReminderStatus.ACTIVE)
        assert {Role.CLIENT, Role.THERAPIST} <= set(reminders.values_list("recipient__role", flat=True))
        assert not reminders.filter(next_at__lt=now).exists()
        sent = Delivery.objects.filter(reminder__client__clinic=clinic, status=DeliveryStatus.SENT)
        assert {"email", "in_app"} <= set(sent.values_list("channel", flat=True)), clinic
        assert Notification.objects.filter(user__clinic=clinic, user__role=Role.CLIENT).exists()
        assert Notification.objects.filter(user__clinic=clinic, user__role=Role.THERAPIST).exists()
        open_invitations = Invitation.objects.usable().filter(clinic=clinic)
        assert {Role.CLIENT} < set(open_invitations.values_list("role", flat=True))
        grants = EmergencyAccess.objects.filter(client__clinic=clinic)
        assert grants.exists()
        assert all(grant.ends_at < now or grant.ended_early_at for grant in grants)
    assert health.late() is False
    assert not Delivery.objects.exclude(status=DeliveryStatus.SENT).exists()
    links = [link for message in demo["emails"] for link in re.findall(r"https?://[^\s\"<>]+", message.body)]
    assert links
    assert all(link.startswith(settings.SITE_URL + "/") for link in links)

    first = activity_counts()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", not_production=True, verbosity=0)
    assert activity_counts() == first


# What the demo holds: seeded once for the module's readers.


@override_settings(MFA_DEMO_BYPASS=True)
def test_every_demo_login_in_the_readme_lands_on_its_role_page(client, demo):
    readme = (__import__("pathlib").Path(__file__).resolve().parents[1] / "README.md").read_text()
    emails = re.findall(r"`([a-z]+@[a-z]+\.example)`", readme)
    assert set(emails) == set(User.objects.filter(is_demo=True).values_list("email", flat=True))
    assert f"`{DEMO_PASSWORD}`" in readme
    for email in emails:
        client.logout()
        response = client.post(reverse("accounts:login"), {"username": email, "password": DEMO_PASSWORD}, follow=True)
        role = User.objects.get(email=email).role
        assert response.redirect_chain[-1][0] == reverse(LANDING[role]), email
        assert response.status_code == 200, email


def test_without_debug_demo_staff_still_need_the_second_factor(client, demo):
    response = client.post(
        reverse("accounts:login"), {"username": "maya@riverbend.example", "password": DEMO_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:mfa_setup"))


def record_counts():
    return SupportPerson.objects.count(), SafetyPlan.objects.count(), CheckIn.objects.count()


def latest_check_in(client):
    return client.check_ins.order_by("-session_date", "-created_at").first()


def test_each_clinic_has_clients_with_a_full_record(demo):
    for clinic in Clinic.objects.all():
        full = clinic.clients.filter(safety_plan__isnull=False, support_people__isnull=False, check_ins__isnull=False)
        assert full.distinct().count() >= 3, clinic
    for client in Client.objects.filter(portal_user__isnull=False):
        plan = client.safety_plan
        assert all(value for _name, _heading, _help, value in plan.sections()), client
    for plan in SafetyPlan.objects.select_related("client"):
        assert plan.created_by == plan.updated_by == plan.client.primary_therapist
    for check_in in CheckIn.objects.select_related("client"):
        assert check_in.session_date < timezone.localdate()
        assert 0 <= check_in.wellbeing <= 10
        assert check_in.created_by == check_in.client.primary_therapist
    for client in Client.objects.filter(check_ins__isnull=False).distinct():
        assert 1 <= client.check_ins.count() <= 6


def test_the_support_network_covers_every_relationship_and_ally_stage(demo):
    people = SupportPerson.objects.all()
    assert {Relationship.FAMILY, Relationship.COWORKER, Relationship.TEACHER} <= set(
        people.values_list("relationship", flat=True)
    )
    assert {Relationship.COMMUNITY_LEADER, Relationship.FRIEND, Relationship.PEER} <= set(
        people.values_list("relationship", flat=True)
    )
    assert set(people.values_list("ally_stage", flat=True)) == set(AllyStage.values)
    assert not people.filter(conversation_script="").exists()
    assert not people.filter(role_play_notes="").exists()


def test_each_clinic_has_exactly_one_client_with_a_high_relapse_risk(demo):
    for clinic, expected in [("Riverbend Community Clinic", "Alex"), ("Lakeside Wellness Collective", "Dan")]:
        high = [
            client.display_name
            for client in Client.objects.filter(clinic__name=clinic)
            if (latest := latest_check_in(client)) and latest.relapse_risk == "high"
        ]
        assert high == [expected]


def test_each_clinic_shows_one_stale_safety_plan_and_one_unfinished_intake(demo):
    for clinic, stale, unfinished in [
        ("Riverbend Community Clinic", "Jordan", "Taylor Brooks"),
        ("Lakeside Wellness Collective", "Imani Johnson", "Luis"),
    ]:
        active = Client.objects.filter(clinic__name=clinic, status=ClientStatus.ACTIVE)
        assert [c.display_name for c in active if hasattr(c, "safety_plan") and c.safety_plan.needs_review()] == [stale]
        assert [c.display_name for c in active if c.intake_missing()] == [unfinished]
        assert len([c for c in Client.objects.filter(clinic__name=clinic) if not c.intake_missing()]) >= 3


def test_the_overview_of_every_seeded_client_shows_its_notices(client, login, demo):
    high, stale, intake, no_plan = (
        "High relapse risk",
        "not been reviewed in the last 30 days",
        "Intake still missing",
        "There is no safety plan yet",
    )
    expected = {
        "Alex": {high},
        "Dan": {high},
        "Jordan": {stale},
        "Imani Johnson": {stale},
        "Taylor Brooks": {intake},
        "Luis": {intake, no_plan},
    }
    User.objects.update(preferred_language="en")  # read the notices in English
    for record in Client.objects.select_related("primary_therapist"):
        login(record.primary_therapist)
        response = client.get(reverse("clients:overview", kwargs={"client_id": record.pk}))
        assert response.status_code == 200
        page = response.content.decode()
        shown = {notice for notice in (high, stale, intake, no_plan) if notice in page}
        assert shown == expected.get(record.display_name, set()), record.display_name


def test_portal_clients_see_the_support_people_shared_with_them(client, demo):
    shared = SupportPerson.objects.filter(shared_with_client=True, client__portal_user__isnull=False)
    assert set(shared.values_list("client__preferred_name", flat=True)) >= {"Jordan", "Rosa"}
    for person in shared:
        assert person.shared_by == person.client.primary_therapist
        assert person.shared_at is not None
    rosa = Client.objects.get(preferred_name="Rosa")
    client.force_login(rosa.portal_user)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    for person in rosa.support_people.filter(shared_with_client=True):
        assert person.name in response.content.decode()
    assert "Cuando" in rosa.safety_plan.warning_signs  # Rosa's plan is in Spanish, in her own voice


STIGMATIZING = re.compile(
    r"committed suicide|\bschizophrenics?\b|\bbipolar (?:person|people|man|woman)\b|\baddicts?\b|"
    r"\balcoholics?\b|\bcrazy\b|\bpsycho\b|\binsane\b|\blunatics?\b|\bsuffer(?:s|ing)? from\b|mentally ill|\blocos?\b",
    re.IGNORECASE,
)


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)


def test_the_demo_text_uses_person_first_respectful_language():
    texts = list(
        strings([RECORDS, DISCLOSURE_PLANS, OPPORTUNITIES, ADVOCACY_PLANS, PEER_RESOURCES, REFERRALS, PORTFOLIOS])
    )
    assert [text for text in texts if STIGMATIZING.search(text)] == []
    newer = [OPPORTUNITIES, ADVOCACY_PLANS, FOCUS_AREAS, PEER_RESOURCES, REFERRALS, PORTFOLIOS]
    assert [(text, suggestions_for(text)) for text in strings(newer) if suggestions_for(text)] == []


PLAN_TEXT_FIELDS = [field.name for field in DisclosurePlan._meta.get_fields() if isinstance(field, models.TextField)]


def seeded_disclosure_text():
    for plan in DisclosurePlan.objects.all():
        yield plan.audience_description
        yield from (getattr(plan, name) for name in PLAN_TEXT_FIELDS)
    yield from StatusChange.objects.values_list("reason", flat=True)
    for scenario, notes in Rehearsal.objects.values_list("scenario", "notes"):
        yield from (scenario, notes)
    for texts in Debrief.objects.values_list("how_it_went", "reaction", "learned", "follow_up"):
        yield from texts


def test_the_seeded_disclosure_text_uses_person_first_respectful_language(demo):
    texts = [text for text in seeded_disclosure_text() if text]
    assert len(texts) > 100
    assert [text for text in texts if STIGMATIZING.search(text)] == []
    assert [(text, suggestions_for(text)) for text in texts if suggestions_for(text)] == []


# Disclosure plans.


def disclosure_counts():
    return tuple(model.objects.count() for model in (DisclosurePlan, StatusChange, Rehearsal, Debrief))


def test_each_clinic_has_plans_at_every_step_over_at_least_three_clients(demo):
    for clinic in Clinic.objects.all():
        plans = DisclosurePlan.objects.filter(client__clinic=clinic)
        assert set(plans.values_list("status", flat=True)) == set(DisclosureStatus.values), clinic
        assert plans.values("client").distinct().count() >= 3, clinic
        for record in clinic.clients.filter(disclosure_plans__isnull=False).distinct():
            assert 1 <= record.disclosure_plans.count() <= 2, record
    plans = DisclosurePlan.objects.select_related("client", "support_person")
    assert set(plans.values_list("setting", flat=True)) == set(DisclosureSetting.values)
    levels = list(plans.values_list("level", flat=True))
    assert set(levels) == set(DisclosureLevel.values)
    assert max(set(levels), key=levels.count) == DisclosureLevel.SELECTIVE
    assert plans.filter(support_person__isnull=False).exists()
    assert plans.filter(support_person__isnull=True).exclude(audience_description="").exists()
    for plan in plans:
        assert plan.audience_label, plan.pk
        if plan.support_person_id:
            assert plan.support_person.client_id == plan.client_id
        assert all(getattr(plan, name).strip() for name in PLAN_TEXT_FIELDS), plan
        assert plan.created_by == plan.client.primary_therapist
        assert plan.created_at < timezone.now()
        # Readiness grows with the stage.
        if plan.status == DisclosureStatus.CONSIDERING:
            assert plan.readiness <= 4, plan
        elif plan.status == DisclosureStatus.REHEARSING:
            assert 4 <= plan.readiness <= 7, plan
        else:
            assert plan.readiness >= 7, plan


def is_backwards(change):
    return STATUS_ORDER.index(change.to_status) < STATUS_ORDER.index(change.from_status)


def test_every_plan_has_its_steps_in_order_and_one_plan_per_clinic_went_back(demo):
    now = timezone.now()
    for plan in DisclosurePlan.objects.select_related("client"):
        changes = list(plan.status_changes.order_by("changed_at"))
        assert (changes[0].from_status, changes[0].to_status) == ("", DisclosureStatus.CONSIDERING), plan
        assert changes[0].changed_at == plan.created_at
        assert changes[-1].to_status == plan.status
        for before, after in zip(changes, changes[1:], strict=False):
            assert after.from_status == before.to_status
            assert before.changed_at < after.changed_at
            if is_backwards(after):
                assert after.reason.strip()
            else:
                assert STATUS_ORDER.index(after.to_status) == STATUS_ORDER.index(after.from_status) + 1
        for change in changes:
            assert change.changed_at < now
            assert change.changed_by == plan.client.primary_therapist
    for clinic in Clinic.objects.all():
        changes = StatusChange.objects.filter(plan__client__clinic=clinic).exclude(from_status="")
        backwards = [change for change in changes if is_backwards(change)]
        assert len(backwards) == 1, clinic
        assert (backwards[0].from_status, backwards[0].to_status) == (
            DisclosureStatus.READY,
            DisclosureStatus.REHEARSING,
        )
        assert len(backwards[0].reason.split()) > 10


def test_plans_past_considering_were_rehearsed_with_growing_confidence(demo):
    today = timezone.localdate()
    practised = set()
    for plan in DisclosurePlan.objects.select_related("client"):
        rehearsals = list(plan.rehearsals.order_by("rehearsed_on"))
        if plan.status == DisclosureStatus.CONSIDERING:
            assert rehearsals == [], plan
            continue
        assert 2 <= len(rehearsals) <= 4, plan
        assert rehearsals[-1].confidence_after > rehearsals[0].confidence_before
        for rehearsal in rehearsals:
            assert rehearsal.rehearsed_on < today
            assert rehearsal.scenario.strip()
            assert rehearsal.reactions_practised
            assert set(rehearsal.reactions_practised) <= set(Reaction.values)
            assert 0 <= rehearsal.confidence_before <= rehearsal.confidence_after <= 10
            assert rehearsal.created_by == plan.client.primary_therapist
            practised.update(rehearsal.reactions_practised)
    assert practised == set(Reaction.values)


def test_every_reflected_plan_has_a_debrief(demo):
    reflected = DisclosurePlan.objects.filter(status=DisclosureStatus.REFLECTED)
    assert reflected.count() >= 2
    for plan in reflected:
        assert plan.debriefs.filter(author=plan.client.primary_therapist).exists(), plan
    now = timezone.now()
    for debrief in Debrief.objects.select_related("plan__client"):
        plan = debrief.plan
        assert plan.status in (DisclosureStatus.DISCLOSED, DisclosureStatus.REFLECTED)
        assert debrief.created_at < now
        assert debrief.outcome in (Outcome.WENT_WELL, Outcome.MIXED, Outcome.HARD)
        assert debrief.how_it_went
        assert debrief.reaction
        assert debrief.learned
        if debrief.author_id == plan.client.portal_user_id:
            assert plan.shared_with_client  # written in the portal, where only shared plans show
        else:
            assert debrief.author == plan.client.primary_therapist
    by_client_too = [
        plan
        for plan in DisclosurePlan.objects.filter(client__portal_user__isnull=False).select_related("client")
        if plan.debriefs.filter(author=plan.client.primary_therapist).exists()
        and plan.debriefs.filter(author=plan.client.portal_user).exists()
    ]
    assert by_client_too


def test_portal_clients_see_the_disclosure_plans_shared_with_them(client, demo):
    shared = DisclosurePlan.objects.filter(shared_with_client=True).select_related("client")
    assert set(shared.values_list("client__preferred_name", flat=True)) >= {"Jordan", "Rosa"}
    for plan in shared:
        assert plan.client.portal_user_id is not None
        assert plan.shared_by == plan.client.primary_therapist
        assert plan.shared_at < timezone.now()
    recorded = shared.filter(client_readiness__isnull=False)
    assert recorded.exists()
    assert all(0 <= plan.client_readiness <= 10 and plan.client_readiness_at < timezone.now() for plan in recorded)
    for record in Client.objects.filter(disclosure_plans__shared_with_client=True).distinct():
        client.force_login(record.portal_user)
        page = client.get(reverse("portal:home"))
        assert page.status_code == 200
        for plan in record.disclosure_plans.all():
            link = reverse("portal:disclosure_plan", kwargs={"plan_id": plan.pk})
            if plan.shared_with_client:
                assert escape(plan.audience_label) in page.content.decode(), plan
                assert link in page.content.decode()
                assert client.get(link).status_code == 200
            else:
                assert link not in page.content.decode()
    rosa = Client.objects.get(preferred_name="Rosa")
    for plan in rosa.disclosure_plans.all():
        assert "depresión" in plan.script  # Rosa's plans are in Spanish, in her own voice


# Advocacy.

ADVOCACY_MODELS = (AdvocacyOpportunity, AdvocacyPlan, AdvocacyStep, AdvocacyReview, StoryDraft, StoryVersion)


def advocacy_counts():
    return tuple(model.objects.count() for model in ADVOCACY_MODELS)


def test_each_clinic_lists_accessible_advocacy_opportunities(demo):
    today = timezone.localdate()
    for clinic in Clinic.objects.all():
        opportunities = clinic.advocacy_opportunities.all()
        assert 3 <= opportunities.count() <= 5, clinic
        assert {"coalition", "school_board", "workplace_committee", "forum"} <= set(
            opportunities.values_list("kind", flat=True)
        )
        admin = clinic.users.get(role=Role.CLINIC_ADMIN)
        for opportunity in opportunities:
            assert opportunity.created_by == admin
            assert opportunity.active
            assert opportunity.next_meeting > today
            assert opportunity.description
            assert opportunity.contact
            assert opportunity.location
            assert opportunity.accessibility_notes


def reviews_in_order(plan):
    return list(plan.reviews.order_by("created_at"))


def test_each_clinic_has_a_plan_on_time_a_paused_plan_and_an_overdue_review(demo):
    today = timezone.localdate()
    for clinic in Clinic.objects.all():
        plans = AdvocacyPlan.objects.filter(client__clinic=clinic).select_related("client")
        assert plans.values("client").distinct().count() >= 2, clinic
        active = [plan for plan in plans if plan.status == PlanStatus.ACTIVE]
        assert [plan for plan in active if not plan.review_overdue(today)], clinic
        overdue = [plan for plan in active if plan.review_overdue(today)]
        assert overdue, clinic
        for plan in overdue:
            assert plan.next_review_on < today
        paused = [plan for plan in plans if plan.status == PlanStatus.PAUSED]
        assert paused, clinic
        for plan in paused:
            decisions = [review.decision for review in reviews_in_order(plan)]
            assert decisions[-1] == Decision.PAUSE
            assert Decision.SLOW_DOWN in decisions[:-1]
            last_slow_down = max(i for i, decision in enumerate(decisions) if decision == Decision.SLOW_DOWN)
            assert last_slow_down < len(decisions) - 1
            assert plan.status_changed_at is not None
            assert plan.status_changed_at >= reviews_in_order(plan)[-1].created_at
            assert plan.status_changed_at < timezone.now()


def test_every_plan_is_complete_and_reviewed_on_its_interval(demo):
    now = timezone.now()
    for plan in AdvocacyPlan.objects.select_related("client"):
        assert plan.aim, plan
        assert plan.therapeutic_goals, plan
        assert plan.topics_off_limits, plan
        assert plan.media_rules, plan
        assert plan.created_by == plan.client.primary_therapist
        assert plan.created_at < now
        assert plan.archived_at is None
        reviews = reviews_in_order(plan)
        assert reviews, plan
        last = timezone.localdate(reviews[-1].created_at, ZoneInfo(plan.client.clinic.timezone))
        assert plan.next_review_on == last + datetime.timedelta(days=plan.review_interval_days)
        if plan.shared_with_client:
            assert plan.client.portal_user_id is not None
            assert plan.shared_by == plan.client.primary_therapist
            assert plan.shared_at < now


def test_advocacy_steps_are_varied_paced_and_within_the_clients_limits(demo):
    now = timezone.now()
    kinds, statuses = set(), set()
    for plan in AdvocacyPlan.objects.select_related("client__clinic"):
        steps = list(plan.steps.select_related("opportunity"))
        assert 3 <= len(steps) <= 6, plan
        for step in steps:
            kinds.add(step.kind)
            statuses.add(step.status)
            assert step.description.strip()
            assert step.estimated_hours > 0
            assert step.created_by == plan.client.primary_therapist
            if step.opportunity_id:
                assert step.opportunity.clinic_id == plan.client.clinic_id
            if publicity_exceeds(step.publicity, plan.publicity):
                assert MORE_PUBLIC_NOTE in step.description, step.description
            if step.status == StepStatus.DONE:
                assert step.reflection.strip()
                assert step.completed_at < now
                assert step.due_on < timezone.localdate()
                assert step.completed_by in (plan.client.primary_therapist, plan.client.portal_user)
                if step.completed_by == plan.client.portal_user:
                    assert plan.shared_with_client
            else:
                assert step.completed_at is None
                assert step.completed_by is None
                assert not step.reflection
    assert kinds >= set(StepKind.values) - {StepKind.OTHER}
    assert statuses == set(StepStatus.values)
    exceeding = [
        step
        for step in AdvocacyStep.objects.select_related("plan")
        if publicity_exceeds(step.publicity, step.plan.publicity)
    ]
    assert len(exceeding) == 1
    by_client = AdvocacyStep.objects.filter(completed_by=models.F("plan__client__portal_user"))
    assert by_client.exists()
    for clinic in Clinic.objects.all():
        steps = AdvocacyStep.objects.filter(plan__client__clinic=clinic)
        assert steps.filter(opportunity__isnull=False).exists(), clinic
        over = [
            plan
            for plan in AdvocacyPlan.objects.filter(client__clinic=clinic)
            if months_over_limit(plan=plan, steps=list(plan.steps.all()))
        ]
        assert len(over) == 1, clinic
        ((_month, hours),) = months_over_limit(plan=over[0], steps=list(over[0].steps.all()))
        assert hours <= over[0].hours_per_month * 2  # a little over, not a crushing month


def test_only_the_planned_month_passes_the_limit_whatever_the_day():
    """Steps are dated from today: on any day of the year, only Jordan's and Imani's plans plan a month over."""
    command = Command()
    start = datetime.date(2026, 1, 1)
    for offset in range(366):
        command.today = start + datetime.timedelta(days=offset)
        over = set()
        for legal_name, plans in ADVOCACY_PLANS.items():
            for plan in plans:
                hours = collections.Counter()
                for step in plan["steps"]:
                    if step["status"] != StepStatus.SKIPPED:
                        due = command._ahead(step["due"])
                        hours[due.year, due.month] += Decimal(step["estimated_hours"])
                        if step["status"] == StepStatus.DONE:
                            assert due < command.today, step
                if max(hours.values()) > Decimal(plan["hours_per_month"]):
                    over.add(legal_name)
        assert over == {"Jordan Avery Lee", "Imani Johnson"}, command.today


def test_the_plan_page_warns_about_the_month_over_the_limit_and_the_overdue_review(client, login, demo):
    User.objects.update(preferred_language="en")  # read the warnings in English
    for plan in AdvocacyPlan.objects.select_related("client__primary_therapist"):
        client.logout()
        login(plan.client.primary_therapist)
        page = client.get(plan.get_absolute_url())
        assert page.status_code == 200
        text = page.content.decode()
        assert ("over the client's limit" in text) == bool(
            months_over_limit(plan=plan, steps=list(plan.steps.all()))
        ), plan
        assert ("A review of the pace is overdue" in text) == plan.review_overdue(), plan
        assert ("This plan is paused" in text) == plan.is_paused, plan


def test_reviews_watch_for_burnout(demo):
    signs = {sign for sign, _label in BURNOUT_SIGNS}
    for review in AdvocacyReview.objects.select_related("plan__client"):
        plan = review.plan
        assert 0 <= review.energy <= 10
        assert 0 <= review.wellbeing <= 10
        assert set(review.burnout_signs) <= signs
        assert review.notes.strip()
        assert review.created_at < timezone.now()
        if review.author == plan.client.portal_user:
            assert plan.shared_with_client
            assert review.decision != Decision.PAUSE
        else:
            assert review.author == plan.client.primary_therapist
    assert AdvocacyReview.objects.filter(author=models.F("plan__client__portal_user")).exists()
    assert AdvocacyReview.objects.exclude(burnout_signs=[]).exists()


def test_story_drafts_keep_their_versions_and_one_per_clinic_is_ready(demo):
    forms = set()
    for draft in StoryDraft.objects.select_related("plan__client"):
        forms.add(draft.form)
        versions = list(draft.versions.order_by("number"))
        assert 2 <= len(versions) <= 3, draft
        assert [version.number for version in versions] == list(range(1, len(versions) + 1))
        assert versions[-1].text == draft.text
        assert len(versions[-1].text) > len(versions[0].text)
        assert all(a.saved_at < b.saved_at for a, b in zip(versions, versions[1:], strict=False))
        assert all(version.saved_by == draft.plan.client.primary_therapist for version in versions)
        assert draft.title
        assert draft.audience
        if draft.ready_to_publish_at:
            assert draft.checklist_complete
            assert draft.ready_to_publish_at < timezone.now()
    assert forms == set(StoryForm.values)
    for clinic in Clinic.objects.all():
        ready = StoryDraft.objects.filter(plan__client__clinic=clinic, ready_to_publish_at__isnull=False)
        assert ready.count() == 1, clinic
        assert len(ready.get().text.split("\n\n")) >= 3  # a few paragraphs


def seeded_advocacy_text():
    for opportunity in AdvocacyOpportunity.objects.all():
        yield from (opportunity.name, opportunity.description, opportunity.location, opportunity.accessibility_notes)
    for plan in AdvocacyPlan.objects.all():
        yield from (plan.aim, plan.therapeutic_goals, plan.topics_off_limits, plan.media_rules)
    for texts in AdvocacyStep.objects.values_list("description", "reflection"):
        yield from texts
    yield from AdvocacyReview.objects.values_list("notes", flat=True)
    for texts in StoryDraft.objects.values_list("title", "audience", "text", "support_for_reactions"):
        yield from texts
    yield from StoryVersion.objects.values_list("text", flat=True)


def test_the_seeded_advocacy_text_uses_person_first_respectful_language(demo):
    texts = [text for text in seeded_advocacy_text() if text]
    assert len(texts) > 100
    assert [text for text in texts if STIGMATIZING.search(text)] == []
    assert [(text, suggestions_for(text)) for text in texts if suggestions_for(text)] == []


def test_portal_clients_see_the_advocacy_plans_shared_with_them(client, demo):
    shared = AdvocacyPlan.objects.filter(shared_with_client=True).select_related("client")
    assert set(shared.values_list("client__preferred_name", flat=True)) >= {"Jordan", "Rosa"}
    for record in Client.objects.filter(portal_user__isnull=False):
        client.force_login(record.portal_user)
        page = client.get(reverse("portal:home"))
        assert page.status_code == 200
        for plan in record.advocacy_plans.all():
            link = reverse("portal:advocacy_plan", kwargs={"plan_id": plan.pk})
            if plan.shared_with_client:
                assert escape(plan.aim) in page.content.decode(), plan
                assert link in page.content.decode()
                detail = client.get(link)
                assert detail.status_code == 200
                for step in plan.steps.all():
                    assert escape(step.description) in detail.content.decode()
            else:
                assert link not in page.content.decode()
    rosa = Client.objects.get(preferred_name="Rosa")
    plan = rosa.advocacy_plans.get()
    assert "depresión" in plan.aim
    assert "depresión" in plan.story_drafts.get().text  # in Spanish, in her voice
    assert plan.reviews.filter(notes__contains="boletín").exists()


# Peer connections.

PEERS_MODELS = (FocusArea, PeerResource, PeerReferral, ReferralStatusChange)
OPEN = {ReferralStatus.SUGGESTED, ReferralStatus.AWAITING_CONSENT, *AFTER_CONSENT} - {ReferralStatus.COMPLETED}


def peers_counts():
    return tuple(model.objects.count() for model in PEERS_MODELS)


def overdue_by_clinic(today=None):
    overdue = collections.Counter()
    for referral in PeerReferral.objects.select_related("client__clinic"):
        if referral.follow_up_overdue(today):
            overdue[referral.client.clinic.name] += 1
    return overdue


def test_each_clinic_has_its_focus_areas_and_a_varied_directory(demo):
    common = {"Recovery", "Workplace inclusion", "Creative expression", "Family", "LGBTQ+ peers", "Young adults"}
    today = timezone.localdate()
    for clinic in Clinic.objects.all():
        areas = set(clinic.focus_areas.values_list("name", flat=True))
        assert common < areas, clinic
        assert len(areas) == len(common) + 2, clinic  # the Latinx community, and their own
        assert areas & {"Latinx community", "Comunidad latina"}, clinic
        resources = list(clinic.peer_resources.prefetch_related("focus_areas"))
        assert 10 <= len(resources) <= 14, clinic
        assert {resource.kind for resource in resources} == set(ResourceKind.values), clinic
        assert {resource.format for resource in resources} == set(ResourceFormat.values), clinic
        statuses = collections.Counter(resource.status for resource in resources)
        assert statuses[ResourceStatus.INACTIVE] == 1, clinic
        assert statuses[ResourceStatus.TEMPORARILY_CLOSED] == 1, clinic
        assert statuses[ResourceStatus.ACTIVE] == len(resources) - 2
        assert [resource for resource in resources if resource.needs_verification(today)], clinic
        assert [resource for resource in resources if "asl" in resource.language_codes], clinic
        assert {area.name for resource in resources for area in resource.focus_areas.all()} == areas, clinic
        admin = clinic.users.get(role=Role.CLINIC_ADMIN)
        for resource in resources:
            assert resource.created_by == admin
            assert resource.created_at < timezone.now()
            assert resource.last_verified_on < today
            assert resource.languages.startswith(",")
            assert resource.languages.endswith(",")
            assert set(resource.language_codes) <= {code for code, _label in RESOURCE_LANGUAGES}
            assert resource.description
            assert resource.schedule
            assert resource.location
            assert resource.accessibility_notes
            assert "555-" in resource.contact, resource
            assert "@example.org" in resource.contact, resource
        assert any(resource.step_free_access for resource in resources)
        assert any(resource.near_public_transport for resource in resources)
        assert any(resource.captioning_or_interpreting for resource in resources)
        assert any(resource.crisis_support for resource in resources)
        assert any(resource.screening_notes for resource in resources)
        assert len({resource.cost for resource in resources}) == 3, clinic
        assert any(resource.cultural_focus for resource in resources)
    lakeside = PeerResource.objects.filter(clinic__name="Lakeside Wellness Collective", languages__contains=",es,")
    assert lakeside.count() >= 5


def history(referral):
    return list(referral.status_changes.select_related("changed_by").order_by("changed_at"))


def test_referrals_cover_every_status_in_each_clinic_with_their_history(demo):
    assert set(PeerReferral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    now = timezone.now()
    for clinic in Clinic.objects.all():
        referrals = PeerReferral.objects.filter(client__clinic=clinic)
        assert set(referrals.values_list("status", flat=True)) == set(ReferralStatus.values), clinic
        assert referrals.values("client").distinct().count() >= 3, clinic
    for referral in PeerReferral.objects.select_related("client__primary_therapist", "client__portal_user", "resource"):
        client = referral.client
        assert referral.resource.clinic_id == client.clinic_id
        assert referral.resource.status == ResourceStatus.ACTIVE
        assert referral.why.strip()
        assert referral.match_basis.strip()
        assert referral.created_by == client.primary_therapist
        changes = history(referral)
        assert (changes[0].from_status, changes[0].to_status, changes[0].reason) == ("", ReferralStatus.SUGGESTED, "")
        assert changes[0].changed_at == referral.created_at
        assert changes[0].changed_at > client.created_at
        assert changes[-1].to_status == referral.status
        assert referral.version == len(changes)
        for before, after in zip(changes, changes[1:], strict=False):
            assert after.from_status == before.to_status
            assert before.changed_at < after.changed_at
        for change in changes:
            assert change.changed_at < now
            assert change.changed_by in (client.primary_therapist, client.portal_user)
            if change.changed_by == client.portal_user:
                assert change.to_status in (ReferralStatus.CONSENTED, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN)
        if referral.status in ENDINGS_NEEDING_A_REASON:
            assert len(changes[-1].reason.split()) > 5, referral
        assert referral.shown_to_client == (ReferralStatus.AWAITING_CONSENT in [c.to_status for c in changes])
        assert (referral.status == ReferralStatus.COMPLETED) == bool(referral.outcome_notes.strip())
        if {ReferralStatus.AWAITING_CONSENT, ReferralStatus.CONSENTED} & {change.to_status for change in changes}:
            # Expectations are talked through before consent is asked for.
            assert referral.expectations_discussed, referral
            assert referral.expectations_notes.strip(), referral
            assert referral.safety_agreement.strip() or referral.status in ENDINGS_NEEDING_A_REASON, referral
        if referral.status == ReferralStatus.WITHDRAWN:
            assert referral.shared_details == []
        else:
            assert referral.shared_details[0] == SharedDetail.FIRST_NAME
            assert set(referral.shared_details) <= set(SharedDetail.values)


def test_no_introduction_without_consent_recorded(demo):
    methods = set()
    for referral in PeerReferral.objects.select_related("client__primary_therapist", "client__portal_user"):
        client = referral.client
        changes = history(referral)
        consented = [change for change in changes if change.to_status == ReferralStatus.CONSENTED]
        if referral.status in AFTER_CONSENT:
            assert referral.has_consent, referral
        if referral.status in (ReferralStatus.INTRODUCED, ReferralStatus.ATTENDING, ReferralStatus.COMPLETED):
            assert consented
            assert consented[0].changed_at < referral.status_changes.get(to_status="introduced").changed_at
        if not consented:
            assert referral.consent_given_at is None
            assert not referral.consent_method
            assert not referral.consent_text_version
            continue
        (change,) = consented
        methods.add(referral.consent_method)
        assert referral.consent_given_at == change.changed_at
        assert referral.consent_recorded_by == change.changed_by
        assert referral.consent_text_version == CURRENT_VERSION
        assert referral.consent_language == client.preferred_language
        if referral.consent_method == ConsentMethod.PORTAL:
            assert referral.consent_recorded_by == client.portal_user
            assert client.portal_user is not None
            assert change.from_status == ReferralStatus.AWAITING_CONSENT
            assert referral.shown_to_client
        else:
            assert referral.consent_recorded_by == client.primary_therapist
        if referral.status == ReferralStatus.WITHDRAWN:
            assert referral.consent_withdrawn_at == changes[-1].changed_at
            assert referral.consent_withdrawn_by == changes[-1].changed_by
            assert not referral.has_consent
        else:
            assert referral.consent_withdrawn_at is None
            assert referral.consent_withdrawn_by is None
    assert methods == set(ConsentMethod.values)
    assert PeerReferral.objects.filter(
        status=ReferralStatus.WITHDRAWN, consent_withdrawn_by=models.F("client__portal_user")
    ).exists()


def test_each_clinic_has_one_overdue_follow_up_on_an_open_referral(demo):
    assert overdue_by_clinic() == dict.fromkeys(FOCUS_AREAS, 1)
    for referral in PeerReferral.objects.filter(status__in=OPEN):
        assert referral.follow_up_on is not None, referral


def test_portal_clients_see_their_referrals_and_one_waits_for_an_answer(client, demo):
    for record in Client.objects.filter(portal_user__isnull=False):
        referrals = list(record.peer_referrals.select_related("resource"))
        assert [referral for referral in referrals if referral.shown_to_client], record
        client.force_login(record.portal_user)
        page = client.get(reverse("portal:home"))
        assert page.status_code == 200
        for referral in referrals:
            link = reverse("portal:referral", kwargs={"referral_id": referral.pk})
            assert (link in page.content.decode()) == referral.shown_to_client, referral
            if referral.shown_to_client:
                assert client.get(link).status_code == 200
    jordan = Client.objects.get(preferred_name="Jordan")
    assert jordan.portal_user.preferred_language == "en"
    client.force_login(jordan.portal_user)
    page = client.get(reverse("portal:home")).content.decode()
    waiting = jordan.peer_referrals.get(status=ReferralStatus.AWAITING_CONSENT)
    assert "Waiting for your answer" in page
    assert escape(waiting.resource.name) in page
    assert PeerReferral.objects.filter(client__preferred_name="Rosa", status=ReferralStatus.AWAITING_CONSENT).exists()
    for referral in PeerReferral.objects.filter(client__preferred_language="es"):
        assert "Idioma: español" in referral.match_basis  # Rosa's and Luis's referrals are in Spanish
        assert re.search(r"[áéíóúñ]", referral.why), referral.why


def seeded_peers_text():
    yield from FocusArea.objects.values_list("name", flat=True)
    fields = ["name", "description", "cultural_focus", "schedule", "location", "accessibility_notes"]
    for texts in PeerResource.objects.values_list(*fields, "cost_notes", "screening_notes"):
        yield from texts
    for texts in PeerReferral.objects.values_list(
        "why", "match_basis", "expectations_notes", "safety_agreement", "outcome_notes"
    ):
        yield from texts
    yield from ReferralStatusChange.objects.values_list("reason", flat=True)


def test_the_seeded_peers_text_uses_person_first_respectful_language(demo):
    texts = [text for text in seeded_peers_text() if text]
    assert len(texts) > 100
    assert [text for text in texts if STIGMATIZING.search(text)] == []
    assert [(text, suggestions_for(text)) for text in texts if suggestions_for(text)] == []


# The resilience portfolio.

PORTFOLIO_MODELS = (
    EmpowermentPlan,
    Reframe,
    MicroGoal,
    GoalCheck,
    JournalEntry,
    Milestone,
    CopingSkill,
    StigmaEncounter,
    MeasureAssignment,
    MeasureResponse,
)
PULSES = {"self_stigma_pulse", "empowerment_pulse"}
STANDARD = {"phq9", "gad7"}  # issue 25: the standard instruments the demo has results of


def portfolio_counts():
    return tuple(model.objects.count() for model in PORTFOLIO_MODELS)


def local_day(moment, record):
    return timezone.localdate(moment, ZoneInfo(record.clinic.timezone))


def has_full_portfolio(record):
    return (
        hasattr(record, "empowerment_plan")
        and record.empowerment_plan.reframes.exists()
        and GoalCheck.objects.filter(goal__client=record).exists()
        and record.journal_entries.exists()
        and record.milestones.exists()
        and record.coping_skills.exists()
        and record.stigma_encounters.exists()
        and set(record.measure_responses.values_list("instrument", flat=True)) >= PULSES
    )


def test_each_clinic_has_several_clients_with_a_full_portfolio(demo):
    for clinic in Clinic.objects.all():
        full = [record for record in clinic.clients.all() if has_full_portfolio(record)]
        assert len(full) >= 3, clinic
        assert [record for record in full if record.portal_user_id], clinic
    for record in Client.objects.filter(status=ClientStatus.ACTIVE):
        assert has_full_portfolio(record), record.display_name
        assert 1 <= record.empowerment_plan.reframes.count() <= 3
        assert 2 <= record.micro_goals.count() <= 4
        assert 3 <= record.milestones.count() <= 6
        assert 3 <= record.coping_skills.count() <= 5
        assert 2 <= record.stigma_encounters.count() <= 4
    # Rosa's and Luis's portfolios are in Spanish, in their own voice.
    for name in ("Rosa", "Luis"):
        record = Client.objects.get(preferred_name=name)
        assert "familia" in record.empowerment_plan.values
        assert all(re.search(r"[áéíóúñ]", reframe.new_story) for reframe in record.empowerment_plan.reframes.all())


def test_portfolio_items_are_dated_authored_and_shared(demo):
    now, today = timezone.now(), timezone.localdate()
    for plan in EmpowermentPlan.objects.select_related("client"):
        record = plan.client
        assert plan.values
        assert plan.strengths
        assert plan.long_term_goals
        assert plan.created_by == record.primary_therapist
        assert record.created_at <= plan.created_at < now
        assert plan.shared_with_client == bool(record.portal_user_id), record.display_name
        if plan.shared_with_client:
            assert plan.shared_by == record.primary_therapist
            assert plan.created_at <= plan.shared_at < now
        reframes = list(plan.reframes.order_by("written_on"))
        assert all(reframe.old_story and reframe.new_story for reframe in reframes)
        assert all(reframe.created_by == record.primary_therapist for reframe in reframes)
        assert all(local_day(plan.created_at, record) <= reframe.written_on < today for reframe in reframes)
    spread = [plan for plan in EmpowermentPlan.objects.all() if plan.reframes.count() >= 2]
    assert spread
    assert all(
        (max(dates) - min(dates)).days >= 30
        for dates in (plan.reframes.values_list("written_on", flat=True) for plan in spread)
    )
    for model in (Milestone, CopingSkill, StigmaEncounter):
        items = list(model.objects.select_related("client"))
        assert [item for item in items if item.shared_with_client], model
        assert [item for item in items if not item.shared_with_client], model
        for item in items:
            record = item.client
            assert record.created_at <= item.created_at < now, item
            assert item.created_by in (record.primary_therapist, record.portal_user)
            if item.shared_with_client:
                assert record.portal_user_id
                assert item.shared_by == item.created_by
                assert item.shared_at < now
    for milestone in Milestone.objects.all():
        assert milestone.title
        assert milestone.description
        assert milestone.achieved_on < today
    for skill in CopingSkill.objects.all():
        assert skill.when_it_helps
        assert 1 <= skill.how_well <= 5
    for encounter in StigmaEncounter.objects.select_related("client"):
        assert encounter.what_happened
        assert encounter.response
        assert encounter.learning
        assert 0 <= encounter.distress_after <= encounter.distress_before <= 10
        assert encounter.occurred_on <= local_day(encounter.created_at, encounter.client)
        assert encounter.occurred_on < today
        if encounter.created_by == encounter.client.portal_user:
            assert encounter.shared_with_client  # a client's own log is always theirs to see
        else:
            assert encounter.created_by == encounter.client.primary_therapist
    assert {encounter.debriefed_with for encounter in StigmaEncounter.objects.all()} == {
        "not_yet",
        "therapist",
        "peer_group",
    }
    # each portal client logged one in the portal; Jordan a second this week, between sessions (demo/care_loop.py)
    for record in Client.objects.filter(portal_user__isnull=False):
        expected = 2 if record.legal_name == "Jordan Avery Lee" else 1
        assert record.stigma_encounters.filter(created_by=record.portal_user).count() == expected, record.display_name


def test_micro_goals_have_realistic_streaks_and_gaps(demo):
    today = timezone.localdate()
    streaks, gaps, cadences = [], 0, set()
    for goal in MicroGoal.objects.select_related("client"):
        record = goal.client
        cadences.add(goal.cadence)
        assert goal.title
        assert goal.category in {
            "journaling",
            "assertive_communication",
            "self_care",
            "social_connection",
            "advocacy",
        }
        assert (goal.cadence == Cadence.WEEKDAYS) == bool(goal.weekdays)
        # Shared with a portal client, who ticks it; otherwise the therapist ticks it in session.
        assert goal.shared_with_client == bool(record.portal_user_id)
        checked_by = record.portal_user or record.primary_therapist
        checks = list(goal.checks.all())
        assert checks, goal
        days = {check.done_on for check in checks}
        assert len(days) == len(checks)
        for check in checks:
            assert check.checked_by == checked_by
            assert local_day(goal.created_at, record) <= check.done_on < today
            assert check.done_on >= today - datetime.timedelta(days=42)
            assert goal.is_due_on(check.done_on)
        if goal.cadence == Cadence.WEEKLY:
            weeks = [day - datetime.timedelta(days=day.weekday()) for day in days]
            assert len(set(weeks)) == len(weeks), goal
        else:
            due = [
                day
                for offset in range(1, (today - min(days)).days + 1)
                if goal.is_due_on(day := today - datetime.timedelta(days=offset))
            ]
            gaps += len(due) > len(days)
        streaks.append(goal.streak(days, today))
    assert cadences == set(Cadence.values)
    assert gaps >= 5
    assert max(streaks) >= 10
    assert min(streaks) <= 2


def test_journals_keep_private_entries_for_the_client_alone(demo):
    for entry in JournalEntry.objects.select_related("client"):
        record = entry.client
        assert entry.text.strip()
        assert entry.written_on < timezone.localdate()
        if entry.author == record.primary_therapist:
            assert not entry.private  # a therapist's entry is never private
        else:
            assert entry.author == record.portal_user
            assert record.portal_user_id
    assert set(JournalEntry.objects.values_list("kind", flat=True)) == {"victory", "reflection"}
    for record in Client.objects.filter(portal_user__isnull=False):
        assert record.journal_entries.filter(author=record.portal_user, private=False).exists(), record.display_name
        assert record.journal_entries.filter(author=record.portal_user, private=True).exists(), record.display_name
        assert record.journal_entries.filter(author=record.primary_therapist).exists(), record.display_name


def test_the_therapist_never_reads_a_private_entry_on_the_portfolio_page(client, login, demo):
    User.objects.update(preferred_language="en")
    for record in Client.objects.filter(empowerment_plan__isnull=False).select_related("primary_therapist"):
        client.logout()
        login(record.primary_therapist)
        response = client.get(reverse("portfolio:home", kwargs={"client_id": record.pk}))
        assert response.status_code == 200
        page = response.content.decode()
        assert escape(record.empowerment_plan.values) in page
        private = list(record.journal_entries.filter(private=True))
        assert bool(private) == bool(record.portal_user_id), record.display_name
        if private:
            assert "A private entry: only the client reads it." in page
        for entry in private:
            assert escape(entry.text) not in page
            assert entry.text not in page
            assert entry.text[:40] not in page


def test_pulse_results_are_scored_and_show_change(demo):
    assert not MeasureResponse.objects.filter(instrument="ismi10").exists()  # its wording is licensed
    assert not MeasureAssignment.objects.filter(instrument="ismi10").exists()
    now = timezone.now()
    by_client = 0
    for response in MeasureResponse.objects.select_related("client", "assignment"):
        record = response.client
        definition = definition_for(response.instrument)
        result = score(definition, response.answers)
        assert response.instrument in PULSES | STANDARD
        assert response.instrument_version == definition["version"]
        assert response.total == result.total
        assert response.band == result.band["label"]
        assert response.completed_at < now
        if response.completed_by == record.portal_user:
            by_client += 1
            assignment = response.assignment
            assert assignment.instrument == response.instrument
            assert assignment.assigned_at < assignment.completed_at == response.completed_at
        else:
            assert response.completed_by == record.primary_therapist
            assert response.assignment is None
    assert by_client
    monthly = 0
    for record in Client.objects.all():
        series = list(record.measure_responses.filter(instrument="self_stigma_pulse").order_by("completed_at"))
        if len(series) >= 5:
            monthly += 1
            days = [response.completed_at for response in series]
            assert all(20 <= (after - before).days <= 40 for before, after in zip(days, days[1:], strict=False))
            assert series[-1].total < series[0].total  # less weighed down by stigma than at the start
            growth = list(record.measure_responses.filter(instrument="empowerment_pulse").order_by("completed_at"))
            assert growth[-1].total > growth[0].total
    assert monthly >= 3


def test_one_portal_client_is_asked_to_answer_a_pulse(client, demo):
    (assignment,) = MeasureAssignment.objects.filter(completed_at__isnull=True, instrument__in=PULSES).select_related(
        "client"
    )
    record = assignment.client
    assert record.portal_user_id
    assert assignment.assigned_by == record.primary_therapist
    assert assignment.instrument in PULSES
    assert not MeasureResponse.objects.filter(assignment=assignment).exists()
    client.force_login(record.portal_user)
    page = client.get(reverse("portal:home"))
    assert page.status_code == 200
    assert "Answer now" in page.content.decode()
    assert reverse("portal:measure", kwargs={"assignment_id": assignment.pk}) in page.content.decode()
    assert client.get(reverse("portal:measure", kwargs={"assignment_id": assignment.pk})).status_code == 200


def activity_counts():
    from accounts.models import Invitation
    from clients.models import EmergencyAccess
    from reminders.models import Delivery, Notification, Reminder

    return tuple(model.objects.count() for model in (Reminder, Delivery, Notification, Invitation, EmergencyAccess))


# Grievances and inclusive-care reviews (running the command twice adds none: the reruns above).


def test_the_demo_seeds_grievances_in_respectful_words(demo):
    assert Grievance.objects.count() == sum(len(specs) for specs in GRIEVANCES.values())
    assert set(Grievance.objects.values_list("status", flat=True)) == set(GrievanceStatus.values)
    for grievance in Grievance.objects.select_related("client"):
        assert grievance.submitted_by == grievance.client.portal_user
        for text in (grievance.subject, grievance.text, grievance.response):
            assert not suggestions_for(text), text
    for resolved in Grievance.objects.filter(status=GrievanceStatus.RESOLVED):
        assert resolved.response
        assert resolved.responded_by.role == "clinic_admin"


def test_the_demo_shows_inclusive_care_progress_over_time_and_who_owns_what(client, login, demo):
    clinic = Clinic.objects.get(name="Riverbend Community Clinic")
    assert clinic.inclusive_care_reviews.count() == 2
    admin = clinic.users.get(role=Role.CLINIC_ADMIN)
    login(admin)
    response = client.get(reverse("accounts:inclusive_care"))
    older, newer = response.context["recent"]
    assert older.reviewed_on < newer.reviewed_on
    counts = {review.pk: review.count_met for review in response.context["page"]}
    assert counts[newer.pk] > counts[older.pk]
    open_items = response.context["open_items"]
    assert open_items
    assert all(item.owner and item.owner.clinic_id == clinic.pk for item in open_items)
    assert any(item.due_on < timezone.localdate() for item in open_items)  # one is past due
    assert "past due" in response.content.decode()


def test_the_care_loop_has_a_session_history_a_thread_and_a_flag(demo):
    """Issue 24: the demo shows a session history with agendas, one session to come, a message thread both ways
    and the flag Jordan's distress-9 encounter raised (made through the services, as the clicks would)."""
    from clients.models import Activity, Flag, FlagRule, Message, Session, SessionStatus

    jordan = Client.objects.get(legal_name="Jordan Avery Lee")
    held = Session.objects.filter(client=jordan, status=SessionStatus.HELD)
    assert held.count() == 3
    assert all(session.agenda for session in held)
    assert Session.objects.filter(client=jordan, status=SessionStatus.SCHEDULED, starts_at__gt=timezone.now()).exists()
    thread = list(Message.objects.filter(client=jordan).order_by("created_at"))
    assert [message.from_client for message in thread] == [True, False, True]
    assert thread[0].read_at is not None  # Maya read it before she answered
    flag = Flag.objects.get(client=jordan, rule=FlagRule.HIGH_DISTRESS)
    assert flag.is_open
    assert Activity.objects.filter(client=jordan, kind="encounter").exists()
    assert Message.objects.filter(client__legal_name="Rosa Elena Martínez").count() == 1


def test_the_demo_shows_measurement_based_care(demo):
    """Jordan's PHQ-9 fell 6 points from the baseline (a reliable improvement), on a chart shared with Jordan and
    marked with Jordan's own "new job"; a PHQ-9 is due on the portal now, and a GAD-7 before the coming session."""
    from portfolio.instruments import change
    from portfolio.models import ChartEvent, MeasureSchedule, SharedMeasure

    jordan = Client.objects.get(legal_name="Jordan Avery Lee")
    series = list(jordan.measure_responses.filter(instrument="phq9").order_by("completed_at"))
    assert change(definition_for("phq9"), series[0].total, series[-1].total).reliable_improvement
    assert SharedMeasure.objects.filter(client=jordan, instrument="phq9").exists()
    assert ChartEvent.objects.filter(client=jordan, label__icontains="new job").exists()
    assert set(MeasureSchedule.objects.filter(client=jordan).values_list("instrument", "cadence")) == {
        ("phq9", "every_weeks"),
        ("gad7", "before_session"),
    }
    due = set(MeasureAssignment.objects.open().filter(client=jordan).values_list("instrument", flat=True))
    assert {"phq9", "gad7"} <= due
    assert not MeasureResponse.objects.filter(answers__self_harm_thoughts__gt=0).exists()
