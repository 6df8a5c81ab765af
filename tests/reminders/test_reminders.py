"""Reminders, first part: when they fall (time zones, daylight saving, quiet hours), which channel, what the
email says, and that an occurrence is delivered once."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from clients.models import Client
from reminders import schedule, services
from reminders.models import Delivery, Notification, Recurrence, Reminder, ReminderChannel, ReminderStatus

NEW_YORK = ZoneInfo("America/New_York")
UTC = dt.UTC


def make(recipient, therapist, **fields):
    data = {
        "local_time": dt.time(9, 0),
        "recurrence": Recurrence.DAILY,
        "starts_on": dt.date(2026, 10, 30),
        "link": "/portal/",
    } | fields
    reminder = Reminder(recipient=recipient, created_by=therapist, time_zone="America/New_York", **data)
    reminder.next_at = schedule.next_occurrence(reminder, after=dt.datetime(2026, 10, 30, 0, 0, tzinfo=UTC))
    reminder.save()
    return reminder


def test_a_daily_reminder_keeps_its_local_time_across_the_change_from_daylight_saving(client_user, therapist):
    reminder = make(client_user, therapist)
    moments = []
    after = dt.datetime(2026, 10, 30, 0, 0, tzinfo=UTC)
    for _ in range(4):
        after = schedule.next_occurrence(reminder, after=after)
        moments.append(after)
    assert [moment.astimezone(NEW_YORK).time() for moment in moments] == [dt.time(9, 0)] * 4
    # 9:00 in New York is 13:00 UTC before 1 November 2026 and 14:00 UTC after it
    assert [moment.hour for moment in moments] == [13, 13, 14, 14]


def test_monthly_on_the_31st_falls_on_the_last_day_of_shorter_months(client_user, therapist):
    reminder = make(client_user, therapist, recurrence=Recurrence.MONTHLY, starts_on=dt.date(2027, 1, 31))
    days = []
    after = dt.datetime(2027, 1, 1, tzinfo=UTC)
    for _ in range(3):
        after = schedule.next_occurrence(reminder, after=after)
        days.append(after.astimezone(NEW_YORK).date())
    assert days == [dt.date(2027, 1, 31), dt.date(2027, 2, 28), dt.date(2027, 3, 31)]


def test_chosen_weekdays(client_user, therapist):
    reminder = make(client_user, therapist, recurrence=Recurrence.WEEKDAYS, weekdays=[0, 3])  # Mon, Thu
    after = dt.datetime(2026, 10, 30, tzinfo=UTC)  # a Friday
    first = schedule.next_occurrence(reminder, after=after)
    second = schedule.next_occurrence(reminder, after=first)
    assert [first.astimezone(NEW_YORK).weekday(), second.astimezone(NEW_YORK).weekday()] == [0, 3]


@pytest.fixture
def quiet_client(client_record):
    Client.objects.filter(pk=client_record.pk).update(
        quiet_hours_start=dt.time(21, 0), quiet_hours_end=dt.time(8, 0), allow_email=True, email_is_safe=True
    )
    client_record.refresh_from_db()
    return client_record


def test_a_reminder_in_quiet_hours_waits_until_they_end(client_user, therapist, quiet_client):
    reminder = make(client_user, therapist, local_time=dt.time(22, 0), recurrence=Recurrence.NONE)
    due = reminder.next_at
    assert services.dispatch_due(now=due + dt.timedelta(minutes=1)) == 0
    reminder.refresh_from_db()
    assert reminder.next_at.astimezone(NEW_YORK) == dt.datetime(2026, 10, 31, 8, 0, tzinfo=NEW_YORK)
    assert services.dispatch_due(now=reminder.next_at) == 1


def test_where_email_is_not_safe_only_the_in_app_note_is_made(
    client_user, therapist, client_record, django_capture_on_commit_callbacks
):
    Client.objects.filter(pk=client_record.pk).update(allow_email=True, email_is_safe=False)
    reminder = make(client_user, therapist, recurrence=Recurrence.NONE)
    with django_capture_on_commit_callbacks(execute=True):
        services.dispatch_due(now=reminder.next_at)
    assert mail.outbox == []
    note = Notification.objects.get(user=client_user)
    assert note.text == "You have an update in your planner"
    assert note.link == "/portal/"
    assert Delivery.objects.get().channel == ReminderChannel.IN_APP


def test_the_email_is_discreet_by_default(client_user, therapist, quiet_client, django_capture_on_commit_callbacks):
    Client.objects.filter(pk=quiet_client.pk).update(quiet_hours_start=None, quiet_hours_end=None)
    reminder = make(
        client_user, therapist, recurrence=Recurrence.NONE, kind="micro_goal", note="Call Priya about the support group"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.dispatch_due(now=reminder.next_at)
    message = mail.outbox[0]
    everything = message.subject + message.body + message.alternatives[0][0]
    assert message.subject == "You have an update in your planner"
    for private in ("Dana", "Rivera", "Priya", "micro-goal", quiet_client.clinic.name, "depress", "schizo"):
        assert private.lower() not in everything.lower()
    assert message.extra_headers["Message-ID"] == Delivery.objects.get().message_id


def test_detailed_wording_names_the_kind_of_reminder_but_never_the_person(
    client_user, therapist, quiet_client, django_capture_on_commit_callbacks
):
    Client.objects.filter(pk=quiet_client.pk).update(
        quiet_hours_start=None, quiet_hours_end=None, discreet_wording=False
    )
    reminder = make(client_user, therapist, recurrence=Recurrence.NONE, kind="micro_goal")
    with django_capture_on_commit_callbacks(execute=True):
        services.dispatch_due(now=reminder.next_at)
    message = mail.outbox[0]
    assert message.subject == "Reminder: micro-goal"
    assert "Dana" not in message.subject + message.body


def test_each_occurrence_is_delivered_once(client_user, therapist, quiet_client, django_capture_on_commit_callbacks):
    Client.objects.filter(pk=quiet_client.pk).update(quiet_hours_start=None, quiet_hours_end=None)
    reminder = make(client_user, therapist)
    due = reminder.next_at
    with django_capture_on_commit_callbacks(execute=True):
        assert services.dispatch_due(now=due) == 1
        assert services.dispatch_due(now=due) == 0  # rolled forward: nothing due any more
    delivery = Delivery.objects.get()
    assert services.delivery_send(delivery_id=delivery.pk) is False  # a redelivered task: already sent
    assert len(mail.outbox) == 1
    reminder.refresh_from_db()
    assert reminder.next_at == due + dt.timedelta(days=1)


def test_a_failed_send_goes_back_to_the_queue_and_a_cancelled_reminder_stays_cancelled(
    client_user, therapist, quiet_client, monkeypatch
):
    Client.objects.filter(pk=quiet_client.pk).update(quiet_hours_start=None, quiet_hours_end=None)
    reminder = make(client_user, therapist)
    services.dispatch_due(now=reminder.next_at)
    delivery = Delivery.objects.get()
    monkeypatch.setattr(
        "django.core.mail.message.EmailMessage.send", lambda self: (_ for _ in ()).throw(OSError("connection refused"))
    )
    with pytest.raises(OSError, match="connection refused"):
        services.delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == "queued"
    assert delivery.attempts == 1
    services.delivery_failed(delivery_id=delivery.pk, error="OSError")
    delivery.refresh_from_db()
    assert delivery.status == "failed"

    Reminder.objects.filter(pk=reminder.pk).update(status=ReminderStatus.CANCELLED)
    assert services.dispatch_due(now=timezone.now() + dt.timedelta(days=400)) == 0


def test_the_email_is_in_the_recipients_language(
    client_user, therapist, quiet_client, django_capture_on_commit_callbacks
):
    Client.objects.filter(pk=quiet_client.pk).update(quiet_hours_start=None, quiet_hours_end=None)
    client_user.preferred_language = "es"
    client_user.save()
    reminder = make(client_user, therapist, recurrence=Recurrence.NONE)
    with django_capture_on_commit_callbacks(execute=True):
        services.dispatch_due(now=reminder.next_at)
    assert mail.outbox[0].subject == "Tienes una novedad en tu planificador"
    assert mail.outbox[0].alternatives[0][1] == "text/html"


def test_a_therapist_sets_a_reminder_for_the_client_who_finds_it_in_the_portal(
    client, login, therapist, client_user, client_record
):
    from django.urls import reverse

    login(therapist)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("reminders:reminder_create", args=[client_record.pk]),
        {
            "for_whom": "client",
            "kind": "check_in",
            "note": "Bring the worksheet",
            "starts_on": tomorrow,
            "local_time": "10:00",
            "recurrence": "none",
            "channel": "email",
        },
    )
    assert response["Location"] == client_record.get_absolute_url()
    reminder = Reminder.objects.get()
    assert reminder.recipient == client_user
    assert reminder.link == "/portal/"
    page = client.get(client_record.get_absolute_url()).content.decode()
    assert "Bring the worksheet" in page
    assert "for the client" in page

    services.dispatch_due(now=reminder.next_at)  # email is not allowed for this client: in-app only
    services.delivery_send(delivery_id=Delivery.objects.get().pk)
    client.logout()
    login(client_user)
    header = client.get(reverse("portal:home")).content.decode()
    assert 'Notifications <span class="badge text-bg-primary">1' in header
    page = client.get(reverse("reminders:notifications")).content.decode()
    assert "You have an update in your planner" in page
    assert "Bring the worksheet" not in page
    client.post(reverse("reminders:notifications_read"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_failed_deliveries_show_on_the_overview(client, login, therapist, client_user, client_record):
    from django.urls import reverse

    reminder = make(client_user, therapist, client=client_record, recurrence=Recurrence.NONE)
    services.dispatch_due(now=reminder.next_at)
    services.delivery_failed(delivery_id=Delivery.objects.get().pk, error="SMTPRecipientsRefused")
    login(therapist)
    assert "1 reminder could not be sent." in client.get(client_record.get_absolute_url()).content.decode()
    assert reverse("reminders:reminder_create", args=[client_record.pk])


def test_the_calendar_feed_parses_shows_discreet_events_and_revoking_makes_it_404(
    client, login, therapist, client_user, client_record
):
    import re

    from django.urls import reverse
    from icalendar import Calendar

    make(client_user, therapist, client=client_record, starts_on=timezone.localdate(), note="About the landlord")
    login(client_user)
    page = client.post(reverse("reminders:calendar"), {"action": "create"}).content.decode()
    url = re.search(r"<code[^>]*>http://testserver(/calendar/[^<]+\.ics)</code>", page).group(1)
    client.logout()

    response = client.get(url)  # calendar apps do not log in
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = [component for component in calendar.walk() if component.name == "VEVENT"]
    assert len(events) >= 50  # a daily reminder over the next 60 days
    assert {str(event["summary"]) for event in events} == {"Planner reminder"}
    assert b"landlord" not in response.content
    assert b"Dana" not in response.content

    login(client_user)
    client.post(reverse("reminders:calendar"), {"action": "revoke"})
    client.logout()
    assert client.get(url).status_code == 404


def test_a_new_calendar_address_retires_the_old_one(client, login, client_user):
    import re

    from django.urls import reverse

    login(client_user)
    first = client.post(reverse("reminders:calendar"), {"action": "create"}).content.decode()
    second = client.post(reverse("reminders:calendar"), {"action": "create"}).content.decode()
    old, new = (re.search(r"http://testserver(/calendar/[^<]+\.ics)", page).group(1) for page in (first, second))
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_a_send_stranded_by_a_dead_worker_is_claimed_again_and_sent_once(
    client_user, therapist, quiet_client, monkeypatch
):
    Client.objects.filter(pk=quiet_client.pk).update(quiet_hours_start=None, quiet_hours_end=None)
    reminder = make(client_user, therapist, recurrence=Recurrence.NONE)
    services.dispatch_due(now=reminder.next_at)
    delivery = Delivery.objects.get()
    # a worker claimed it and died before sending: the row is left in "sending"
    Delivery.objects.filter(pk=delivery.pk).update(status="sending", claimed_at=timezone.now())
    assert services.delivery_send(delivery_id=delivery.pk) is False  # not yet stale: someone may be sending
    Delivery.objects.filter(pk=delivery.pk).update(claimed_at=timezone.now() - dt.timedelta(minutes=5))
    queued = []
    monkeypatch.setattr(services, "_enqueue_sends", lambda ids: queued.extend(ids))
    assert services.requeue_stranded() == 1
    assert queued == [delivery.pk]
    assert services.delivery_send(delivery_id=delivery.pk) is True
    assert services.delivery_send(delivery_id=delivery.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_after_an_outage_a_daily_reminder_goes_once_then_keeps_its_schedule_from_now(admin, therapist):
    reminder = make(admin, therapist)  # first falls at 9:00 New York on 30 October
    first = reminder.next_at
    three_days_later = first + dt.timedelta(days=3, hours=2)
    assert services.dispatch_due(now=three_days_later) == 1
    assert services.dispatch_due(now=three_days_later) == 0  # no catch-up flood for the missed days
    reminder.refresh_from_db()
    assert Delivery.objects.get().occurrence == first
    assert reminder.next_at > three_days_later
    assert reminder.next_at.astimezone(NEW_YORK).time() == dt.time(9, 0)


@pytest.mark.django_db
def test_one_tick_dispatches_batch_after_batch_until_nothing_is_due(admin, therapist, monkeypatch):
    monkeypatch.setattr(services, "DISPATCH_BATCH", 5)
    for _ in range(12):
        make(admin, therapist, recurrence=Recurrence.NONE)
    due = Reminder.objects.order_by("next_at").last().next_at
    assert services.dispatch_all_due(now=due) == 12
    assert Delivery.objects.count() == 12
    assert not Reminder.objects.filter(status=ReminderStatus.ACTIVE).exists()


@pytest.mark.django_db
def test_pages_say_when_reminders_are_running_late(client, login, admin, therapist):
    from reminders import health

    reminder = make(admin, therapist, recurrence=Recurrence.NONE)
    login(admin)
    assert not health.late(now=reminder.next_at + dt.timedelta(minutes=4))
    assert health.late(now=reminder.next_at + dt.timedelta(minutes=6))
    Reminder.objects.filter(pk=reminder.pk).update(next_at=timezone.now() - dt.timedelta(minutes=10))
    assert "Some reminders are running late" in client.get("/notifications/").content.decode()
    services.dispatch_due()
    assert "Some reminders are running late" not in client.get("/notifications/").content.decode()


@pytest.mark.django_db
def test_the_sweep_takes_a_send_abandoned_by_a_dead_worker_before_the_queued_ones(admin, therapist, monkeypatch):
    from reminders.models import DeliveryStatus

    monkeypatch.setattr(services, "DISPATCH_BATCH", 2)
    queued = []
    monkeypatch.setattr(services, "_enqueue_sends", queued.extend)
    for _ in range(4):
        make(admin, therapist, recurrence=Recurrence.NONE)
    services.dispatch_all_due(now=Reminder.objects.order_by("next_at").last().next_at)
    queued.clear()
    abandoned = Delivery.objects.order_by("created_at").last()
    Delivery.objects.filter(pk=abandoned.pk).update(status=DeliveryStatus.SENDING, claimed_at=timezone.now())
    later = timezone.now() + services.STALE_AFTER + dt.timedelta(seconds=1)
    assert services.requeue_stranded(now=later) == 2
    assert queued[0] == abandoned.pk
