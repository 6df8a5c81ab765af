"""The PDF export's life: requested, built by a worker, downloaded, expired.

A build claims its row with a conditional update (queued → rendering), so a redelivered task does
nothing twice. Files live in Django's storage STORAGES["exports"] (portfolio/storage.py: a private
folder on one host, a private encrypted S3 bucket on several): a PDF is built into a temporary file and
saved whole (moved into place with one rename on the filesystem, one upload to S3). Files are never under
the web root and are served only by the audited download view, after its access check.
"""

import contextlib
import errno
import hashlib
import logging
import os
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from audit import recording
from clients import access, pdf_sections, sharing
from clients.models import Client
from core import queue

from . import pdf
from .models import EmpowermentPlan, ExportAudience, ExportStatus, PortfolioExport
from .storage import exports_storage, local_folder

logger = logging.getLogger(__name__)
STUCK_AFTER = timedelta(minutes=10)  # twice the task's hard time limit: a build this old has lost its worker
INTERRUPTED = "interrupted"  # on a queued row: its first build lost its worker, and this is its one more try
NO_SPACE = "no_space"
WITHDRAWN = "unshared"  # on an expired row: an item in it was unshared (PortfolioExport.withdrawn)
REQUEUE_AFTER = timedelta(minutes=2)  # a build still queued after this was lost by the broker
TOO_LONG = "too_long"
IN_PROGRESS = (ExportStatus.QUEUED, ExportStatus.RENDERING)


class ExportInProgressError(Exception):
    """A PDF of this client's portfolio is already queued or being made: one at a time per client."""

    def __init__(self, export):
        super().__init__("An export of this portfolio is already in progress")
        self.export = export


class ExportTooLongError(ValidationError):
    """The chosen sections hold more text than one PDF may (settings.PORTFOLIO_EXPORT_MAX_CHARACTERS)."""


SERVE_IN_MEMORY = 8 * 1024 * 1024  # a checked download is held in memory up to this size, then in a temporary file
ALIVE = (ExportStatus.QUEUED, ExportStatus.RENDERING, ExportStatus.READY)  # rows whose file must stay


def export_dir():
    """The exports folder on this host, when the exports storage is the filesystem (None for a bucket)."""
    return local_folder(exports_storage())


def may_export(user, client):
    """The care team may export; the client may, once their portfolio (the plan) is shared with them."""
    if access.can(user, "write", client):
        return True
    if access.is_own_record(user, client):
        return EmpowermentPlan.objects.filter(client=client, shared_with_client=True).exists()
    return False


@transaction.atomic
def export_request(
    *, client, by_user, section_keys, language, audience=ExportAudience.CLIENT, cover_title="", cover_words=""
):
    """Queue a PDF of the chosen sections.

    `audience`: a PDF for the client holds only what is shared with them; the care team may ask for one
    for themselves. The client's own PDF is always for the client, and with the victories section it may
    hold their private journal text: it is theirs alone (`holds_private_text`, settled by the build).
    `cover_title` and `cover_words`: what the client chose to put on their PDF's cover (kept on the row,
    never in the task's arguments).

    Refused (ExportInProgressError) while another PDF of this client's portfolio is on its way, so one person
    cannot fill the PDF worker's queue; refused (ExportTooLongError, saying which section is biggest) when the
    sections hold more text than one PDF may, so one build cannot hold the worker for minutes.
    """
    if not may_export(by_user, client):
        raise PermissionDenied
    known = {section.key for section in pdf_sections.available()}
    keys = [key for key in section_keys if key in known]
    if not keys:
        raise ValidationError(_("Choose at least one section."))
    for_client = audience == ExportAudience.CLIENT or access.is_own_record(by_user, client)
    _ensure_not_too_long(client=client, by_user=by_user, section_keys=keys, language=language, for_client=for_client)
    Client.objects.select_for_update().filter(pk=client.pk).exists()  # two requests at once: one waits
    on_its_way = PortfolioExport.objects.filter(client=client, status__in=IN_PROGRESS).first()
    if on_its_way is not None:
        raise ExportInProgressError(on_its_way)
    export = PortfolioExport.objects.create(
        client=client,
        sections=keys,
        language=language,
        requested_by=by_user,
        expires_at=timezone.now() + timedelta(days=client.clinic.export_expiry_days),
        cover_title=cover_title.strip(),
        cover_words=cover_words.strip(),
        **_audience(client=client, by_user=by_user, audience=audience, section_keys=keys),
    )
    recording.record(by_user, "portfolio_export.request", client=client, obj=export, detail={"sections": keys})
    transaction.on_commit(lambda: _enqueue(export.id))
    return export


