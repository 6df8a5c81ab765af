"""Secure messages, the care team's side (issue 24, item 6): sending both ways through the service, once per
submission, within the rate limits; messaging off with a reason; a discharged record; unread counts and marking read;
the audit trail; the caseload badge; and who may open the thread (everyone else gets a 404)."""

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from audit.models import AuditEvent
from clients import messaging, selectors
from clients.models import Activity, ActivityKind, Message, MessageThread
from core.registry import Hooks

from ..conftest import log_in
from ..factories import CareTeamMemberFactory, ClientFactory, EmergencyAccessFactory, UserFactory

pytestmark = pytest.mark.django_db


def say(client_record, author, body="Hello", *, from_client=False, minutes_ago=0, read=False):
    """A message written straight to the table (no service): what the pages then show."""
    created = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return Message.objects.create(
        client=client_record,
        author=author,
        from_client=from_client,
        body=body,
        created_at=created,
        read_at=created if read else None,
    )


def thread_url(client_record):
    return reverse("clients:messages", args=[client_record.pk])


def settings_url(client_record):
    return reverse("clients:message_settings", args=[client_record.pk])


@pytest.fixture
def heard(monkeypatch):
    """The "message_sent" hook's calls (instead of the reminders' notices)."""
    calls = []
    hooks = Hooks("message_sent")
    hooks.register("message_sent", lambda message: calls.append(message))
    monkeypatch.setattr(messaging, "HOOKS", hooks)
    return calls


# --- Sending ---------------------------------------------------------------------------------------


def test_the_therapist_and_the_client_write_to_each_other(therapist, client_user, client_record, heard):
    mine = messaging.send(client=client_record, by_user=therapist, body="  How did Tuesday go?  ", submission_key=None)
    theirs = messaging.send(client=client_record, by_user=client_user, body="Better than I feared.")

    assert (mine.from_client, mine.author, mine.body) == (False, therapist, "How did Tuesday go?")
    assert (theirs.from_client, theirs.author) == (True, client_user)
    assert heard == [mine, theirs]  # the other side is told, through the hook
    events = AuditEvent.objects.filter(action="message.create", client=client_record).order_by("at")
    assert [(e.actor, e.detail) for e in events] == [
        (therapist, {"from_client": False}),
        (client_user, {"from_client": True}),
    ]
    assert "Tuesday" not in str([e.detail for e in events])  # no words of the message in the audit log
    # the client's message reaches the care team's "since the last session" feed, with a link to the thread
    (activity,) = Activity.objects.filter(client=client_record, kind=ActivityKind.MESSAGE)
    assert activity.link == thread_url(client_record)


def test_a_double_submit_makes_one_message(therapist, client_record, heard):
    key = uuid.uuid4()
    first = messaging.send(client=client_record, by_user=therapist, body="See you Thursday", submission_key=key)
    second = messaging.send(client=client_record, by_user=therapist, body="See you Thursday", submission_key=key)
    assert first == second
    assert Message.objects.count() == 1
    assert AuditEvent.objects.filter(action="message.create").count() == 1
    assert heard == [first]


def test_a_double_submit_through_the_page_makes_one_message(client, login, therapist, client_record):
    login(therapist)
    data = {"body": "See you Thursday", "submission_key": str(uuid.uuid4())}
    assert client.post(thread_url(client_record), data).status_code == 302
    assert client.post(thread_url(client_record), data).status_code == 302
    assert Message.objects.count() == 1


def test_only_the_care_team_and_the_client_write(colleague, admin, other_client_user, client_record):
    EmergencyAccessFactory(admin=admin, client=client_record)
    for person in (colleague, admin, other_client_user):
        with pytest.raises(PermissionDenied):
            messaging.send(client=client_record, by_user=person, body="Hello")
    assert not Message.objects.exists()


def test_a_care_team_member_writes_as_the_care_team(client_record):
    member = CareTeamMemberFactory(client=client_record).user
    message = messaging.send(client=client_record, by_user=member, body="I am covering for Alice this week.")
    assert message.from_client is False


