"""The audit log viewer and its CSV export: who sees which events, the filters, bad input, safe CSV cells,
and (on PostgreSQL) that the filters read the audit table through an index."""

import csv
import datetime
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from audit import recording
from audit import views as audit_views
from audit.forms import AuditFilterForm
from audit.models import AuditEvent
from clients import access

from ..factories import ClientFactory, EmergencyAccessFactory, UserFactory

LOG = reverse("accounts:audit_log")
EXPORT = reverse("accounts:audit_log_export")
NEW_YORK = ZoneInfo("America/New_York")


def event(actor, action, *, client=None, at=None, **fields):
    """An audit event as the app writes them, at a chosen moment."""
    return AuditEvent.objects.create(
        actor=actor,
        clinic_id=actor.clinic_id,
        client=client,
        action=action,
        at=at or timezone.now(),
        **fields,
    )


def shown_actions(response):
    """The action codes in the page's table, in order, less the log's own "audit_log.view" events (each look
    at the log is logged, and shows on the next look)."""
    codes = re.findall(r"<code>([^<]+)</code>", response.content.decode())
    return [code for code in codes if code != "audit_log.view"]


def exported(response):
    """The CSV's rows after its header, less the log's own "audit_log.*" events."""
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode(), newline="")))
    assert rows[0] == list(audit_views.EXPORT_HEADER)
    return [row for row in rows[1:] if not row[4].startswith("audit_log.")]


# Who sees what ------------------------------------------------------------------------------------------


def test_an_admin_sees_the_clinics_events_with_names_labels_and_codes(client, login, admin, therapist, client_record):
    event(therapist, "disclosure_plan.view", client=client_record, path="/clients/x/disclosure/")
    login(admin)
    response = client.get(LOG)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<td>Alice Therapist <span" in page
    assert "<td>Dana</td>" in page
    assert "<code>disclosure_plan.view</code>" in page
    assert "Disclosure plan: viewed" in page  # the human label beside the code


def test_viewing_and_exporting_are_audited_with_the_filter_as_ids(client, login, admin, therapist, client_record):
    login(admin)
    query = {"person": therapist.pk, "client": client_record.pk, "action": "client.", "date_from": "2024-01-01"}
    assert client.get(LOG, query).status_code == 200
    viewed = AuditEvent.objects.get(action="audit_log.view")
    assert viewed.actor == admin
    assert viewed.client == client_record
    assert viewed.detail == {
        "person": str(therapist.pk),
        "client": str(client_record.pk),
        "action": "client.",
        "date_from": "2024-01-01",
    }
    exported(client.get(EXPORT, query))
    assert AuditEvent.objects.get(action="audit_log.export").detail == viewed.detail


def test_a_therapist_sees_only_their_own_actions(client, login, therapist, colleague, admin, client_record):
    event(therapist, "safety_plan.view", client=client_record)
    event(colleague, "caseload.view")
    event(admin, "roster.view")
    login(therapist)
    assert shown_actions(client.get(LOG)) == ["safety_plan.view"]
    # Asking for a colleague's actions changes nothing: a therapist's log has no person filter.
    assert shown_actions(client.get(LOG, {"person": colleague.pk})) == ["safety_plan.view"]
    assert [row[4] for row in exported(client.get(EXPORT))] == ["safety_plan.view"]


def test_a_therapist_may_filter_only_by_clients_of_their_caseload(
    client, login, therapist, client_record, other_client_record
):
    login(therapist)
    response = client.get(LOG, {"client": other_client_record.pk})
    assert response.status_code == 400
    assert "That client is not on your caseload" in response.content.decode()


def test_another_clinics_admin_sees_nothing_of_this_clinic(client, login, other_admin, admin, therapist, client_record):
    event(therapist, "client.overview.view", client=client_record)
    event(admin, "roster.view")
    login(other_admin)
    assert shown_actions(client.get(LOG)) == []
    assert exported(client.get(EXPORT)) == []
    # This clinic's people and clients are not choices there: the page says so and shows nothing.
    for query in ({"person": therapist.pk}, {"client": client_record.pk}):
        response = client.get(LOG, query)
        assert response.status_code == 400
        assert "Alice Therapist" not in response.content.decode()
        assert shown_actions(response) == []
        assert client.get(EXPORT, query).status_code == 400


