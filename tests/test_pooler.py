"""Safe behind a transaction pooler (issue 21): the audit CSV export has exactly the rows its filter selects,
every time, or fails loudly; and DATABASE_POOLER=transaction turns off Django's server-side cursors.

.ci/pgbouncer-check runs this file through PgBouncer in transaction mode (DATABASE_POOLER=transaction, four
server connections for every connection of the test); .ci/run's `make test` runs it straight on PostgreSQL.
It asserts the same both ways. Behind PgBouncer, the export's old server-side cursor (`.iterator()`: DECLARE
... WITH HOLD, then FETCH as separate statements) sent its FETCHes to whichever server connection was free:
"cursor does not exist", or another export's cursor of the same name (a short file with 200 under gunicorn).
"""

import csv
import datetime
import io
import os
import threading

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client as BrowserClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit import views as audit_views
from audit.models import AuditEvent

from .conftest import log_in
from .factories import ClientFactory, SafetyPlanFactory
from .test_settings import PRODUCTION, run_manage

EXPORT = reverse("accounts:audit_log_export")
LOG = reverse("accounts:audit_log")
# Three keyset batches, with tied times across the batches' edges.
SEEDED = 2 * audit_views.EXPORT_CHUNK + 500
TIED = 7  # events sharing one moment


def seed_events(clinic, count=SEEDED):
    """`count` events of the clinic, `TIED` to a moment, two kinds of action; object_id numbers each one."""
    start = timezone.now() - datetime.timedelta(days=30)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            clinic=clinic,
            action="measure.record" if number % 3 else "check_in.create",
            object_type="clients.checkin",
            object_id=str(number),
            at=start + datetime.timedelta(seconds=number // TIED),
        )
        for number in range(count)
    )


def exported_ids(response):
    """The object ids of the CSV's rows, in order, less the log's own "audit_log.*" events; the whole body read."""
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode(), newline="")))
    assert rows[0] == list(audit_views.EXPORT_HEADER)
    return [row[7] for row in rows[1:] if not row[4].startswith("audit_log.")]


def expected_ids(clinic, action=""):
    """What the filter selects, counted in the database: the seeded events of `action`, newest first."""
    events = AuditEvent.objects.filter(clinic=clinic, action__startswith=action).exclude(
        action__startswith="audit_log."
    )
    return list(events.order_by("-at", "-id").values_list("object_id", flat=True))


def test_the_pooler_setting_follows_the_environment():
    """This run's setting is the environment's (on under .ci/pgbouncer-check, off in `make test`)."""
    behind_pooler = os.environ.get("DATABASE_POOLER") == "transaction"
    assert settings.DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] is behind_pooler


def test_database_pooler_transaction_turns_server_side_cursors_off_and_a_typo_refuses_to_start():
    probe = "from django.conf import settings as s; print(s.DATABASES['default']['DISABLE_SERVER_SIDE_CURSORS'])"
    for value, shown in (("transaction", "True"), ("", "False"), ("session", "False")):
        result = run_manage("shell", "-c", probe, env_overrides=PRODUCTION | {"DATABASE_POOLER": value})
        assert result.returncode == 0, result.stderr
        assert result.stdout.split("\n")[-2] == shown
    result = run_manage("check", env_overrides=PRODUCTION | {"DATABASE_POOLER": "transactions"})
    assert result.returncode != 0
    assert "DATABASE_POOLER must be" in result.stderr


@pytest.mark.parametrize("server_side_cursors_off", [True, False], ids=["cursors-off", "cursors-on"])
def test_a_long_export_has_every_event_newest_first_in_short_reads(
    client, login, admin, monkeypatch, server_side_cursors_off
):
    """Over three batches, with tied times across their edges: every event once, newest first, the same with
    server-side cursors off (a pooler) or on; each read is a plain query of at most a batch, no cursor."""
    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", server_side_cursors_off)
    seed_events(admin.clinic)
    login(admin)
    response = client.get(EXPORT)
    with CaptureQueriesContext(connection) as streamed:
        ids = exported_ids(response)
    assert ids == expected_ids(admin.clinic)
    assert len(ids) == len(set(ids)) == SEEDED
    reads = [query["sql"] for query in streamed.captured_queries if "accounts_auditevent" in query["sql"]]
    assert len(reads) == 3  # ceil(SEEDED / EXPORT_CHUNK)
    assert not [sql for sql in reads if "DECLARE" in sql.upper() or "FETCH" in sql.upper()]
    assert all(f"LIMIT {audit_views.EXPORT_CHUNK}" in sql for sql in reads)


