"""Sessions for the care team (issue 24): scheduled and recorded by the caseload's therapists, versioned, audited,
with an agenda drafted from what the client did since the last session and the open attention flags."""

import datetime as dt
import re
import uuid
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AuditEvent
from clients import services, sessions
from clients.editing import EditConflictError
from clients.models import Activity, ActivityKind, Flag, FlagRule, Session, SessionStatus

from ..factories import EmergencyAccessFactory

NEW_YORK = ZoneInfo("America/New_York")  # the clinic's zone (the factories' default), where the therapist types
# A Tuesday afternoon in New York: "earlier today" and "later today" both exist, whatever the machine's clock says.
NOW = dt.datetime(2026, 3, 10, 15, 0, tzinfo=NEW_YORK)


@pytest.fixture
def at_three_pm():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def form_data(**changes):
    data = {
        "starts_on": "2026-03-12",
        "starts_time": "16:30",
        "duration_minutes": "50",
        "modality": "in_person",
        "video_link": "",
        "location": "Room 2, second floor",
        "status": "scheduled",
        "agenda": "",
        "submission_key": str(uuid.uuid4()),
    }
    return data | changes


def make_session(client_record, therapist, **fields):
    values = {
        "client": client_record,
        "therapist": therapist,
        "created_by": therapist,
        "starts_at": NOW + dt.timedelta(days=2),
        "location": "Room 2",
    }
    return Session.objects.create(**values | fields)


def edit_data(session, **changes):
    local = timezone.localtime(session.starts_at, NEW_YORK)
    data = {
        "starts_on": local.date().isoformat(),
        "starts_time": local.strftime("%H:%M"),
        "duration_minutes": str(session.duration_minutes),
        "modality": session.modality,
        "video_link": session.video_link,
        "location": session.location,
        "status": session.status,
        "agenda": session.agenda,
        "version": str(session.version),
    }
    return data | changes


# --- Scheduling, double submits, moves, cancellations --------------------------------------------------


def test_a_therapist_schedules_a_session_in_their_time_zone_and_it_is_audited(
    client, login, therapist, client_record, at_three_pm
):
    login(therapist)
    response = client.post(reverse("clients:session_create", args=[client_record.pk]), form_data())
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.starts_at == dt.datetime(2026, 3, 12, 16, 30, tzinfo=NEW_YORK)
    assert (session.therapist, session.created_by, session.status) == (therapist, therapist, "scheduled")
    event = AuditEvent.objects.get(action="session.create")
    assert (event.actor, event.client_id, event.object_id) == (therapist, client_record.pk, str(session.pk))

    page = client.get(reverse("clients:sessions", args=[client_record.pk])).content.decode()
    assert "March 12, 2026, 4:30 p.m." in page
    assert "Room 2, second floor" in page
    assert AuditEvent.objects.filter(action="sessions.view", client=client_record).count() == 1


def test_a_double_submit_makes_one_session(client, login, therapist, client_record, at_three_pm):
    login(therapist)
    data = form_data()
    url = reverse("clients:session_create", args=[client_record.pk])
    client.post(url, data)
    client.post(url, data)
    assert Session.objects.count() == 1
    assert AuditEvent.objects.filter(action="session.create").count() == 1


def test_moving_recording_and_cancelling_are_versioned_audited_updates(
    client, login, therapist, client_record, at_three_pm
):
    session = make_session(client_record, therapist)
    login(therapist)
    url = reverse("clients:session_edit", args=[client_record.pk, session.pk])

    response = client.post(url, edit_data(session, starts_on="2026-03-13", starts_time="10:00"))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_at == dt.datetime(2026, 3, 13, 10, 0, tzinfo=NEW_YORK)
    assert session.version == 2

    client.post(url, edit_data(session, status="cancelled"))
    session.refresh_from_db()
    assert (session.status, session.version) == ("cancelled", 3)
    updates = AuditEvent.objects.filter(action="session.update")
    assert sorted(event.detail["fields"] for event in updates) == [["starts_at"], ["status"]]
    assert {event.detail["status"] for event in updates} == {"scheduled", "cancelled"}


