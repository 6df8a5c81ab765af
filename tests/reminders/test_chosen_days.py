"""Reminders that cannot fire are not accepted (issue 20, items 4 and 5): "On chosen days" has a day
picker and needs a day; a date or time that has passed where the reminder goes is refused with a message,
and what was typed stays on the form."""

import datetime as dt
import re
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from clinics.models import Clinic
from reminders import services
from reminders.models import Delivery, Reminder, ReminderStatus
from tests.factories import MicroGoalFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    return {
        "for_whom": "client",
        "kind": "check_in",
        "note": "Bring the worksheet",
        "starts_on": (timezone.localdate() + dt.timedelta(days=1)).isoformat(),
        "local_time": "19:30",
        "recurrence": "weekdays",
        "weekdays": ["0", "2"],  # Monday and Wednesday
        "channel": "in_app",
        "submission_key": str(uuid.uuid4()),
    } | overrides


def create_url(client_record):
    return reverse("reminders:reminder_create", args=[client_record.pk])


def test_the_form_offers_the_days_as_a_fieldset_of_checkboxes_in_english_and_spanish(
    client, login, therapist, client_record
):
    login(therapist)
    page = client.get(create_url(client_record)).content.decode()
    fieldset = re.search(r"<fieldset[^>]*>.*?</fieldset>", page[page.index("On these days") - 200 :], re.S).group(0)
    assert re.search(r"<legend[^>]*>\s*On these days\s*</legend>", fieldset)
    boxes = re.findall(r'<input type="checkbox"[^>]*name="weekdays" value="(\d)"[^>]*id="(id_weekdays_\d)"', fieldset)
    assert [value for value, _id in boxes] == [str(day) for day in range(7)]
    for name, (_value, box_id) in zip(["Monday", "Sunday"], [boxes[0], boxes[6]], strict=True):
        assert re.search(rf'<label for="{box_id}"[^>]*>\s*{name}\s*</label>', fieldset)  # each box has its label

    page = client.get(create_url(client_record), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert re.search(r"<legend[^>]*>\s*Estos días\s*</legend>", page)
    assert "Lunes" in page
    assert "Domingo" in page


def test_a_reminder_on_chosen_days_is_listed_with_its_days_and_fires_on_those_days_only(
    client, login, therapist, client_user, client_record
):
    login(therapist)
    response = client.post(create_url(client_record), form_data())
    assert response["Location"] == client_record.get_absolute_url()
    reminder = Reminder.objects.get()
    assert reminder.weekdays == [0, 2]
    assert reminder.status == ReminderStatus.ACTIVE
    assert reminder.next_at is not None
    assert "Monday, Wednesday" in client.get(client_record.get_absolute_url()).content.decode()

    zone = ZoneInfo(reminder.time_zone)
    now = reminder.next_at
    for _ in range(6):  # three weeks of dispatching, tick by tick at each occurrence
        services.dispatch_due(now=now)
        reminder.refresh_from_db()
        now = reminder.next_at
    occurrences = [moment.astimezone(zone) for moment in Delivery.objects.values_list("occurrence", flat=True)]
    assert len(occurrences) == 6
    assert {moment.weekday() for moment in occurrences} == {0, 2}
    assert {moment.time() for moment in occurrences} == {dt.time(19, 30)}

    client.logout()
    login(client_user)
    page = client.get(reverse("portal:reminders")).content.decode()
    assert "7:30 p.m." in page
    assert "Monday, Wednesday" in page


def test_chosen_days_with_no_day_ticked_is_refused_and_the_rest_kept(client, login, therapist, client_record):
    login(therapist)
    response = client.post(create_url(client_record), form_data(weekdays=[]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose at least one day for a reminder “On chosen days”" in page
    assert "Bring the worksheet" in page
    assert 'value="19:30"' in page
    assert not Reminder.objects.exists()


def test_days_ticked_for_a_reminder_that_does_not_repeat_on_chosen_days_are_not_kept(
    client, login, therapist, client_record
):
    login(therapist)
    client.post(create_url(client_record), form_data(recurrence="daily"))
    assert Reminder.objects.get().weekdays == []


def test_a_start_date_that_has_passed_is_refused(client, login, therapist, client_record):
    login(therapist)
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = client.post(create_url(client_record), form_data(starts_on=yesterday, recurrence="none"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "This date has passed. Choose today or a later date." in page
    assert "Bring the worksheet" in page
    assert not Reminder.objects.exists()


def a_zone_where_it_is_past_two_in_the_morning():
    """Two zones twelve hours apart: in one of them it is at least 02:00 now, so an hour ago was today."""
    for name in ("Asia/Tokyo", "America/Chicago"):
        if timezone.localtime(timezone=ZoneInfo(name)).hour >= 2:
            return name
    raise AssertionError("unreachable")


def test_a_time_that_has_passed_today_where_the_reminder_goes_is_refused_in_that_zone(
    client, login, therapist, client_record
):
    zone_name = a_zone_where_it_is_past_two_in_the_morning()
    Clinic.objects.filter(pk=client_record.clinic_id).update(timezone=zone_name)
    local_now = timezone.localtime(timezone=ZoneInfo(zone_name))
    an_hour_ago = (local_now - dt.timedelta(hours=1)).strftime("%H:%M")
    login(therapist)
    data = form_data(starts_on=local_now.date().isoformat(), local_time=an_hour_ago, recurrence="none")
    response = client.post(create_url(client_record), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "This time has already passed on that day where the reminder goes" in page
    assert zone_name.replace("_", " ") in page
    assert "Bring the worksheet" in page
    assert not Reminder.objects.exists()


def test_the_service_refuses_a_hand_set_reminder_that_could_never_come(therapist):
    data = {"kind": "custom", "local_time": dt.time(9), "starts_on": dt.date(2020, 1, 6), "recurrence": "none"}
    with pytest.raises(services.ReminderCannotFireError):
        services.reminder_create(by_user=therapist, recipient=therapist, data=data)
    assert not Reminder.objects.exists()


def test_a_features_follow_up_dated_today_after_its_hour_comes_now_and_only_once(therapist, client_record):
    zone = ZoneInfo(services.reminder_zone(therapist))
    today = timezone.localdate(timezone=zone)
    data = {"kind": "check_in", "local_time": dt.time(0, 0), "starts_on": today, "recurrence": "none"}
    first = services.reminder_for_source(source="debrief:x", recipient=therapist, by_user=therapist, data=data)
    assert first.status == ReminderStatus.ACTIVE
    assert first.next_at <= timezone.now()
    services.dispatch_due(now=timezone.now())
    again = services.reminder_for_source(source="debrief:x", recipient=therapist, by_user=therapist, data=data)
    assert again.status == ReminderStatus.DONE  # it came already: a later save of the debrief does not repeat it


def test_a_micro_goal_on_chosen_days_without_days_cannot_get_a_reminder(client, login, client_user, client_record):
    goal = MicroGoalFactory(client=client_record, shared_with_client=True, cadence="weekdays", weekdays=[])
    login(client_user)
    response = client.post(reverse("portal:reminders"), {"goal": str(goal.pk), "local_time": "19:30"})
    assert response.status_code == 200
    assert "This micro-goal has no days chosen yet" in response.content.decode()
    assert not Reminder.objects.exists()