def test_a_database_error_mid_export_breaks_the_download_instead_of_ending_it(client, login, admin):
    """The second batch fails: the error comes out of the stream (the server then breaks the connection off, no
    last chunk), after the first batch went out: never a file that just ends, short, with 200."""
    seed_events(admin.clinic)
    login(admin)
    response = client.get(EXPORT)
    reads = []

    def failing_second_read(execute, sql, params, many, context):
        if "accounts_auditevent" in sql:
            reads.append(sql)
            if len(reads) == 2:
                raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    sent = []
    with connection.execute_wrapper(failing_second_read), pytest.raises(OperationalError):
        sent.extend(response.streaming_content)  # keeps the chunks that came before the error
    assert len(sent) == 1 + audit_views.EXPORT_CHUNK  # the header and the first batch, then the error


@pytest.mark.postgresql
@pytest.mark.slow  # several connections at once, committed rows, a flush after: with the worker tests
@pytest.mark.django_db(transaction=True)
def test_exports_under_concurrent_load_have_exactly_the_rows_the_filter_selects(admin, therapist):
    """Four people export at once, three times each, two filters, while two others keep reading pages: each
    export (its own connection; behind PgBouncer, four server connections for all) has exactly the events its
    filter selects, counted in the database, in order."""
    seed_events(admin.clinic)
    filters = {"": expected_ids(admin.clinic), "measure.": expected_ids(admin.clinic, "measure.")}
    assert len(filters[""]) == SEEDED
    assert 0 < len(filters["measure."]) < SEEDED
    exporters, readers, rounds = 4, 2, 3
    start = threading.Barrier(exporters + readers)
    exporting_done = threading.Event()
    results, errors = [], []

    def export(number):
        try:
            browser = log_in(BrowserClient(), admin)
            start.wait(timeout=60)
            for turn in range(rounds):
                action = "measure." if (number + turn) % 2 else ""
                query = {"action": action} if action else {}
                results.append((action, exported_ids(browser.get(EXPORT, query))))
        except Exception as error:  # noqa: BLE001 (reported below, with the others)
            errors.append(f"export {number}: {error!r}")
        finally:
            connection.close()

    def read_pages(number):
        try:
            browser = log_in(BrowserClient(), therapist if number % 2 else admin)
            start.wait(timeout=60)
            while not exporting_done.is_set():
                assert browser.get(LOG).status_code == 200
                assert AuditEvent.objects.filter(clinic=admin.clinic).exists()
        except Exception as error:  # noqa: BLE001
            errors.append(f"reader {number}: {error!r}")
        finally:
            connection.close()

    exporting = [threading.Thread(target=export, args=(number,)) for number in range(exporters)]
    reading = [threading.Thread(target=read_pages, args=(number,)) for number in range(readers)]
    for thread in exporting + reading:
        thread.start()
    for thread in exporting:
        thread.join(timeout=300)
    exporting_done.set()
    for thread in reading:
        thread.join(timeout=60)
    assert not errors, errors
    assert len(results) == exporters * rounds
    for action, ids in results:
        assert len(ids) == len(filters[action]), f"filter {action!r}: {len(ids)} rows, {len(filters[action])} in the db"
        assert ids == filters[action]


@pytest.mark.postgresql
@pytest.mark.slow  # several connections at once, committed rows, a flush after: with the worker tests
@pytest.mark.django_db(transaction=True)
def test_record_pages_under_concurrent_load_show_their_own_record(therapist, client_record, client_user):
    """Three people's requests at once, each on its own connection (behind PgBouncer, sharing four server
    connections): every safety plan page answers 200 with its own client's plan and never the other's, and
    the portal home answers 200. (What the issue saw of the old prepared statements behind PgBouncer, another
    query's rows, needs several processes: their statement names were per-process counters.)"""
    other = ClientFactory(clinic=client_record.clinic, primary_therapist=therapist, preferred_name="Sam")
    plans = {
        client_record.pk: SafetyPlanFactory(client=client_record, coping_on_my_own="Gardening at the allotment"),
        other.pk: SafetyPlanFactory(client=other, coping_on_my_own="Playing the piano after dinner"),
    }
    texts = {pk: plan.coping_on_my_own for pk, plan in plans.items()}
    workers, rounds = 4, 6
    start = threading.Barrier(workers)
    errors = []

    def browse(number):
        try:
            portal = number == workers - 1
            browser = log_in(BrowserClient(), client_user if portal else therapist)
            start.wait(timeout=60)
            for turn in range(rounds):
                if portal:
                    response = browser.get(reverse("portal:home"))
                    assert response.status_code == 200, f"portal home: {response.status_code}"
                    continue
                pk = list(texts)[(number + turn) % 2]
                response = browser.get(reverse("clients:safety_plan", args=[pk]))
                assert response.status_code == 200, f"safety plan: {response.status_code}"
                page = response.content.decode()
                shown = [text for text in texts.values() if text in page]
                assert shown == [texts[pk]], f"safety plan of {pk} shows {shown}"
        except Exception as error:  # noqa: BLE001 (reported below, with the others)
            errors.append(f"browser {number}: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=browse, args=(number,)) for number in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
