"""The reminders side of the care loop (issue 24): a session's reminder for the client (the evening before, after
their quiet hours, moved with the session and cancelled with it), and the discreet notices of flags, messages and
things that wait for the client, sent through the same pipeline."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.core import mail
from django.utils import timezone

from clients.models import Client, Flag, FlagRule, Message, Session, SessionStatus
from clients.services import HOOKS
from reminders import services
from reminders.models import Notification, Reminder, ReminderKind, ReminderStatus


def session(client_record, therapist, starts_at, **fields):
    made = Session.objects.create(
        client=client_record, therapist=therapist, starts_at=starts_at, created_by=therapist, **fields
    )
    HOOKS.run("session_saved", session=made, by_user=therapist)
    return made


def test_a_scheduled_session_reminds_the_client_the_evening_before_and_follows_the_session(
    client_user, therapist, client_record
):
    starts = timezone.now() + dt.timedelta(days=5)
    made = session(client_record, therapist, starts)
    reminder = Reminder.objects.get(source=f"session:{made.pk}")
    zone = ZoneInfo(reminder.time_zone)  # the client's (their clinic's) time zone
    assert reminder.recipient == client_user
    assert reminder.kind == ReminderKind.SESSION
    assert reminder.link == "/portal/sessions/"
    assert reminder.local_time == dt.time(18, 0)
    assert reminder.starts_on == starts.astimezone(zone).date() - dt.timedelta(days=1)
    assert reminder.next_at.astimezone(zone).time() == dt.time(18, 0)
    # moved: the same reminder, a new day
    made.starts_at = starts + dt.timedelta(days=2)
    made.save()
    HOOKS.run("session_saved", session=made, by_user=therapist)
    reminder.refresh_from_db()
    assert Reminder.objects.filter(source=f"session:{made.pk}").count() == 1
    assert reminder.next_at > starts
    # cancelled: the reminder is cancelled too
    made.status = SessionStatus.CANCELLED
    made.save()
    HOOKS.run("session_saved", session=made, by_user=therapist)
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.CANCELLED


def test_a_session_reminder_waits_for_the_end_of_quiet_hours(client_user, therapist, client_record):
    Client.objects.filter(pk=client_record.pk).update(
        quiet_hours_start=dt.time(17, 0), quiet_hours_end=dt.time(20, 0), allow_email=True, email_is_safe=True
    )
    client_record.refresh_from_db()
    made = session(client_record, therapist, timezone.now() + dt.timedelta(days=4))
    reminder = Reminder.objects.get(source=f"session:{made.pk}")
    assert services.dispatch_due(now=reminder.next_at) == 0  # 18:00 is within 17:00-20:00
    reminder.refresh_from_db()
    assert reminder.next_at.astimezone(ZoneInfo(reminder.time_zone)).time() == dt.time(20, 0)


def test_a_client_without_a_portal_login_gets_no_session_reminder(therapist, client_record):
    Client.objects.filter(pk=client_record.pk).update(portal_user=None)
    client_record.refresh_from_db()
    session(client_record, therapist, timezone.now() + dt.timedelta(days=3))
    assert not Reminder.objects.exists()


def test_a_message_from_the_client_tells_the_care_team_and_one_from_them_tells_the_client(
    client_user, therapist, client_record, django_capture_on_commit_callbacks
):
    Client.objects.filter(pk=client_record.pk).update(allow_email=True, email_is_safe=True)
    client_record.refresh_from_db()
    from_client = Message.objects.create(
        client=client_record, author=client_user, from_client=True, body="Feeling shaky today"
    )
    HOOKS.run("message_sent", message=from_client)
    assert Notification.objects.get(user=therapist).text == "A client sent you a message"
    reply = Message.objects.create(client=client_record, author=therapist, body="Thank you for writing, Dana")
    HOOKS.run("message_sent", message=reply)
    note = Notification.objects.get(user=client_user)
    assert note.text == "You have a new message from your care team"
    assert note.link == "/portal/messages/"
    # both emails go through the dispatcher, and neither says anything but that there is an update
    with django_capture_on_commit_callbacks(execute=True):
        assert services.dispatch_due(now=timezone.now() + dt.timedelta(seconds=1)) == 2
    assert {message.to[0] for message in mail.outbox} == {therapist.email, client_user.email}
    for message in mail.outbox:
        everything = message.subject + message.body
        assert message.subject == "You have an update in your planner"
        for private in ("Dana", "shaky", "Thank you", client_record.clinic.name):
            assert private not in everything


def test_a_flag_email_is_discreet_even_for_a_client_who_chose_detailed_wording(
    therapist, client_record, django_capture_on_commit_callbacks
):
    from clients import attention

    attention.raise_flag(client=client_record, rule=FlagRule.HIGH_DISTRESS)
    with django_capture_on_commit_callbacks(execute=True):
        services.dispatch_due(now=timezone.now() + dt.timedelta(seconds=1))
    (message,) = mail.outbox
    assert message.subject == "You have an update in your planner"
    assert "distress" not in message.body.lower()
    assert Flag.objects.get().rule == FlagRule.HIGH_DISTRESS