def test_a_session_scheduled_last_week_is_recorded_afterwards(therapist, client_record, at_three_pm):
    session = make_session(client_record, therapist, starts_at=NOW - dt.timedelta(days=7))
    sessions.session_update(session=session, by_user=therapist, data={"status": "held"}, expected_version=1)
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD
    sessions.session_update(session=session, by_user=therapist, data={"agenda": "Went well."}, expected_version=2)
    corrected = session.starts_at + dt.timedelta(hours=1)  # it began an hour later than booked
    sessions.session_update(session=session, by_user=therapist, data={"starts_at": corrected}, expected_version=3)
    with pytest.raises(ValidationError, match="This time has passed"):  # but not scheduled again in the past
        sessions.session_update(session=session, by_user=therapist, data={"status": "scheduled"}, expected_version=4)
    session.refresh_from_db()
    assert (session.status, session.starts_at, session.version) == ("held", corrected, 4)
    with pytest.raises(ValidationError, match="has not started yet"):
        sessions.session_update(
            session=session, by_user=therapist, data={"starts_at": NOW + dt.timedelta(hours=1)}, expected_version=4
        )


def test_a_save_over_a_newer_version_is_refused_and_both_texts_are_shown(
    client, login, therapist, colleague, client_record, at_three_pm
):
    services.care_team_add(client=client_record, by_user=therapist, colleague=colleague)
    session = make_session(client_record, therapist, agenda="Talk about the new job.")
    opened = edit_data(session, agenda="Talk about the new job and sleep.")
    sessions.session_update(
        session=session, by_user=colleague, data={"agenda": "Plan the return to work."}, expected_version=1
    )
    login(therapist)
    page = client.post(reverse("clients:session_edit", args=[client_record.pk, session.pk]), opened).content.decode()
    assert "This was saved again after you opened this page." in page
    assert "What Bob Colleague saved" in page
    assert "Plan the return to work." in page
    assert "Talk about the new job and sleep." in page
    session.refresh_from_db()
    assert (session.agenda, session.version) == ("Plan the return to work.", 2)
    with pytest.raises(EditConflictError):
        sessions.session_update(session=session, by_user=therapist, data={"agenda": "x"}, expected_version=1)


# --- The rules of time and link ------------------------------------------------------------------------


def test_a_start_in_the_past_is_refused_for_scheduling(client, login, therapist, client_record, at_three_pm):
    login(therapist)
    url = reverse("clients:session_create", args=[client_record.pk])
    page = client.post(url, form_data(starts_on="2026-03-10", starts_time="14:00")).content.decode()
    assert "This time has passed." in page
    assert "Room 2, second floor" in page  # what was typed is kept
    page = client.post(url, form_data(starts_on="2026-03-09")).content.decode()
    assert "This date has passed. Choose today or a later date." in page
    assert not Session.objects.exists()
    with pytest.raises(ValidationError, match="This time has passed"):
        sessions.session_create(
            client=client_record,
            by_user=therapist,
            data={"starts_at": NOW - dt.timedelta(hours=1), "status": "scheduled"},
        )
    assert not Session.objects.exists()


def test_a_session_held_earlier_today_is_recorded_but_not_one_from_yesterday(
    client, login, therapist, client_record, at_three_pm
):
    login(therapist)
    url = reverse("clients:session_create", args=[client_record.pk])
    response = client.post(url, form_data(starts_on="2026-03-10", starts_time="09:00", status="held"))
    assert response.status_code == 302
    assert Session.objects.get().status == "held"
    with pytest.raises(ValidationError, match="on the day it took place only"):
        sessions.session_create(
            client=client_record, by_user=therapist, data={"starts_at": NOW - dt.timedelta(days=1), "status": "held"}
        )
    page = client.post(url, form_data(starts_on="2026-03-11", status="held")).content.decode()
    assert "This session has not started yet." in page
    assert Session.objects.count() == 1


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("", "Add the video link the client will open"),
        ("http://meet.example.org/room-7", "Use a secure link: it starts with https://."),
        ("javascript:alert(1)", "Enter a valid URL."),
    ],
)
def test_a_video_session_needs_a_secure_link(client, login, therapist, client_record, at_three_pm, link, message):
    login(therapist)
    url = reverse("clients:session_create", args=[client_record.pk])
    page = client.post(url, form_data(modality="video", video_link=link)).content.decode()
    assert message in page
    assert not Session.objects.exists()


