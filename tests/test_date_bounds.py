"""Dates with sensible bounds (issue 20, items 5 and 6): a check-in in 1999, a follow-up last week or a
meeting in 2099 is refused with a message that names the bounds, and what was typed is kept. Every form
of the product that takes a date checks it one way (core.dates)."""

import datetime as dt
import importlib
import re
import uuid

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from advocacy import forms as advocacy_forms
from advocacy.models import AdvocacyPlan
from clients import forms as client_forms
from clients.models import CheckIn
from disclosure import forms as disclosure_forms
from disclosure.models import Debrief
from peers import forms as peer_forms
from portfolio import forms as portfolio_forms
from portfolio.models import GoalCheck
from reminders.models import Reminder

from .factories import (
    AdvocacyPlanFactory,
    AdvocacyStepFactory,
    DisclosurePlanFactory,
    MicroGoalFactory,
    SupportPersonFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
FAR_PAST = "1999-03-04"
FAR_FUTURE = "2099-03-04"


def errors_for(form, name):
    form.is_valid()
    return " ".join(form.errors.get(name, []))


# --- Every form that takes a date, with what it refuses ------------------------------------------------
# (form, field, a date refused, the start of its message): the bounds differ per field.
CASES = [
    ("check_in", "session_date", FAR_PAST, "This date is more than 2 years ago."),
    ("check_in", "session_date", FAR_FUTURE, "This date is in the future."),
    ("intake", "date_of_birth", "1850-01-01", "This date is more than 120 years ago."),
    ("journal", "written_on", FAR_PAST, "This date is more than 5 years ago."),
    ("reframe", "written_on", FAR_PAST, "This date is more than 5 years ago."),
    ("encounter", "occurred_on", "1990-01-01", "This date is more than 20 years ago."),
    ("milestone", "achieved_on", "1950-01-01", "This date is more than 50 years ago."),
    ("milestone", "achieved_on", FAR_FUTURE, "This date is in the future."),
    ("rehearsal", "rehearsed_on", FAR_PAST, "This date is more than 2 years ago."),
    ("debrief", "follow_up_on", "yesterday", "This date has passed."),
    ("debrief", "follow_up_on", FAR_FUTURE, "This date is more than 2 years ahead."),
    ("referral", "follow_up_on", FAR_FUTURE, "This date is more than 2 years ahead."),
    ("step", "due_on", FAR_PAST, "This date is more than 1 year ago."),
    ("opportunity", "next_meeting", FAR_FUTURE, "This date is more than 2 years ahead."),
    ("reminder", "starts_on", FAR_FUTURE, "This date is more than 2 years ahead."),
    ("inclusive_review", "reviewed_on", FAR_PAST, "This date is more than 5 years ago."),
    ("inclusive_item", "due_on", FAR_FUTURE, "This date is more than 3 years ahead."),
    ("session", "starts_on", "yesterday", "This date has passed."),
    ("session", "starts_on", FAR_FUTURE, "This date is more than 2 years ahead."),
]


def build(kind, data, *, client_record, therapist):
    from clients.session_forms import SessionForm
    from clinics import inclusive_care_forms
    from reminders.forms import ReminderForm

    plan = DisclosurePlanFactory(client=client_record)
    makers = {
        "check_in": lambda: client_forms.CheckInForm(data),
        "intake": lambda: client_forms.IntakeForm(data),
        "journal": lambda: portfolio_forms.JournalForm(data),
        "reframe": lambda: portfolio_forms.ReframeForm(data),
        "encounter": lambda: portfolio_forms.EncounterForm(data),
        "milestone": lambda: portfolio_forms.MilestoneForm(data),
        "rehearsal": lambda: disclosure_forms.RehearsalForm(data),
        "debrief": lambda: disclosure_forms.DebriefForm(data, plan=plan),
        "referral": lambda: peer_forms.ReferralForm(data),
        "step": lambda: advocacy_forms.StepForm(
            data, plan=AdvocacyPlanFactory(client=client_record), opportunities=AdvocacyPlan.objects.none()
        ),
        "opportunity": lambda: advocacy_forms.OpportunityForm(data),
        "reminder": lambda: ReminderForm(data, client=client_record, user=therapist),
        "inclusive_review": lambda: inclusive_care_forms.ReviewForm(data),
        "inclusive_item": lambda: inclusive_care_forms.ItemForm(data, staff=[therapist], fixed=False),
        "session": lambda: SessionForm(data),
    }
    return makers[kind]()


@pytest.mark.parametrize(("kind", "name", "value", "message"), CASES)
def test_each_date_is_refused_outside_its_bounds_with_a_message_naming_them(
    client_record, therapist, kind, name, value, message
):
    if value == "yesterday":
        value = (TODAY() - dt.timedelta(days=1)).isoformat()
    form = build(kind, {name: value}, client_record=client_record, therapist=therapist)
    error = errors_for(form, name)
    assert message in error
    assert re.search(r"Choose (today|a date from .+ on|a date up to .+)", error)  # and what to do instead


@pytest.mark.parametrize(("kind", "name"), sorted({(kind, name) for kind, name, _value, _message in CASES}))
def test_today_is_within_the_bounds_of_every_date(client_record, therapist, kind, name):
    form = build(kind, {name: TODAY().isoformat()}, client_record=client_record, therapist=therapist)
    assert errors_for(form, name) == ""


def test_a_date_kept_as_it_was_on_an_edit_is_not_checked_again(client_record):
    """A follow-up that has passed since does not stop anyone saving the rest of a referral."""
    step = AdvocacyStepFactory(plan=AdvocacyPlanFactory(client=client_record), due_on=dt.date(2019, 5, 1))
    form = advocacy_forms.StepForm(
        {"due_on": "2019-05-01"}, instance=step, plan=step.plan, opportunities=AdvocacyPlan.objects.none()
    )
    assert errors_for(form, "due_on") == ""
    form = advocacy_forms.StepForm(
        {"due_on": "2019-05-02"}, instance=step, plan=step.plan, opportunities=AdvocacyPlan.objects.none()
    )
    assert "This date is more than 1 year ago." in errors_for(form, "due_on")


def test_every_form_with_a_date_checks_it_the_one_shared_way():
    """No form of the product takes a date without bounds: each is a DateBoundsMixin naming every date field."""
    from core.dates import Bounds, DateBoundsMixin

    modules = [
        "clients.forms",
        "clients.session_forms",
        "portfolio.forms",
        "portfolio.chart_event_forms",
        "disclosure.forms",
        "advocacy.forms",
        "peers.forms",
        "reminders.forms",
        "clinics.inclusive_care_forms",
    ]
    unbounded = []
    for module in map(importlib.import_module, modules):
        for form_class in vars(module).values():
            if not (isinstance(form_class, type) and issubclass(form_class, forms.BaseForm)):
                continue
            if form_class.__module__ != module.__name__:
                continue
            for name, field in form_class.base_fields.items():
                if not isinstance(field, forms.DateField):
                    continue
                bounds = getattr(form_class, "date_bounds", {}).get(name)
                if not (issubclass(form_class, DateBoundsMixin) and isinstance(bounds, Bounds)):
                    unbounded.append(f"{form_class.__name__}.{name}")
    assert unbounded == []


# --- Through the pages: refused, explained, and nothing typed is lost ------------------------------------


def test_a_check_in_in_1999_is_refused_and_what_was_typed_is_kept(client, login, therapist, client_record):
    login(therapist)
    data = {
        "session_date": FAR_PAST,
        "wellbeing": "6",
        "stigma_encounters": "1",
        "relapse_risk": "low",
        "advocacy_load": "ok",
        "notes": "Talked about the new job.",
        "submission_key": str(uuid.uuid4()),
    }
    response = client.post(reverse("clients:check_in_create", args=[client_record.pk]), data)
    page = response.content.decode()
    assert "This date is more than 2 years ago." in page
    assert "Talked about the new job." in page
    assert not CheckIn.objects.exists()


def test_a_tick_of_a_micro_goal_for_1999_is_refused(client, login, therapist, client_record):
    goal = MicroGoalFactory(client=client_record)
    login(therapist)
    url = reverse("portfolio:goal_check", args=[client_record.pk, goal.pk])
    response = client.post(url, {"day": FAR_PAST}, follow=True)
    assert "This date is more than 2 years ago." in response.content.decode()
    assert not GoalCheck.objects.exists()
    client.post(url, {"day": TODAY().isoformat()})
    assert GoalCheck.objects.get().done_on == TODAY()


def test_a_debrief_follow_up_in_the_past_is_refused_not_dropped(client, login, therapist, client_record):
    plan = DisclosurePlanFactory(client=client_record, support_person=SupportPersonFactory(client=client_record))
    login(therapist)
    last_week = (TODAY() - dt.timedelta(days=7)).isoformat()
    data = {"outcome": "mixed", "learned": "Some people need time.", "follow_up_on": last_week}
    url = reverse("disclosure:debrief_create", kwargs={"client_id": client_record.pk, "plan_id": plan.pk})
    page = client.post(url, data).content.decode()
    assert "This date has passed. Choose today or a later date." in page
    assert "Some people need time." in page
    assert not Debrief.objects.exists()
    assert not Reminder.objects.exists()

    next_week = (TODAY() + dt.timedelta(days=7)).isoformat()
    client.post(url, data | {"follow_up_on": next_week})
    assert Reminder.objects.get(source__startswith="debrief:").status == "active"


def test_a_review_interval_whose_next_review_has_passed_is_refused_not_dropped(client, login, therapist, plan_60):
    login(therapist)
    data = {
        "aim": plan_60.aim,
        "focus": plan_60.focus,
        "hours_per_month": "6",
        "publicity": "first_name",
        "review_interval_days": "30",  # counted from the plan's start 60 days ago: 30 days ago
        "version": plan_60.version,
    }
    url = reverse("advocacy:edit", kwargs={"client_id": plan_60.client_id, "plan_id": plan_60.pk})
    page = client.post(url, data).content.decode()
    assert "With a review every 30 days, the next review would fall on" in page
    assert "Choose 60 days or more, or record a review first." in page
    plan_60.refresh_from_db()
    assert plan_60.review_interval_days == 45

    client.post(url, data | {"review_interval_days": "90"})
    plan_60.refresh_from_db()
    assert plan_60.next_review_on == TODAY() + dt.timedelta(days=30)
    reminder = Reminder.objects.get(source=f"advocacy_plan:{plan_60.pk}:review")
    assert reminder.status == "active"
    assert reminder.starts_on == plan_60.next_review_on


@pytest.fixture
def plan_60(client_record):
    plan = AdvocacyPlanFactory(client=client_record, review_interval_days=45)
    # Noon, sixty local days ago: "now minus 60 × 24 hours" crosses a daylight-saving change, and in the hour
    # before midnight it lands on the local day 59 days back (the message then says 59, rightly).
    started = timezone.make_aware(dt.datetime.combine(TODAY() - dt.timedelta(days=60), dt.time(12)))
    AdvocacyPlan.objects.filter(pk=plan.pk).update(created_at=started)
    plan.refresh_from_db()
    return plan
