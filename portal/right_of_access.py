"""Everything held about one client, for a right-of-access request (`manage.py export_client`).

The portal sits above every feature app (docs/architecture.md), so this is where one client's rows from all of them
can be gathered. `PARTS` names every model whose rows can be about a client, and how to find them: by
a lookup that leads to the client, one that leads to the client's own portal account, or (for rows
without a foreign key) an explicit filter. `EXCLUDED` names the models deliberately left out, with the
reason. tests/portal/test_export_client.py walks the app registry and fails when a model that can lead
to a client or an account is in neither, so a new model cannot be forgotten here.

Secrets never leave: password hashes, session stamps, token hashes, second-factor devices and sessions.
"""

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from audit import recording
from clients import pdf_sections
from portfolio import pdf

FORMAT = "empowerment-planner/right-of-access"
FORMAT_VERSION = 1
# Never exported from any model: an idempotency key means nothing to the person and is internal.
OMIT_EVERYWHERE = ("submission_key",)


@dataclass(frozen=True)
class Part:
    """One model's rows about a client: found by lookups to the client or to their portal account."""

    model: str
    client_paths: tuple = ()
    user_paths: tuple = ()
    matching: Callable | None = None  # matching(client) -> Q, for rows that name the client without a foreign key
    omit: tuple = ()
    # The care team's working notes that are not part of what the client receives (a session's agenda): left out
    # of the copy for the client, kept in the clinic's complete copy (`export_client --complete`).
    staff_only: tuple = ()

    def rows(self, client):
        model = apps.get_model(self.model)
        where = Q(pk__in=[])
        for path in self.client_paths:
            where |= Q(**{path: client.pk})
        if client.portal_user_id:
            for path in self.user_paths:
                where |= Q(**{path: client.portal_user_id})
        if self.matching is not None:
            where |= self.matching(client)
        return model._default_manager.filter(where).distinct().order_by("pk")

    def fields(self, *, complete=False):
        model = apps.get_model(self.model)
        omitted = self.omitted(complete=complete)
        names = [field.name for field in model._meta.concrete_fields if not field.primary_key]
        names += [field.name for field in model._meta.many_to_many]
        return [name for name in names if name not in omitted]

    def omitted(self, *, complete=False):
        return set(self.omit) | set(OMIT_EVERYWHERE) | (set() if complete else set(self.staff_only))


def _own_login_records(client):
    """Login records (django-axes) keep the email typed, not a foreign key: the portal account's email."""
    if not client.portal_user_id:
        return Q(pk__in=[])
    return Q(username__iexact=client.portal_user.email)


def _invitation_for_client(client):
    return Q(subject_id=client.pk)


def _operator_edits(client):
    """The operator's admin-site history of this client's record and portal account."""
    about_client = Q(content_type__app_label="clients", content_type__model="client", object_id=str(client.pk))
    if not client.portal_user_id:
        return about_client
    about_account = Q(
        content_type__app_label="accounts", content_type__model="user", object_id=str(client.portal_user_id)
    )
    return about_client | about_account


PARTS = [
    # audit
    Part("audit.AuditEvent", client_paths=("client", "emergency_access__client"), user_paths=("actor",)),
    # accounts
    Part("accounts.User", user_paths=("pk",), omit=("password", "session_stamp")),
    Part(
        "accounts.Invitation",
        user_paths=("accepted_user",),
        matching=_invitation_for_client,
        omit=("token_hash",),
    ),
    Part("accounts.OutgoingEmail", user_paths=("recipient",)),  # the emails owed to the client's own account
    Part("clients.EmergencyAccess", client_paths=("client",)),
    Part("admin.LogEntry", matching=_operator_edits),
    Part("axes.AccessLog", matching=_own_login_records, omit=("session_hash",)),
    Part("axes.AccessFailureLog", matching=_own_login_records),
    Part("axes.AccessAttempt", matching=_own_login_records, omit=("get_data", "post_data")),
    # clients
    Part("clients.Client", client_paths=("pk",)),
    Part("clients.CareTeamMember", client_paths=("client",)),
    Part("clients.SupportPerson", client_paths=("client",)),
    Part("clients.SafetyPlan", client_paths=("client",)),
    Part("clients.CheckIn", client_paths=("client",)),
    Part("clients.Session", client_paths=("client",), staff_only=("agenda",)),
    # the secure messages with the care team, both ways, and whether messaging is on (and the reason they read)
    Part("clients.Message", client_paths=("client",)),
    Part("clients.MessageThread", client_paths=("client",)),
    # the care loop's record of what the client did in the portal (kinds and numbers, no text), and the attention
    # flags it raised; a therapist's note on acknowledging one is a working note, kept in the clinic's complete copy
    Part("clients.Activity", client_paths=("client",)),
    Part("clients.Flag", client_paths=("client",), staff_only=("note",)),
    # reminders
    Part("reminders.Reminder", client_paths=("client",), user_paths=("recipient", "created_by")),
    Part(
        "reminders.Delivery",
        client_paths=("reminder__client",),
        user_paths=("reminder__recipient", "reminder__created_by"),
    ),
    Part(
        "reminders.Notification",
        client_paths=("delivery__reminder__client",),
        user_paths=("user", "delivery__reminder__recipient", "delivery__reminder__created_by"),
    ),
    Part("reminders.CalendarFeed", user_paths=("user",), omit=("token_hash",)),
    # portfolio
    Part("portfolio.EmpowermentPlan", client_paths=("client",)),
    Part("portfolio.Reframe", client_paths=("plan__client",)),
    Part("portfolio.MicroGoal", client_paths=("client",)),
    Part("portfolio.GoalCheck", client_paths=("goal__client",)),
    Part("portfolio.JournalEntry", client_paths=("client",)),
    Part("portfolio.Milestone", client_paths=("client",)),
    Part("portfolio.CopingSkill", client_paths=("client",)),
    Part("portfolio.StigmaEncounter", client_paths=("client",)),
    Part("portfolio.MeasureAssignment", client_paths=("client",)),
    Part("portfolio.MeasureResponse", client_paths=("client",)),
    Part("portfolio.MeasureSchedule", client_paths=("client",)),
    Part("portfolio.SharedMeasure", client_paths=("client",)),
    Part("portfolio.ChartEvent", client_paths=("client",)),
    Part("portfolio.PortfolioExport", client_paths=("client",)),
    # disclosure
    Part("disclosure.DisclosurePlan", client_paths=("client",)),
    Part("disclosure.StatusChange", client_paths=("plan__client",)),
    Part("disclosure.Rehearsal", client_paths=("plan__client",)),
    Part("disclosure.Debrief", client_paths=("plan__client",)),
    # advocacy
    Part("advocacy.AdvocacyPlan", client_paths=("client",)),
    Part("advocacy.AdvocacyStep", client_paths=("plan__client",)),
    Part("advocacy.AdvocacyReview", client_paths=("plan__client",)),
    Part("advocacy.StoryDraft", client_paths=("plan__client",)),
    Part("advocacy.StoryVersion", client_paths=("draft__plan__client",)),
    # peers
    Part("peers.PeerReferral", client_paths=("client",)),
    Part("peers.ReferralStatusChange", client_paths=("referral__client",)),
    # portal
    Part("grievances.Grievance", client_paths=("client",)),
]

