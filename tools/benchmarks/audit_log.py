"""Benchmark: the audit log viewer's filter queries over 1,000,000 audit events, on PostgreSQL.

Run with `make bench-audit` (or `python -m tools.benchmarks.audit_log`). It needs PostgreSQL (DATABASE_URL).
It makes a throwaway test database, creates 5 clinics with their staff and clients, inserts 1,000,000
audit events spread over them and over 3 years with one INSERT ... SELECT generate_series, runs VACUUM
ANALYZE, and then, for each filter the viewer offers, runs the very query the page issues (first page
of 50, and the page's capped count) under EXPLAIN ANALYZE. It prints each plan's key lines, its time, and
whether the audit table was read through an index or by a sequential scan. It prints numbers; it
asserts nothing.
"""

import datetime
import os
import re
import statistics
import sys
import time
from urllib.parse import urlencode

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

ROWS = 1_000_000
CLINICS = 5
STAFF = 20  # per clinic; the first two are clinic admins
CLIENTS = 400  # per clinic
YEARS = 3
RARE_ACTION = "emergency_access.start"  # one event in 2,000
REPEATS = 5
MONTH = datetime.timedelta(days=30)
KEY_LINE = re.compile(r"Scan|Index Cond|Filter:|Sort Key|Rows Removed")
ACTIONS = [
    "auth.login",
    "auth.logout",
    "caseload.view",
    "client.overview.view",
    "client.profile.view",
    "client.create",
    "safety_plan.view",
    "safety_plan.update",
    "disclosure_plan.view",
    "disclosure_plan.update",
    "disclosure_plan.status",
    "rehearsal.create",
    "advocacy_plan.view",
    "advocacy_step.update",
    "portfolio.view",
    "portfolio_export.download",
    "referral.view",
    "referral.consent",
    "measure.record",
    "check_in.create",
    "support_network.view",
    "reminder.create",
    "roster.view",
    "audit_log.view",
]
INSERT = """
INSERT INTO accounts_auditevent
    (id, at, actor_id, clinic_id, client_id, action, object_type, object_id, address, path, detail)
SELECT gen_random_uuid(),
    %(start)s::timestamptz + n * %(step)s * interval '1 second',
    (%(staff)s::uuid[])[1 + (n %% %(clinics)s) * %(per_staff)s + (n / %(clinics)s) %% %(per_staff)s],
    (%(clinic_ids)s::uuid[])[1 + n %% %(clinics)s],
    CASE WHEN n %% 10 = 0 THEN NULL
         ELSE (%(clients)s::uuid[])[1 + (n %% %(clinics)s) * %(per_client)s + (n / 7) %% %(per_client)s] END,
    CASE WHEN n %% 2000 = 0 THEN %(rare)s ELSE (%(actions)s::text[])[1 + (n / 3) %% %(action_count)s] END,
    'clients.client', '', '192.0.2.10', '/clients/', '{}'::jsonb
FROM generate_series(1, %(rows)s) AS n
"""


def seed():
    """Clinics, staff and clients made with the ORM; the audit events by one INSERT ... SELECT."""
    from accounts.models import Role, User
    from clients.models import Client
    from clinics.models import Clinic

    clinics = Clinic.objects.bulk_create(Clinic(name=f"Community Clinic {c}") for c in range(CLINICS))
    staff = User.objects.bulk_create(
        User(
            email=f"staff{c}-{s}@example.org",
            full_name=f"Staff Member {c}-{s}",
            role=Role.CLINIC_ADMIN if s < 2 else Role.THERAPIST,
            clinic=clinic,
            password="!",  # nosec B106
        )
        for c, clinic in enumerate(clinics)
        for s in range(STAFF)
    )
    clients = Client.objects.bulk_create(
        Client(
            clinic=clinic,
            legal_name=f"Person {c}-{k}",
            preferred_name=f"Person {c}-{k}",
            primary_therapist=staff[c * STAFF + 2 + k % (STAFF - 2)],
        )
        for c, clinic in enumerate(clinics)
        for k in range(CLIENTS)
    )
    start = timezone.now() - datetime.timedelta(days=365 * YEARS)
    with connection.cursor() as cursor:
        cursor.execute(
            INSERT,
            {
                "start": start,
                "step": YEARS * 365 * 86400 / ROWS,
                "staff": [user.pk for user in staff],
                "clinic_ids": [clinic.pk for clinic in clinics],
                "clients": [client.pk for client in clients],
                "clinics": CLINICS,
                "per_staff": STAFF,
                "per_client": CLIENTS,
                "rare": RARE_ACTION,
                "actions": ACTIONS,
                "action_count": len(ACTIONS),
                "rows": ROWS,
            },
        )
    with connection.cursor() as cursor:  # VACUUM cannot run in a transaction block; autocommit is on here
        cursor.execute("VACUUM ANALYZE accounts_auditevent")
    return clinics[0], staff[:STAFF], clients[:CLIENTS]