def test_an_empty_or_too_long_message_is_refused(therapist, client_record):
    with pytest.raises(ValidationError):
        messaging.send(client=client_record, by_user=therapist, body="   ")
    with pytest.raises(ValidationError):
        messaging.send(client=client_record, by_user=therapist, body="a" * 4001)
    assert not Message.objects.exists()


# --- Rate limits -----------------------------------------------------------------------------------


def test_at_the_hourly_limit_a_message_is_refused_and_below_it_is_sent(therapist, client_record, settings):
    settings.MESSAGES_PER_HOUR = 3
    say(client_record, therapist, minutes_ago=61)  # over an hour ago: does not count for the hour
    say(client_record, therapist, minutes_ago=30)
    say(client_record, therapist, minutes_ago=10)
    messaging.send(client=client_record, by_user=therapist, body="The third this hour")  # below: fine
    with pytest.raises(messaging.MessageRefusedError) as refused:
        messaging.send(client=client_record, by_user=therapist, body="The fourth this hour")
    assert refused.value.code == "rate_limit"
    assert "3 messages in the last hour" in refused.value.messages[0]
    assert Message.objects.count() == 4


def test_at_the_daily_limit_a_message_is_refused(client_user, client_record, settings):
    settings.MESSAGES_PER_DAY = 2
    say(client_record, client_user, from_client=True, minutes_ago=25 * 60)  # yesterday's: does not count
    say(client_record, client_user, from_client=True, minutes_ago=20 * 60)
    messaging.send(client=client_record, by_user=client_user, body="The second today")
    with pytest.raises(messaging.MessageRefusedError) as refused:
        messaging.send(client=client_record, by_user=client_user, body="The third today")
    assert "2 messages in the last 24 hours" in refused.value.messages[0]
    assert "crisis line" in refused.value.messages[0]  # the client is pointed to help that does not wait


def test_the_limit_counts_each_author_alone(therapist, client_record, settings):
    settings.MESSAGES_PER_HOUR = 1
    member = CareTeamMemberFactory(client=client_record).user
    say(client_record, therapist)
    messaging.send(client=client_record, by_user=member, body="From a colleague on the team")


