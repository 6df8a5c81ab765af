"""Secure messages, the client's side (issue 24, item 6): the thread with the care team in the portal, always under
the crisis lines and the clinic's office hours; sending, once per submission and within the limits; the therapist's
reason when messaging is off; a closed record; reading marks the care team's messages read; the clinic sets the
office hours; and every word the client reads is in Spanish for a Spanish speaker."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from clients import messaging, services
from clients.models import ClientStatus, Message

from ..factories import CrisisLineFactory

pytestmark = pytest.mark.django_db

URL = "/portal/messages/"


def say(client_record, author, body="Hello", *, from_client=False, minutes_ago=0):
    created = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return Message.objects.create(
        client=client_record, author=author, from_client=from_client, body=body, created_at=created
    )


def test_the_page_has_its_address():
    assert reverse("portal:messages") == URL


def test_the_crisis_lines_and_the_office_hours_are_above_the_thread(client, login, client_user, client_record):
    clinic = client_record.clinic
    CrisisLineFactory(clinic=clinic, name="988 Suicide & Crisis Lifeline", phone="988")
    clinic.message_office_hours = "Monday to Thursday, 8:00 to 16:00"
    clinic.save()
    login(client_user)
    page = client.get(URL).content.decode()
    banner = page[page.index('id="crisis-heading"') : page.index('id="thread-heading"')]
    assert "Messages are read during office hours: Monday to Thursday, 8:00 to 16:00." in banner
    assert "For urgent help, call one of these lines:" in banner
    assert '<a href="tel:988">988</a>' in banner
    assert page.count("988 Suicide &amp; Crisis Lifeline") == 1  # in the banner, not again at the foot


def test_without_office_hours_set_the_page_says_the_clinics_office_hours(client, login, client_user, client_record):
    login(client_user)
    page = client.get(URL).content.decode()
    assert "Messages are read during the clinic's office hours." in page
    assert "For urgent help, call your local emergency number." in page  # no crisis line recorded


def test_the_client_writes_and_the_therapist_reads_it(client, login, client_user, therapist, client_record):
    login(client_user)
    response = client.post(URL, {"body": "Could we talk about work on Thursday?", "submission_key": str(uuid.uuid4())})
    assert response["Location"] == URL
    message = Message.objects.get()
    assert (message.author, message.from_client, message.client) == (client_user, True, client_record)
    assert AuditEvent.objects.filter(action="message.create", actor=client_user, client=client_record).exists()
    page = client.get(URL).content.decode()
    assert "Your message is sent." in page
    assert "Could we talk about work on Thursday?" in page


def test_a_double_submit_makes_one_message(client, login, client_user, client_record):
    login(client_user)
    data = {"body": "Could we talk about work on Thursday?", "submission_key": str(uuid.uuid4())}
    client.post(URL, data)
    client.post(URL, data)
    assert Message.objects.count() == 1


def test_opening_the_page_marks_the_care_teams_messages_read_and_is_audited(
    client, login, client_user, therapist, client_record
):
    from_team = say(client_record, therapist, "How did the meeting go?")
    mine = say(client_record, client_user, "It went well", from_client=True)
    login(client_user)
    page = client.get(URL).content.decode()
    assert page.count(">New</span>") == 1
    assert "How did the meeting go?" in page
    assert "Alice Therapist" in page
    from_team.refresh_from_db()
    mine.refresh_from_db()
    assert from_team.read_at is not None
    assert mine.read_at is None  # the care team reads it, not the client
    event = AuditEvent.objects.get(action="portal.messages.view")
    assert (event.actor, event.client, event.detail) == (client_user, client_record, {"marked_read": 1})


def test_the_navigation_links_to_messages_with_the_unread_count(client, login, client_user, therapist, client_record):
    say(client_record, therapist, "One")
    say(client_record, therapist, "Two")
    login(client_user)
    home = client.get(reverse("portal:home")).content.decode()
    assert f'href="{URL}">Messages <span class="badge text-bg-primary">2<span class="visually-hidden"> unread' in home
    client.get(URL)
    assert f'href="{URL}">Messages</a>' in client.get(reverse("portal:home")).content.decode()


def test_another_client_sees_only_their_own_thread(
    client, login, client_user, other_client_user, client_record, other_client_record
):
    say(client_record, client_user, "Only for my care team", from_client=True)
    login(other_client_user)
    page = client.get(URL).content.decode()
    assert "Only for my care team" not in page
    assert "No messages yet." in page
    client.post(URL, {"body": "Hello from Erin"})
    assert Message.objects.get(body="Hello from Erin").client.portal_user == other_client_user


def test_staff_have_no_portal_thread(client, login, therapist):
    login(therapist)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"body": "Hello"}).status_code == 404


def test_when_messaging_is_off_the_page_shows_the_reason_and_no_form(
    client, login, client_user, therapist, client_record
):
    messaging.set_messaging(
        client=client_record, by_user=therapist, enabled=False, reason="We will talk in our sessions for now."
    )
    login(client_user)
    page = client.get(URL).content.decode()
    assert "Messages are turned off for now" in page
    assert "We will talk in our sessions for now." in page
    assert "Send message" not in page
    assert "<textarea" not in page
    response = client.post(URL, {"body": "Hello?"})
    assert response.status_code == 400
    assert "Your therapist has turned messages off for now" in response.content.decode()
    assert not Message.objects.exists()


def test_past_the_limit_the_form_says_so_and_keeps_the_typed_text(client, login, client_user, client_record, settings):
    settings.MESSAGES_PER_HOUR = 2
    say(client_record, client_user, from_client=True, minutes_ago=5)
    say(client_record, client_user, from_client=True, minutes_ago=1)
    login(client_user)
    response = client.post(URL, {"body": "One more thing about Thursday"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "You have sent 2 messages in the last hour" in page
    assert "One more thing about Thursday</textarea>" in page
    assert Message.objects.count() == 2


def test_a_closed_record_reads_the_thread_and_sends_nothing(client, login, client_user, therapist, client_record):
    say(client_record, therapist, "Take care, and all the best.")
    services.client_set_status(client=client_record, by_user=therapist, status=ClientStatus.DISCHARGED)
    client_user.refresh_from_db()
    login(client_user)
    page = client.get(URL).content.decode()
    assert "Take care, and all the best." in page
    assert "data-read-only-note" in page
    assert "<textarea" not in page
    assert client.post(URL, {"body": "Thank you"}).status_code == 303  # refused before the view (discharge.py)
    assert Message.objects.count() == 1


def test_the_clinic_admin_sets_the_office_hours(client, login, admin, clinic):
    login(admin)
    url = reverse("accounts:clinic_settings")
    assert "Office hours for messages" in client.get(url).content.decode()
    data = {
        "clinic-name": clinic.name,
        "clinic-timezone": clinic.timezone,
        "clinic-default_language": "en",
        "clinic-session_idle_minutes": "15",
        "clinic-export_expiry_days": "7",
        "clinic-discharge_grace_days": "30",
        "clinic-message_office_hours": "Lunes a viernes, de 9:00 a 17:00",
        "lines-TOTAL_FORMS": "0",
        "lines-INITIAL_FORMS": "0",
    }
    assert client.post(url, data)["Location"] == url
    clinic.refresh_from_db()
    assert clinic.message_office_hours == "Lunes a viernes, de 9:00 a 17:00"
    assert AuditEvent.objects.get(action="clinic.settings").detail == {"fields": ["message_office_hours"]}


def test_the_page_is_in_spanish_for_a_spanish_speaker(client, login, client_user, therapist, client_record):
    client_user.preferred_language = "es"
    client_user.save()
    say(client_record, therapist, "Hola")
    login(client_user)
    client.cookies["django_language"] = "es"
    page = client.get(URL).content.decode()
    assert '<html lang="es">' in page
    for spanish in (
        "Mensajes con tu equipo de atención",
        "Los mensajes se leen en el horario de atención de la clínica.",
        "Escribe a tu equipo de atención",
        "Enviar mensaje",
        ">Nuevo</span>",
    ):
        assert spanish in page, spanish
    response = client.post(URL, {"body": ""})
    assert "Escribe tu mensaje primero." in response.content.decode()
