"""`manage.py export_client`: everything held about one client, for a right-of-access request.

The demo data (`seed_demo`) fills every feature for Rosa, a portal client; factories and direct rows add
what the demo has none of (a care-team member, emergency access, audit events, reminders with deliveries and
notifications, a calendar feed, a PDF export, login records, the operator's edits; an invitation only if the demo
made none), and the same for Imani, another client of the same clinic, whose rows must stay out of Rosa's export.

What a row "belongs to the client" means is worked out here independently of the exporter: a model's
foreign keys are followed (up to four steps) to `clients.Client` or to `accounts.User`, and a row belongs
when one of those paths ends at the client or at their own portal account.
"""

import io
import json
import stat
import subprocess
import uuid

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db.models import Q
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from qsessions.backends.db import SessionStore

from accounts.models import Invitation, OutgoingEmail, Role
from audit import recording
from audit.models import AuditEvent
from clients.models import Activity, ActivityKind, Client, Flag, FlagRule, Message, MessageThread, Session
from portal import right_of_access
from portfolio.models import ChartEvent, JournalEntry, MeasureSchedule, PortfolioExport, SharedMeasure
from reminders.models import CalendarFeed, Delivery, Notification, Reminder

from ..factories import CareTeamMemberFactory, EmergencyAccessFactory, MicroGoalFactory, UserFactory
from ..held_data import held_for

CLIENT_LABEL, USER_LABEL = "clients.Client", "accounts.User"
SECRET_PASSWORD = "a-password-that-must-never-leave-9137"


# The independent definition of "belongs": foreign-key paths from a model to the client or an account.


def _paths(model, target, depth=4, seen=()):
    """Every lookup ("plan__client") that follows forward foreign keys from `model` to `target`."""
    if model is target:
        return ["pk"]
    if depth == 0:
        return []
    found = []
    for field in model._meta.concrete_fields:
        related = field.related_model if field.is_relation else None
        if related is None or related in seen or related is model:
            continue
        if related is target:
            found.append(field.name)
        else:
            found += [f"{field.name}__{rest}" for rest in _paths(related, target, depth - 1, (*seen, model))]
    return found


def _unaccounted(parts, excluded):
    """Models that can lead to a client or an account but are neither exported nor excluded with a reason."""
    client_model, user_model = apps.get_model(CLIENT_LABEL), apps.get_model(USER_LABEL)
    reaching = {
        model._meta.label for model in apps.get_models() if _paths(model, client_model) or _paths(model, user_model)
    }
    return reaching - {part.model for part in parts} - set(excluded)


def _belonging_pks(model, client):
    """The rows of `model` that reach this client or their portal account by some foreign-key path."""
    where = Q(pk__in=[])
    for path in _paths(model, apps.get_model(CLIENT_LABEL)):
        where |= Q(**{path: client.pk})
    if client.portal_user_id:
        for path in _paths(model, apps.get_model(USER_LABEL)):
            where |= Q(**{path: client.portal_user_id})
    return {str(pk) for pk in model._default_manager.filter(where).values_list("pk", flat=True)}


# The data: the demo, plus what the demo has none of, for two clients of one clinic.