def test_a_video_session_with_an_https_link_is_saved_and_a_link_is_kept_only_for_video(
    client, login, therapist, client_record, at_three_pm
):
    login(therapist)
    url = reverse("clients:session_create", args=[client_record.pk])
    client.post(url, form_data(modality="video", video_link="https://meet.example.org/room-7"))
    assert Session.objects.get().video_link == "https://meet.example.org/room-7"
    with pytest.raises(ValidationError, match="secure link"):
        sessions.session_create(
            client=client_record,
            by_user=therapist,
            data={"starts_at": NOW + dt.timedelta(days=1), "modality": "video", "video_link": "http://x.example.org"},
        )
    phone = sessions.session_create(
        client=client_record,
        by_user=therapist,
        data={"starts_at": NOW + dt.timedelta(days=1), "modality": "phone", "video_link": "https://x.example.org"},
    )
    assert phone.video_link == ""


# --- The hook ------------------------------------------------------------------------------------------


def test_each_save_runs_the_session_saved_hook(monkeypatch, therapist, client_record, at_three_pm):
    calls = []
    hooks = services.HOOKS._hooks["session_saved"]
    monkeypatch.setitem(services.HOOKS._hooks, "session_saved", [*hooks, lambda **kw: calls.append(kw)])
    key = uuid.uuid4()
    data = {"starts_at": NOW + dt.timedelta(days=1), "location": "Room 2"}
    session = sessions.session_create(client=client_record, by_user=therapist, data=data, submission_key=key)
    sessions.session_create(client=client_record, by_user=therapist, data=data, submission_key=key)  # the same row
    sessions.session_update(session=session, by_user=therapist, data={"status": "cancelled"}, expected_version=1)
    assert [(call["session"].pk, call["by_user"]) for call in calls] == [(session.pk, therapist)] * 2
    assert calls[-1]["session"].status == "cancelled"


# --- The agenda ----------------------------------------------------------------------------------------


def activity(client_record, kind, when):
    return Activity.objects.create(client=client_record, kind=kind, created_at=when)


@pytest.fixture
def since_last_session(therapist, client_record, at_three_pm):
    """A session held a week ago; what the client did before and after it; one open flag and one acknowledged."""
    make_session(client_record, therapist, starts_at=NOW - dt.timedelta(days=7), status="held")
    activity(client_record, ActivityKind.JOURNAL, NOW - dt.timedelta(days=8))  # before it: not on the agenda
    for days in (5, 2):
        activity(client_record, ActivityKind.ENCOUNTER, NOW - dt.timedelta(days=days))
    activity(client_record, ActivityKind.GOAL_TICK, NOW - dt.timedelta(days=1))
    Flag.objects.create(client=client_record, rule=FlagRule.HIGH_DISTRESS)
    Flag.objects.create(
        client=client_record, rule=FlagRule.CONSENT_WITHDRAWN, acknowledged_at=NOW, acknowledged_by=therapist
    )


def test_the_agenda_is_drafted_from_the_open_flags_and_what_happened_since_the_last_session(
    therapist, client_record, since_last_session
):
    draft = sessions.draft_agenda(client=client_record, user=therapist)
    assert draft.splitlines() == [
        "- Needs attention: A stigma encounter with high distress",
        "- Logged a stigma encounter (2)",
        "- Ticked off a micro-goal (1)",
        "- Anything else the client wants to bring:",
    ]


