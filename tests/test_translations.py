"""English and Spanish: the catalog is complete, and a Spanish speaker sees Spanish."""

from pathlib import Path

from babel.messages.pofile import read_po
from django.core import mail
from django.urls import reverse
from django.utils import translation

from accounts import services
from accounts.models import Role

CATALOG = Path(__file__).resolve().parents[1] / "locale" / "es" / "LC_MESSAGES" / "django.po"


def test_every_spanish_message_is_translated_and_none_is_fuzzy():
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    untranslated = [m.id for m in catalog if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string])]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []


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
    assert mail.outbox[0].subject == "Configura la cuenta de tu planificador"
    assert "planificador" in mail.outbox[0].body


def test_date_fields_keep_an_iso_value_in_spanish_so_the_browser_can_show_it():
    import datetime

    from django.utils import translation

    from clients.forms import DateInput

    with translation.override("es"):
        html = DateInput().render("on", datetime.date(2026, 11, 26))
    assert 'value="2026-11-26"' in html and 'type="date"' in html
