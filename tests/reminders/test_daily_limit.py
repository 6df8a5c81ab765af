"""A person sets at most REMINDERS_PER_PERSON_PER_DAY reminders by hand in a day (issue 19, item 12)."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from reminders import services
from reminders.models import Reminder

pytestmark = pytest.mark.django_db
LIMIT_REACHED = "the most one person can set in a day"


def form_data(note="Bring the worksheet"):
    return {
        "for_whom": "me",
        "kind": "check_in",
        "note": note,
        "starts_on": (timezone.localdate() + dt.timedelta(days=1)).isoformat(),
        "local_time": "10:00",
        "recurrence": "none",
        "channel": "email",
        "submission_key": str(uuid.uuid4()),
    }


def made_earlier(therapist, count, at):
    Reminder.objects.bulk_create(
        Reminder(recipient=therapist, created_by=therapist, local_time=dt.time(9), time_zone="UTC", created_at=at)
        for _ in range(count)
    )


def test_past_the_daily_limit_the_form_says_so_keeps_what_was_typed_and_saves_nothing(
    client, login, therapist, client_record, settings
):
    settings.REMINDERS_PER_PERSON_PER_DAY = 3
    made_earlier(therapist, 3, timezone.now())
    login(therapist)
    response = client.post(reverse("reminders:reminder_create", args=[client_record.pk]), form_data("Call Sam back"))
    assert response.status_code == 429
    assert "You have set 3 reminders today, the most one person can set in a day." in response.text
    assert 'value="Call Sam back"' in response.text  # what was typed is still in the form
    assert Reminder.objects.count() == 3


def test_the_count_starts_at_midnight_where_the_person_works(client, login, therapist, client_record, settings):
    settings.REMINDERS_PER_PERSON_PER_DAY = 3
    midnight = services.start_of_day(therapist)
    made_earlier(therapist, 5, midnight - dt.timedelta(minutes=1))  # yesterday's do not count
    made_earlier(therapist, 2, midnight + dt.timedelta(minutes=1))
    login(therapist)
    url = reverse("reminders:reminder_create", args=[client_record.pk])
    assert client.post(url, form_data()).status_code == 302  # the third today
    response = client.post(url, form_data())
    assert response.status_code == 429
    assert LIMIT_REACHED in response.text
    assert Reminder.objects.filter(created_at__gte=midnight).count() == 3


def test_reminders_a_feature_keeps_for_itself_neither_count_nor_are_refused(therapist, client_record, settings):
    settings.REMINDERS_PER_PERSON_PER_DAY = 1
    made_earlier(therapist, 1, timezone.now())
    data = {"kind": "check_in", "local_time": dt.time(10), "starts_on": timezone.localdate() + dt.timedelta(days=1)}
    services.reminder_for_source(source="referral:1", recipient=therapist, by_user=therapist, data=data)
    with pytest.raises(services.DailyLimitReachedError):
        services.reminder_create(by_user=therapist, recipient=therapist, data=data)
    assert Reminder.objects.count() == 2
