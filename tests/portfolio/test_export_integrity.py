"""An export file is served only as it was made (HIPAA 164.312(c)(2)), as a download that cannot run as a page."""

import hashlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from portfolio import exporting
from portfolio.models import ExportStatus, PortfolioExport

BODY = b"%PDF-1.7\n% a stand-in for a rendered portfolio\n%%EOF\n"


@pytest.fixture
def ready_export(settings, tmp_path, therapist, client_record):
    settings.PRIVATE_FILES_ROOT = tmp_path
    export = PortfolioExport.objects.create(
        client=client_record,
        sections=["milestones"],
        language="en",
        requested_by=therapist,
        status=ExportStatus.READY,
        expires_at=timezone.now() + timedelta(days=7),
    )
    path = exporting.export_dir() / f"{export.pk}.pdf"
    path.write_bytes(BODY)
    PortfolioExport.objects.filter(pk=export.pk).update(
        file_name=path.name, checksum=hashlib.sha256(BODY).hexdigest(), size=len(BODY)
    )
    export.refresh_from_db()
    return export


def download(client, export):
    return client.get(reverse("portfolio:export_download", args=[export.client_id, export.pk]))


def test_a_file_changed_after_it_was_made_is_not_served(client, login, therapist, ready_export):
    login(therapist)
    response = download(client, ready_export)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == BODY

    (exporting.export_dir() / ready_export.file_name).write_bytes(BODY.replace(b"stand-in", b"changed!"))
    assert download(client, ready_export).status_code == 404
    downloads = AuditEvent.objects.filter(action="portfolio_export.download", client=ready_export.client)
    assert downloads.count() == 1, "only the download that happened is recorded"


def test_the_download_is_an_attachment_with_a_fixed_name_that_cannot_run_as_a_page(
    client, login, therapist, ready_export
):
    login(therapist)
    response = download(client, ready_export)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="resilience-portfolio-{ready_export.created_at:%Y-%m-%d}.pdf"'
    assert ready_export.client.legal_name not in disposition
