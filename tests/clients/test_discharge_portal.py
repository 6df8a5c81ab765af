"""Issue 19 item 4: a discharge ends the portal sessions and pauses the client's reminders; the portal is
read-only for the clinic's grace period, then closed; re-opening restores everything. Every step is audited.
"""

import datetime as dt

import pytest
import time_machine
from django.test import Client as DjangoClient
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from clients import services
from clients.models import ClientStatus
from portfolio.models import EmpowermentPlan, ExportStatus, JournalEntry, PortfolioExport
from reminders.models import Reminder, ReminderStatus

from ..conftest import log_in
from ..factories import MicroGoalFactory

pytestmark = pytest.mark.django_db

# 03:00 UTC on 1 March is still 28 February in Chicago: the notice must use the clinic's zone.
DISCHARGED_AT = dt.datetime(2026, 3, 1, 3, 0, tzinfo=dt.UTC)
JOURNAL = {"kind": "victory", "text": "I spoke up at work today.", "written_on": "2026-03-02"}


@pytest.fixture
def chicago(clinic):
    clinic.timezone = "America/Chicago"
    clinic.save()
    return clinic


def _discharge(record, therapist):
    services.client_set_status(client=record, by_user=therapist, status=ClientStatus.DISCHARGED)
    record.portal_user.refresh_from_db()  # the sessions ended: a new sign-in hashes the new session stamp


def _reopen(record, therapist):
    return services.client_set_status(client=record, by_user=therapist, status=ClientStatus.ACTIVE)


def _reminder(recipient, record, therapist, *, source="", status=ReminderStatus.ACTIVE):
    return Reminder.objects.create(
        recipient=recipient,
        client=record,
        created_by=therapist,
        local_time=dt.time(9, 0),
        time_zone="UTC",
        recurrence="daily",
        source=source,
        status=status,
        next_at=DISCHARGED_AT + dt.timedelta(hours=6),
    )


def _actions(record):
    return sorted(AuditEvent.objects.filter(client=record).values_list("action", flat=True))


def test_a_discharge_through_the_overview_ends_the_clients_portal_session(
    client, client_user, client_record, therapist
):
    log_in(client, client_user)
    assert client.get(reverse("portal:home")).status_code == 200
    staff = log_in(DjangoClient(), therapist)
    staff.post(reverse("clients:discharge", args=[client_record.pk]))
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert "client.portal_sessions_ended" in _actions(client_record)


def test_a_discharge_pauses_the_clients_reminders_and_reopening_resumes_only_those(
    client_user, client_record, therapist
):
    mine = _reminder(client_user, client_record, therapist, source="micro_goal:1")
    paused_before = _reminder(client_user, client_record, therapist, status=ReminderStatus.PAUSED)
    reply = _reminder(client_user, client_record, therapist, source="grievance:1")  # an answer to a complaint
    for_therapist = _reminder(therapist, client_record, therapist)  # a follow-up the therapist set for themselves
    with time_machine.travel(DISCHARGED_AT, tick=False):
        _discharge(client_record, therapist)

    def status(reminder):
        reminder.refresh_from_db()
        return reminder.status

    assert status(mine) == ReminderStatus.PAUSED
    assert (status(paused_before), status(reply), status(for_therapist)) == ("paused", "active", "active")

    with time_machine.travel(DISCHARGED_AT + dt.timedelta(days=3), tick=False):
        _reopen(client_record, therapist)
        assert status(mine) == ReminderStatus.ACTIVE
        assert mine.next_at > DISCHARGED_AT + dt.timedelta(days=3)  # rolled forward, no burst of missed ones
    assert status(paused_before) == ReminderStatus.PAUSED  # paused for another reason: stays paused
    client_record.refresh_from_db()
    assert client_record.paused_by_discharge == []
    assert _actions(client_record) == sorted(
        [
            "client.discharge",
            "client.portal_sessions_ended",
            "client.reminders_paused",
            "client.reopen",
            "client.reminders_resumed",
        ]
    )
    paused = AuditEvent.objects.get(client=client_record, action="client.reminders_paused")
    assert paused.detail == {"count": 1}


def test_during_the_grace_period_the_portal_reads_but_refuses_every_write(
    client, chicago, client_user, client_record, therapist
):
    goal = MicroGoalFactory(client=client_record, shared_with_client=True)
    EmpowermentPlan.objects.create(client=client_record, created_by=therapist, shared_with_client=True)
    with time_machine.travel(DISCHARGED_AT, tick=False):
        _discharge(client_record, therapist)
    with time_machine.travel(DISCHARGED_AT + dt.timedelta(days=2), tick=False):
        ready = PortfolioExport.objects.create(
            client=client_record,
            sections=["plan"],
            language="en",
            status=ExportStatus.READY,
            requested_by=client_user,
            finished_at=timezone.now(),
            expires_at=timezone.now() + dt.timedelta(days=7),
        )
        log_in(client, client_user)
        home = client.get(reverse("portal:home"))
        page = home.content.decode()
        assert home.status_code == 200
        assert reverse("portal:export_download", args=[ready.pk]) in page  # the ready PDF is still offered
        assert "Your record is closed: your planner is read-only" in page
        assert "March 30, 2026" in page
        assert "March 31" not in page  # 30 days, in the clinic's time zone
        assert reverse("portal:goal_check", args=[goal.pk]) not in page  # no tick button
        assert reverse("portal:encounter_log") not in page

        journal = client.get(reverse("portal:journal"))
        assert journal.status_code == 200
        assert 'name="text"' not in journal.content.decode()

        writes = [
            (reverse("portal:journal"), JOURNAL),
            (reverse("portal:goal_check", args=[goal.pk]), {"done": "1"}),
            (reverse("portal:profile"), {"allow_email": "on", "version": "1"}),
            (reverse("portal:reminders"), {"goal": str(goal.pk), "local_time": "09:00"}),
        ]
        for url, data in writes:
            refused = client.post(url, data, HTTP_REFERER="http://testserver" + reverse("portal:journal"))
            assert refused.status_code == 303, url
            assert refused["Location"] == "http://testserver" + reverse("portal:journal")
        assert not JournalEntry.objects.filter(client=client_record).exists()
        assert not goal.checks.exists()
        assert not Reminder.objects.filter(source__startswith="micro_goal:").exists()
        shown = client.get(reverse("portal:journal")).content.decode()
        assert "Nothing was saved. Your record at the clinic is closed" in shown
        assert AuditEvent.objects.filter(client=client_record, action="portal.write_refused").count() == 4

        # A complaint is still a right after discharge; a copy of the portfolio is a read of the record.
        complaint = client.post(reverse("portal:grievance_new"), {})
        assert complaint.status_code == 400  # the form's own answer to an empty complaint, not a refusal
        pdf = client.post(reverse("portal:exports"), {"sections": ["milestones"], "language": "en"})
        assert pdf.status_code in (200, 302)
        assert pdf.get("Location", "") != reverse("portal:home")
        assert PortfolioExport.objects.filter(client=client_record).count() == 2  # a new PDF was asked for
        assert AuditEvent.objects.filter(client=client_record, action="portal.write_refused").count() == 4


