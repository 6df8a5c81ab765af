"""Issue 19, items 1-3: private words stay private; a PDF for the client holds only what is shared with them.

1. The client's own PDF holding their private journal text is theirs alone: staff never see it listed and
   get a 404 on its status and download addresses.
2. A journal entry written by the care team follows the "shared with client" switch: off by default.
3. A PDF for the client holds only what is shared with them, says on its cover who it is for; unsharing
   an item withdraws the client's older PDFs that hold it.
"""

import subprocess
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from audit.models import AuditEvent
from clients.models import CareTeamMember
from portfolio import exporting
from portfolio.models import CopingSkill, EmpowermentPlan, ExportStatus, JournalEntry, Milestone, PortfolioExport

from ..factories import DisclosurePlanFactory, SupportPersonFactory


def pdf_text(path):
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(autouse=True)
def private_files(tmp_path, settings):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    return settings.PRIVATE_FILES_ROOT


@pytest.fixture
def shared_plan(client_record, therapist):
    return EmpowermentPlan.objects.create(client=client_record, created_by=therapist, shared_with_client=True)


def ask_as_client(client, login, client_user, sections):
    """The client asks for their PDF in the portal (tasks run eagerly in the unit tests)."""
    login(client_user)
    response = client.post(reverse("portal:exports"), {"sections": sections, "language": "en"})
    assert response.status_code == 302
    client.logout()
    return PortfolioExport.objects.get(requested_by=client_user, sections=sections)


def staff_urls(record, export):
    return (
        reverse("portfolio:export_status", args=[record.pk, export.pk]),
        reverse("portfolio:export_download", args=[record.pk, export.pk]),
    )


# 1. The client's own PDF with private text


def test_the_care_team_never_sees_the_clients_own_pdf_that_holds_private_text(
    client, login, therapist, colleague, client_user, client_record, shared_plan, django_capture_on_commit_callbacks
):
    CareTeamMember.objects.create(client=client_record, user=colleague, added_by=therapist)
    JournalEntry.objects.create(
        client=client_record,
        kind="victory",
        text="Told my sister about the diagnosis",
        private=True,
        author=client_user,
    )
    with django_capture_on_commit_callbacks(execute=True):
        own = ask_as_client(client, login, client_user, ["victories"])
    own.refresh_from_db()
    assert own.status == ExportStatus.READY
    login(client_user)
    download = client.get(reverse("portal:export_download", args=[own.pk]))
    assert download.status_code == 200  # the client's own
    assert "Told my sister about the diagnosis" in pdf_text(exporting.export_file(own))
    client.logout()
    for staff in (therapist, colleague):
        login(staff)
        page = client.get(reverse("portfolio:exports", args=[client_record.pk])).content.decode()
        assert str(own.pk) not in page
        for url in staff_urls(client_record, own):
            assert client.get(url).status_code == 404, url
        client.logout()
    assert not AuditEvent.objects.filter(action="portfolio_export.download", actor__in=[therapist, colleague]).exists()
    assert own.holds_private_text  # recorded on the export


def test_the_clients_own_pdf_without_private_text_stays_visible_to_the_care_team(
    client, login, therapist, client_user, client_record, shared_plan, django_capture_on_commit_callbacks
):
    JournalEntry.objects.create(client=client_record, kind="victory", text="An open win", author=client_user)
    with django_capture_on_commit_callbacks(execute=True):
        own = ask_as_client(client, login, client_user, ["victories"])
    own.refresh_from_db()
    assert own.status == ExportStatus.READY
    assert not own.holds_private_text  # the build settled it
    login(therapist)
    for url in staff_urls(client_record, own):
        assert client.get(url).status_code == 200


def test_a_clients_pdf_with_victories_is_hidden_from_staff_while_it_is_being_made(
    client, login, therapist, client_user, client_record, shared_plan
):
    JournalEntry.objects.create(client=client_record, kind="victory", text="Mine", private=True, author=client_user)
    queued = exporting.export_request(
        client=client_record, by_user=client_user, section_keys=["victories"], language="en"
    )
    assert queued.status == ExportStatus.QUEUED
    assert not PortfolioExport.objects.visible_to(therapist).filter(pk=queued.pk).exists()
    assert PortfolioExport.objects.visible_to(client_user).filter(pk=queued.pk).exists()
    assert queued.holds_private_text


