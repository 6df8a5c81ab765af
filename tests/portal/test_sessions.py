"""The client's sessions in the portal (issue 24): when, how long, how and where, a discreet calendar invite, the
next session on the home page; never the agenda."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from audit.models import AuditEvent
from clients import sessions
from clients.models import Session

AGENDA = "Talk about the relapse warning signs and the new medication"
NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def at_noon():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def make_session(client_record, therapist, **fields):
    values = {
        "client": client_record,
        "therapist": therapist,
        "created_by": therapist,
        "starts_at": NOW + dt.timedelta(days=2),
        "location": "Room 2, second floor",
        "agenda": AGENDA,
    }
    return Session.objects.create(**values | fields)


def invite(client, session):
    response = client.get(reverse("portal:session_invite", args=[session.pk]))
    assert response.status_code == 200
    return response


def test_the_client_sees_their_sessions_in_their_zone_and_never_the_agenda(
    client, login, therapist, client_user, client_record, at_noon
):
    # The clinic is in New York: 16:30 UTC on 12 March is 12:30 p.m. there (daylight time from 8 March).
    make_session(
        client_record,
        therapist,
        starts_at=dt.datetime(2026, 3, 12, 16, 30, tzinfo=dt.UTC),
        modality="video",
        video_link="https://meet.example.org/room-7",
        location="",
        duration_minutes=45,
    )
    make_session(client_record, therapist, starts_at=NOW - dt.timedelta(days=7), status="held")
    make_session(client_record, therapist, starts_at=NOW + dt.timedelta(days=9), status="cancelled")
    login(client_user)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("portal:sessions")).content.decode()
    assert "March 12, 2026, 12:30 p.m." in page
    assert "45 minutes" in page
    assert '<a href="https://meet.example.org/room-7" rel="noopener noreferrer" target="_blank">' in page
    assert "Room 2, second floor" in page
    assert "Cancelled" in page
    assert "Held" in page
    assert AGENDA not in page
    assert not [query["sql"] for query in queries if "agenda" in query["sql"]]  # not even read
    assert AuditEvent.objects.filter(action="portal.sessions.view", client=client_record).count() == 1


def test_the_list_is_the_clients_own(
    client, login, therapist, other_client_user, other_client_record, client_record, at_noon
):
    make_session(client_record, therapist)
    login(other_client_user)
    page = client.get(reverse("portal:sessions")).content.decode()
    assert "Room 2, second floor" not in page
    assert "No session is planned yet." in page


def test_the_calendar_invite_is_discreet_stable_and_in_utc(
    client, login, therapist, client_user, client_record, at_noon
):
    client_record.clinic.name = "Riverside Mental Health and Psychiatry Clinic"
    client_record.clinic.save()
    session = make_session(client_record, therapist, starts_at=dt.datetime(2026, 3, 12, 16, 30, tzinfo=dt.UTC))
    login(client_user)
    response = invite(client, session)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="appointment.ics"'
    text = response.content.decode()
    for word in (
        "therap",
        "session",
        "mental",
        "psych",
        "clinic",
        "counsel",
        "health",
        "Riverside",
        "Alice",
        "Dana",
        "relapse",
        "agenda",
    ):
        assert word.lower() not in text.lower(), word
    assert "METHOD:PUBLISH" in text
    assert "SUMMARY:Appointment" in text
    assert "DTSTART:20260312T163000Z" in text
    assert "DTEND:20260312T172000Z" in text
    assert "LOCATION:Room 2\\, second floor" in text
    assert "SEQUENCE:1" in text
    uid = re.search(r"UID:(\S+)", text).group(1)
    event = AuditEvent.objects.get(action="portal.session_invite.download")
    assert (event.actor, event.client, event.object_id) == (client_user, client_record, str(session.pk))

    sessions.session_update(
        session=session,
        by_user=therapist,
        data={"starts_at": session.starts_at + dt.timedelta(hours=1)},
        expected_version=1,
    )
    moved = invite(client, session).content.decode()
    assert f"UID:{uid}" in moved  # the calendar updates the event it has
    assert "SEQUENCE:2" in moved
    assert "DTSTART:20260312T173000Z" in moved


def test_a_video_invite_gives_the_link_as_its_place_and_a_cancelled_one_says_so(
    client, login, therapist, client_user, client_record, at_noon
):
    link = "https://meet.example.org/room-7"
    session = make_session(client_record, therapist, modality="video", video_link=link, location="")
    login(client_user)
    event = Calendar.from_ical(invite(client, session).content).walk("VEVENT")[0]
    assert (str(event["LOCATION"]), str(event["URL"])) == (link, link)
    assert "DESCRIPTION" not in event
    sessions.session_update(session=session, by_user=therapist, data={"status": "cancelled"}, expected_version=1)
    event = Calendar.from_ical(invite(client, session).content).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED"


@pytest.mark.parametrize(("zone", "local"), [("Asia/Tokyo", "9:30 a.m."), ("America/Los_Angeles", "5:30 p.m.")])
def test_a_client_in_another_time_zone_sees_the_same_moment_in_theirs(
    client, login, therapist, client_user, client_record, at_noon, zone, local
):
    """Typed by the therapist in Tokyo at 09:30, or in Los Angeles at 17:30 the day before: 00:30 UTC either way."""
    client_record.clinic.timezone = zone
    client_record.clinic.save()
    starts_on = "2026-03-13" if zone == "Asia/Tokyo" else "2026-03-12"
    login(therapist)
    client.post(
        reverse("clients:session_create", args=[client_record.pk]),
        {
            "starts_on": starts_on,
            "starts_time": "09:30" if zone == "Asia/Tokyo" else "17:30",
            "duration_minutes": "50",
            "modality": "phone",
            "status": "scheduled",
        },
    )
    session = Session.objects.get()
    assert session.starts_at == dt.datetime(2026, 3, 13, 0, 30, tzinfo=dt.UTC)
    client.logout()
    login(client_user)
    assert local in client.get(reverse("portal:sessions")).content.decode()
    assert "DTSTART:20260313T003000Z" in invite(client, session).content.decode()


def test_nobody_else_downloads_a_clients_invite(
    client, login, therapist, colleague, admin, other_client_user, other_client_record, client_record, at_noon
):
    session = make_session(client_record, therapist)
    for person in (other_client_user, therapist, colleague, admin):
        login(person)
        assert client.get(reverse("portal:session_invite", args=[session.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="portal.session_invite.download").exists()


def test_the_home_page_shows_the_next_session_in_one_calm_line(
    client, login, therapist, client_user, client_record, at_noon
):
    login(client_user)
    page = client.get(reverse("portal:home")).content.decode()
    assert "Your next session" not in page
    assert f'href="{reverse("portal:sessions")}">My sessions</a>' in page
    make_session(client_record, therapist, starts_at=NOW + dt.timedelta(days=9))
    make_session(client_record, therapist, starts_at=NOW + dt.timedelta(days=1), status="cancelled")
    make_session(client_record, therapist, starts_at=dt.datetime(2026, 3, 12, 16, 30, tzinfo=dt.UTC), modality="phone")
    page = client.get(reverse("portal:home")).content.decode()
    assert "Your next session: March 12, 2026, 12:30 p.m. (Phone)." in page
    assert AGENDA not in page


def test_the_portal_sessions_page_speaks_spanish(client, login, therapist, client_user, client_record, at_noon):
    make_session(client_record, therapist, modality="video", video_link="https://meet.example.org/room-7")
    client_user.preferred_language = "es"
    client_user.save()
    client.cookies["django_language"] = "es"
    login(client_user)
    page = client.get(reverse("portal:sessions")).content.decode()
    assert "Mis sesiones" in page
    assert "Añadir a mi calendario" in page
    assert "Videollamada" in page
    assert "SUMMARY:Cita" in invite(client, Session.objects.get()).content.decode()
    home = client.get(reverse("portal:home")).content.decode()
    assert "Tu próxima sesión:" in home


def test_the_upcoming_query_is_one_query(therapist, client_user, client_record, at_noon, django_assert_num_queries):
    from clients.selectors import own_client

    make_session(client_record, therapist)
    mine = own_client(user=client_user)
    with django_assert_num_queries(1):
        assert sessions.next_scheduled(mine, client_user).location == "Room 2, second floor"
    assert timezone.now() == NOW
