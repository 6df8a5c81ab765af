"""The audit log shows a clinic admin the minimum necessary (issue 19, item 14): who, when, which record and
which kind of action; an event's detail and page (`measure.record {"instrument": ...}`, `journal_entry.create
{"private": true}`) only while the admin holds an emergency access to that client. A therapist reading their
own actions sees everything. The page and the CSV export follow the same rule."""

import csv
import html
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent

from ..factories import EmergencyAccessFactory

LOG = reverse("accounts:audit_log")
EXPORT = reverse("accounts:audit_log_export")
MEASURE_PATH = "/clients/1/portfolio/measures/ismi10/enter/"
HINTS = ('{"instrument": "ismi10"}', '{"private": true}', MEASURE_PATH)


def recorded(actor, client, action, detail, path="/portal/journal/"):
    return AuditEvent.objects.create(
        actor=actor, clinic_id=actor.clinic_id, client=client, action=action, detail=detail, path=path
    )


@pytest.fixture
def clinical_events(therapist, colleague, client_record, other_client_record):
    """A measure and a private journal entry of `client_record`, and a measure of the colleague's client."""
    recorded(therapist, client_record, "measure.record", {"instrument": "ismi10"}, path=MEASURE_PATH)
    recorded(client_record.portal_user, client_record, "journal_entry.create", {"private": True})
    recorded(colleague, other_client_record, "measure.record", {"instrument": "ismi10"}, path=MEASURE_PATH)


def page_of(client):
    response = client.get(LOG)
    assert response.status_code == 200
    return response.content.decode()


def csv_rows(client, **query):
    """(client, action, path, detail) of each exported event, less the log's own."""
    response = client.get(EXPORT, query)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode(), newline="")))
    return sorted((row[3], row[4], row[8], row[11]) for row in rows[1:] if not row[4].startswith("audit_log."))


def test_an_admin_sees_who_when_and_what_of_a_clients_events_but_no_details(client, login, admin, clinical_events):
    login(admin)
    page = page_of(client)
    assert "<code>measure.record</code>" in page
    assert "<code>journal_entry.create</code>" in page
    assert "<td>Dana</td>" in page  # which record
    for hint in HINTS:
        assert html.escape(hint) not in page
    assert "instrument" not in page
    assert "ismi10" not in page
    assert "private" not in page.split("<tbody>")[1]
    assert csv_rows(client) == [
        ("Dana", "journal_entry.create", "", ""),
        ("Dana", "measure.record", "", ""),
        ("Erin", "measure.record", "", ""),
    ]


def test_under_an_emergency_access_the_admin_sees_that_clients_details_only(
    client, login, admin, client_record, clinical_events
):
    EmergencyAccessFactory(admin=admin, client=client_record)
    login(admin)
    page = page_of(client)
    for hint in HINTS:
        assert html.escape(hint) in page
    assert csv_rows(client) == [
        ("Dana", "journal_entry.create", "/portal/journal/", '{"private": true}'),
        ("Dana", "measure.record", MEASURE_PATH, '{"instrument": "ismi10"}'),
        ("Erin", "measure.record", "", ""),  # no emergency access to the colleague's client
    ]


def test_an_ended_emergency_access_shows_no_more_details(client, login, admin, client_record, clinical_events):
    EmergencyAccessFactory(admin=admin, client=client_record, ended_early_at=timezone.now())
    EmergencyAccessFactory(client=client_record)  # another admin's access opens nothing to this one
    login(admin)
    page = page_of(client)
    assert "ismi10" not in page
    assert {row[3] for row in csv_rows(client)} == {""}


def test_an_event_of_no_client_keeps_its_page_but_not_its_detail(client, login, admin, therapist):
    AuditEvent.objects.create(
        actor=therapist, clinic=therapist.clinic, action="account.language.update", detail={"language": "es"},
        path="/accounts/language/",
    )  # fmt: skip
    login(admin)
    page = page_of(client)
    assert "/accounts/language/" in page
    assert html.escape('{"language": "es"}') not in page
    assert csv_rows(client) == [("", "account.language.update", "/accounts/language/", "")]


def test_a_therapist_sees_the_details_of_their_own_actions(client, login, therapist, clinical_events):
    login(therapist)
    page = page_of(client)
    assert html.escape('{"instrument": "ismi10"}') in page
    assert MEASURE_PATH in page
    assert csv_rows(client) == [("Dana", "measure.record", MEASURE_PATH, '{"instrument": "ismi10"}')]
