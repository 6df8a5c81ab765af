"""Advocacy plans: concrete steps at a safe pace, reviews, story drafts, the clinic's opportunities."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from advocacy.models import AdvocacyPlan, AdvocacyReview, AdvocacyStep, PlanStatus, StoryDraft, StoryVersion
from audit.models import AuditEvent

from ..conftest import reads_through_the_scope
from ..factories import (
    AdvocacyOpportunityFactory,
    AdvocacyPlanFactory,
    AdvocacyStepFactory,
    StoryDraftFactory,
)

PLAN = {
    "aim": "Ask my workplace for a quiet room",
    "therapeutic_goals": "Practise asking for what I need.",
    "focus": "workplace",
    "hours_per_month": "4",
    "publicity": "first_name",
    "topics_off_limits": "My hospital stay",
    "review_interval_days": "30",
}


def plan_url(name, plan, **extra):
    return reverse(name, kwargs={"client_id": plan.client_id, "plan_id": plan.pk, **extra})


def step_data(**overrides):
    due = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    data = {
        "kind": "letter",
        "description": "Email HR about a quiet room",
        "due_on": due,
        "estimated_hours": "1.5",
        "publicity": "first_name",
        "status": "planned",
    }
    return data | overrides


@pytest.fixture
def plan(client_record):
    return AdvocacyPlanFactory(client=client_record, hours_per_month=4, publicity="first_name")


def test_a_therapist_creates_a_plan_whose_first_review_falls_due_after_the_interval(
    client, login, therapist, client_record
):
    login(therapist)
    response = client.post(reverse("advocacy:create", args=[client_record.pk]), PLAN)
    plan = AdvocacyPlan.objects.get()
    assert response["Location"] == plan.get_absolute_url()
    assert plan.next_review_on == timezone.localdate() + dt.timedelta(days=30)
    assert AuditEvent.objects.filter(action="advocacy_plan.create", client=client_record).count() == 1


# --- The two warnings --------------------------------------------------------------------------


def test_a_month_over_the_hours_limit_is_flagged_before_saving(client, login, therapist, plan):
    due = timezone.localdate() + dt.timedelta(days=7)
    AdvocacyStepFactory(plan=plan, due_on=due, estimated_hours=3)
    login(therapist)
    response = client.post(
        plan_url("advocacy:step_create", plan), step_data(due_on=due.isoformat(), estimated_hours="2")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "add up to 5.0 hours, over the client&#x27;s limit of 4.0" in page
    assert "Email HR about a quiet room" in page  # what was typed is kept
    assert AdvocacyStep.objects.count() == 1

    response = client.post(
        plan_url("advocacy:step_create", plan),
        step_data(due_on=due.isoformat(), estimated_hours="2", confirm_pace="on"),
    )
    assert response.status_code == 302
    assert AdvocacyStep.objects.count() == 2
    assert "the steps add up to 5.0 hours" in client.get(plan.get_absolute_url()).content.decode()


def test_steps_in_other_months_and_skipped_steps_do_not_count(client, login, therapist, plan):
    due = timezone.localdate() + dt.timedelta(days=7)
    AdvocacyStepFactory(plan=plan, due_on=due + dt.timedelta(days=40), estimated_hours=4)
    AdvocacyStepFactory(plan=plan, due_on=due, estimated_hours=4, status="skipped")
    login(therapist)
    response = client.post(
        plan_url("advocacy:step_create", plan), step_data(due_on=due.isoformat(), estimated_hours="4")
    )
    assert response.status_code == 302


def test_a_step_more_public_than_the_plan_is_flagged(client, login, therapist, plan):
    login(therapist)
    data = step_data(kind="op_ed", description="An op-ed under my full name", publicity="full_name")
    response = client.post(plan_url("advocacy:step_create", plan), data)
    page = response.content.decode()
    assert "more public (Full name) than the plan allows (First name only)" in page
    assert not AdvocacyStep.objects.exists()
    client.post(plan_url("advocacy:step_create", plan), data | {"confirm_pace": "on"})
    assert AdvocacyStep.objects.get().publicity == "full_name"


# --- Reviews and pausing -----------------------------------------------------------------------


def test_a_pause_decision_pauses_the_plan_and_its_reminders(client, login, therapist, plan):
    login(therapist)
    review = {
        "energy": "3",
        "wellbeing": "4",
        "burnout_signs": ["sleep", "dread"],
        "decision": "pause",
        "notes": "Exams next month.",
    }
    response = client.post(plan_url("advocacy:review_create", plan), review)
    assert response["Location"] == plan.get_absolute_url()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PAUSED
    assert not plan.review_overdue(today=timezone.localdate() + dt.timedelta(days=365))  # paused: nothing falls due
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "This plan is paused: its steps send no reminders" in page
    assert "Sleep is worse" in page
    assert "Dread before advocacy tasks" in page
    actions = list(
        AuditEvent.objects.filter(client=plan.client).exclude(action__endswith=".view").values_list("action", flat=True)
    )
    assert "advocacy_review.create" in actions
    assert "advocacy_plan.status" in actions

    client.post(plan_url("advocacy:status", plan), {"status": "active"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE


def test_a_slow_down_keeps_the_plan_active_and_moves_the_next_review(client, login, therapist, plan):
    AdvocacyPlan.objects.filter(pk=plan.pk).update(next_review_on=timezone.localdate() - dt.timedelta(days=3))
    plan.refresh_from_db()
    assert plan.review_overdue()
    login(therapist)
    assert "Review overdue" in client.get(plan.client.get_absolute_url()).content.decode()
    client.post(plan_url("advocacy:review_create", plan), {"energy": "5", "wellbeing": "6", "decision": "slow_down"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE
    assert not plan.review_overdue()
    assert "Review overdue" not in client.get(plan.client.get_absolute_url()).content.decode()


# --- Bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"estimated_hours": "-2"}, "Hours cannot be negative."),
        ({"due_on": "2019-05-01"}, "This date is more than 1 year ago."),
    ],
)
def test_bad_step_input_is_explained_and_kept(client, login, therapist, plan, overrides, message):
    login(therapist)
    response = client.post(plan_url("advocacy:step_create", plan), step_data(**overrides))
    page = response.content.decode()
    assert message in page
    assert "Email HR about a quiet room" in page
    assert not AdvocacyStep.objects.exists()


def test_a_review_interval_of_zero_is_refused(client, login, therapist, client_record):
    login(therapist)
    response = client.post(reverse("advocacy:create", args=[client_record.pk]), PLAN | {"review_interval_days": "0"})
    page = response.content.decode()
    assert "choose a number from 7 to 180" in page
    assert "Ask my workplace for a quiet room" in page
    assert "My hospital stay" in page
    assert not AdvocacyPlan.objects.exists()


def test_scripts_and_html_are_shown_escaped(client, login, therapist, client_user, client_record):
    attack = "<script>alert(1)</script><b>bold</b>"
    login(therapist)
    client.post(reverse("advocacy:create", args=[client_record.pk]), PLAN | {"aim": attack, "media_rules": attack})
    plan = AdvocacyPlan.objects.get()
    client.post(plan_url("advocacy:step_create", plan), step_data(description=attack))
    pages = [
        client.get(plan.get_absolute_url()).content.decode(),
        client.get(client_record.get_absolute_url()).content.decode(),
    ]
    AdvocacyPlan.objects.filter(pk=plan.pk).update(shared_with_client=True)
    client.logout()
    login(client_user)
    pages.append(client.get(reverse("portal:advocacy_plan", args=[plan.pk])).content.decode())
    pages.append(client.get(reverse("portal:home")).content.decode())
    for page in pages:
        assert attack not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- Queries -----------------------------------------------------------------------------------


def test_the_plan_page_does_the_same_queries_however_many_steps_reviews_and_drafts(
    client, login, therapist, client_record
):
    counts = []
    for rows in (2, 30):
        plan = AdvocacyPlanFactory(client=client_record)
        opportunity = AdvocacyOpportunityFactory(clinic=client_record.clinic)
        AdvocacyStepFactory.create_batch(rows, plan=plan, opportunity=opportunity)
        for _ in range(rows):
            AdvocacyReview.objects.create(plan=plan, energy=5, wellbeing=5, decision="continue", author=therapist)
        StoryDraftFactory.create_batch(rows, plan=plan)
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
    plan = AdvocacyPlanFactory(client=client_record, shared_with_client=True)
    AdvocacyStepFactory(plan=plan, description="Write to the school board")
    AdvocacyReview.objects.create(
        plan=plan, energy=6, wellbeing=7, decision="continue", notes="Pace feels right", author=therapist
    )
    StoryDraftFactory(plan=plan, title="Why quiet rooms matter")
    user, page_url = (
        (therapist, plan.get_absolute_url())
        if side == "staff"
        else (client_user, reverse("portal:advocacy_plan", args=[plan.pk]))
    )
    login(user)
    client.get(page_url)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(page_url).content.decode()
    assert "Write to the school board" in page
    if side == "staff":  # the client's page shows their steps only
        assert "Pace feels right" in page
        assert "Why quiet rooms matter" in page
    assert (
        reads_through_the_scope(
            captured.captured_queries, r"advocacy_(advocacyplan|advocacystep|advocacyreview|storydraft)"
        )
        == []
    )


def test_each_step_and_draft_links_to_its_own_edit_page_with_its_labels(client, login, therapist, plan):
    letter = AdvocacyStepFactory(plan=plan, kind="letter", status="done", publicity="first_name")
    talk = AdvocacyStepFactory(plan=plan, kind="testimony", status="in_progress", publicity="anonymous")
    drafts = StoryDraftFactory.create_batch(2, plan=plan)
    login(therapist)
    page = client.get(plan.get_absolute_url()).content.decode()
    for step in (letter, talk):
        assert f'href="{plan_url("advocacy:step_edit", plan, step_id=step.pk)}"' in page
    for draft in drafts:
        assert f'href="{plan_url("advocacy:draft_edit", plan, draft_id=draft.pk)}"' in page
    assert '— Letter writing <span class="badge text-bg-light border">Done</span>' in page
    assert '— Testimony <span class="badge text-bg-light border">In progress</span>' in page
    assert "2.0 hours · First name only" in page
    assert "2.0 hours · Anonymous" in page


# --- Story drafts ------------------------------------------------------------------------------


def test_a_story_keeps_its_versions_and_goes_public_only_after_the_checklist(client, login, therapist, plan):
    login(therapist)
    client.post(plan_url("advocacy:draft_create", plan), {"title": "Why I speak", "form": "talk", "text": "First go."})
    draft = StoryDraft.objects.get()
    edit = plan_url("advocacy:draft_edit", plan, draft_id=draft.pk)
    client.post(edit, {"title": "Why I speak", "form": "talk", "text": "Second go.", "version": draft.version})
    assert list(StoryVersion.objects.order_by("number").values_list("text", flat=True)) == ["First go.", "Second go."]

    client.post(plan_url("advocacy:draft_ready", plan, draft_id=draft.pk))
    draft.refresh_from_db()
    assert draft.ready_to_publish_at is None
    assert "Before anything goes public" in client.get(edit).content.decode()

    draft.refresh_from_db()
    client.post(
        edit,
        {
            "title": "Why I speak",
            "form": "talk",
            "text": "Second go.",
            "consent_to_publicity": "on",
            "off_limits_checked": "on",
            "support_for_reactions": "Call Sam after.",
            "version": draft.version,
        },
    )
    client.post(plan_url("advocacy:draft_ready", plan, draft_id=draft.pk))
    draft.refresh_from_db()
    assert draft.ready_to_publish_at is not None
    assert StoryVersion.objects.count() == 2  # no text change, no new version


# --- The client's side -------------------------------------------------------------------------


def test_the_client_marks_a_step_done_and_reviews_the_pace(client, login, therapist, client_user, plan):
    AdvocacyPlan.objects.filter(pk=plan.pk).update(shared_with_client=True)
    step = AdvocacyStepFactory(plan=plan)
    login(client_user)
    page = client.get(reverse("portal:advocacy_plan", args=[plan.pk])).content.decode()
    assert "I did this" in page
    client.post(reverse("portal:advocacy_step_done", args=[plan.pk, step.pk]), {"reflection": "Nervous, then proud."})
    client.post(
        reverse("portal:advocacy_review", args=[plan.pk]),
        {"energy": "6", "wellbeing": "7", "decision": "pause", "notes": "I need a break."},
    )
    step.refresh_from_db()
    plan.refresh_from_db()
    assert step.status == "done"
    assert step.completed_by == client_user
    # The client's "pause" is honoured at once (issue 24); the therapist is asked, by a flag, to talk it through.
    assert plan.status == PlanStatus.PAUSED
    client.logout()
    login(therapist)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Nervous, then proud." in page
    assert "I need a break." in page
    assert "from the client" in page


def test_a_client_cannot_act_on_a_plan_not_shared_with_them(client, login, client_user, plan):
    step = AdvocacyStepFactory(plan=plan)
    login(client_user)
    assert client.get(reverse("portal:advocacy_plan", args=[plan.pk])).status_code == 404
    assert client.post(reverse("portal:advocacy_step_done", args=[plan.pk, step.pk]), {}).status_code == 404
    step.refresh_from_db()
    assert step.status == "planned"


# --- Opportunities -----------------------------------------------------------------------------


def test_admins_manage_opportunities_but_never_see_plans(client, login, admin, plan):
    login(admin)
    response = client.post(
        reverse("opportunities:create"),
        {
            "name": "Hillview School Board",
            "kind": "school_board",
            "accessibility_notes": "Step-free entrance",
            "active": "on",
        },
    )
    assert response["Location"] == reverse("opportunities:list")
    assert "Hillview School Board" in client.get(reverse("opportunities:list")).content.decode()
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert client.get(reverse("advocacy:list", args=[plan.client_id])).status_code == 404
    assert "Speak at the school board" not in client.get(reverse("opportunities:list")).content.decode()


def test_a_step_can_point_at_an_opportunity_of_the_clinic_only(client, login, therapist, plan, other_clinic):
    own = AdvocacyOpportunityFactory(clinic=plan.client.clinic, name="Our coalition")
    foreign = AdvocacyOpportunityFactory(clinic=other_clinic, name="Their coalition")
    login(therapist)
    client.post(plan_url("advocacy:step_create", plan), step_data(opportunity=foreign.pk))
    assert not AdvocacyStep.objects.exists()
    client.post(plan_url("advocacy:step_create", plan), step_data(opportunity=own.pk))
    assert AdvocacyStep.objects.get().opportunity == own


def test_another_clinic_cannot_edit_our_opportunities(client, login, other_admin, clinic):
    opportunity = AdvocacyOpportunityFactory(clinic=clinic)
    login(other_admin)
    assert client.get(reverse("opportunities:edit", args=[opportunity.pk])).status_code == 404