def test_the_migration_hides_older_client_pdfs_with_victories_and_marks_staff_pdfs_as_care_team_copies(
    therapist, client_user, client_record, shared_plan
):
    theirs = exporting.export_request(
        client=client_record, by_user=client_user, section_keys=["victories"], language="en"
    )
    PortfolioExport.objects.update(status=ExportStatus.READY)  # one at a time: this one is done
    staff = exporting.export_request(client=client_record, by_user=therapist, section_keys=["coping"], language="en")
    PortfolioExport.objects.update(holds_private_text=False, audience="client", shared_items=[])  # as before
    migration = import_module("portfolio.migrations.0004_private_exports_and_shared_journal")
    migration.existing_exports(django_apps, None)
    theirs.refresh_from_db()
    staff.refresh_from_db()
    assert theirs.holds_private_text
    assert theirs.shared_items is None
    assert staff.audience == "care_team"
    assert not staff.holds_private_text


# 2. The care team's journal entries follow the sharing switch


def test_a_therapists_journal_entry_reaches_the_client_only_once_shared(
    client, login, therapist, client_user, client_record
):
    login(therapist)
    form = client.get(reverse("portfolio:item_create", args=[client_record.pk, "journal"])).content.decode()
    assert "Share with the client" in form
    assert 'name="shared_with_client"' in form
    assert 'name="shared_with_client" checked' not in form  # off by default
    response = client.post(
        reverse("portfolio:item_create", args=[client_record.pk, "journal"]),
        {"kind": "reflection", "text": "Dana seemed guarded about work today.", "written_on": "2024-05-01"},
    )
    assert response.status_code == 302
    entry = JournalEntry.objects.get(author=therapist)
    assert not entry.shared_with_client
    home = client.get(reverse("portfolio:home", args=[client_record.pk])).content.decode()
    assert reverse("clients:share", args=[client_record.pk, "journal_entry", entry.pk]) in home  # the switch
    client.logout()
    login(client_user)
    assert "Dana seemed guarded" not in client.get(reverse("portal:journal")).content.decode()
    assert not JournalEntry.objects.visible_to(client_user).filter(pk=entry.pk).exists()
    client.logout()
    login(therapist)
    client.post(reverse("clients:share", args=[client_record.pk, "journal_entry", entry.pk]), {"shared": "1"})
    client.logout()
    login(client_user)
    page = client.get(reverse("portal:journal")).content.decode()
    assert "Dana seemed guarded" in page
    assert "from your care team" in page


def test_a_therapist_can_share_a_journal_entry_as_they_write_it(client, login, therapist, client_user, client_record):
    login(therapist)
    client.post(
        reverse("portfolio:item_create", args=[client_record.pk, "journal"]),
        {
            "kind": "victory",
            "text": "You spoke up at the meeting.",
            "written_on": "2024-05-01",
            "shared_with_client": "on",
        },
    )
    entry = JournalEntry.objects.get(author=therapist)
    assert entry.shared_with_client
    assert entry.shared_by == therapist
    assert JournalEntry.objects.visible_to(client_user).filter(pk=entry.pk).exists()


def test_the_clients_own_entries_are_always_theirs_to_read(client, login, therapist, client_user, client_record):
    login(client_user)
    client.post(
        reverse("portal:journal"), {"kind": "victory", "text": "I went to the party.", "written_on": "2024-05-01"}
    )
    entry = JournalEntry.objects.get(author=client_user)
    assert not entry.shared_with_client
    assert JournalEntry.objects.visible_to(client_user).filter(pk=entry.pk).exists()
    assert "I went to the party." in client.get(reverse("portal:journal")).content.decode()


# 3. A PDF for the client: only what is shared with them, and it says so


@pytest.fixture
def mixed_record(client_record, therapist):
    Milestone.objects.create(
        client=client_record, title="Shared milestone", created_by=therapist, shared_with_client=True
    )
    Milestone.objects.create(client=client_record, title="Unshared milestone", created_by=therapist)
    CopingSkill.objects.create(client=client_record, name="Unshared skill", created_by=therapist)
    SupportPersonFactory(client=client_record, name="Unshared ally", ally_stage="ally", created_by=therapist)
    JournalEntry.objects.create(client=client_record, kind="victory", text="Unshared staff victory", author=therapist)
    return client_record


SECTIONS = ["milestones", "coping", "supports", "victories"]


