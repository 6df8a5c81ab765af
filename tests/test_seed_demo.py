"""The demo: two clinics with admins, therapists and clients with full records; safe to run twice; each login
lands on its page."""

import datetime
import re

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Clinic, Role, User
from clients.models import AllyStage, CheckIn, Client, ClientStatus, Relationship, SafetyPlan, SupportPerson
from portal.management.commands.seed_demo import DEMO_PASSWORD, RECORDS

LANDING = {Role.THERAPIST: "clients:caseload", Role.CLINIC_ADMIN: "accounts:staff", Role.CLIENT: "portal:home"}


def counts():
    return Clinic.objects.count(), User.objects.count(), Client.objects.count()


def test_the_demo_loads_twice_without_duplicates(db):
    call_command("seed_demo", verbosity=0)
    first = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == first
    assert first[0] == 2
    for clinic in Clinic.objects.all():
        assert clinic.users.filter(role=Role.CLINIC_ADMIN).count() == 1
        assert clinic.users.filter(role=Role.THERAPIST).count() == 2
        assert clinic.clients.count() >= 3
        assert clinic.clients.filter(portal_user__isnull=False).exists()


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


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


def test_running_twice_does_not_duplicate_the_records(db):
    call_command("seed_demo", verbosity=0)
    first = record_counts()
    call_command("seed_demo", verbosity=0)
    assert record_counts() == first
    assert all(first)


def test_a_run_on_a_later_day_adds_no_second_history(db):
    call_command("seed_demo", verbosity=0)
    first = record_counts()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        call_command("seed_demo", verbosity=0)
    assert record_counts() == first


def test_a_second_run_keeps_changes_made_in_the_demo(db):
    call_command("seed_demo", verbosity=0)
    jordan = Client.objects.get(preferred_name="Jordan")
    Client.objects.filter(pk=jordan.pk).update(strengths="Edited while trying the demo.", allow_text=False)
    call_command("seed_demo", verbosity=0)
    jordan.refresh_from_db()
    assert jordan.strengths == "Edited while trying the demo."
    assert jordan.allow_text is False


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
    found = [text for text in strings(RECORDS) if STIGMATIZING.search(text)]
    assert found == []