def test_past_the_limit_the_page_says_so_and_keeps_the_typed_text(client, login, therapist, client_record, settings):
    settings.MESSAGES_PER_HOUR = 1
    say(client_record, therapist)
    login(therapist)
    response = client.post(thread_url(client_record), {"body": "Please bring the letter on Thursday"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "1 message in the last hour" in page
    assert "Please bring the letter on Thursday</textarea>" in page
    assert Message.objects.count() == 1


# --- Messaging off, and a discharged record --------------------------------------------------------


def test_messaging_off_refuses_both_sides_and_back_on_allows_them(therapist, client_user, client_record):
    thread = messaging.set_messaging(
        client=client_record, by_user=therapist, enabled=False, reason="We will talk in our sessions for now."
    )
    assert (thread.enabled, thread.off_reason, thread.changed_by) == (
        False,
        "We will talk in our sessions for now.",
        therapist,
    )
    for person in (therapist, client_user):
        with pytest.raises(messaging.MessageRefusedError) as refused:
            messaging.send(client=client_record, by_user=person, body="Hello")
        assert refused.value.code == "messaging_off"
    event = AuditEvent.objects.get(action="message_thread.update")
    assert (event.actor, event.client, event.detail) == (therapist, client_record, {"enabled": False})

    thread = messaging.set_messaging(client=client_record, by_user=therapist, enabled=True)
    assert (thread.enabled, thread.off_reason, thread.version) == (True, "", 3)
    messaging.send(client=client_record, by_user=client_user, body="Hello again")


def test_turning_messaging_off_needs_a_reason_and_the_care_team(therapist, colleague, admin, client_record):
    with pytest.raises(ValidationError):
        messaging.set_messaging(client=client_record, by_user=therapist, enabled=False, reason="  ")
    EmergencyAccessFactory(admin=admin, client=client_record)
    for person in (colleague, admin):
        with pytest.raises(PermissionDenied):
            messaging.set_messaging(client=client_record, by_user=person, enabled=False, reason="Not now")
    assert not MessageThread.objects.filter(enabled=False).exists()


def test_the_settings_page_turns_messaging_off_with_the_reason_and_shows_it(client, login, therapist, client_record):
    login(therapist)
    page = client.get(thread_url(client_record)).content.decode()
    assert "Turn messaging off" in page
    response = client.post(settings_url(client_record), {"enabled": "0", "off_reason": "", "version": "1"})
    assert response.status_code == 400
    assert "Say why messaging is turned off" in response.content.decode()
    assert not MessageThread.objects.filter(enabled=False).exists()

    data = {"enabled": "0", "off_reason": "We will talk in our sessions for now.", "version": "1"}
    assert client.post(settings_url(client_record), data)["Location"] == thread_url(client_record)
    page = client.get(thread_url(client_record)).content.decode()
    assert "Messaging is off for this client" in page
    assert "We will talk in our sessions for now." in page
    assert "Send message" not in page  # no reply form
    assert "Turn messaging back on" in page
    response = client.post(thread_url(client_record), {"body": "Hello"})
    assert response.status_code == 400
    assert "Messaging is turned off for this client" in response.content.decode()
    assert not Message.objects.exists()


def test_a_stale_settings_form_is_refused(client, login, therapist, client_record):
    messaging.set_messaging(client=client_record, by_user=therapist, enabled=False, reason="A break")
    login(therapist)
    response = client.post(settings_url(client_record), {"enabled": "0", "off_reason": "Other reason", "version": "1"})
    assert response.status_code == 400
    assert "Someone turned messaging off since you opened this page" in response.content.decode()
    assert MessageThread.objects.get().off_reason == "A break"


def test_a_discharged_record_refuses_messages(therapist, client_user, client_record):
    client_record.status = "discharged"
    client_record.save()
    for person in (therapist, client_user):
        with pytest.raises(messaging.MessageRefusedError) as refused:
            messaging.send(client=client_record, by_user=person, body="Hello")
        assert refused.value.code == "discharged"
    assert not Message.objects.exists()


def test_the_page_of_a_discharged_record_has_no_reply_form(client, login, therapist, client_record):
    client_record.status = "discharged"
    client_record.save()
    login(therapist)
    page = client.get(thread_url(client_record)).content.decode()
    assert "the thread is closed" in page
    assert "Send message" not in page


# --- Reading, unread counts, marking read ----------------------------------------------------------


def test_the_thread_shows_oldest_first_with_names_and_local_times(client, login, therapist, client_user, client_record):
    client_record.clinic.timezone = "America/Los_Angeles"
    client_record.clinic.save()
    first = say(client_record, client_user, "First <b>line</b>\nsecond line", from_client=True)
    first.created_at = datetime.datetime(2026, 1, 15, 18, 30, tzinfo=datetime.UTC)  # 10:30 a.m. in Los Angeles
    first.save()
    say(client_record, therapist, "A reply")
    login(therapist)
    page = client.get(thread_url(client_record)).content.decode()
    assert page.index("First &lt;b&gt;line&lt;/b&gt;<br>second line") < page.index("A reply")  # escaped, breaks kept
    assert "Jan. 15, 2026, 10:30 a.m." in page
    assert "6:30 p.m." not in page
    assert "Alice Therapist" in page
    assert "Dana" in page


def test_opening_the_thread_marks_the_clients_messages_read_and_is_audited(client, login, therapist, client_record):
    unread = [say(client_record, client_record.portal_user, f"Note {i}", from_client=True) for i in range(2)]
    mine = say(client_record, therapist, "Mine")
    login(therapist)
    page = client.get(thread_url(client_record)).content.decode()
    assert page.count(">New</span>") == 2  # what was new when the page opened is marked so
    assert all(Message.objects.get(pk=m.pk).read_at is not None for m in unread)
    assert Message.objects.get(pk=mine.pk).read_at is None  # only the client's reading marks the team's
    event = AuditEvent.objects.get(action="message.list.view")
    assert (event.actor, event.client, event.detail) == (therapist, client_record, {"marked_read": 2})
    assert ">New</span>" not in client.get(thread_url(client_record)).content.decode()


def test_mark_read_marks_the_other_sides_messages_only(therapist, admin, client_user, client_record):
    from_client = say(client_record, client_user, from_client=True)
    from_team = say(client_record, therapist)
    EmergencyAccessFactory(admin=admin, client=client_record)
    assert messaging.mark_read(client=client_record, reader=admin) == 0  # a reader under emergency access: nothing
    assert messaging.mark_read(client=client_record, reader=client_user) == 1
    from_team.refresh_from_db()
    from_client.refresh_from_db()
    assert from_team.read_at is not None
    assert from_client.read_at is None
    assert messaging.mark_read(client=client_record, reader=therapist) == 1
    from_client.refresh_from_db()
    assert from_client.read_at is not None


def test_the_caseload_counts_unread_messages_per_client(therapist, client_user, client_record, clinic):
    quiet = ClientFactory(clinic=clinic, primary_therapist=therapist, preferred_name="Quinn")
    say(client_record, client_user, from_client=True)
    say(client_record, client_user, from_client=True)
    say(client_record, client_user, from_client=True, read=True)  # read already
    say(client_record, therapist)  # the team's own
    counts = {row.pk: row.unread_messages for row in selectors.caseload(user=therapist)}
    assert counts == {client_record.pk: 2, quiet.pk: 0}


def test_the_caseload_shows_a_badge_until_the_thread_is_opened(client, login, therapist, client_user, client_record):
    say(client_record, client_user, from_client=True)
    say(client_record, client_user, from_client=True)
    login(therapist)
    page = client.get(reverse("clients:caseload")).content.decode()
    assert f'href="{thread_url(client_record)}">2 new messages<span class="visually-hidden"> from Dana</span>' in page
    client.get(thread_url(client_record))
    assert "new messages" not in client.get(reverse("clients:caseload")).content.decode()


def test_the_caseload_and_the_thread_make_as_many_queries_with_more_messages(
    client, login, therapist, client_user, client_record, clinic
):
    others = [ClientFactory(clinic=clinic, primary_therapist=therapist) for _ in range(2)]
    login(therapist)

    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def grow(n):
        for person in [client_record, *others]:
            for _ in range(n):
                say(person, client_user if person == client_record else therapist, from_client=True)
                say(person, therapist)

    grow(1)
    few = (queries(reverse("clients:caseload")), queries(thread_url(client_record)))
    grow(15)
    assert (queries(reverse("clients:caseload")), queries(thread_url(client_record))) == few


# --- Who may open the thread -----------------------------------------------------------------------


def test_nobody_outside_the_care_team_opens_the_thread(
    client, therapist, colleague, admin, other_admin, client_user, other_client_user, client_record, other_clinic
):
    say(client_record, client_user, "Only for my care team", from_client=True)
    other_therapist = UserFactory(clinic=other_clinic, role=Role.THERAPIST)
    for person in (colleague, other_therapist, admin, other_admin, client_user, other_client_user):
        browser = log_in(Browser(), person)
        assert browser.get(thread_url(client_record)).status_code == 404, person
        assert browser.post(thread_url(client_record), {"body": "Hello"}).status_code == 404, person
        off = {"enabled": "0", "off_reason": "Not now", "version": "1"}
        assert browser.post(settings_url(client_record), off).status_code == 404, person
    assert Message.objects.count() == 1
    assert not MessageThread.objects.exists()
    assert Message.objects.get().read_at is None


def test_a_clinic_admin_under_emergency_access_reads_but_does_not_write(
    client, login, admin, client_user, client_record
):
    say(client_record, client_user, "Only for my care team", from_client=True)
    EmergencyAccessFactory(admin=admin, client=client_record)
    login(admin)
    page = client.get(thread_url(client_record)).content.decode()
    assert "Only for my care team" in page
    assert "Send message" not in page
    assert "Turn messaging off" not in page
    assert client.post(thread_url(client_record), {"body": "Hello"}).status_code == 403
    assert client.post(settings_url(client_record), {"enabled": "0", "off_reason": "x"}).status_code == 403
    assert Message.objects.count() == 1
    assert Message.objects.get().read_at is None  # the care team still sees it as new
    event = AuditEvent.objects.get(action="message.list.view")
    assert event.emergency_access is not None