def _add_what_the_demo_lacks(client, tag):
    portal_user, therapist = client.portal_user, client.primary_therapist
    now = timezone.now()
    CareTeamMemberFactory(client=client, user=UserFactory(clinic=client.clinic, email=f"team.{tag}@example.org"))
    grant = EmergencyAccessFactory(
        client=client, admin=UserFactory(clinic=client.clinic, role=Role.CLINIC_ADMIN, email=f"admin.{tag}@example.org")
    )
    recording.record(grant.admin, "client.view", client=client)  # under the grant: reaches the client both ways
    recording.record(portal_user, "portal.view", client=client)
    recording.record(portal_user, "auth.login")  # no client on it: belongs through its actor alone
    if not Invitation.objects.filter(subject_id=client.pk).exists():  # the demo invites its portal clients
        Invitation.objects.create(
            clinic=client.clinic,
            email=portal_user.email,
            full_name=portal_user.full_name,
            role=Role.CLIENT,
            invited_by=therapist,
            subject_id=client.pk,
            token_hash=f"invitation-token-hash-{tag}-{uuid.uuid4().hex}",
            expires_at=now + timezone.timedelta(days=7),
            accepted_user=portal_user,
        )
    reminder = Reminder.objects.create(
        recipient=portal_user, client=client, local_time="09:00", time_zone="UTC", created_by=therapist
    )
    delivery = Delivery.objects.create(reminder=reminder, occurrence=now, channel="in_app")
    Notification.objects.create(user=portal_user, delivery=delivery, text="You have an update in your planner")
    CalendarFeed.objects.create(user=portal_user, token_hash=f"calendar-token-hash-{tag}-{uuid.uuid4().hex}")
    OutgoingEmail.objects.create(kind="account_notice", recipient=portal_user, about="password_changed")
    PortfolioExport.objects.create(
        client=client, sections=["milestones"], language="en", requested_by=therapist, expires_at=now
    )
    MicroGoalFactory(client=client, title=f"Phone my sister on Sundays {tag}")
    Session.objects.create(
        client=client,
        therapist=therapist,
        created_by=therapist,
        starts_at=now + timezone.timedelta(days=3),
        location=f"Room 2 {tag}",
        agenda=f"Talk about the flag of {tag}",
    )
    if not Message.objects.filter(client=client).exists():  # the secure messages, both ways (issue 24)
        Message.objects.create(client=client, author=portal_user, from_client=True, body=f"Can we move Tuesday? {tag}")
        Message.objects.create(client=client, author=therapist, body=f"Yes, Wednesday at ten works. {tag}")
    MessageThread.objects.get_or_create(client=client)
    # the care loop (issue 24): what the client did in the portal, and a flag it raised, acknowledged with a note
    activity = Activity.objects.create(client=client, kind=ActivityKind.ENCOUNTER, facts={"distress_before": 9})
    Flag.objects.create(
        client=client,
        rule=FlagRule.HIGH_DISTRESS,
        activity=activity,
        acknowledged_at=now,
        acknowledged_by=therapist,
        note=f"Called to check in {tag}",
    )
    JournalEntry.objects.create(client=client, text=f"A private victory {tag}", private=True, author=portal_user)
    # measurement-based care (issue 25): a schedule, a shared chart, the client's own marker on it
    if not MeasureSchedule.objects.filter(client=client).exists():
        MeasureSchedule.objects.create(client=client, instrument="gad7", cadence="before_session", created_by=therapist)
    SharedMeasure.objects.get_or_create(client=client, instrument="phq9", defaults={"shared_by": therapist})
    ChartEvent.objects.create(client=client, label=f"Moved to a new flat {tag}", created_by=portal_user)
    operator = UserFactory(clinic=None, role=Role.OPERATOR, email=f"operator.{tag}@example.org", is_staff=True)
    LogEntry.objects.create(
        user=operator,
        content_type=ContentType.objects.get_for_model(Client),
        object_id=str(client.pk),
        object_repr=f"Client {client.pk}",
        action_flag=CHANGE,
    )
    login = {"user_agent": "Firefox", "ip_address": "192.0.2.7", "username": portal_user.email, "path_info": "/"}
    apps.get_model("axes.AccessLog").objects.create(**login, session_hash=f"axes-session-hash-{tag}")
    apps.get_model("axes.AccessFailureLog").objects.create(**login)
    apps.get_model("axes.AccessAttempt").objects.create(
        **login, get_data="", post_data=f"posted-{tag}", failures_since_start=1
    )


def _secrets_of(client):
    """Secrets held for this client's account: none may appear in any export."""
    portal_user = client.portal_user
    portal_user.set_password(SECRET_PASSWORD)
    portal_user.end_all_sessions()  # sets a session stamp
    portal_user.save()
    device = TOTPDevice.objects.create(user=portal_user, name="phone", confirmed=True)
    session = SessionStore()
    session["_auth_user_id"] = str(portal_user.pk)
    session.create()
    return {
        "password hash": portal_user.password,
        "session stamp": portal_user.session_stamp,
        "TOTP secret": device.key,
        "session key": session.session_key,
        "invitation token hash": Invitation.objects.get(subject_id=client.pk).token_hash,
        "calendar token hash": portal_user.calendar_feeds.get().token_hash,
        "axes session hash": "axes-session-hash-rosa",
        "axes posted data": "posted-rosa",
    }