def test_the_filter_reads_the_chosen_client_once_and_lists_no_one(
    client, login, admin, therapist, client_record, other_client_record
):
    login(admin)
    client.get(LOG)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(LOG, {"client": client_record.pk}).content.decode()
    reads = [query["sql"] for query in captured.captured_queries]
    # The chosen client (checked to be a choice, and named in the audit event and the type-ahead); no list
    # of the clinic's clients or staff (issue 21: the type-ahead asks for matches as the admin types).
    assert sum('FROM "clients_client"' in sql for sql in reads) == 1, reads
    assert not any('FROM "accounts_user"' in sql and "ORDER BY" in sql for sql in reads), reads
    assert f'<input type="hidden" name="client" value="{client_record.pk}"' in page
    assert 'value="Dana"' in page
    assert "<option" not in page.split("<datalist")[0]
    assert "Erin" not in page
    assert "Alice Therapist (Therapist)" not in page


@pytest.mark.parametrize("url", [LOG, EXPORT])
def test_clients_cannot_open_the_log_or_export_it(client, login, client_user, client_record, url):
    event(client_user, "portal.home.view", client=client_record)
    login(client_user)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", [LOG, EXPORT])
def test_staff_who_have_not_passed_the_second_factor_are_sent_to_it(client, login, admin, url):
    login(admin, verified=False)
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("accounts:mfa_verify") in response["Location"]


# Filters -----------------------------------------------------------------------------------------------


@pytest.fixture
def history(admin, therapist, colleague, client_record, other_client_record):
    """A clinic's events over three years, newest first in this list."""
    now = timezone.now()
    return {
        "recent": event(therapist, "client.overview.view", client=client_record, at=now - datetime.timedelta(days=1)),
        "colleague": event(
            colleague, "disclosure_plan.update", client=other_client_record, at=now - datetime.timedelta(days=10)
        ),
        "admin": event(admin, "roster.view", at=now - datetime.timedelta(days=20)),
        "last_year": event(
            therapist, "safety_plan.update", client=client_record, at=now - datetime.timedelta(days=400)
        ),
        "long_ago": event(
            colleague, "disclosure_plan.view", client=other_client_record, at=now - datetime.timedelta(days=1000)
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["recent", "colleague", "admin", "last_year", "long_ago"]),
        ({"person": "colleague"}, ["colleague", "long_ago"]),
        ({"client": "client_record"}, ["recent", "last_year"]),
        ({"action": "disclosure_plan."}, ["colleague", "long_ago"]),
        ({"action": "disclosure_plan.view"}, ["long_ago"]),
        ({"action": "  Roster.View "}, ["admin"]),  # spaces and capitals forgiven
        ({"person": "therapist", "action": "safety_plan."}, ["last_year"]),
    ],
)
def test_each_filter_narrows_the_log(client, login, admin, history, query, expected, request):
    login(admin)
    resolved = {
        key: request.getfixturevalue(value).pk if key in ("person", "client") else value for key, value in query.items()
    }
    response = client.get(LOG, resolved)
    assert response.status_code == 200
    assert shown_actions(response) == [history[name].action for name in expected]


def test_a_date_range_older_than_a_year_finds_old_events(client, login, admin, history):
    login(admin)
    long_ago = timezone.localdate(history["long_ago"].at, NEW_YORK)
    last_year = timezone.localdate(history["last_year"].at, NEW_YORK)
    response = client.get(LOG, {"date_from": long_ago.isoformat(), "date_to": last_year.isoformat()})
    assert shown_actions(response) == ["safety_plan.update", "disclosure_plan.view"]
    only_the_oldest = {"date_to": (long_ago + datetime.timedelta(days=30)).isoformat()}
    assert shown_actions(client.get(LOG, only_the_oldest)) == ["disclosure_plan.view"]
    assert [row[4] for row in exported(client.get(EXPORT, only_the_oldest))] == ["disclosure_plan.view"]