def test_without_a_held_session_the_agenda_looks_back_thirty_days(therapist, client_record, at_three_pm):
    activity(client_record, ActivityKind.VICTORY, NOW - dt.timedelta(days=29))
    activity(client_record, ActivityKind.JOURNAL, NOW - dt.timedelta(days=31))
    draft = sessions.draft_agenda(client=client_record, user=therapist)
    assert "Logged a victory (1)" in draft
    assert "journal" not in draft
    empty = sessions.draft_agenda(client=client_record, user=therapist, now=NOW + dt.timedelta(days=60))
    assert "Nothing new in the portal since the last session." in empty


def test_the_agenda_is_drafted_in_the_readers_language(therapist, client_record, since_last_session):
    with translation.override("es"):
        draft = sessions.draft_agenda(client=client_record, user=therapist)
    assert "Necesita atención:" in draft
    assert "Algo más que la persona quiera traer:" in draft


def test_the_agenda_reads_only_what_the_reader_may_see(colleague, client_user, client_record, since_last_session):
    for reader in (colleague, client_user):
        draft = sessions.draft_agenda(client=client_record, user=reader)
        assert "Needs attention" not in draft
        assert "stigma encounter" not in draft


def test_the_form_drafts_the_agenda_without_losing_what_was_typed(
    client, login, therapist, client_record, since_last_session
):
    login(therapist)
    url = reverse("clients:session_create", args=[client_record.pk])
    typed = form_data(location="Room 9", agenda="Ask about sleep.", draft_agenda="1")
    page = client.post(url, typed).content.decode()
    assert Session.objects.count() == 1  # only the one held last week: nothing saved
    assert 'value="Room 9"' in page
    assert 'value="2026-03-12"' in page
    assert typed["submission_key"] in page  # a save after the draft is still one row
    agenda = re.search(r'<textarea name="agenda"[^>]*>\n(.*?)</textarea>', page, re.S).group(1)
    assert agenda.startswith("Ask about sleep.")
    assert "Needs attention: A stigma encounter with high distress" in agenda
    assert "Logged a stigma encounter (2)" in agenda

    response = client.post(url, typed | {"agenda": agenda.replace("&#x27;", "'"), "draft_agenda": ""})
    assert response.status_code == 302
    assert "Logged a stigma encounter (2)" in Session.objects.get(location="Room 9").agenda


def test_the_edit_page_drafts_below_the_saved_agenda_and_keeps_the_version_opened(
    client, login, therapist, client_record, since_last_session
):
    session = make_session(client_record, therapist, agenda="Check the plan.")
    login(therapist)
    url = reverse("clients:session_edit", args=[client_record.pk, session.pk])
    page = client.get(url + "?draft_agenda=1").content.decode()
    assert re.search(r"Check the plan.\s+- Needs attention", page)
    session.agenda = "Changed meanwhile"
    session.version = 2
    session.save()
    page = client.post(url, edit_data(session, version="1", draft_agenda="1")).content.decode()
    assert 'name="version" value="1"' in page  # a save from here is still caught as a conflict


# --- Reads ---------------------------------------------------------------------------------------------


def test_last_held_and_next_scheduled(therapist, client_record, at_three_pm):
    assert sessions.last_held(client_record, therapist) is None
    assert sessions.next_scheduled(client_record, therapist) is None
    make_session(client_record, therapist, starts_at=NOW - dt.timedelta(days=14), status="held")
    held = make_session(client_record, therapist, starts_at=NOW - dt.timedelta(days=7), status="held")
    make_session(client_record, therapist, starts_at=NOW - dt.timedelta(days=3), status="cancelled")
    make_session(client_record, therapist, starts_at=NOW + dt.timedelta(days=1), status="cancelled")
    coming = make_session(client_record, therapist, starts_at=NOW + dt.timedelta(days=2))
    make_session(client_record, therapist, starts_at=NOW + dt.timedelta(days=9))
    assert sessions.last_held(client_record, therapist) == held
    assert sessions.next_scheduled(client_record, therapist) == coming


