"""Reminders the features make: referral follow-ups, advocacy reviews (paused with their plan), micro-goals."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from advocacy import services as advocacy_services
from peers import services as peer_services
from reminders.models import Reminder, ReminderKind, ReminderStatus

from ..factories import AdvocacyPlanFactory, MicroGoalFactory, PeerResourceFactory


def test_a_referral_follow_up_date_makes_one_reminder_that_moves_with_it_and_ends_with_it(therapist, client_record):
    resource = PeerResourceFactory(clinic=client_record.clinic)
    follow_up = timezone.localdate() + dt.timedelta(days=14)
    referral = peer_services.referral_create(
        client=client_record,
        by_user=therapist,
        resource=resource,
        data={"why": "Company on Tuesdays", "shared_details": ["first_name"], "follow_up_on": follow_up},
    )
    reminder = Reminder.objects.get(source=f"referral:{referral.pk}")
    assert reminder.recipient == therapist
    assert reminder.kind == ReminderKind.REFERRAL_FOLLOW_UP
    assert reminder.next_at.astimezone(dt.UTC).date() >= follow_up - dt.timedelta(days=1)
    assert reminder.link == referral.get_absolute_url()

    later = follow_up + dt.timedelta(days=7)
    peer_services.referral_update(
        referral=referral, by_user=therapist, data={"follow_up_on": later}, expected_version=referral.version
    )
    assert Reminder.objects.filter(source=f"referral:{referral.pk}").count() == 1
    assert Reminder.objects.get(source=f"referral:{referral.pk}").starts_on == later

    peer_services.referral_set_status(referral=referral, by_user=therapist, status="not_a_fit", reason="Too far")
    assert Reminder.objects.get(source=f"referral:{referral.pk}").status == ReminderStatus.CANCELLED


def test_pausing_an_advocacy_plan_pauses_its_reminders_and_resuming_brings_them_back(therapist, client_record):
    plan = advocacy_services.plan_create(
        client=client_record,
        by_user=therapist,
        data={
            "aim": "Speak at the school board",
            "focus": "school",
            "hours_per_month": 4,
            "publicity": "first_name",
            "review_interval_days": 30,
        },
    )
    reminder = Reminder.objects.get(source=f"advocacy_plan:{plan.pk}:review")
    assert reminder.kind == ReminderKind.ADVOCACY_REVIEW
    assert reminder.status == ReminderStatus.ACTIVE
    advocacy_services.plan_set_status(plan=plan, by_user=therapist, status="paused")
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.PAUSED
    advocacy_services.plan_set_status(plan=plan, by_user=therapist, status="active")
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.ACTIVE
    assert reminder.next_at is not None
    advocacy_services.plan_set_status(plan=plan, by_user=therapist, status="closed")
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.CANCELLED


def test_a_review_moves_the_review_reminder(therapist, client_record):
    plan = AdvocacyPlanFactory(client=client_record)
    advocacy_services.review_create(
        plan=plan, by_user=therapist, data={"energy": 6, "wellbeing": 6, "burnout_signs": [], "decision": "continue"}
    )
    reminder = Reminder.objects.get(source=f"advocacy_plan:{plan.pk}:review")
    plan.refresh_from_db()
    assert reminder.starts_on == plan.next_review_on


def test_a_client_sets_a_micro_goal_reminder_and_switches_it_off(client, login, client_user, client_record):
    goal = MicroGoalFactory(
        client=client_record, shared_with_client=True, cadence="weekdays", weekdays=[0, 2, 4], title="Evening walk"
    )
    login(client_user)
    response = client.post(reverse("portal:reminders"), {"goal": str(goal.pk), "local_time": "18:30"})
    assert response["Location"] == reverse("portal:reminders")
    reminder = Reminder.objects.get(source=f"micro_goal:{goal.pk}")
    assert (reminder.recurrence, reminder.weekdays, reminder.local_time) == ("weekdays", [0, 2, 4], dt.time(18, 30))
    page = client.get(reverse("portal:reminders")).content.decode()
    assert "Micro-goal" in page
    assert "Evening walk" in page  # the goal is offered; the list shows the kind
    client.post(reverse("portal:reminder_off", args=[reminder.pk]))
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.CANCELLED


def test_a_client_cannot_switch_off_someone_elses_reminder(
    client, login, client_user, other_client_user, other_client_record, therapist
):
    theirs = Reminder.objects.create(
        recipient=other_client_user,
        client=other_client_record,
        created_by=therapist,
        local_time=dt.time(9, 0),
        time_zone="UTC",
        recurrence="daily",
    )
    login(client_user)
    assert client.post(reverse("portal:reminder_off", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ReminderStatus.ACTIVE
