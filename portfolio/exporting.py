"""The PDF export's life: requested, built by a worker, downloaded, expired.

A build claims its row with a conditional update (queued → rendering), so a redelivered task does
nothing twice. Files are written to a temporary name in the private folder and moved into place;
they are never under the web root and are served only by the audited download view.
"""

import errno
import hashlib
import logging
import os
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access, audit
from clients import exports
from empowerment import queue

from . import pdf
from .models import EmpowermentPlan, ExportStatus, PortfolioExport

logger = logging.getLogger(__name__)
STUCK_AFTER = timedelta(minutes=10)  # twice the task's hard time limit: a build this old has lost its worker
INTERRUPTED = "interrupted"  # on a queued row: its first build lost its worker, and this is its one more try
NO_SPACE = "no_space"
REQUEUE_AFTER = timedelta(minutes=2)  # a build still queued after this was lost by the broker


def export_dir():
    path = Path(settings.PRIVATE_FILES_ROOT) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def may_export(user, client):
    """The care team may export; the client may, once their portfolio (the plan) is shared with them."""
    if access.can(user, "write", client):
        return True
    if access.is_client(user) and client.portal_user_id == user.pk:
        return EmpowermentPlan.objects.filter(client=client, shared_with_client=True).exists()
    return False


@transaction.atomic
def export_request(*, client, by_user, section_keys, language):
    if not may_export(by_user, client):
        raise PermissionDenied
    known = {section.key for section in exports.available()}
    keys = [key for key in section_keys if key in known]
    if not keys:
        raise ValidationError(_("Choose at least one section."))
    export = PortfolioExport.objects.create(
        client=client,
        sections=keys,
        language=language,
        requested_by=by_user,
        expires_at=timezone.now() + timedelta(days=client.clinic.export_expiry_days),
    )
    audit.record(by_user, "portfolio_export.request", client=client, obj=export, detail={"sections": keys})
    transaction.on_commit(lambda: _enqueue(export.id))
    return export


def _enqueue(export_id):
    from .tasks import build_export

    return queue.enqueue(build_export, export_id=str(export_id))


def export_build(*, export_id):
    """Build the PDF of a queued export; a second delivery of the same task finds nothing to claim."""
    claimed = PortfolioExport.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RENDERING, started_at=timezone.now()
    )
    if not claimed:
        logger.info("Export %s not claimed (already taken or gone)", export_id)
        return
    export = PortfolioExport.objects.select_related("client", "requested_by").get(pk=export_id)
    try:
        path, checksum, size = _render_to_file(export)
    except Exception as error:
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
            # A full disk is the operator's to fix, not a bug: one line; the person is told (failure_message).
            logger.error("Export %s failed: no space left for its file", export_id)
            _fail(export_id, NO_SPACE)
        else:
            logger.exception("Export %s failed", export_id)
            _fail(export_id, "render_failed")
        return
    PortfolioExport.objects.filter(pk=export_id).update(
        status=ExportStatus.READY,
        error="",
        file_name=path.name,
        checksum=checksum,
        size=size,
        finished_at=timezone.now(),
    )
    logger.info("Export %s ready", export_id)


def _fail(export_id, error):
    PortfolioExport.objects.filter(pk=export_id).update(
        status=ExportStatus.FAILED, error=error, finished_at=timezone.now()
    )


def _render_to_file(export):
    client, user = export.client, export.requested_by
    own = access.is_client(user) and client.portal_user_id == user.pk
    html = pdf.render_html(
        client, section_keys=export.sections, language=export.language, user=user, private_journal=own
    )
    directory = export_dir()
    final = directory / f"{export.id}.pdf"
    handle, temporary = tempfile.mkstemp(dir=directory, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as target:
            pdf.write_pdf(html, target)
        digest = hashlib.sha256(Path(temporary).read_bytes()).hexdigest()
        os.replace(temporary, final)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return final, digest, final.stat().st_size


def export_file(export):
    """The path of a ready export's file, checked against its checksum; None when it is gone or altered."""
    if export.status != ExportStatus.READY or export.expires_at <= timezone.now():
        return None
    path = export_dir() / export.file_name
    if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != export.checksum:
        return None
    return path


def export_downloaded(*, export, by_user):
    audit.record(by_user, "portfolio_export.download", client=export.client, obj=export)


def exports_tidy(now=None):
    """Remove expired files and what a killed build left half-written; build once more what lost its worker.

    A build still rendering past STUCK_AFTER lost its worker (killed, out of memory): it is queued again,
    once. A build that was already that second try is failed, and the page tells the person to ask again.
    """
    now = now or timezone.now()
    for export in PortfolioExport.objects.filter(expires_at__lte=now).exclude(status=ExportStatus.EXPIRED):
        if export.file_name:
            (export_dir() / export.file_name).unlink(missing_ok=True)
        PortfolioExport.objects.filter(pk=export.pk).update(status=ExportStatus.EXPIRED)
        logger.info("Export %s expired", export.pk)
    stuck = PortfolioExport.objects.filter(status=ExportStatus.RENDERING, started_at__lt=now - STUCK_AFTER)
    failed = stuck.filter(error=INTERRUPTED).update(status=ExportStatus.FAILED, error="stuck", finished_at=now)
    retried = stuck.update(status=ExportStatus.QUEUED, error=INTERRUPTED)  # queued below, with the stranded
    if failed or retried:
        logger.warning("Exports that lost their worker: %s queued again, %s failed", retried, failed)
    for part in export_dir().glob("*.part"):
        if part.stat().st_mtime < (now - STUCK_AFTER).timestamp():
            part.unlink(missing_ok=True)
    # Builds the broker never received (it was down): queue them again; the build claims its row first.
    stranded = PortfolioExport.objects.filter(status=ExportStatus.QUEUED, created_at__lt=now - REQUEUE_AFTER)
    for export_id in stranded.values_list("pk", flat=True)[:100]:
        if not _enqueue(export_id):
            break
