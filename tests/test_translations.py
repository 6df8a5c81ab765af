"""English and Spanish: the catalog is complete, and a Spanish speaker sees Spanish."""

from pathlib import Path

from babel.messages.pofile import read_po
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from accounts import services
from accounts.models import Role

CATALOG = Path(__file__).resolve().parents[1] / "locale" / "es" / "LC_MESSAGES" / "django.po"


def test_every_spanish_message_is_translated_and_none_is_fuzzy():
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    untranslated = [m.id for m in catalog if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string])]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []


def test_the_compiled_catalog_is_used():
    with translation.override("es"):
        assert translation.gettext("Log in") == "Iniciar sesión"


def test_a_spanish_speaking_client_sees_the_portal_in_spanish(client, login, client_user, client_record):
    client_user.preferred_language = "es"
    client_user.save()
    client.cookies["django_language"] = "es"
    login(client_user)
    page = client.get(reverse("portal:home")).content.decode()
    assert '<html lang="es">' in page
    assert "Hola, Dana" in page


def test_an_invitation_in_spanish_is_written_in_spanish(admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            by_user=admin, email="hana@example.org", full_name="Hana", role=Role.THERAPIST, language="es"
        )
    # A staff invitation names who invites and where (issue 20 item 24), in Spanish.
    assert mail.outbox[0].subject == f"Carol Admin te invitó al planificador de {admin.clinic.name}"
    assert "planificador" in mail.outbox[0].body or "Abre este enlace" in mail.outbox[0].body


def test_date_fields_keep_an_iso_value_in_spanish_so_the_browser_can_show_it():
    import datetime

    from django.utils import translation

    from clients.forms import DateInput

    with translation.override("es"):
        html = DateInput().render("on", datetime.date(2026, 11, 26))
    assert 'value="2026-11-26"' in html
    assert 'type="date"' in html


def test_a_client_who_picks_spanish_gets_spanish_pages_emails_notifications_and_pdf(
    client, login, client_user, client_record, therapist, admin, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Must-show 2 of issue 10: the switcher's choice is the client's language everywhere they are written to."""
    import datetime as dt

    from audit.models import AuditEvent
    from clients.models import Client
    from grievances.services import grievance_create, grievance_respond
    from portfolio.models import EmpowermentPlan, ExportStatus, PortfolioExport
    from reminders import services as reminder_services
    from reminders.models import Notification, Reminder

    from .portfolio.test_exports import pdf_text

    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    Client.objects.filter(pk=client_record.pk).update(
        allow_email=True, email_is_safe=True, quiet_hours_start=None, quiet_hours_end=None, discreet_wording=False
    )
    EmpowermentPlan.objects.create(
        client=client_record, created_by=therapist, shared_with_client=True, values="Familia"
    )
    assert client_user.preferred_language == "en"

    login(client_user)
    client.post(reverse("set_language"), {"language": "es", "next": reverse("portal:home")})
    client_user.refresh_from_db()
    client_record.refresh_from_db()
    assert (client_user.preferred_language, client_record.preferred_language) == ("es", "es")
    assert AuditEvent.objects.filter(action="client.language.update", client=client_record).count() == 1
    assert "Hola, Dana" in client.get(reverse("portal:home")).content.decode()

    # A reminder email, and the in-app note and email of a reply to her feedback.
    Reminder.objects.create(
        recipient=client_user,
        client=client_record,
        created_by=therapist,
        local_time=dt.time(9, 0),
        time_zone="UTC",
        recurrence="none",
        kind="check_in",
        link="/portal/",
        next_at=timezone.now() - dt.timedelta(minutes=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        reminder_services.dispatch_due(now=timezone.now())
    with translation.override("es"):
        assert mail.outbox[-1].subject == translation.gettext("Reminder: %(kind)s") % {"kind": "seguimiento"}
        assert "seguimiento" in mail.outbox[-1].body.lower()
    grievance = grievance_create(
        client=client_record,
        by_user=client_user,
        data={"kind": "complaint", "subject": "Sala de espera", "text": "Se habló de mi diagnóstico en voz alta."},
    )
    grievance_respond(grievance=grievance, by_user=admin, status="in_review", response="Gracias.", expected_version=1)
    note = Notification.objects.filter(user=client_user).latest("created_at")
    with translation.override("es"):
        assert note.text == translation.gettext("The clinic has an update on the feedback you sent.")
        assert note.text != "The clinic has an update on the feedback you sent."

    # A password reset asked for from a page shown in English is still written in Spanish.
    client.logout()
    client.cookies["django_language"] = "en"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the reset email is queued on commit
        client.post(reverse("accounts:password_reset"), {"email": client_user.email})
    assert mail.outbox[0].subject == "Elige una contraseña nueva para tu planificador"

    # The PDF: the export form starts in Spanish, and the PDF made from it is in Spanish.
    login(client_user)
    client.cookies["django_language"] = "es"
    page = client.get(reverse("portal:exports")).content.decode()
    assert '<option value="es" selected>' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:exports"), {"sections": ["milestones", "coping"], "language": "es"})
    export = PortfolioExport.objects.get(client=client_record)
    assert (export.status, export.language) == (ExportStatus.READY, "es")
    text = pdf_text(Path(settings.PRIVATE_FILES_ROOT) / "exports" / export.file_name)
    with translation.override("es"):
        for english in ("Resilience portfolio", "Milestones", "No coping skills yet."):
            assert translation.gettext(english) in text
            assert english not in text


def test_the_care_team_changing_the_records_language_changes_the_portal_accounts(client_user, client_record, therapist):
    from clients import services as client_services

    client_services.client_update_profile(
        client=client_record,
        by_user=therapist,
        data={"preferred_language": "es"},
        expected_version=client_record.version,
    )
    client_user.refresh_from_db()
    assert client_user.preferred_language == "es"


def test_a_therapists_switch_is_kept_for_the_next_sign_in_without_touching_any_record(
    client, login, therapist, client_record
):
    from audit.models import AuditEvent

    login(therapist)
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    therapist.refresh_from_db()
    client_record.refresh_from_db()
    assert therapist.preferred_language == "es"
    assert client_record.preferred_language == "en"
    assert AuditEvent.objects.filter(actor=therapist, action="account.language.update").count() == 1
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})  # not a language we offer: ignored
    therapist.refresh_from_db()
    assert therapist.preferred_language == "es"
