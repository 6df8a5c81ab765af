"""Disclosure plans: decide, rehearse, disclose, debrief — through the pages a therapist and a client use."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from clients.person_first_terms import suggestions_for
from disclosure.models import Debrief, DisclosurePlan, DisclosureStatus, Rehearsal, StatusChange

from ..conftest import reads_through_the_scope
from ..factories import (
    ClientFactory,
    DisclosurePlanFactory,
    RehearsalFactory,
    SupportPersonFactory,
)

PLAN = {
    "audience_description": "My new manager",
    "setting": "work",
    "level": "selective",
    "reasons": "I want to ask for flexible hours.",
    "benefits": "Flexible hours; less hiding.",
    "costs_risks": "She might treat me differently.",
    "script": "I live with depression and it is well managed.",
    "readiness": "4",
}


def url(name, plan, **extra):
    return reverse(name, kwargs={"client_id": plan.client_id, "plan_id": plan.pk, **extra})


def test_one_plan_goes_through_every_status_with_a_rehearsal_and_a_debrief(client, login, therapist, client_record):
    person = SupportPersonFactory(client=client_record, name="Priya", ally_stage="potential")
    login(therapist)
    response = client.post(
        reverse("disclosure:create", args=[client_record.pk]),
        PLAN | {"support_person": person.pk, "audience_description": ""},
    )
    plan = DisclosurePlan.objects.get()
    assert response["Location"] == plan.get_absolute_url()
    assert plan.status == DisclosureStatus.CONSIDERING
    assert plan.audience_label == "Priya"

    rehearsal = {
        "rehearsed_on": "2026-11-20",
        "scenario": "At a one-to-one",
        "reactions_practised": ["curious"],
        "confidence_before": "3",
        "confidence_after": "6",
    }
    client.post(url("disclosure:rehearsal_create", plan), rehearsal)
    plan.refresh_from_db()
    assert plan.status == DisclosureStatus.REHEARSING  # the first rehearsal moves it on

    client.post(url("disclosure:status", plan), {"status": "ready"})
    client.post(url("disclosure:status", plan), {"status": "disclosed"})
    debrief = {
        "outcome": "went_well",
        "reaction": "She thanked me for telling her.",
        "learned": "I can do this.",
        "ally_stage_after": "ally",
    }
    client.post(url("disclosure:debrief_create", plan), debrief)
    plan.refresh_from_db()
    person.refresh_from_db()
    assert plan.status == DisclosureStatus.REFLECTED
    assert person.ally_stage == "ally"

    steps = list(StatusChange.objects.filter(plan=plan).values_list("to_status", flat=True))
    assert steps == ["considering", "rehearsing", "ready", "disclosed", "reflected"]
    page = client.get(plan.get_absolute_url()).content.decode()
    for label in ("Considering", "Rehearsing", "Ready", "Disclosed", "Reflected"):
        assert label in page

    trail = list(
        AuditEvent.objects.filter(client=client_record)
        .exclude(action__endswith=".view")
        .order_by("at")
        .values_list("action", flat=True)
    )
    assert trail == [
        "disclosure_plan.create",
        "rehearsal.create",
        "disclosure_plan.status",
        "disclosure_plan.status",
        "disclosure_plan.status",
        "debrief.create",
        "support_person.ally_path",
        "disclosure_plan.status",
    ]
    assert all(event.actor == therapist for event in AuditEvent.objects.filter(client=client_record))


def test_going_back_a_step_needs_a_reason_and_keeps_what_was_typed(client, login, therapist, client_record):
    plan = DisclosurePlanFactory(client=client_record, status=DisclosureStatus.READY)
    login(therapist)
    response = client.post(url("disclosure:status", plan), {"status": "rehearsing", "reason": "  "})
    assert response.status_code == 400
    assert "needs a reason" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == DisclosureStatus.READY

    response = client.post(url("disclosure:status", plan), {"status": "rehearsing", "reason": "New job, new people"})
    plan.refresh_from_db()
    assert plan.status == DisclosureStatus.REHEARSING
    assert StatusChange.objects.get(plan=plan).reason == "New job, new people"
    assert "New job, new people" in client.get(plan.get_absolute_url()).content.decode()


def test_reflecting_needs_a_debrief(client, login, therapist, client_record):
    plan = DisclosurePlanFactory(client=client_record, status=DisclosureStatus.DISCLOSED)
    login(therapist)
    response = client.post(url("disclosure:status", plan), {"status": "reflected"})
    assert "Record a debrief first" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("readiness", "11", "Readiness is a number from 0 to 10."),
        ("script", "y" * 100_000, "at most 10000 characters (it has 100000)"),
        ("audience_description", "", "Choose someone from the support network, or describe the audience."),
    ],
)
def test_bad_plan_input_gets_a_clear_message_and_nothing_is_lost(
    client, login, therapist, client_record, field, value, message
):
    login(therapist)
    response = client.post(reverse("disclosure:create", args=[client_record.pk]), PLAN | {field: value})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "I want to ask for flexible hours." in page
    assert "She might treat me differently." in page
    assert not DisclosurePlan.objects.exists()


def test_html_and_script_tags_are_shown_escaped_everywhere(client, login, therapist, client_user, client_record):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    login(therapist)
    client.post(
        reverse("disclosure:create", args=[client_record.pk]),
        PLAN | {"audience_description": attack, "script": attack, "benefits": attack},
    )
    plan = DisclosurePlan.objects.get()
    assert plan.script == attack  # kept as typed
    staff_page = client.get(plan.get_absolute_url()).content.decode()
    panel = client.get(client_record.get_absolute_url()).content.decode()
    plan.shared_with_client = True
    plan.save()
    client.logout()
    login(client_user)
    portal_page = client.get(reverse("portal:disclosure_plan", args=[plan.pk])).content.decode()
    for page in (staff_page, panel, portal_page):
        assert attack not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_the_plan_page_does_the_same_queries_however_many_rehearsals(client, login, therapist, client_record):
    counts = []
    for rehearsals in (2, 50):
        plan = DisclosurePlanFactory(client=client_record)
        RehearsalFactory.create_batch(rehearsals, plan=plan)
        login(therapist)
        client.get(plan.get_absolute_url())
        with CaptureQueriesContext(connection) as captured:
            assert client.get(plan.get_absolute_url()).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("side", ["staff", "portal"])
def test_the_plan_page_authorizes_once_then_reads_its_rows_by_the_clients_id(
    side, client, login, therapist, client_user, client_record
):
    plan = DisclosurePlanFactory(client=client_record, audience_description="My sister", shared_with_client=True)
    RehearsalFactory(plan=plan, scenario="At the kitchen table")
    Debrief.objects.create(plan=plan, outcome="mixed", learned="Some people need time", author=therapist)
    user, page_url = (
        (therapist, plan.get_absolute_url())
        if side == "staff"
        else (client_user, reverse("portal:disclosure_plan", args=[plan.pk]))
    )
    login(user)
    client.get(page_url)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(page_url).content.decode()
    rehearsal_shown = "At the kitchen table" if side == "staff" else "Confidence by rehearsal (0–10)"
    assert rehearsal_shown in page
    assert "Some people need time" in page
    assert reads_through_the_scope(captured.captured_queries, r"disclosure_\w+") == []


def test_a_shared_plan_says_who_shared_it_without_reading_people_one_by_one(
    client, login, therapist, colleague, client_record
):
    plan = DisclosurePlanFactory(
        client=client_record, shared_with_client=True, shared_by=colleague, shared_at=timezone.now()
    )
    login(therapist)
    client.get(plan.get_absolute_url())
    with CaptureQueriesContext(connection) as captured:
        page = client.get(plan.get_absolute_url()).content.decode()
    assert "by Bob Colleague on" in page
    # The page reads each person it names with the row that names them: no query for one person by id.
    one_person = [q["sql"] for q in captured.captured_queries if q["sql"].startswith('SELECT "accounts_user"')]
    assert len(one_person) == 1, one_person  # the signed-in therapist, read by the session


def test_the_confidence_trend_is_drawn_with_a_text_alternative(client, login, therapist, client_record):
    plan = DisclosurePlanFactory(client=client_record)
    RehearsalFactory(plan=plan, confidence_before=2, confidence_after=5)
    RehearsalFactory(plan=plan, confidence_before=5, confidence_after=8)
    login(therapist)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert '<svg role="img"' in page
    assert "<polyline" in page
    assert "Confidence by rehearsal (0–10)" in page  # the table with the same numbers


def test_the_overview_shows_the_plans_with_status_and_readiness(client, login, therapist, client_record):
    DisclosurePlanFactory(
        client=client_record, audience_description="My coach", status=DisclosureStatus.READY, readiness=7
    )
    login(therapist)
    page = client.get(client_record.get_absolute_url()).content.decode()
    assert "Disclosure plans" in page
    assert "My coach" in page
    assert "Ready" in page
    assert "readiness 7/10" in page


def test_a_plan_about_someone_of_another_client_is_refused(client, login, therapist, client_record, clinic):
    stranger = SupportPersonFactory(client=ClientFactory(clinic=clinic))
    login(therapist)
    response = client.post(
        reverse("disclosure:create", args=[client_record.pk]), PLAN | {"support_person": stranger.pk}
    )
    assert "Select a valid choice" in response.content.decode()


# --- The client's side -------------------------------------------------------------------------


def test_a_client_sees_only_their_own_shared_plans(client, login, client_user, client_record, other_client_record):
    shared = DisclosurePlanFactory(client=client_record, audience_description="My sister", shared_with_client=True)
    private = DisclosurePlanFactory(client=client_record, audience_description="My landlord")
    someone_elses = DisclosurePlanFactory(client=other_client_record, shared_with_client=True)
    login(client_user)
    home = client.get(reverse("portal:home")).content.decode()
    assert "My sister" in home
    assert "My landlord" not in home
    assert client.get(reverse("portal:disclosure_plan", args=[shared.pk])).status_code == 200
    assert client.get(reverse("portal:disclosure_plan", args=[private.pk])).status_code == 404
    assert client.get(reverse("portal:disclosure_plan", args=[someone_elses.pk])).status_code == 404


def test_the_client_records_readiness_and_a_debrief_the_therapist_sees(
    client, login, therapist, client_user, client_record
):
    plan = DisclosurePlanFactory(client=client_record, shared_with_client=True, status=DisclosureStatus.DISCLOSED)
    login(client_user)
    assert client.post(reverse("portal:disclosure_readiness", args=[plan.pk]), {"readiness": "12"}).status_code == 400
    client.post(reverse("portal:disclosure_readiness", args=[plan.pk]), {"readiness": "8"})
    client.post(
        reverse("portal:disclosure_debrief", args=[plan.pk]), {"outcome": "mixed", "learned": "Some people need time."}
    )
    plan.refresh_from_db()
    assert plan.client_readiness == 8
    debrief = Debrief.objects.get()
    assert debrief.author == client_user
    assert debrief.ally_stage_after == ""
    client.logout()
    login(therapist)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "The client said 8/10" in page
    assert "Some people need time." in page
    assert "from the client" in page


def test_unsharing_a_plan_hides_it_and_its_rehearsals_from_the_client(
    client, login, therapist, client_user, client_record
):
    plan = DisclosurePlanFactory(client=client_record, shared_with_client=True)
    RehearsalFactory(plan=plan)
    assert Rehearsal.objects.visible_to(client_user).count() == 1
    login(therapist)
    client.post(reverse("clients:share", args=[client_record.pk, "disclosure_plan", plan.pk]), {"shared": "0"})
    assert Rehearsal.objects.visible_to(client_user).count() == 0
    client.logout()
    login(client_user)
    assert client.get(reverse("portal:disclosure_plan", args=[plan.pk])).status_code == 404


def test_a_client_cannot_write_a_debrief_on_a_plan_not_shared_with_them(client, login, client_user, client_record):
    plan = DisclosurePlanFactory(client=client_record)
    login(client_user)
    response = client.post(reverse("portal:disclosure_debrief", args=[plan.pk]), {"outcome": "mixed"})
    assert response.status_code == 404
    assert not Debrief.objects.exists()


# --- Language suggestions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("My brother is schizophrenic.", "schizophrenic"),
        ("Her uncle committed suicide last year.", "committed suicide"),
        ("Mi tío era esquizofrénico.", "esquizofrénico"),
        ("He SUFFERS FROM anxiety", "suffers from"),
    ],
)
def test_stigmatizing_words_get_a_person_first_suggestion(text, term):
    assert term in [found for found, _suggestion in suggestions_for(text)]


def test_suggestions_need_whole_words():
    assert suggestions_for("Donuts and a crazyquilt; the lockout") == []


def test_free_text_fields_ask_for_suggestions(client, login, therapist, client_record):
    login(therapist)
    page = client.get(reverse("disclosure:create", args=[client_record.pk])).content.decode()
    assert 'name="script"' in page
    assert "data-language-check" in page
    assert 'id="language-terms" type="application/json"' in page


def test_a_debrief_follow_up_date_becomes_a_reminder_for_the_primary_therapist(client, login, therapist, client_record):
    from reminders.models import Reminder, ReminderKind

    plan = DisclosurePlanFactory(client=client_record, status=DisclosureStatus.DISCLOSED)
    login(therapist)
    follow_up_on = timezone.localdate() + datetime.timedelta(days=14)
    client.post(
        url("disclosure:debrief_create", plan),
        {"outcome": "mixed", "follow_up": "Talk about the next step", "follow_up_on": follow_up_on.isoformat()},
    )
    reminder = Reminder.objects.get()
    assert (reminder.recipient, reminder.client, reminder.kind) == (therapist, client_record, ReminderKind.CHECK_IN)
    assert reminder.starts_on == follow_up_on
    assert reminder.link == plan.get_absolute_url()
    assert reminder.next_at.date() >= follow_up_on - datetime.timedelta(days=1)
    assert "Talk about the next step" not in reminder.note  # plan text stays on the plan, not in the reminder