def cases(clinic, staff, clients):
    """Each filter the page offers, as (label, who asks, query string)."""
    today = timezone.localdate(timezone=datetime.UTC)
    two_years_ago, therapist = today - datetime.timedelta(days=730), staff[5]
    last_year = today.replace(year=today.year - 1)
    year_before = {"date_from": f"{last_year.year - 1}-01-01", "date_to": f"{last_year.year - 1}-12-31"}
    admin = staff[0]
    return [
        ("admin: everything, first page", admin, {}),
        ("admin: by person", admin, {"person": therapist.pk}),
        ("admin: by client", admin, {"client": clients[7].pk}),
        ("admin: by action code", admin, {"action": "client.overview.view"}),
        ("admin: by action prefix", admin, {"action": "disclosure_plan."}),
        ("admin: by a rare action", admin, {"action": "emergency_access."}),
        ("admin: one month, 2 years ago", admin, {"date_from": two_years_ago, "date_to": two_years_ago + MONTH}),
        ("admin: a whole year, >1 year ago", admin, year_before),
        ("admin: person+action+year", admin, {"person": therapist.pk, "action": "client."} | year_before),
        ("admin: client+year", admin, {"client": clients[7].pk} | year_before),
        ("admin: person+rare action", admin, {"person": therapist.pk, "action": "emergency_access."}),
        ("therapist: own, first page", therapist, {}),
        ("therapist: own, action+year", therapist, {"action": "client."} | year_before),
        ("therapist: own, rare action", therapist, {"action": "emergency_access."}),
    ]


def key_lines(plan):
    lines = [line.strip() for line in plan.splitlines() if KEY_LINE.search(line)]
    return [re.sub(r"\(cost=[^)]*\) ", "", line) for line in lines]


def explain(sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def execution_ms(plan):
    return re.search(r"Execution Time: ([\d.]+) ms", plan).group(1)


def audit_selects(captured):
    return [
        query["sql"]
        for query in captured
        if query["sql"].startswith("SELECT") and "accounts_auditevent" in query["sql"]
    ]


def run_case(out, client, url):
    client.get(url)  # warm-up
    timings = []
    for _ in range(REPEATS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code  # nosec B101
    out(f"  whole request: median {statistics.median(timings):.1f} ms, {len(captured.captured_queries)} queries\n")
    verdicts = []
    for sql in audit_selects(captured.captured_queries):
        plan = explain(sql)
        kind = "count" if "COUNT(*)" in sql else "page" if "LIMIT 51" in sql else "cursor"
        took = execution_ms(plan)
        sequential = "Seq Scan on accounts_auditevent" in plan
        indexed = re.search(
            r"Index (Only )?Scan\S* (Backward )?(using|on) \S+ on accounts_auditevent|Bitmap Index Scan", plan
        )
        verdict = "SEQUENTIAL SCAN" if sequential else "index" if indexed else "?"
        verdicts.append(verdict)
        out(f"  {kind} query: {took} ms, audit table read by {verdict}\n")
        out("".join(f"      {line}\n" for line in key_lines(plan)))
    return verdicts


def for_comparison(out, clinic):
    """What a plain Paginator would issue instead: an exact COUNT(*), and OFFSET for a page far back."""
    from audit.models import AuditEvent
    from audit.views import newest_first

    events = AuditEvent.objects.filter(clinic_id=clinic.pk)
    for label, run in (
        ("exact COUNT(*) of the clinic's events", events.count),
        ("OFFSET page 3,000 (150,000 events in)", lambda: list(newest_first(events).only("id")[150_000:150_050])),
    ):
        with CaptureQueriesContext(connection) as captured:
            run()
        plan = explain(captured.captured_queries[-1]["sql"])
        out(f"  {label}: {execution_ms(plan)} ms\n")


def report(out, clinic, staff, clients):
    from audit.models import AuditEvent
    from tests.conftest import log_in

    url = reverse("accounts:audit_log")
    out(f"Audit log viewer over {AuditEvent.objects.count():,} audit events ({CLINICS} clinics, {YEARS} years), ")
    out(f"database: {connection.vendor}, {REPEATS} requests each\n")
    verdicts = {}
    for label, user, params in cases(clinic, staff, clients):
        out(f"\n{label}  ?{urlencode(params)}\n")
        client = log_in(Client(), user)
        verdicts[label] = run_case(out, client, url + ("?" + urlencode(params) if params else ""))
    oldest = AuditEvent.objects.filter(clinic_id=clinic.pk).order_by("at").values_list("pk", flat=True)[5000]
    out("\nadmin: a page deep in the past (keyset, ~2.9 years back)\n")
    verdicts["deep page"] = run_case(out, log_in(Client(), staff[0]), f"{url}?before={oldest}")
    out("\nFor comparison, what Django's Paginator would issue for the same clinic:\n")
    for_comparison(out, clinic)
    sequential = [label for label, found in verdicts.items() if "SEQUENTIAL SCAN" in found]
    out(f"\nQueries that read the audit table sequentially: {', '.join(sequential) if sequential else 'none'}\n")


def main():
    out = sys.stdout.write
    if connection.vendor != "postgresql":
        out("This benchmark needs PostgreSQL (DATABASE_URL), as in CI.\n")
        return 1
    setup_test_environment()
    connection.settings_dict["TEST"]["NAME"] = f"test_bench_audit_{os.getpid()}"
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        started = time.perf_counter()
        clinic, staff, clients = seed()
        out(f"Seeded {ROWS:,} audit events in {time.perf_counter() - started:.0f} s\n")
        report(out, clinic, staff, clients)
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