def section_text_lengths(*, client, by_user, section_keys, language, for_client):
    """The text each chosen section would put in the PDF, as the person exporting would get it."""
    own = access.is_own_record(by_user, client)
    return {
        section.key: (
            section.title_for(for_client=for_client),
            pdf.text_length(
                pdf.render_html(
                    client,
                    section_keys=[section.key],
                    language=language,
                    user=by_user,
                    private_journal=own,
                    for_client=for_client,
                )
            ),
        )
        for section in pdf_sections.chosen(section_keys)
    }


def _ensure_not_too_long(*, client, by_user, section_keys, language, for_client):
    limit = settings.PORTFOLIO_EXPORT_MAX_CHARACTERS
    lengths = section_text_lengths(
        client=client, by_user=by_user, section_keys=section_keys, language=language, for_client=for_client
    )
    total = sum(length for _title, length in lengths.values())
    if total <= limit:
        return
    title, biggest = max(lengths.values(), key=lambda pair: pair[1])
    counts = {"total": total, "limit": limit, "size": biggest}
    values = {"section": title, **{key: number_format(value, force_grouping=True) for key, value in counts.items()}}
    if biggest > limit:
        message = _(
            "The section “%(section)s” alone holds about %(size)s characters of text, and one PDF holds at "
            "most %(limit)s. Nothing was queued. Make a PDF of the other sections, and ask your clinic about "
            "a copy of this one."
        )
    else:
        message = _(
            "These sections hold about %(total)s characters of text, and one PDF holds at most %(limit)s. "
            "Nothing was queued. Choose fewer sections: “%(section)s” holds the most (about %(size)s)."
        )
    raise ExportTooLongError(message % values, code=TOO_LONG)


def _audience(*, client, by_user, audience, section_keys):
    """Who the PDF is for, and whether it may hold private text (hidden from staff until the build knows)."""
    if access.is_own_record(by_user, client):
        return {"audience": ExportAudience.CLIENT, "holds_private_text": "victories" in section_keys}
    if audience not in ExportAudience.values:
        raise ValidationError(_("Choose who the PDF is for."))
    return {"audience": audience, "holds_private_text": False}


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
        path, checksum, size, holds = _render_to_file(export)
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
        **holds,
    )
    logger.info("Export %s ready", export_id)
    if export.audience == ExportAudience.CLIENT and not _still_shared(holds["shared_items"]):
        # An item was unshared while the PDF was being made: the unshare found nothing to withdraw yet.
        _withdraw(PortfolioExport.objects.filter(pk=export_id), by_user=None)


def _fail(export_id, error):
    PortfolioExport.objects.filter(pk=export_id).update(
        status=ExportStatus.FAILED, error=error, finished_at=timezone.now()
    )


