"""A worker killed (SIGKILL) while it builds a portfolio PDF: the export is built again, once, or fails clearly.

A real `celery worker` takes the build from Redis; the test kills it while the export's row says it is
being made, starts another, and lets the periodic tidy-up (run by that worker, as beat would) find the
build that lost its worker. The ten minutes after which a build counts as lost are simulated by
backdating its row and its half-written file, so the new worker's own clock agrees.
"""

import os
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portfolio import exporting, tasks
from portfolio.models import ExportStatus, Milestone, PortfolioExport

from ..workers import wait_for

pytestmark = pytest.mark.slow
MILESTONES = 200  # enough that a build takes a few seconds, so it can be caught in the middle
SOMETHING_WENT_WRONG = "Something went wrong while making the PDF."


def long_portfolio(client_record, therapist):
    day = timezone.localdate()
    Milestone.objects.bulk_create(
        Milestone(
            client=client_record,
            title=f"Step {number}: spoke up at a planning meeting",
            description="Asked for the accommodation in writing and got a reply within the week. " * 8,
            achieved_on=day - timedelta(days=number),
            created_by=therapist,
        )
        for number in range(MILESTONES)
    )


def backdate(export, exports_folder):
    """As if STUCK_AFTER had passed since the build started: its row and any file it was writing."""
    past = timezone.now() - exporting.STUCK_AFTER - timedelta(seconds=1)
    PortfolioExport.objects.filter(pk=export.pk).update(created_at=past, started_at=past)
    for part in exports_folder.glob("*.part"):
        os.utime(part, (past.timestamp(), past.timestamp()))


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_build_leaves_an_export_that_is_built_again_and_nothing_half_written(
    therapist, client_record, workers, settings
):
    long_portfolio(client_record, therapist)
    first = workers.start()
    export = exporting.export_request(
        client=client_record, by_user=therapist, section_keys=["milestones"], language="en"
    )
    row = PortfolioExport.objects.filter(pk=export.pk)
    exports_folder = settings.PRIVATE_FILES_ROOT / "exports"
    # Caught in the middle: the row says it is being made and the PDF's temporary file is open.
    wait_for(lambda: row.get().status == ExportStatus.RENDERING, first, workers.log, seconds=60)
    wait_for(lambda: any(exports_folder.glob("*.part")), first, workers.log, seconds=30)
    first.kill()  # SIGKILL: no warm shutdown, the task is never acknowledged, nothing is cleaned up
    first.wait(timeout=30)
    assert first.returncode == -9
    assert row.get().status == ExportStatus.RENDERING  # what would stay forever without the tidy-up

    second = workers.start()
    backdate(export, exports_folder)
    tasks.tidy_exports.delay()  # beat's next tick
    wait_for(lambda: row.get().status not in (ExportStatus.QUEUED, ExportStatus.RENDERING), second, workers.log, 90)

    export.refresh_from_db()
    assert export.status == ExportStatus.READY, export.error
    assert export.error == ""
    assert exporting.export_file(export) is not None  # the file matches its checksum
    assert sorted(path.name for path in exports_folder.iterdir()) == [f"{export.pk}.pdf"]  # no *.part left
    workers.log.seek(0)
    log = workers.log.read()
    assert "Exports that lost their worker: 1 queued again, 0 failed" in log
    assert "Dana" not in log
    assert "planning meeting" not in log


@pytest.mark.django_db
def test_a_build_that_loses_its_worker_a_second_time_fails_and_the_person_is_told(
    client, login, therapist, client_record, settings, tmp_path
):
    settings.PRIVATE_FILES_ROOT = tmp_path
    export = exporting.export_request(
        client=client_record, by_user=therapist, section_keys=["milestones"], language="en"
    )
    started = timezone.now() - exporting.STUCK_AFTER - timedelta(seconds=1)
    # Its one more try (queued again by an earlier tidy-up) lost its worker too.
    PortfolioExport.objects.filter(pk=export.pk).update(
        status=ExportStatus.RENDERING, error=exporting.INTERRUPTED, started_at=started
    )
    exporting.exports_tidy()
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert export.error == "stuck"
    login(therapist)
    page = client.get(reverse("portfolio:exports", args=[client_record.pk])).text
    assert SOMETHING_WENT_WRONG in page
    assert "Please ask for it again." in page