EXCLUDED = {
    "otp_totp.TOTPDevice": "second-factor secrets (staff only; clients do not enrol a second factor)",
    "accounts.BackupCodeDevice": "second-factor backup codes, kept only as hashes (staff only)",
    "accounts.BackupCode": "second-factor backup codes, kept only as hashes (staff only)",
    "qsessions.Session": (
        "session keys are secrets and a session holds no record content; its browser and address are shown to the"
        " person on their own session list (accounts:sessions)"
    ),
    "clinics.InclusiveCareReview": "the clinic's self-assessment of its practice, never about one client",
    "clinics.InclusiveCareItem": "the clinic's self-assessment of its practice, never about one client",
    "advocacy.AdvocacyOpportunity": "the clinic's list of opportunities; a step's link to one is exported as its id",
    "peers.PeerResource": "the clinic's peer directory; a referral's resource is exported as its id",
    "clients.FormDraft": (
        "a staff member's unsaved typing in a form, seen only by them and deleted when the form is saved (what is"
        " saved is exported as the record it becomes) or after 14 days"
    ),
}


def collect(client, *, complete=False):
    """Every exported row about `client`, by model label, as Django's serializer shapes them (`complete`: with the
    care team's working notes, for the clinic's records)."""
    records = {}
    for part in PARTS:
        rows = part.rows(client)
        records[part.model] = serializers.serialize("python", rows, fields=part.fields(complete=complete))
    return records


def document(client, records, *, complete=False):
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "client_id": str(client.pk),
        "generated_at": timezone.now(),
        "copy": "complete" if complete else "for_client",
        "omitted_fields": {part.model: sorted(part.omitted(complete=complete)) for part in PARTS},
        "excluded_models": EXCLUDED,
        "records": records,
    }


def _one_snapshot():
    """Read the JSON's rows and the PDF's from one snapshot, so they agree while the clinic keeps working."""
    # SET TRANSACTION must come first in the outermost transaction (inside a test's, it cannot).
    if connection.vendor == "postgresql" and len(connection.atomic_blocks) == 1:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def pdf_viewer(client):
    """Whose view the PDF is built through: an active member of the care team (they see the whole record)."""
    if client.primary_therapist.is_active:
        return client.primary_therapist
    return client.care_team.filter(is_active=True).order_by("pk").first()


def _write_private(directory, name, data):
    """Write `data` to directory/name with mode 0600, through a temporary file moved into place."""
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as target:
            target.write(data)
        os.chmod(temporary, 0o600)
        os.replace(temporary, directory / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return directory / name


def client_export(*, client, out_dir, viewer, complete=False):
    """Write client-<id>.json and client-<id>.pdf into `out_dir`, then record the export in the audit log.

    Returns (json_path, pdf_path, row counts by model). The PDF holds every section, private journal
    entries included: the export is for the client themselves. `complete`: the clinic's own copy, which also
    holds the care team's working notes (each Part's `staff_only` fields) that the client's copy leaves out.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    with transaction.atomic():
        _one_snapshot()
        records = collect(client, complete=complete)
        html = pdf.render_html(
            client,
            section_keys=[section.key for section in pdf_sections.available()],
            language=client.preferred_language,
            user=viewer,
            private_journal=True,
        )
    body = json.dumps(document(client, records, complete=complete), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    json_path = _write_private(out_dir, f"client-{client.pk}.json", body.encode())
    with tempfile.SpooledTemporaryFile() as handle:
        pdf.write_pdf(html, handle)
        handle.seek(0)
        pdf_path = _write_private(out_dir, f"client-{client.pk}.pdf", handle.read())
    counts = {label: len(rows) for label, rows in records.items()}
    recording.record(
        None,
        "client.export",
        client=client,
        obj=client,
        detail={
            "reason": "right_of_access_request",
            "via": "manage.py export_client",
            "copy": "complete" if complete else "for_client",
            "rows": sum(counts.values()),
            "json_sha256": hashlib.sha256(json_path.read_bytes()).hexdigest(),
            "pdf_sha256": hashlib.sha256(pdf_path.read_bytes()).hexdigest(),
        },
    )
    return json_path, pdf_path, counts