def test_dates_are_whole_days_in_the_clinics_time_zone(client, login, admin, therapist):
    # 03:30 UTC on 1 March is still 29 February, 22:30, in New York (the clinic's time zone).
    event(therapist, "caseload.view", at=datetime.datetime(2024, 3, 1, 3, 30, tzinfo=datetime.UTC))
    login(admin)
    assert shown_actions(client.get(LOG, {"date_from": "2024-02-29", "date_to": "2024-02-29"})) == ["caseload.view"]
    assert shown_actions(client.get(LOG, {"date_from": "2024-03-01"})) == []
    assert shown_actions(client.get(LOG, {"date_to": "2024-02-28"})) == []


def test_pages_go_back_through_events_with_the_same_time_without_losing_or_repeating_any(
    client, login, admin, therapist
):
    moment = timezone.now() - datetime.timedelta(days=3)
    made = {event(therapist, f"check_in.create.n{number}", at=moment).action for number in range(120)}
    login(admin)
    seen, response = [], client.get(LOG, {"action": "check_in."})
    for _ in range(3):
        page = shown_actions(response)
        seen += page
        older = re.search(r'href="\?([^"]*before=[^"]*)">Older', response.content.decode())
        if not older:
            break
        response = client.get(LOG + "?" + older.group(1).replace("&amp;", "&"))
    assert len(seen) == 120
    assert set(seen) == made
    assert [len(chunk) for chunk in (seen[:50], seen[50:100], seen[100:])] == [50, 50, 20]
    newer = re.search(r'href="\?([^"]*after=[^"]*)">Newer', response.content.decode())
    assert shown_actions(client.get(LOG + "?" + newer.group(1).replace("&amp;", "&"))) == seen[50:100]


def test_a_count_beyond_the_cap_says_more_than(client, login, admin, therapist, monkeypatch):
    monkeypatch.setattr(audit_views, "COUNT_CAP", 3)
    for _ in range(5):
        event(therapist, "caseload.view")
    login(admin)
    assert "More than 3 events match." in client.get(LOG).content.decode()


# Bad input ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from": "2026-13-45"}, "Enter the date as year-month-day, for example 2025-03-31."),
        ({"date_from": "2025-06-01", "date_to": "2025-01-31"}, "The “to” date is before the “from” date."),
        ({"person": "8d3f3a52-1f5b-4c0e-9a55-9b2f4f0c1d2e"}, "That person is not on your clinic"),
        ({"person": "not-an-id"}, "That person is not on your clinic"),
        ({"client": "8d3f3a52-1f5b-4c0e-9a55-9b2f4f0c1d2e"}, "That client is not on your list."),
        ({"action": "client.view; drop"}, "Action codes use lower-case letters, digits, dots and underscores"),
        ({"date_to": "0001-01-01"}, "Enter a date between the years 1900 and 9000."),
    ],
)
def test_bad_filter_input_is_explained_kept_and_shows_no_events(client, login, admin, therapist, query, message):
    event(therapist, "caseload.view")
    login(admin)
    response = client.get(LOG, query | {"action": query.get("action", "caseload.")})
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page.replace("&#x27;", "'")
    assert "The filter needs a correction" in page
    assert shown_actions(response) == []
    for name, value in query.items():
        if name not in ("person", "client"):  # a select cannot show a value it does not offer
            assert f'value="{value}"' in page.replace("&#x27;", "'")
    assert not AuditEvent.objects.filter(action="audit_log.view").exists()


def test_a_bad_filter_on_the_export_shows_the_page_with_the_message(client, login, admin):
    login(admin)
    response = client.get(EXPORT, {"date_from": "2026-13-45"})
    assert response.status_code == 400
    assert 'value="2026-13-45"' in response.content.decode()
    assert not AuditEvent.objects.filter(action="audit_log.export").exists()


# The CSV ------------------------------------------------------------------------------------------------

