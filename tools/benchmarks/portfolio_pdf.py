"""Benchmark: building the portfolio PDF of a client with a year of data, against WeasyPrint alone.

Run with `make bench-pdf`. A throwaway test database gets one client with 300 journal entries,
50 milestones, 20 micro-goals checked daily for a year, 12 measure results and 3 plans. It times the
whole build (the queries, the templates, WeasyPrint, the file and its checksum, as the Celery task
does it) and WeasyPrint alone on the same final HTML, and prints both and their ratio. It prints
numbers; it asserts nothing.
"""

import io
import os
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_PDF_ROUNDS", "5"))
SECTIONS = ["milestones", "coping", "supports", "peers", "goals", "measures", "victories", "disclosure", "advocacy"]


def seed():
    from advocacy.models import AdvocacyPlan
    from disclosure.models import DisclosurePlan
    from portfolio.instruments import definition_for, score
    from portfolio.models import GoalCheck, JournalEntry, MeasureResponse, MicroGoal, Milestone
    from tests.factories import ClientFactory

    client = ClientFactory(preferred_name="Sam")
    therapist = client.primary_therapist
    today = timezone.localdate()
    JournalEntry.objects.bulk_create(
        JournalEntry(
            client=client,
            kind="victory",
            text=f"Victory number {n}: I kept going.",
            author=therapist,
            written_on=today - timedelta(days=n),
        )
        for n in range(300)
    )
    Milestone.objects.bulk_create(
        Milestone(
            client=client,
            title=f"Milestone {n}",
            description="A step that mattered.",
            created_by=therapist,
            achieved_on=today - timedelta(days=7 * n),
        )
        for n in range(50)
    )
    goals = MicroGoal.objects.bulk_create(
        MicroGoal(client=client, title=f"Micro-goal {n}", category="self_care", cadence="daily", created_by=therapist)
        for n in range(20)
    )
    GoalCheck.objects.bulk_create(
        GoalCheck(goal=goal, done_on=today - timedelta(days=day), checked_by=therapist)
        for goal in goals
        for day in range(365)
        if day % 9
    )
    definition = definition_for("self_stigma_pulse")
    now = timezone.now()
    for month in range(12):
        answers = {"ashamed": 1 + month % 4, "kept_quiet": 2, "believed_it": 1 + month % 3, "stood_up": 3}
        result = score(definition, answers)
        MeasureResponse.objects.create(
            client=client,
            instrument="self_stigma_pulse",
            instrument_version="1",
            answers=answers,
            total=Decimal(result.total),
            band=result.band["label"],
            completed_by=therapist,
            completed_at=now - timedelta(days=30 * month),
        )
    DisclosurePlan.objects.create(
        client=client, audience_description="My manager", setting="work", shared_with_client=True, created_by=therapist
    )
    DisclosurePlan.objects.create(
        client=client, audience_description="My cousin", setting="family", shared_with_client=True, created_by=therapist
    )
    AdvocacyPlan.objects.create(
        client=client,
        aim="Speak at the school board",
        focus="school",
        hours_per_month=4,
        shared_with_client=True,
        created_by=therapist,
    )
    return client, therapist


def main():
    from portfolio import exporting, pdf
    from portfolio.models import PortfolioExport

    setup_test_environment()
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(settings.VAR_DIR / "bench-pdf.sqlite3")
    settings.PRIVATE_FILES_ROOT = settings.VAR_DIR / "bench-private"
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        client, therapist = seed()
        whole, alone = [], []
        for _ in range(ROUNDS):
            export = PortfolioExport.objects.create(
                client=client,
                sections=SECTIONS,
                language="en",
                requested_by=therapist,
                expires_at=timezone.now() + timedelta(days=7),
            )
            start = time.perf_counter()
            exporting.export_build(export_id=export.pk)
            whole.append(time.perf_counter() - start)
            html = pdf.render_html(client, section_keys=SECTIONS, language="en", user=therapist, private_journal=False)
            start = time.perf_counter()
            pdf.write_pdf(html, io.BytesIO())
            alone.append(time.perf_counter() - start)
        export.refresh_from_db()
        out = sys.stdout.write
        out(f"Portfolio PDF, a year of data, {ROUNDS} rounds, database: {connection.vendor}\n")
        out(f"  HTML: {len(html) // 1024} KiB; PDF: {export.size // 1024} KiB; status: {export.status}\n")
        out(f"  whole build (task)      median {statistics.median(whole):.3f} s   min {min(whole):.3f} s\n")
        out(f"  WeasyPrint alone        median {statistics.median(alone):.3f} s   min {min(alone):.3f} s\n")
        ratio = statistics.median(whole) / statistics.median(alone)
        out(f"  ratio whole / WeasyPrint: {ratio:.2f} (target: at most 1.25)\n")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