def make_pdf(client, login, therapist, record, audience, language="en", sections=SECTIONS, *, on_commit):
    """The therapist asks for a PDF on the export page; the build runs when the request commits."""
    login(therapist)
    with on_commit(execute=True):
        client.post(
            reverse("portfolio:exports", args=[record.pk]),
            {"sections": sections, "language": language, "audience": audience},
        )
    client.logout()
    export = PortfolioExport.objects.latest("created_at")
    assert export.status == ExportStatus.READY, export.error
    return export


def test_a_pdf_for_the_client_holds_only_what_is_shared_with_them_and_says_so(
    client, login, therapist, mixed_record, django_capture_on_commit_callbacks
):
    export = make_pdf(client, login, therapist, mixed_record, "client", on_commit=django_capture_on_commit_callbacks)
    text = pdf_text(exporting.export_file(export))
    assert "Shared milestone" in text
    for unshared in ("Unshared milestone", "Unshared skill", "Unshared ally", "Unshared staff victory"):
        assert unshared not in text, unshared
    assert "Made for Dana. It holds only what is shared with Dana." in " ".join(text.split())
    assert "Care-team copy" not in text


def test_the_care_teams_copy_holds_everything_and_says_it_is_not_for_the_client(
    client, login, therapist, mixed_record, django_capture_on_commit_callbacks
):
    DisclosurePlanFactory(client=mixed_record, shared_with_client=True)
    export = make_pdf(
        client,
        login,
        therapist,
        mixed_record,
        "care_team",
        sections=[*SECTIONS, "disclosure"],
        on_commit=django_capture_on_commit_callbacks,
    )
    text = " ".join(pdf_text(exporting.export_file(export)).split())
    assert "Unshared milestone" in text
    assert "Unshared skill" in text
    assert "Unshared ally" in text
    assert "Care-team copy" in text
    assert "do not hand it to them" in text
    assert "shared with you" not in text
    assert "Disclosure plans shared with the client" in text


def test_the_pdf_for_the_client_says_who_it_is_for_in_spanish(
    client, login, therapist, mixed_record, django_capture_on_commit_callbacks
):
    export = make_pdf(
        client, login, therapist, mixed_record, "client", language="es", on_commit=django_capture_on_commit_callbacks
    )
    text = " ".join(pdf_text(exporting.export_file(export)).split())
    assert "Hecho para Dana. Solo incluye lo que se comparte con Dana." in text


def test_unsharing_an_item_withdraws_the_clients_older_pdfs_that_hold_it(
    client, login, therapist, client_user, mixed_record, shared_plan, django_capture_on_commit_callbacks
):
    milestone = Milestone.objects.get(title="Shared milestone")
    on_commit = django_capture_on_commit_callbacks
    holding = make_pdf(client, login, therapist, mixed_record, "client", sections=["milestones"], on_commit=on_commit)
    other = make_pdf(client, login, therapist, mixed_record, "client", sections=["coping"], on_commit=on_commit)
    staff_copy = make_pdf(
        client, login, therapist, mixed_record, "care_team", sections=["milestones"], on_commit=on_commit
    )
    path = exporting.export_dir() / holding.file_name
    assert path.exists()
    login(therapist)
    client.post(reverse("clients:share", args=[mixed_record.pk, "milestone", milestone.pk]), {"shared": "0"})
    for export in (holding, other, staff_copy):
        export.refresh_from_db()
    assert holding.status == ExportStatus.EXPIRED
    assert not path.exists()
    assert other.status == ExportStatus.READY
    assert staff_copy.status == ExportStatus.READY
    assert holding.withdrawn
    assert holding.shared_items == [f"milestone:{milestone.pk}"]
    download = reverse("portfolio:export_download", args=[mixed_record.pk, holding.pk])
    assert client.get(download).status_code == 404
    page = client.get(reverse("portfolio:exports", args=[mixed_record.pk])).content.decode()
    assert "Withdrawn: something in it is no longer shared" in page
    assert AuditEvent.objects.filter(action="portfolio_export.withdraw", object_id=str(holding.pk)).count() == 1


def test_archiving_a_shared_item_withdraws_the_clients_pdfs_that_hold_it(
    therapist, client_record, django_capture_on_commit_callbacks
):
    from clients.services import item_archive

    skill = CopingSkill.objects.create(client=client_record, name="Box breathing", created_by=therapist)
    skill.shared_with_client = True
    skill.save()
    export = exporting.export_request(client=client_record, by_user=therapist, section_keys=["coping"], language="en")
    exporting.export_build(export_id=export.pk)
    item_archive(item=skill, by_user=therapist)
    export.refresh_from_db()
    assert export.status == ExportStatus.EXPIRED
    assert export.withdrawn
