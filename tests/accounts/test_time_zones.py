"""Every time in the clinic's clock (issue 20, item 1): pages, "today", emails, the PDF and the .ics feed.

The clinic is in New York (the model's default); the deployment's clock is UTC. 19:30 in New York in January
is 00:30 UTC the next day, which is what every page showed before.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from portfolio.models import GoalCheck
from reminders import calendar, schedule
from reminders.models import CalendarFeed, Recurrence, Reminder
from tests.factories import MicroGoalFactory, issued_invitation

pytestmark = pytest.mark.django_db
NEW_YORK = ZoneInfo("America/New_York")
NOON_UTC = dt.datetime(2030, 1, 15, 12, 0, tzinfo=dt.UTC)
EIGHT_PM_NEW_YORK = dt.datetime(2030, 1, 15, 20, 0, tzinfo=NEW_YORK)  # 01:00 UTC on the 16th


def half_past_seven_pm(recipient, created_by, client=None):
    reminder = Reminder(
        recipient=recipient,
        client=client,
        created_by=created_by,
        time_zone="America/New_York",
        local_time=dt.time(19, 30),
        starts_on=dt.date(2030, 1, 15),
        recurrence=Recurrence.NONE,
        link="/portal/",
    )
    reminder.next_at = schedule.next_occurrence(reminder, after=NOON_UTC)
    reminder.save()
    return reminder


@time_machine.travel(NOON_UTC, tick=False)
def test_a_reminder_for_half_past_seven_pm_shows_at_that_time_on_the_overview(
    client, login, therapist, client_user, client_record
):
    half_past_seven_pm(client_user, therapist, client=client_record)
    login(therapist)
    page = client.get(client_record.get_absolute_url()).content.decode()
    assert "7:30 p.m." in page
    assert "12:30 a.m." not in page


@time_machine.travel(NOON_UTC, tick=False)
def test_a_reminder_for_half_past_seven_pm_shows_at_that_time_in_the_portal(
    client, login, therapist, client_user, client_record
):
    half_past_seven_pm(client_user, therapist, client=client_record)
    login(client_user)
    page = client.get(reverse("portal:home")).content.decode()
    assert "Jan. 15, 2030, 7:30 p.m." in page
    assert "12:30 a.m." not in page


@time_machine.travel(EIGHT_PM_NEW_YORK, tick=False)
def test_a_goal_ticked_at_eight_pm_in_new_york_lands_on_that_day(client, login, client_user, client_record):
    goal = MicroGoalFactory(client=client_record, shared_with_client=True)
    login(client_user)
    client.post(reverse("portal:goal_check", args=[goal.pk]), {"done": "1"})
    assert list(GoalCheck.objects.values_list("done_on", flat=True)) == [dt.date(2030, 1, 15)]


@pytest.fixture
def deployment_zone_utc(settings):
    """The deployment's zone as production has it (tests/settings.py sets the fixtures' clinic zone instead)."""
    settings.TIME_ZONE = "UTC"


@pytest.mark.usefixtures("deployment_zone_utc")
def test_a_session_reads_the_clinics_zone_once_and_a_signed_out_page_reads_utc(client, login, therapist, clinic):
    from accounts import timezones  # new in issue 20: imported here, so the other tests run on old code

    clinic.timezone = "Asia/Tokyo"
    clinic.save()
    client.get(reverse("accounts:login"))
    assert timezone.get_current_timezone_name() == "UTC"  # nothing stays active after a request
    login(therapist)
    client.get(reverse("clients:caseload"))
    assert client.session[timezones.SESSION_TIME_ZONE] == "Asia/Tokyo"
    assert timezone.get_current_timezone_name() == "UTC"


@pytest.mark.usefixtures("deployment_zone_utc")
def test_the_middleware_activates_the_sessions_zone_and_deactivates_it_after():
    from accounts import timezones  # new in issue 20: imported here, so the other tests run on old code

    request = RequestFactory().get("/")
    request.user = type("Person", (), {"is_authenticated": True, "clinic_id": None})()
    request.session = {timezones.SESSION_TIME_ZONE: "Asia/Tokyo"}
    seen = []
    middleware = timezones.TimeZoneMiddleware(lambda request: seen.append(timezone.get_current_timezone_name()))
    middleware(request)
    assert seen == ["Asia/Tokyo"]
    assert timezone.get_current_timezone_name() == "UTC"


@pytest.mark.usefixtures("deployment_zone_utc")
def test_an_unknown_zone_name_falls_back_to_the_deployments():
    from accounts import timezones  # new in issue 20: imported here, so the other tests run on old code

    assert timezones.zone("Mars/Olympus_Mons") == ZoneInfo("UTC")


def test_the_invitation_email_gives_its_expiry_in_the_clinics_zone(admin):
    invitation, _token = issued_invitation(admin)
    invitation.expires_at = dt.datetime(2030, 1, 16, 2, 0, tzinfo=dt.UTC)  # 9 p.m. on the 15th in New York
    invitation.save(update_fields=["expires_at"])
    account_services.invitation_send(invitation_id=invitation.pk)
    body = mail.outbox[-1].body
    assert "Jan. 15, 2030, 9 p.m. (America/New York)" in body
    assert "UTC" not in body


def test_an_email_rendered_in_a_task_reads_the_recipients_zone(client_user):
    from accounts import timezones  # new in issue 20: imported here, so the other tests run on old code

    with timezones.override_for(client_user):
        assert timezone.localdate(dt.datetime(2030, 1, 16, 2, 0, tzinfo=dt.UTC)) == dt.date(2030, 1, 15)
    assert timezones.today_for(client_user) == timezone.localdate(timezone=NEW_YORK)


@time_machine.travel(dt.datetime(2030, 1, 16, 2, 0, tzinfo=dt.UTC), tick=False)
def test_the_pdf_is_dated_in_the_clients_zone(therapist, client_record):
    from portfolio import pdf

    html = pdf.render_html(client_record, section_keys=[], language="en", user=therapist, private_journal=False)
    assert "Jan. 15, 2030" in html
    assert "Jan. 16, 2030" not in html


def test_the_calendar_feed_states_times_in_the_persons_zone(therapist, client_user, client_record):
    half_past_seven_pm(client_user, therapist, client=client_record)
    feed = CalendarFeed.objects.create(user=client_user, token_hash="x" * 64)
    ics = calendar.feed_ics(feed, now=NOON_UTC).decode()
    assert "DTSTART;TZID=America/New_York:20300115T193000" in ics
    assert "BEGIN:VTIMEZONE" in ics
    assert "TZID:America/New_York" in ics
