"""Issue 23: the client workspace. Every page of a record has the same header (the person's name and pronouns,
today's flags, the crisis shortcut to the safety plan) and the record's tabs, the current one marked."""

import re

import pytest
from django.urls import reverse

from audit.models import AuditEvent

from ..factories import (
    CheckInFactory,
    EmergencyAccessFactory,
    PeerReferralFactory,
    SafetyPlanFactory,
)

TAB_TITLES = [
    "Overview",
    "Sessions",
    "Safety plan",
    "Support network",
    "Disclosure",
    "Messages",
    "Advocacy",
    "Peers",
    "Portfolio",
    "Reminders",
]


def header(html):
    start = html.index('<div class="workspace-header"')
    return html[start : html.index("</nav>", start)]


def tabs(html):
    return re.findall(r'<li><a href="([^"]+)"( aria-current="page")?>([^<]+)</a></li>', header(html))


def current_tab(html):
    return [title for _href, current, title in tabs(html) if current]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("clients:overview", "Overview"),
        ("clients:intake", "Overview"),
        ("clients:check_ins", "Sessions"),
        ("clients:check_in_create", "Sessions"),
        ("clients:sessions", "Sessions"),
        ("clients:session_create", "Sessions"),
        ("clients:safety_plan_edit", "Safety plan"),
        ("clients:support_person_create", "Support network"),
        ("disclosure:create", "Disclosure"),
        ("advocacy:list", "Advocacy"),
        ("peers:match", "Peers"),
        ("portfolio:measures", "Portfolio"),
        ("reminders:reminder_create", "Reminders"),
        ("reminders:client_reminders", "Reminders"),
        ("clients:messages", "Messages"),
    ],
)
def test_every_record_page_has_the_header_and_the_tabs_with_the_current_one_marked(
    client, login, therapist, client_record, name, expected
):
    client_record.pronouns = "she/her"
    client_record.save()
    login(therapist)
    html = client.get(reverse(name, args=[client_record.pk])).content.decode()
    assert [title for _href, _current, title in tabs(html)] == TAB_TITLES
    assert current_tab(html) == [expected]
    top = header(html)
    assert "Dana" in top
    assert "(she/her)" in top
    assert f'href="{reverse("clients:safety_plan", args=[client_record.pk])}">Crisis: safety plan' in top


def test_a_referral_page_is_under_the_peers_tab(client, login, therapist, client_record):
    referral = PeerReferralFactory(client=client_record)
    login(therapist)
    html = client.get(referral.get_absolute_url()).content.decode()
    assert current_tab(html) == ["Peers"]


def test_the_overview_names_the_person_once_as_its_heading(client, login, therapist, client_record):
    login(therapist)
    html = client.get(client_record.get_absolute_url()).content.decode()
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)[0].startswith("Dana")
    assert len(re.findall(r"<h1", html)) == 1


def test_the_flags_say_what_needs_attention_today(client, login, therapist, client_record):
    login(therapist)
    page = reverse("clients:check_ins", args=[client_record.pk])
    top = header(client.get(page).content.decode())
    assert "No safety plan yet" in top
    assert "High relapse risk" not in top

    SafetyPlanFactory(client=client_record)
    CheckInFactory(client=client_record, relapse_risk="high")
    top = header(client.get(page).content.decode())
    assert "No safety plan yet" not in top
    assert "High relapse risk at the last check-in" in top

    CheckInFactory(client=client_record, relapse_risk="low")  # a newer session: the flag goes
    assert "High relapse risk" not in header(client.get(page).content.decode())

    client_record.status = "discharged"
    client_record.save()
    assert ">Discharged</li>" in header(client.get(page).content.decode())


def test_a_reader_under_emergency_access_has_no_tab_for_changing_the_record(client, login, admin, client_record):
    EmergencyAccessFactory(admin=admin, client=client_record)
    login(admin)
    html = client.get(client_record.get_absolute_url()).content.decode()
    titles = [title for _href, _current, title in tabs(html)]
    assert "Peers" not in titles  # the peer matching page is for the care team
    assert "Overview" in titles
    assert "Reminders" in titles


def test_the_reminders_tab_lists_the_client_reminders_and_is_audited(client, login, therapist, client_record):
    import datetime

    from django.utils import timezone

    from reminders import services

    services.reminder_create(
        by_user=therapist,
        recipient=therapist,
        client=client_record,
        data={
            "kind": "custom",
            "note": "Bring the ally letter",
            "starts_on": timezone.localdate() + datetime.timedelta(days=1),
            "local_time": datetime.time(9, 0),
            "recurrence": "none",
            "weekdays": [],
            "channel": "in_app",
            "link": client_record.get_absolute_url(),
        },
    )
    login(therapist)
    response = client.get(reverse("reminders:client_reminders", args=[client_record.pk]))
    assert response.status_code == 200
    assert "Bring the ally letter" in response.content.decode()
    assert AuditEvent.objects.filter(action="reminder.list.view", client=client_record).count() == 1


def test_spanish_tabs(client, login, therapist, client_record):
    login(therapist)
    client.cookies["django_language"] = "es"
    html = client.get(client_record.get_absolute_url()).content.decode()
    titles = [title for _href, _current, title in tabs(html)]
    assert titles[:4] == ["Resumen", "Sesiones", "Plan de seguridad", "Red de apoyo"]
    assert "Crisis: plan de seguridad" in header(html)


def test_an_empty_card_offers_its_next_step(client, login, therapist, client_record):
    login(therapist)
    html = client.get(client_record.get_absolute_url()).content.decode()
    for name, label in [
        ("clients:check_in_create", "Record the first check-in"),
        ("clients:support_person_create", "Add someone"),
        ("disclosure:create", "New disclosure plan"),
        ("advocacy:create", "New advocacy plan"),
    ]:
        assert f'yet. <a href="{reverse(name, args=[client_record.pk])}">{label}</a>' in html, label
    assert f'yet. <a href="{reverse("portfolio:item_create", args=[client_record.pk, "goal"])}">' in html