def _demo_with_what_it_lacks():
    call_command("seed_demo", not_production=True, verbosity=0, stdout=io.StringIO())
    for email, name in (("rosa@lakeside.example", "rosa"), ("imani@lakeside.example", "imani")):
        _add_what_the_demo_lacks(Client.objects.get(portal_user__email=email), name)


# The demo and what this file adds to it, made once for the module's tests that read it (tests/held_data.py).
_held, _held_or_an_empty_database = held_for("demo", _demo_with_what_it_lacks)


@pytest.fixture
def demo(_held, db, settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    people = Client.objects.select_related("portal_user", "primary_therapist")
    return people.get(portal_user__email="rosa@lakeside.example"), people.get(
        portal_user__email="imani@lakeside.example"
    )


def _export(client, out_dir):
    stdout = io.StringIO()
    call_command("export_client", str(client.pk), "--out", str(out_dir), stdout=stdout)
    json_path, pdf_path = out_dir / f"client-{client.pk}.json", out_dir / f"client-{client.pk}.pdf"
    return json_path, pdf_path, stdout.getvalue()


# The tests.


def test_every_model_that_can_lead_to_a_client_or_an_account_is_exported_or_excluded_with_a_reason():
    exported = {part.model for part in right_of_access.PARTS}
    assert not exported & set(right_of_access.EXCLUDED), "a model is both exported and excluded"
    assert all(reason.strip() for reason in right_of_access.EXCLUDED.values())
    for label in exported | set(right_of_access.EXCLUDED):
        apps.get_model(label)  # a misspelt label fails here
    assert _unaccounted(right_of_access.PARTS, right_of_access.EXCLUDED) == set()


def test_the_walk_notices_a_model_left_out_of_the_export():
    without_referrals = [part for part in right_of_access.PARTS if part.model != "peers.ReferralStatusChange"]
    assert _unaccounted(without_referrals, right_of_access.EXCLUDED) == {"peers.ReferralStatusChange"}


def test_every_row_about_the_client_is_in_the_json_and_no_row_of_another_client(demo, tmp_path):
    rosa, imani = demo
    models = [apps.get_model(part.model) for part in right_of_access.PARTS]
    belonging_before = {model: _belonging_pks(model, rosa) for model in models}  # not the export's own event
    json_path, _, _ = _export(rosa, tmp_path / "out")
    document = json.loads(json_path.read_text())
    assert document["client_id"] == str(rosa.pk)
    imani_json, _, _ = _export(imani, tmp_path / "imani")
    imani_records = json.loads(imani_json.read_text())["records"]

    for part in right_of_access.PARTS:
        model = apps.get_model(part.model)
        exported = {str(row["pk"]) for row in document["records"][part.model]}
        belonging = belonging_before[model]
        assert exported, f"{part.model}: the data should give the client at least one row, and it is exported"
        assert belonging <= exported, f"{part.model}: rows about the client are missing"
        if part.matching is None:  # rows found by a filter without a foreign key are checked just below
            assert exported <= belonging, f"{part.model}: rows that are not the client's are exported"
        others = {str(row["pk"]) for row in imani_records[part.model]}
        assert others, f"{part.model}: the other client has rows too"
        assert not exported & others, f"{part.model}: another client's rows are in the export"

    client_row = document["records"][CLIENT_LABEL][0]
    assert client_row["fields"]["legal_name"] == rosa.legal_name
    event = next(e for e in document["records"]["audit.AuditEvent"] if e["fields"]["action"] == "auth.login")
    assert timezone.datetime.fromisoformat(event["fields"]["at"].replace("Z", "+00:00")).tzinfo is not None


def test_no_secret_leaves_in_the_json(demo, tmp_path):
    rosa, _ = demo
    secrets = _secrets_of(rosa)
    json_path, _, _ = _export(rosa, tmp_path / "out")
    text = json_path.read_text()
    for name, value in secrets.items():
        assert value, f"the {name} is empty"
        assert value not in text, f"the {name} is in the export"
    (account,) = json.loads(text)["records"][USER_LABEL]
    assert account["fields"]["email"] == "rosa@lakeside.example"
    assert not {"password", "session_stamp"} & set(account["fields"])
    for row in (
        json.loads(text)["records"]["reminders.CalendarFeed"] + json.loads(text)["records"]["accounts.Invitation"]
    ):
        assert "token_hash" not in row["fields"]


def test_it_writes_private_files_a_real_pdf_and_an_audit_event(demo, tmp_path):
    rosa, _ = demo
    before = AuditEvent.objects.count()
    out_dir = tmp_path / "request-2026-11"
    json_path, pdf_path, stdout = _export(rosa, out_dir)

    for path in (json_path, pdf_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(out_dir.stat().st_mode) == 0o700
    assert sorted(p.name for p in out_dir.iterdir()) == sorted([json_path.name, pdf_path.name])  # no temporaries

    assert pdf_path.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    words = " ".join(text.split())
    assert "Phone my sister on Sundays rosa" in words
    assert "A private victory rosa" in words  # the export is for the client: their private entries too

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action="client.export", client=rosa)
    assert event.actor is None
    assert event.detail["reason"] == "right_of_access_request"
    assert event.detail["via"] == "manage.py export_client"

    assert str(json_path) in stdout
    assert str(pdf_path) in stdout
    for personal in (rosa.legal_name, rosa.preferred_name, rosa.portal_user.email):
        assert personal not in stdout


def test_a_client_without_a_portal_account_is_exported_too(tmp_path, client_record):
    client_record.portal_user = None
    client_record.save()
    MicroGoalFactory(client=client_record, title="Walk to the park")
    json_path, pdf_path, _ = _export(client_record, tmp_path / "out")
    records = json.loads(json_path.read_text())["records"]
    assert records[USER_LABEL] == []
    assert [row["fields"]["title"] for row in records["portfolio.MicroGoal"]] == ["Walk to the park"]
    assert pdf_path.read_bytes().startswith(b"%PDF")


def test_it_refuses_an_unknown_or_malformed_id_and_writes_nothing(tmp_path, client_record):
    before = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="No client has the id"):
        call_command("export_client", str(uuid.uuid4()), "--out", str(tmp_path / "out"))
    with pytest.raises(CommandError, match="is not a client id"):
        call_command("export_client", "rosa", "--out", str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()
    assert AuditEvent.objects.count() == before


def test_it_refuses_when_no_active_therapist_can_build_the_pdf(tmp_path, client_record, therapist):
    therapist.is_active = False
    therapist.save()
    with pytest.raises(CommandError, match="no active therapist"):
        call_command("export_client", str(client_record.pk), "--out", str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_the_clients_copy_has_their_sessions_without_the_agenda_and_the_complete_copy_has_it(demo, tmp_path):
    """The agenda is the care team's working note (issue 24): not in the client's copy, in the clinic's own."""
    rosa, _ = demo
    json_path, _, _ = _export(rosa, tmp_path / "for-client")
    document = json.loads(json_path.read_text())
    sessions = document["records"]["clients.Session"]
    assert "Room 2 rosa" in {row["fields"]["location"] for row in sessions}
    assert all("agenda" not in row["fields"] for row in sessions)
    assert "Talk about the flag of rosa" not in json_path.read_text()
    assert "agenda" in document["omitted_fields"]["clients.Session"]
    assert document["copy"] == "for_client"

    stdout = io.StringIO()
    out = tmp_path / "complete"
    call_command("export_client", str(rosa.pk), "--out", str(out), "--complete", stdout=stdout)
    complete = json.loads((out / f"client-{rosa.pk}.json").read_text())
    agendas = {row["fields"]["agenda"] for row in complete["records"]["clients.Session"]}
    assert "Talk about the flag of rosa" in agendas
    assert "agenda" not in complete["omitted_fields"]["clients.Session"]
    assert complete["copy"] == "complete"
    assert AuditEvent.objects.filter(action="client.export", client=rosa, detail__copy="complete").exists()
