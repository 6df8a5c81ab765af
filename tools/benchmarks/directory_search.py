"""Benchmark: the peer directory search over 5,000 resources, through the whole request stack.

Run with `make bench-directory` (or `python -m tools.benchmarks.directory_search`). It makes a throwaway
test database (PostgreSQL when DATABASE_URL points at one, SQLite otherwise), fills it, signs a
therapist in, runs each search repeatedly and prints the latency and query count of each. It prints
numbers; it asserts nothing.
"""

import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

RESOURCES = 5000
REPEATS = 30
SEARCHES = {
    "all, first page": "",
    "text": "?q=Resource+01",
    "focus + language": "?focus={focus}&language=es",
    "format + step-free": "?format=online&step_free=on",
    "everything at once": "?q=Resource&focus={focus}&language=es&format=online&step_free=on",
    "not verified in 180 days": "?unverified=on",
}


def seed():
    from accounts.models import Role
    from peers.models import FocusArea, PeerResource
    from tests.factories import ClinicFactory, UserFactory

    clinic = ClinicFactory()
    therapist = UserFactory(clinic=clinic, role=Role.THERAPIST)
    area = FocusArea.objects.create(clinic=clinic, name="Workplace inclusion")
    PeerResource.objects.bulk_create(
        PeerResource(
            clinic=clinic,
            organisation=f"Organisation {n}",
            name=f"Resource {n:05d}",
            kind="peer_group",
            format=("online", "in_person", "hybrid")[n % 3],
            languages=(",es,en,", ",en,")[n % 2],
            step_free_access=n % 4 == 0,
            created_by=therapist,
        )
        for n in range(RESOURCES)
    )
    through = PeerResource.focus_areas.through
    ids = PeerResource.objects.values_list("pk", flat=True)[: RESOURCES // 2]
    through.objects.bulk_create(through(peerresource_id=pk, focusarea_id=area.pk) for pk in ids)
    return therapist, area


def measure(client, url):
    client.get(url)  # warm-up
    timings, queries = [], 0
    for _ in range(REPEATS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code  # nosec B101
        queries = len(captured.captured_queries)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], queries


def main():
    from tests.conftest import log_in

    setup_test_environment()
    if connection.vendor == "sqlite":  # a file of its own, apart from the test suite's
        connection.settings_dict["TEST"]["NAME"] = str(settings.VAR_DIR / "bench-directory.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        therapist, area = seed()
        client = log_in(Client(), therapist)
        out = sys.stdout.write
        out(f"Peer directory search, {RESOURCES} resources, {REPEATS} requests each, database: {connection.vendor}\n")
        out(f"{'search':<28} {'median ms':>10} {'p95 ms':>8} {'queries':>8}\n")
        for label, query in SEARCHES.items():
            median, p95, queries = measure(client, "/peers/directory/" + query.format(focus=area.pk))
            out(f"{label:<28} {median:>10.1f} {p95:>8.1f} {queries:>8}\n")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
