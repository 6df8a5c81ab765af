"""The client overview and the portal home authorize once (issue 21): the page fetches the client through the
scope, then reads the record's own rows (check-ins, safety plan, support network, portfolio PDF) by that
client's id, with the sharing rule when the reader is the client, instead of the scope subquery again."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portfolio.models import ExportStatus, PortfolioExport

from ..factories import CheckInFactory, SafetyPlanFactory, SupportPersonFactory

RECORD_TABLES = ("clients_checkin", "clients_safetyplan", "clients_supportperson", "portfolio_portfolioexport")


def _reads_of_record_tables(queries):
    """{table: [sql, ...]} for the SELECTs whose main table is one of the record's own."""
    reads = {}
    for query in queries:
        found = re.match(r'SELECT (?:DISTINCT )?"(\w+)"\.', query["sql"])  # the first column's table
        if found and found.group(1) in RECORD_TABLES:
            reads.setdefault(found.group(1), []).append(query["sql"])
    return reads


def test_the_overview_reads_the_record_by_the_proved_clients_id(client, login, therapist, client_record):
    SafetyPlanFactory(client=client_record, created_by=therapist, updated_by=therapist)
    CheckInFactory(client=client_record, created_by=therapist, wellbeing=7)
    SupportPersonFactory(client=client_record, name="Rosa Delgado", created_by=therapist)
    login(therapist)
    url = reverse("clients:overview", args=[client_record.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).content.decode()

    assert "7/10" in page
    assert "Rosa Delgado" in page
    assert "There is no safety plan yet." not in page
    reads = _reads_of_record_tables(captured.captured_queries)
    # the safety plan rides on the page's own scoped read of the client (a join), not a query of its own
    assert set(reads) == {"clients_checkin", "clients_supportperson"}
    (record_read,) = [q["sql"] for q in captured.captured_queries if q["sql"].startswith('SELECT "clients_client"')]
    assert '"clients_safetyplan"' in record_read
    assert '"clients_careteammember"' in record_read
    for table, queries in reads.items():
        for sql in queries:
            # the caseload rule (care team) and the clients table were read once, by the page's own check
            assert "clients_careteammember" not in sql, (table, sql)
            assert "clients_client" not in sql, (table, sql)


def test_the_overview_reads_only_the_columns_it_shows(client, login, therapist, client_record):
    """The record's read carries the client's shown fields, the therapist's name and the plan's dates: not the
    therapist's password hash or the safety plan's text, and showing the page reads no deferred column later."""
    SafetyPlanFactory(client=client_record, created_by=therapist, updated_by=therapist, warning_signs="Not sleeping")
    login(therapist)
    url = reverse("clients:overview", args=[client_record.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).content.decode()

    assert therapist.full_name in page
    (record_read,) = [q["sql"] for q in captured.captured_queries if 'FROM "clients_client"' in q["sql"]]
    assert '"accounts_user"."full_name"' in record_read
    assert '"clients_safetyplan"."reviewed_at"' in record_read
    assert '"accounts_user"."password"' not in record_read.split("FROM")[0]
    assert '"clients_safetyplan"."warning_signs"' not in record_read


def test_the_overview_without_the_joined_plan_reads_it_through_the_scope(therapist, client_record):
    """client_overview given a client that was not read with its plan, or not proved, still finds the plan."""
    from clients import access, selectors
    from clients.models import Client

    plan = SafetyPlanFactory(client=client_record, created_by=therapist, updated_by=therapist)
    unproved = Client.objects.get(pk=client_record.pk)
    with CaptureQueriesContext(connection) as captured:
        assert selectors.client_overview(client=unproved, user=therapist).safety_plan == plan
    (plan_read,) = [q["sql"] for q in captured.captured_queries if q["sql"].startswith('SELECT "clients_safetyplan"')]
    assert "clients_careteammember" in plan_read  # through the full scope

    proved = selectors.client_for_user(user=therapist, client_id=client_record.pk, related=["safety_plan"])
    assert access.access_proved(proved, therapist)
    with CaptureQueriesContext(connection) as captured:
        assert selectors.client_overview(client=proved, user=therapist).safety_plan == plan
    assert not [q for q in captured.captured_queries if q["sql"].startswith('SELECT "clients_safetyplan"')]


def test_the_overview_of_a_client_with_no_safety_plan_says_so(client, login, therapist, client_record):
    login(therapist)
    page = client.get(reverse("clients:overview", args=[client_record.pk])).content.decode()
    assert "There is no safety plan yet." in page


def test_the_portal_home_reads_by_the_clients_id_and_shows_only_what_is_shared(
    client, login, therapist, client_user, client_record
):
    now = timezone.now()
    SafetyPlanFactory(client=client_record, created_by=therapist, updated_by=therapist)
    SupportPersonFactory(
        client=client_record, name="Shared ally", shared_with_client=True, shared_by=therapist, shared_at=now
    )
    SupportPersonFactory(client=client_record, name="Care team note", shared_with_client=False)
    PortfolioExport.objects.create(
        client=client_record,
        sections=["milestones"],
        language="en",
        requested_by=client_user,
        status=ExportStatus.READY,
        finished_at=now,
        expires_at=now + datetime.timedelta(days=7),
    )
    from portfolio.models import EmpowermentPlan

    EmpowermentPlan.objects.create(
        client=client_record, created_by=therapist, values="Being there for my niece", shared_with_client=True
    )
    login(client_user)
    url = reverse("portal:home")
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).content.decode()

    assert "Shared ally" in page
    assert "Care team note" not in page
    assert "Open my safety plan" in page
    assert "Download my portfolio (PDF)" in page
    reads = _reads_of_record_tables(captured.captured_queries)
    assert set(reads) == {"clients_supportperson", "portfolio_portfolioexport"}
    for table, queries in reads.items():
        for sql in queries:
            assert "clients_client" not in sql, (table, sql)


def test_the_portal_reads_the_clients_own_row_once_per_request(client, login, client_user, client_record, therapist):
    """The discharge middleware reads the client's record through their scope; the portal's pages take that
    same proved object instead of reading the row a second time."""
    SafetyPlanFactory(client=client_record, created_by=therapist, updated_by=therapist)
    login(client_user)
    for url in (reverse("portal:home"), reverse("portal:safety_plan"), reverse("portal:profile")):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        client_reads = [query["sql"] for query in captured.captured_queries if 'FROM "clients_client"' in query["sql"]]
        assert len(client_reads) == 1, (url, client_reads)
