"""A portfolio PDF asked for while Redis is down: the page works and says it waits; it is built once Redis is back.

The private redis-server of tests/reminders/test_redis_outage.py (broker and cache of this process and
of a real worker) is stopped, so the machine's own Redis is not touched.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core import queue
from portfolio import exporting
from portfolio.models import ExportStatus, Milestone, PortfolioExport

from ..reminders.test_redis_outage import private_redis  # noqa: F401 (the fixture)
from ..workers import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
WAITING = "The service that makes PDFs cannot be reached right now."


def test_a_pdf_asked_for_while_redis_is_down_waits_says_so_and_is_built_once_when_it_returns(
    client,
    login,
    therapist,
    client_record,
    private_redis,  # noqa: F811 (the imported fixture, requested)
    settings,
    tmp_path,
):
    server, pool = private_redis
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    pool.env["PRIVATE_FILES_ROOT"] = str(settings.PRIVATE_FILES_ROOT)
    Milestone.objects.create(client=client_record, title="Joined a peer group", created_by=therapist)
    server.stop()
    queue.forget()
    login(therapist)
    url = reverse("portfolio:exports", args=[client_record.pk])

    response = client.post(url, {"sections": ["milestones"], "language": "en"})
    assert response.status_code == 302
    export = PortfolioExport.objects.get()
    assert export.status == ExportStatus.QUEUED
    assert WAITING in client.get(url).text
    status_url = reverse("portfolio:export_status", args=[client_record.pk, export.pk])
    assert WAITING in client.get(status_url).text  # the row that updates itself says so too

    # Redis is back and a worker runs. Two minutes on (simulated), the tidy-up queues the build; two
    # ticks of it queue it twice, and the build's claim still makes one PDF.
    server.start()
    queue.forget()
    worker = pool.start()
    later = timezone.now() + exporting.REQUEUE_AFTER + timedelta(seconds=1)
    exporting.exports_tidy(now=later)
    exporting.exports_tidy(now=later)

    def worker_log():
        pool.log.seek(0)
        return pool.log.read()

    wait_for(lambda: f"Export {export.pk} not claimed" in worker_log(), worker, pool.log, seconds=60)
    export.refresh_from_db()
    assert export.status == ExportStatus.READY, export.error
    assert worker_log().count(f"Export {export.pk} ready") == 1
    assert exporting.export_file(export) is not None
    page = client.get(url).text
    assert WAITING not in page
    assert "Download the PDF" in page
