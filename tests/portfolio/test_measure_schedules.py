"""Questionnaires on a schedule (issue 25): asked once, every N weeks or before each session; due ones on the portal
home with one notice each; missed ones marked, never asked again."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from clients.models import Session
from portfolio import schedules
from portfolio.models import MeasureAssignment, MeasureSchedule, ScheduleCadence
from reminders.models import Notification, Reminder, ReminderKind


def _at(now):
    return mock.patch("django.utils.timezone.now", return_value=now)


@pytest.fixture
def now():
    return timezone.now().replace(microsecond=0)


def test_every_two_weeks_asks_now_then_again_and_marks_the_unanswered_one_missed(
    client, login, therapist, client_record, client_user, now
):
    schedule = schedules.ask(
        client=client_record, by_user=therapist, instrument="phq9", cadence=ScheduleCadence.EVERY_WEEKS, every_weeks=2
    )
    first = MeasureAssignment.objects.get()
    assert (first.schedule, first.due_on) == (schedule, schedules.client_today(client_record))
    assert first.closes_on == first.due_on + datetime.timedelta(days=7)
    assert Notification.objects.filter(user=client_user).count() == 1  # one notice, in the portal
    assert schedules.issue_due(now) == {"issued": 0, "missed": 0}  # the same day again: nothing more
    # Eight days on, the first closed unanswered: marked missed, and the client is not told again.
    with _at(now + datetime.timedelta(days=8)):
        assert schedules.issue_due() == {"issued": 0, "missed": 1}
    first.refresh_from_db()
    assert first.missed_at is not None
    assert Notification.objects.filter(user=client_user).count() == 1
    assert AuditEvent.objects.filter(action="measure.missed", object_id=str(first.pk)).exists()
    # Two weeks on, the next.
    with _at(now + datetime.timedelta(days=14, hours=1)):
        assert schedules.issue_due()["issued"] == 1
        assert schedules.issue_due()["issued"] == 0  # safe to run twice
    assert MeasureAssignment.objects.open().count() == 1
    assert Notification.objects.filter(user=client_user).count() == 2
    schedule.refresh_from_db()
    assert schedule.next_due_on == first.due_on + datetime.timedelta(days=28)


def test_a_schedule_long_overdue_asks_once_not_for_every_time_missed(therapist, client_record, now):
    schedules.ask(
        client=client_record, by_user=therapist, instrument="gad7", cadence=ScheduleCadence.EVERY_WEEKS, every_weeks=1
    )
    with _at(now + datetime.timedelta(days=50)):
        assert schedules.issue_due()["issued"] == 1
    assert MeasureAssignment.objects.count() == 2
    schedule = MeasureSchedule.objects.get()
    assert schedule.next_due_on > (now + datetime.timedelta(days=50)).date()


def test_before_each_session_asks_three_days_ahead_and_closes_on_the_day(therapist, client_record, now):
    schedules.ask(client=client_record, by_user=therapist, instrument="phq9", cadence=ScheduleCadence.BEFORE_SESSION)
    assert not MeasureAssignment.objects.exists()  # no session soon
    session = Session.objects.create(
        client=client_record, therapist=therapist, starts_at=now + datetime.timedelta(days=5), created_by=therapist
    )
    assert schedules.issue_due(now)["issued"] == 0
    with _at(now + datetime.timedelta(days=2, hours=12)):
        assert schedules.issue_due()["issued"] == 1
        assert schedules.issue_due()["issued"] == 0
    assignment = MeasureAssignment.objects.get()
    assert assignment.session == session
    assert assignment.closes_on == timezone.localdate(session.starts_at)


def test_stopping_a_schedule_asks_nothing_more(client, login, therapist, client_record, now):
    login(therapist)
    client.post(
        reverse("portfolio:measure_assign", args=[client_record.pk]),
        {"instrument": "gad7", "cadence": "every_weeks", "every_weeks": "4"},
    )
    schedule = MeasureSchedule.objects.get()
    assert AuditEvent.objects.filter(action="measure.schedule", object_id=str(schedule.pk)).exists()
    page = client.get(reverse("portfolio:measures", args=[client_record.pk])).content.decode()
    assert "every 4 weeks" in page
    client.post(reverse("portfolio:measure_schedule_stop", args=[client_record.pk, schedule.pk]))
    schedule.refresh_from_db()
    assert schedule.ended_at is not None
    with _at(now + datetime.timedelta(days=60)):
        assert schedules.issue_due()["issued"] == 0


def test_a_new_schedule_for_the_same_instrument_replaces_the_old(therapist, client_record):
    schedules.ask(client=client_record, by_user=therapist, instrument="phq9", cadence="every_weeks", every_weeks=2)
    schedules.ask(client=client_record, by_user=therapist, instrument="phq9", cadence="before_session")
    assert MeasureSchedule.objects.active().get().cadence == "before_session"


def test_every_weeks_needs_a_number_and_a_bad_form_keeps_what_was_chosen(client, login, therapist, client_record):
    login(therapist)
    response = client.post(
        reverse("portfolio:measure_assign", args=[client_record.pk]),
        {"instrument": "gad7", "cadence": "every_weeks", "every_weeks": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Say every how many weeks" in page
    assert 'value="every_weeks" class="form-check-input" id="id_cadence_1" checked' in page or (
        'value="every_weeks"' in page and "checked" in page
    )
    assert not MeasureSchedule.objects.exists()


def test_an_instrument_not_offered_cannot_be_asked(client, login, therapist, client_record):
    login(therapist)
    response = client.post(reverse("portfolio:measure_assign", args=[client_record.pk]), {"instrument": "ismi10"})
    assert response.status_code == 400
    assert not MeasureAssignment.objects.exists()


def test_due_questionnaires_show_on_the_portal_home_and_missed_ones_do_not(
    client, login, therapist, client_record, client_user, now
):
    schedules.ask(client=client_record, by_user=therapist, instrument="phq9", cadence="once")
    login(client_user)
    assert "Answer now" in client.get(reverse("portal:home")).content.decode()
    with _at(now + datetime.timedelta(days=15)):
        schedules.issue_due()
    assert "Answer now" not in client.get(reverse("portal:home")).content.decode()
    missed = MeasureAssignment.objects.get()
    assert client.get(reverse("portal:measure", args=[missed.pk])).status_code == 404


def test_the_client_is_emailed_only_where_email_is_allowed_and_safe(therapist, client_record, client_user):
    schedules.ask(client=client_record, by_user=therapist, instrument="phq9", cadence="once")
    assert not Reminder.objects.filter(recipient=client_user, kind=ReminderKind.NOTICE).exists()
    client_record.allow_email, client_record.email_is_safe = True, True
    client_record.save()
    schedules.ask(client=client_record, by_user=therapist, instrument="gad7", cadence="once")
    assert Reminder.objects.filter(recipient=client_user, kind=ReminderKind.NOTICE).count() == 1