DANGEROUS = ['=HYPERLINK("http://example.org")', "+SUM(1,2)", "-2+3", "@SUM(A1)", "\tTabbed", "\rReturned"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_cell_that_a_spreadsheet_would_run_is_prefixed_with_a_quote(value):
    assert audit_views.spreadsheet_safe(value) == "'" + value
    assert audit_views.spreadsheet_safe("plain text = fine") == "plain text = fine"


def test_the_csv_escapes_every_cell_starting_with_a_formula_character(client, login, admin, clinic):
    someone = UserFactory(clinic=clinic, role=Role.THERAPIST, full_name="@Taylor Therapist")
    person = ClientFactory(clinic=clinic, primary_therapist=someone, preferred_name="=Sam Rivera")
    event(someone, "=cmd|' /C calc'!A0", client=person, path="+/clients/", object_id="-1", detail={"page": 2})
    event(someone, "+client.view", client=person, path="@/clients/", object_type="\tclients.client")
    event(someone, "-client.view", path="\r/clients/")
    event(someone, "@client.view", path="=1+2")
    EmergencyAccessFactory(admin=admin, client=person)  # so that the admin's export shows the client's pages too
    login(admin)
    response = client.get(EXPORT)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = exported(response)
    assert len(body) == 4
    assert {row[4] for row in body} == {"'=cmd|' /C calc'!A0", "'+client.view", "'-client.view", "'@client.view"}
    assert {row[1] for row in body} == {"'@Taylor Therapist"}
    assert {row[3] for row in body} == {"'=Sam Rivera", ""}
    assert {row[8] for row in body} == {"'+/clients/", "'@/clients/", "'\r/clients/", "'=1+2"}
    assert "'\tclients.client" in {row[6] for row in body}
    assert "'-1" in {row[7] for row in body}
    for row in body:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row


def test_the_csv_follows_the_filter_and_names_no_one_in_its_filename(
    client, login, admin, therapist, colleague, client_record
):
    event(therapist, "safety_plan.view", client=client_record, detail={"section": "warning_signs"})
    event(colleague, "caseload.view")
    login(admin)
    response = client.get(EXPORT, {"person": therapist.pk})
    disposition = response["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"', disposition)
    assert [(row[1], row[3], row[4]) for row in exported(response)] == [("Alice Therapist", "Dana", "safety_plan.view")]


def test_the_csv_times_are_in_the_clinics_time_zone(client, login, admin, therapist):
    event(therapist, "caseload.view", at=datetime.datetime(2024, 3, 1, 3, 30, tzinfo=datetime.UTC))
    login(admin)
    assert [row[0] for row in exported(client.get(EXPORT))] == ["2024-02-29T22:30:00-05:00"]


# The query plans on PostgreSQL --------------------------------------------------------------------------

PLAN_ROWS = 100_000


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)  # VACUUM cannot run in a transaction; the table is emptied afterwards
def test_the_filters_read_the_audit_table_through_an_index(admin, therapist, colleague, client_record, clinic):
    """With 100,000 events in four clinics over three years, no filter of the page scans the table."""
    from tests.factories import ClinicFactory

    clinics = [clinic.pk] + [ClinicFactory().pk for _ in range(3)]
    people = [therapist.pk, colleague.pk, admin.pk]
    start = timezone.now() - datetime.timedelta(days=3 * 365)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO accounts_auditevent
                (id, at, actor_id, clinic_id, client_id, action, object_type, object_id, path, detail)
            SELECT gen_random_uuid(), %(start)s::timestamptz + n * %(minutes)s * interval '1 minute',
                CASE WHEN n %% 4 = 0 THEN (%(people)s::uuid[])[1 + n / 4 %% 3] END,
                (%(clinics)s::uuid[])[1 + n %% 4],
                CASE WHEN n %% 4 = 0 AND n %% 3 = 0 THEN %(client)s::uuid END,
                CASE WHEN n %% 1000 = 0 THEN 'emergency_access.start'
                     ELSE (ARRAY['client.overview.view', 'safety_plan.update', 'auth.login', 'caseload.view',
                                 'disclosure_plan.view', 'portfolio.view'])[1 + n / 12 %% 6] END,
                '', '', '/', '{}'::jsonb
            FROM generate_series(1, %(rows)s) AS n
            """,
            {
                "start": start,
                "minutes": 3 * 365 * 24 * 60 / PLAN_ROWS,
                "people": people,
                "clinics": clinics,
                "client": client_record.pk,
                "rows": PLAN_ROWS,
            },
        )
        # As autovacuum leaves an append-only table: visibility map set, statistics fresh.
        cursor.execute("VACUUM ANALYZE accounts_auditevent")
    year = {"date_from": f"{start.year + 1}-01-01", "date_to": f"{start.year + 1}-12-31"}
    month = {"date_from": f"{start.year + 1}-05-01", "date_to": f"{start.year + 1}-05-31"}
    filters = [
        (admin, {}),
        (admin, {"person": therapist.pk}),
        (admin, {"client": client_record.pk}),
        (admin, {"action": "client.overview.view"}),
        (admin, {"action": "emergency_access."}),
        (admin, month),
        (admin, year),
        (admin, {"person": therapist.pk, "action": "safety_plan."} | year),
        (admin, {"client": client_record.pk} | month),
        (therapist, {}),
        (therapist, {"action": "emergency_access."} | year),
    ]
    for user, data in filters:
        form = AuditFilterForm(data, user=user, zone=NEW_YORK)
        assert form.is_valid(), form.errors
        events = form.apply(access.audit_events(user))
        shown = list(audit_views.newest_first(events).values_list("at", "id")[:61])
        assert shown, f"no events for {data} as {user.role}"
        plans = {
            "first page": _explain(audit_views.events_page, events),
            "an older page": _explain(audit_views.events_page, events, before=shown[-1]),
            "count": _explain(audit_views.capped_count, events),
        }
        for label, plan in plans.items():
            assert "accounts_auditevent" in plan
            assert "Seq Scan on accounts_auditevent" not in plan, f"{label} of {data} as {user.role}:\n{plan}"


def _explain(function, *args, **kwargs):
    """EXPLAIN of the one query `function` sends, exactly as the page sends it."""
    with CaptureQueriesContext(connection) as captured:
        function(*args, **kwargs)
    (query,) = captured.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + query["sql"])
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_log_names_the_person_acted_on_under_a_label_their_model_had_before_a_move(admin, colleague, monkeypatch):
    """The log is append-only: events written before a model moved between apps keep its earlier label
    (recording.FORMER_LABELS), and the viewer still names whom they acted on."""
    monkeypatch.setitem(recording.FORMER_LABELS, "accounts.user", ["staff.member"])
    event(admin, "staff.deactivate", object_type="staff.member", object_id=str(colleague.pk))
    event(admin, "staff.reactivate", object_type="accounts.user", object_id=str(colleague.pk))
    page = audit_views.events_page(access.audit_events(admin))
    assert [row["target"] for row in page["rows"]] == [colleague.full_name, colleague.full_name]


def test_a_clinics_events_from_before_the_clinics_app_are_found_under_its_former_label(admin):
    """The clinic moved from accounts to clinics (issue 22): its settings' events written before keep the label
    accounts.clinic, and the clinic's history finds those and the ones written since."""
    clinic = admin.clinic
    before = event(admin, "clinic.settings", object_type="accounts.clinic", object_id=str(clinic.pk))
    since = recording.record(admin, "clinic.settings", obj=clinic)
    assert since.object_type == "clinics.clinic"
    history = AuditEvent.objects.filter(object_type__in=recording.object_types(clinic), object_id=str(clinic.pk))
    assert set(history) == {before, since}


def test_an_emergency_accesss_events_from_before_it_moved_to_clients_are_found_under_its_former_label(admin):
    """Emergency access moved from accounts to clients (issue 22): the events written before keep the label
    accounts.emergencyaccess, and the grant's history finds those and the ones written since."""
    grant = EmergencyAccessFactory(admin=admin, client=ClientFactory(clinic=admin.clinic))
    before = event(admin, "emergency_access.start", object_type="accounts.emergencyaccess", object_id=str(grant.pk))
    since = recording.record(admin, "emergency_access.end", client=grant.client, obj=grant)
    assert since.object_type == "clients.emergencyaccess"
    assert since.emergency_access == grant  # recorded under the grant it ends, through clients' model
    history = AuditEvent.objects.filter(object_type__in=recording.object_types(grant), object_id=str(grant.pk))
    assert set(history) == {before, since}