def test_the_list_shows_sessions_to_come_then_past_ones_with_their_status(
    client, login, therapist, client_record, at_three_pm
):
    make_session(client_record, therapist, starts_at=NOW - dt.timedelta(days=7), status="held", agenda="Sleep.")
    make_session(client_record, therapist, starts_at=NOW - dt.timedelta(days=3))  # never recorded
    make_session(client_record, therapist, starts_at=NOW + dt.timedelta(days=2), status="cancelled")
    login(therapist)
    page = client.get(reverse("clients:sessions", args=[client_record.pk])).content.decode()
    coming, past = page.split("Past sessions", 1)
    assert "Cancelled" in coming
    assert "Held" in past
    assert "Sleep." in past
    assert "Scheduled — record how it went" in past


# --- Who may see what ----------------------------------------------------------------------------------


@pytest.mark.parametrize("reader", ["colleague", "other_therapist", "other_client_user", "client_user", "admin"])
def test_nobody_outside_the_care_team_reaches_a_session(request, client, login, therapist, client_record, reader):
    session = make_session(client_record, therapist, starts_at=timezone.now() + dt.timedelta(days=2))
    login(request.getfixturevalue(reader))
    assert client.get(reverse("clients:sessions", args=[client_record.pk])).status_code == 404
    for url in (
        reverse("clients:session_create", args=[client_record.pk]),
        reverse("clients:session_edit", args=[client_record.pk, session.pk]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, form_data()).status_code == 404, url
    assert Session.objects.count() == 1


def test_a_session_of_another_client_is_not_found_through_this_clients_address(
    client, login, therapist, client_record, other_client_record, colleague
):
    theirs = make_session(other_client_record, colleague, starts_at=timezone.now() + dt.timedelta(days=2))
    login(therapist)
    assert client.get(reverse("clients:session_edit", args=[client_record.pk, theirs.pk])).status_code == 404


def test_an_admin_under_emergency_access_reads_the_list_but_schedules_nothing(
    client, login, admin, therapist, client_record
):
    make_session(client_record, therapist, starts_at=timezone.now() + dt.timedelta(days=2))
    EmergencyAccessFactory(admin=admin, client=client_record)
    login(admin)
    assert client.get(reverse("clients:sessions", args=[client_record.pk])).status_code == 200
    assert client.get(reverse("clients:session_create", args=[client_record.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        sessions.session_create(
            client=client_record, by_user=admin, data={"starts_at": timezone.now() + dt.timedelta(days=1)}
        )


def test_the_clients_reminder_of_the_session_is_set_moved_and_cancelled_with_it(
    therapist, client_user, client_record, at_three_pm
):
    """Through the reminders app's hook (reminders/notices.py): one reminder per session, following it."""
    from reminders.models import Reminder, ReminderStatus

    data = {"starts_at": NOW + dt.timedelta(days=3), "location": "Room 2"}
    session = sessions.session_create(client=client_record, by_user=therapist, data=data)
    reminder = Reminder.objects.get(source=f"session:{session.pk}")
    assert (reminder.recipient, reminder.status) == (client_user, ReminderStatus.ACTIVE)
    sessions.session_update(
        session=session, by_user=therapist, data={"starts_at": NOW + dt.timedelta(days=5)}, expected_version=1
    )
    reminder.refresh_from_db()
    assert reminder.starts_on == dt.date(2026, 3, 14)
    sessions.session_update(session=session, by_user=therapist, data={"status": "cancelled"}, expected_version=2)
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.CANCELLED


def test_a_session_booked_for_tomorrow_morning_late_in_the_evening_is_saved(therapist, client_record):
    """The evening-before reminder has passed by then: the session is saved all the same."""
    with time_machine.travel(dt.datetime(2026, 3, 10, 21, 0, tzinfo=NEW_YORK), tick=False):
        data = {"starts_at": dt.datetime(2026, 3, 11, 9, 0, tzinfo=NEW_YORK), "location": "Room 2"}
        session = sessions.session_create(client=client_record, by_user=therapist, data=data)
    assert Session.objects.get() == session