def _render_to_file(export):
    client, user = export.client, export.requested_by
    own = access.is_own_record(user, client)
    html, contexts = pdf.render(
        client,
        section_keys=export.sections,
        language=export.language,
        user=user,
        private_journal=own,
        for_client=export.audience == ExportAudience.CLIENT,
        cover={"title": export.cover_title, "words": export.cover_words},
    )
    holds = {"holds_private_text": pdf.holds_private_text(contexts), "shared_items": shared_item_keys(contexts)}
    storage = exports_storage()
    # On the filesystem the PDF is written beside its final place (*.part) and renamed into it; for a bucket it is
    # written to an unnamed temporary file (gone with the process, even a killed one) and uploaded whole.
    folder = local_folder(storage)
    with _build_file(folder) as (built, path):
        pdf.write_pdf(html, built)
        built.flush()
        built.seek(0)
        digest = hashlib.sha256()
        for chunk in iter(lambda: built.read(1024 * 1024), b""):
            digest.update(chunk)
        size = built.tell()
        built.seek(0)
        name = f"{export.id}.pdf"
        content = File(built, name=name) if path is None else _MovableFile(built, name=name, path=path)
        name = storage.save(name, content)
    return Path(name), digest.hexdigest(), size, holds


@contextlib.contextmanager
def _build_file(folder):
    """A temporary file to build a PDF in, with its path: `*.part` in `folder` (removed unless it was moved into
    place), or an unnamed one (path None) when there is no folder."""
    if folder is None:
        with tempfile.TemporaryFile(suffix=".pdf") as handle:
            yield handle, None
        return
    fd, path = tempfile.mkstemp(dir=folder, suffix=".part")
    try:
        with os.fdopen(fd, "w+b") as handle:
            yield handle, path
    finally:
        Path(path).unlink(missing_ok=True)  # already renamed into place when all went well


class _MovableFile(File):
    """A built PDF with a path beside the folder: the filesystem storage moves it into place with one rename."""

    def __init__(self, handle, *, name, path):
        super().__init__(handle, name=name)
        self.path = path

    def temporary_file_path(self):
        return self.path


def item_key(item):
    return f"{sharing.kind_of(item)}:{item.pk}"


def shared_item_keys(contexts):
    """ "kind:id" of each item shared with the client that the sections print (for withdrawing on unshare)."""
    keys = {
        item_key(obj)
        for obj in pdf.held_objects(contexts)
        if sharing.kind_of(obj) and getattr(obj, "shared_with_client", False)
    }
    return sorted(keys)


def _still_shared(keys):
    for kind, ids in _by_kind(keys).items():
        model = sharing.model_for(kind)
        if model.objects.filter(pk__in=ids, shared_with_client=True).count() != len(ids):
            return False
    return True


def _by_kind(keys):
    grouped = {}
    for key in keys:
        kind, _sep, pk = key.partition(":")
        grouped.setdefault(kind, []).append(pk)
    return grouped


def exports_withdraw_holding(*, item, by_user):
    """An item stopped being shared: the client's PDFs that hold it expire now (their files are deleted).

    A PDF made before what it held was recorded (shared_items null) is withdrawn too: it may hold the item.
    Runs in the unsharing transaction (clients.sharing's unshare hook).
    """
    holding = Q(shared_items__contains=[item_key(item)]) | Q(shared_items__isnull=True)
    exports = PortfolioExport.objects.filter(client_id=item.client_id, audience=ExportAudience.CLIENT).filter(holding)
    _withdraw(exports.filter(status=ExportStatus.READY), by_user=by_user)


def _withdraw(exports, *, by_user):
    for export in exports.select_related("client"):
        _delete_file(export)
        PortfolioExport.objects.filter(pk=export.pk).update(status=ExportStatus.EXPIRED, error=WITHDRAWN)
        recording.record(by_user, "portfolio_export.withdraw", client=export.client, obj=export)
        logger.info("Export %s withdrawn: an item in it is no longer shared", export.pk)


def _delete_file(export):
    if export.file_name:
        exports_storage().delete(export.file_name)  # a name that is already gone is no error