def test_the_read_only_notice_is_in_spanish_too(client, chicago, client_user, client_record, therapist):
    client_user.preferred_language = "es"
    client_user.save()
    with time_machine.travel(DISCHARGED_AT, tick=False):
        _discharge(client_record, therapist)
    with time_machine.travel(DISCHARGED_AT + dt.timedelta(days=1), tick=False):
        log_in(client, client_user)
        page = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Tu expediente está cerrado: tu planificador es de solo lectura" in page
    assert "30 de marzo de 2026" in page


def test_after_the_grace_period_the_account_sees_only_the_closed_record_page(
    client, clinic, client_user, client_record, therapist
):
    clinic.discharge_grace_days = 10
    clinic.save()
    with time_machine.travel(DISCHARGED_AT, tick=False):
        _discharge(client_record, therapist)
    with time_machine.travel(DISCHARGED_AT + dt.timedelta(days=10, minutes=1), tick=False):
        log_in(client, client_user)
        closed = reverse("portal:record_closed")
        for name in ("portal:home", "portal:journal", "portal:safety_plan", "portal:exports", "portal:grievances"):
            response = client.get(reverse(name))
            assert response.status_code == 302, name
            assert response["Location"] == closed, name
        assert client.post(reverse("portal:journal"), JOURNAL)["Location"] == closed
        page = client.get(closed).content.decode()
        assert "Your record is closed" in page
        assert clinic.name in page
        assert therapist.full_name in page
        assert not JournalEntry.objects.filter(client=client_record).exists()


def test_a_grace_period_of_zero_days_closes_the_portal_at_discharge(
    client, clinic, client_user, client_record, therapist
):
    clinic.discharge_grace_days = 0
    clinic.save()
    _discharge(client_record, therapist)
    log_in(client, client_user)
    assert client.get(reverse("portal:home"))["Location"] == reverse("portal:record_closed")


def test_reopening_restores_the_portal(client, client_user, client_record, therapist):
    with time_machine.travel(DISCHARGED_AT, tick=False):
        _discharge(client_record, therapist)
    with time_machine.travel(DISCHARGED_AT + dt.timedelta(days=40), tick=False):
        log_in(client, client_user)
        assert client.get(reverse("portal:home"))["Location"] == reverse("portal:record_closed")
        _reopen(client_record, therapist)
        page = client.get(reverse("portal:home")).content.decode()
        assert "read-only" not in page
        assert client.get(reverse("portal:record_closed"))["Location"] == reverse("portal:home")
        assert client.post(reverse("portal:journal"), JOURNAL).status_code == 302
        assert JournalEntry.objects.filter(client=client_record).count() == 1


def test_an_active_clients_portal_is_untouched(client, login, client_user, client_record):
    login(client_user)
    assert "read-only" not in client.get(reverse("portal:home")).content.decode()
    assert client.post(reverse("portal:journal"), JOURNAL).status_code == 302
    assert not AuditEvent.objects.filter(action="portal.write_refused").exists()


@pytest.mark.parametrize(("days", "ok"), [("-1", False), ("0", True), ("90", True), ("91", False)])
def test_the_clinic_sets_the_read_only_days_between_0_and_90(client, login, admin, clinic, days, ok):
    login(admin)
    data = {
        "clinic-name": clinic.name,
        "clinic-timezone": "America/Chicago",
        "clinic-default_language": "en",
        "clinic-session_idle_minutes": "15",
        "clinic-export_expiry_days": "7",
        "clinic-discharge_grace_days": days,
        "lines-TOTAL_FORMS": "0",
        "lines-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("accounts:clinic_settings"), data)
    clinic.refresh_from_db()
    if ok:
        assert response.status_code == 302
        assert clinic.discharge_grace_days == int(days)
    else:
        page = response.content.decode()
        assert response.status_code == 400
        assert clinic.discharge_grace_days == 30
        assert f'value="{days}"' in page  # what was typed is kept
        assert "Read-only days after discharge" in page


def test_the_clinic_settings_page_explains_the_setting_in_spanish(client, login, admin):
    admin.preferred_language = "es"
    admin.save()
    login(admin)
    page = client.get(reverse("accounts:clinic_settings"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Días de solo lectura tras el alta" in page
