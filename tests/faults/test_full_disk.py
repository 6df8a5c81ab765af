"""A full disk for exports: the person is told clearly, nothing half-written stays, and the next PDF works.

The export folder is a tiny tmpfs of this test (mounted as root, unmounted at the end), filled up
before the PDF is asked for, so the machine's own disk is never filled.
"""

import subprocess
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse

from portfolio import exporting
from portfolio.models import ExportStatus, Milestone, PortfolioExport

pytestmark = pytest.mark.slow
NO_ROOM = "There was no room left to store the PDF."


@pytest.fixture
def tiny_disk(settings):
    """PRIVATE_FILES_ROOT on a 256 KiB tmpfs."""
    folder = Path(tempfile.mkdtemp(prefix="ep-faults-disk-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", str(folder)], check=True)
    settings.PRIVATE_FILES_ROOT = folder
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)
        folder.rmdir()


def fill(folder):
    """Write until the filesystem refuses; the filler file is what was written."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as target:
        try:
            while True:
                target.write(b"\0" * 4096)
        except OSError:
            pass
    return filler


def test_a_full_disk_fails_the_export_clearly_leaves_nothing_and_the_next_one_works(
    tiny_disk, client, login, therapist, client_record, django_capture_on_commit_callbacks
):
    Milestone.objects.create(client=client_record, title="Joined a peer group", created_by=therapist)
    exports = exporting.export_dir()
    filler = fill(tiny_disk)
    login(therapist)
    url = reverse("portfolio:exports", args=[client_record.pk])

    with django_capture_on_commit_callbacks(execute=True):  # the build runs here (tasks are eager in tests)
        response = client.post(url, {"sections": ["milestones"], "language": "en"})
    assert response.status_code == 302
    export = PortfolioExport.objects.get()
    assert export.status == ExportStatus.FAILED
    assert export.error == exporting.NO_SPACE
    assert list(exports.iterdir()) == []  # no partial PDF, no temporary file
    page = client.get(url)
    assert page.status_code == 200
    assert NO_ROOM in page.text

    filler.unlink()  # the operator frees space
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"sections": ["milestones"], "language": "en"})
    again = PortfolioExport.objects.exclude(pk=export.pk).get()
    assert again.status == ExportStatus.READY, again.error
    assert [path.name for path in exports.iterdir()] == [f"{again.pk}.pdf"]
    assert exporting.export_file(again).read_bytes().startswith(b"%PDF")