def export_open(export):
    """A ready export's file, read once from the storage and checked against its checksum, open at its start.

    None when it has expired, is gone or was altered. The caller closes it (FileResponse does).
    """
    if export.status != ExportStatus.READY or export.expires_at <= timezone.now() or not export.file_name:
        return None
    try:
        source = exports_storage().open(export.file_name, "rb")
    except FileNotFoundError:
        return None
    copy = tempfile.SpooledTemporaryFile(max_size=SERVE_IN_MEMORY)  # noqa: SIM115 (the caller closes it)
    digest = hashlib.sha256()
    try:
        with source:
            for chunk in source.chunks():
                digest.update(chunk)
                copy.write(chunk)
    except BaseException:  # the store went away mid-read: no half copy is kept
        copy.close()
        raise
    if digest.hexdigest() != export.checksum:
        copy.close()
        logger.warning("Export %s: its file does not match its checksum; not served", export.pk)
        return None
    copy.seek(0)
    return copy


def export_file(export):
    """The path of a ready export's checked file on this host's filesystem storage; None when it is gone or altered.

    For tools and checks that read the file where it lies (tests, the backup check); the download view reads
    through the storage (export_open), whichever it is.
    """
    folder = export_dir()
    if folder is None:
        raise NotImplementedError("The exports storage is not a folder on this host; use export_open()")
    checked = export_open(export)
    if checked is None:
        return None
    checked.close()
    return folder / export.file_name


def export_downloaded(*, export, by_user):
    recording.record(by_user, "portfolio_export.download", client=export.client, obj=export)


def exports_tidy(now=None):
    """Remove expired files and what a killed build left half-written; build once more what lost its worker.

    A build still rendering past STUCK_AFTER lost its worker (killed, out of memory): it is queued again,
    once. A build that was already that second try is failed, and the page tells the person to ask again.
    """
    now = now or timezone.now()
    for export in PortfolioExport.objects.filter(expires_at__lte=now).exclude(status=ExportStatus.EXPIRED):
        _delete_file(export)
        PortfolioExport.objects.filter(pk=export.pk).update(status=ExportStatus.EXPIRED)
        logger.info("Export %s expired", export.pk)
    stuck = PortfolioExport.objects.filter(status=ExportStatus.RENDERING, started_at__lt=now - STUCK_AFTER)
    failed = stuck.filter(error=INTERRUPTED).update(status=ExportStatus.FAILED, error="stuck", finished_at=now)
    retried = stuck.update(status=ExportStatus.QUEUED, error=INTERRUPTED)  # queued below, with the stranded
    if failed or retried:
        logger.warning("Exports that lost their worker: %s queued again, %s failed", retried, failed)
    _delete_leftovers(now - STUCK_AFTER)
    # Builds the broker never received (it was down): queue them again; the build claims its row first.
    stranded = PortfolioExport.objects.filter(status=ExportStatus.QUEUED, created_at__lt=now - REQUEUE_AFTER)
    for export_id in stranded.values_list("pk", flat=True)[:100]:
        if not _enqueue(export_id):
            break


def _delete_leftovers(older_than):
    """Through the storage: what a killed build left half-written (*.part), and PDFs no live export owns.

    A PDF saved by a build whose worker died before it marked the row ready, then failed or expired, belongs to
    nobody; so does one whose row is gone. Only files older than `older_than` are touched, so a build that is
    saving right now keeps its file.
    """
    storage = exports_storage()
    try:
        _folders, names = storage.listdir("")
    except FileNotFoundError:  # the folder was never made: nothing was ever written
        return
    leftovers, pdfs = [], {}
    for name in names:
        stem, _dot, suffix = name.partition(".")
        if suffix == "part":
            leftovers.append(name)
        elif suffix == "pdf":
            try:
                pdfs[uuid.UUID(stem)] = name
            except ValueError:
                continue  # not an export's file: not ours to delete
    if pdfs:
        alive = set(PortfolioExport.objects.filter(pk__in=list(pdfs), status__in=ALIVE).values_list("pk", flat=True))
        leftovers += [name for export_id, name in pdfs.items() if export_id not in alive]
    for name in leftovers:
        try:
            modified = storage.get_modified_time(name)
        except FileNotFoundError:  # a build just moved its *.part into place
            continue
        if modified < older_than:
            storage.delete(name)
            logger.info("Exports: a leftover .%s file was deleted", name.partition(".")[2])
