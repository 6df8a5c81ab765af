"""Spanish that draws and speaks with one voice (issue 20, items 7 and 8).

- Every SVG chart (staff and portal pages, the PDF's HTML) keeps plain numbers in its coordinates when the
  page is in Spanish: "136,0" is no number to a browser or to WeasyPrint.
- Django's own messages speak to the person with "tú", like the rest of the product.
- Every portal page, in Spanish, for a client with data, shows no English word of the product's UI,
  never calls the reader "el cliente", and builds no title from fragments that change with gender or article.
"""

import re
from datetime import timedelta
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from babel.messages.pofile import read_po
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation

from portfolio import pdf
from portfolio.models import MeasureResponse, Milestone

from .factories import CrisisLineFactory, DisclosurePlanFactory, RehearsalFactory, SupportPersonFactory
from .test_authorization_matrix import MATRIX

CATALOG = Path(__file__).resolve().parents[1] / "locale" / "es" / "LC_MESSAGES" / "django.po"
DJANGO = Path(django.__file__).resolve().parent

# ---------------------------------------------------------------------------------------------------------
# Item 7: chart coordinates are never localised.

NUMERIC = ("x", "y", "x1", "y1", "x2", "y2", "width", "height", "cx", "cy", "r", "dx", "dy")
SVG = re.compile(r"<svg\b.*?</svg>", re.S)
ATTRIBUTE = re.compile(r'\s([a-zA-Z][a-zA-Z0-9:-]*)="([^"]*)"')


def svg_numbers_problems(html):
    """Every numeric SVG attribute that does not parse as plain floats; [] when all do."""
    problems = []
    for svg in SVG.findall(html):
        for name, value in ATTRIBUTE.findall(svg):
            if not _parses(name, value.strip()):
                problems.append(f'{name}="{value}"')
    return problems


def _parses(name, value):
    try:
        if name in NUMERIC:
            float(value)
        elif name == "viewBox":
            assert len([float(part) for part in value.split()]) == 4
        elif name == "points":
            for pair in value.split():
                x, y = pair.split(",")  # exactly one comma a point: "24,136,0" is not a point
                float(x), float(y)
        elif name == "d":
            for number in re.split(r"[\s,]+", re.sub(r"[MmLlHhVvCcSsQqTtAaZz]", " ", value).strip()):
                if number:
                    float(number)
        elif name == "transform":
            for arguments in re.findall(r"\(([^)]*)\)", value):
                [float(part) for part in re.split(r"[\s,]+", arguments.strip()) if part]
    except (ValueError, AssertionError):
        return False
    return True


def charts_in(html):
    return SVG.findall(html)


@pytest.fixture
def spanish(client_user, therapist):
    for user in (client_user, therapist):
        user.preferred_language = "es"
        user.save(update_fields=["preferred_language"])


@pytest.fixture
def rehearsed_plan(client_record):
    plan = DisclosurePlanFactory(client=client_record, shared_with_client=True)
    # Fractions on purpose: y = 136.0, 111.2… are exactly what Spanish turned into "136,0".
    for before, after in ((2, 5), (3, 7), (6, 9)):
        RehearsalFactory(plan=plan, confidence_before=before, confidence_after=after)
    return plan


@pytest.fixture
def measured(client_record, therapist):
    """Two instruments with results over two months, and a milestone marked on the charts."""
    now = timezone.now()
    for instrument, totals in (("self_stigma_pulse", ("3.00", "2.50", "1.75")), ("empowerment_pulse", ("2", "3", "4"))):
        for days_ago, total in zip((61, 33, 0), totals, strict=True):
            MeasureResponse.objects.create(
                client=client_record,
                instrument=instrument,
                instrument_version="1",
                answers={},
                total=Decimal(total),
                band={"en": "x", "es": "x"},
                completed_by=therapist,
                completed_at=now - timedelta(days=days_ago),
            )
    Milestone.objects.create(
        client=client_record,
        title="Se unió a un grupo de pares",
        created_by=therapist,
        achieved_on=(now - timedelta(days=20)).date(),
        shared_with_client=True,
    )
    return client_record


def _assert_charts_draw(html, count):
    assert len(charts_in(html)) == count, f"expected {count} charts"
    assert svg_numbers_problems(html) == []


def test_the_rehearsal_chart_draws_in_spanish_for_the_therapist(client, login, therapist, spanish, rehearsed_plan):
    login(therapist)
    client.cookies["django_language"] = "es"
    page = client.get(rehearsed_plan.get_absolute_url()).content.decode()
    assert '<html lang="es">' in page
    _assert_charts_draw(page, 1)


def test_the_rehearsal_chart_draws_in_spanish_in_the_portal(client, login, client_user, spanish, rehearsed_plan):
    login(client_user)
    client.cookies["django_language"] = "es"
    page = client.get(reverse("portal:disclosure_plan", args=[rehearsed_plan.pk])).content.decode()
    assert '<html lang="es">' in page
    _assert_charts_draw(page, 1)


def test_the_measures_page_draws_in_spanish_and_its_axis_labels_stay_spanish(
    client, login, therapist, spanish, measured
):
    login(therapist)
    client.cookies["django_language"] = "es"
    page = client.get(reverse("portfolio:measures", args=[measured.pk])).content.decode()
    _assert_charts_draw(page, 2)
    # The axis labels are for people: the midpoint of the pulse's scale reads "2,50" in Spanish.
    ticks = re.findall(r'<text x="4"[^>]*>([^<]*)</text>', page)
    assert "2,50" in ticks, ticks


@pytest.mark.parametrize("for_client", [True, False])
def test_both_charts_of_the_pdf_draw_in_spanish(therapist, measured, for_client):
    html = pdf.render_html(
        measured,
        section_keys=["measures", "milestones"],
        language="es",
        user=therapist,
        private_journal=False,
        for_client=for_client,
    )
    assert '<html lang="es">' in html
    _assert_charts_draw(html, 2)


def test_the_svg_check_catches_a_localised_coordinate():
    assert svg_numbers_problems('<svg><line y1="136,0"/><polyline points="24,136,0 48,12"/></svg>') == [
        'y1="136,0"',
        'points="24,136,0 48,12"',
    ]
    assert svg_numbers_problems('<svg viewBox="0 0 360 160"><circle cx="24.5" cy="136.0" r="4"/></svg>') == []


# ---------------------------------------------------------------------------------------------------------
# Item 8: Django's own messages speak with "tú".

# The formal "usted" forms in Django's Spanish messages (imperatives, possessives).
USTED = re.compile(
    r"\b(usted(es)?|[Ss]us?|Introduzca|Introduza|introduzca|Ingrese|Asegúrese|Escoja|Seleccione|[Ee]nvíe|"
    r"Compruebe|[Cc]orrija|Verifique|Desmarque|Habilite|Observe|vuelva|ha configurado|Escriba)\b"
)
# Messages of Django's catalog that never reach a person using the product: the operator's admin site,
# the DEBUG welcome page, and username rules (people sign in with their email address).
NEVER_SHOWN = {
    "The groups this user belongs to. A user will get all permissions granted to each of their groups.",
    "Designates whether this user should be treated as active. Unselect this instead of deleting accounts.",
    "Enable password-based authentication for this user by setting a password.",
    "Enter a valid username. This value may contain only unaccented lowercase a-z and uppercase A-Z letters, "
    "numbers, and @/./+/-/_ characters.",
    "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.",
}


def _djangos_usted_messages():
    for catalog in ("conf/locale", "contrib/auth/locale"):
        with (DJANGO / catalog / "es" / "LC_MESSAGES" / "django.po").open("rb") as handle:
            for message in read_po(handle):
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                key = message.id[0] if isinstance(message.id, tuple) else message.id
                if (
                    key
                    and key not in NEVER_SHOWN
                    and not key.startswith("You are seeing this page because")
                    and any(USTED.search(string or "") for string in strings)
                ):
                    yield message.id


def test_djangos_own_messages_speak_with_tu():
    found = list(_djangos_usted_messages())
    assert len(found) > 40  # the scan sees Django's catalog
    formal = []
    with translation.override("es"):
        for msgid in found:
            if isinstance(msgid, tuple):
                texts = [translation.ngettext(msgid[0], msgid[1], n) for n in (1, 12)]
            else:
                texts = [translation.gettext(msgid)]
            formal += [text for text in texts if USTED.search(text) or text == msgid]
    assert formal == []


def test_the_projects_catalog_wins_over_djangos_in_a_form(client):
    """LOCALE_PATHS is searched before Django's own catalog: a form's error reads as the project wrote it."""
    from django import forms

    class Form(forms.Form):
        day = forms.DateField()
        score = forms.IntegerField(max_value=10)
        kind = forms.ChoiceField(choices=[("a", "A")])

    with translation.override("es"):
        form = Form({"day": "ayer", "score": "11", "kind": "b"})
        assert not form.is_valid()
        assert form.errors == {
            "day": ["Escribe una fecha válida."],
            "score": ["Escribe un valor menor o igual a 10."],
            "kind": ["Elige una opción válida. b no es una de las opciones disponibles."],
        }


def test_password_rules_speak_with_tu(client_user):
    from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
    from django.core.exceptions import ValidationError

    with translation.override("es"):
        texts = password_validators_help_texts()
        with pytest.raises(ValidationError) as refused:
            validate_password("12345", user=client_user)
    assert texts
    assert not [text for text in texts if USTED.search(text)]
    assert not [text for text in refused.value.messages if USTED.search(text)], refused.value.messages


# ---------------------------------------------------------------------------------------------------------
# Item 8: every portal page in Spanish, for a client with data.


def _english_ui_words():
    """Words of the product's short English UI strings ("Save", "Back", "Your", "shared"…) that are not also
    Spanish: every word of a msgid of up to four words, minus any word found in a Spanish translation."""
    with CATALOG.open("rb") as handle:
        catalog = [message for message in read_po(handle) if message.id]
    spanish = set()
    for message in catalog:
        for string in message.string if isinstance(message.string, tuple) else (message.string,):
            string = re.sub(r"[\w.]+\.\w+", " ", string or "")  # action codes quoted in a translation: «client.create»
            spanish.update(word.lower() for word in re.findall(r"[^\W\d_]+", string))
    english = set()
    for message in catalog:
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        words = re.findall(r"[A-Za-z]+", re.sub(r"%\(\w+\)\w|\{\{?[^}]*\}\}?", " ", msgid))
        if 1 <= len(words) <= 4:
            english.update(word.lower() for word in words if len(word) >= 4)
    return english - spanish - NOT_ENGLISH_ONLY


# Words that Spanish and the product's names share, even if no translation happens to use them.
NOT_ENGLISH_ONLY = {"email", "online", "chat", "pulse", "stigma"}


def _user_data_words():
    """Words the people themselves wrote (names, plans, notes): the product shows them as typed."""
    words = set()
    root = Path(__file__).resolve().parents[1]
    project = {config.label for config in apps.get_app_configs() if Path(config.path).is_relative_to(root)}
    for model in apps.get_models():
        if model._meta.app_label not in project or model.__name__ == "AuditEvent":
            continue
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField) and not field.choices
        ]
        for row in model.objects.values_list(*fields) if fields else ():
            for value in row:
                words.update(word.lower() for word in re.findall(r"[^\W\d_]+", value or ""))
    return words


class VisibleText(HTMLParser):
    """The text a person reads or hears: text nodes (not scripts or styles) and the spoken attributes."""

    SPOKEN = ("aria-label", "title", "placeholder", "alt")

    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        attributes = dict(attrs)
        self.parts += [attributes[name] or "" for name in self.SPOKEN if name in attributes]
        if tag == "input" and attributes.get("type") in ("submit", "button"):
            self.parts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden = max(self._hidden - 1, 0)

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    # The language switcher names each language in itself ("English"): that is on purpose.
    return re.sub(r"\bEnglish\b", " ", " ".join(parser.parts))


PORTAL_PAGES = sorted(name for name, entry in MATRIX.items() if name.startswith("portal:"))
# Words that speak of the reader in the third person, or formally.
NOT_TO_THE_READER = re.compile(
    r"\bclientes?\b|\busted\b|\b(Introduzca|Ingrese|Asegúrese|Escoja|Seleccione|Compruebe|Corrija|Escriba)\b", re.I
)


@pytest.fixture
def portal_with_data(cast, spanish, therapist, measured, rehearsed_plan):
    """The matrix's cast (plans, goals, a referral, a reminder, an export…) and more: a man in the support
    network on the ally path ("Contactada" was wrong for him), a plan for telling a group, charts, crisis lines."""
    client_record = cast["client_record"]
    CrisisLineFactory(clinic=client_record.clinic, name="Línea de crisis")
    SupportPersonFactory(client=client_record, created_by=therapist, name="Jorge", ally_stage="approached")
    SupportPersonFactory(client=client_record, created_by=therapist, name="Lucía", ally_stage="ally")
    DisclosurePlanFactory(client=client_record, shared_with_client=True, audience_description="El grupo de la iglesia")
    from clients.models import SupportPerson

    SupportPerson.objects.filter(client=client_record).update(shared_with_client=True)
    return cast


def _portal_pages(cast, client):
    for name in PORTAL_PAGES:
        entry = MATRIX[name]
        if entry.outcomes["client"] != 200:
            continue
        url = reverse(name, kwargs=entry.kwargs(cast) if entry.kwargs else None)
        response = client.get(url)
        if not response["Content-Type"].startswith("text/html"):
            continue  # a download, not a page: a calendar invite's keywords are iCalendar's (tests/portal/test_sessions.py)
        yield name, "GET", response
        if entry.post and entry.post["client"] in (200, 400):  # a form sent empty shows its error messages
            yield name, "POST", client.post(url, {})


def test_every_portal_page_in_spanish_has_no_english_ui_words_and_speaks_to_the_reader(client, login, portal_with_data):
    cast = portal_with_data
    english = _english_ui_words()
    assert {"save", "back", "share", "cancel", "remove", "your", "shared", "client"} <= english
    login(cast["client"])
    client.cookies["django_language"] = "es"
    pages = []
    for name, method, response in _portal_pages(cast, client):
        assert response.status_code in (200, 400), f"{method} {name}: {response.status_code}"
        html = response.content.decode()
        assert "<html" not in html or '<html lang="es">' in html, f"{method} {name} is not in Spanish"  # or a fragment
        pages.append((f"{method} {name}", visible_text(html)))
    assert len(pages) >= 20
    english -= _user_data_words()  # read last: opening the pages made some of the data
    found = {}
    for page, text in pages:
        words = {word for word in re.findall(r"[^\W\d_]+", text) if word.lower() in english}
        words |= {match.group(0) for match in NOT_TO_THE_READER.finditer(text)}
        if words:
            found[page] = sorted(words)
    assert found == {}


def test_the_measures_page_in_spanish_has_no_english_line(client, login, therapist, spanish, measured):
    english = _english_ui_words() - _user_data_words()
    login(therapist)
    client.cookies["django_language"] = "es"
    text = visible_text(client.get(reverse("portfolio:measures", args=[measured.pk])).content.decode())
    assert sorted({word for word in re.findall(r"[^\W\d_]+", text) if word.lower() in english}) == []


def test_the_pdf_made_for_the_client_in_spanish_speaks_to_them(therapist, portal_with_data):
    from clients import pdf_sections

    html = pdf.render_html(
        portal_with_data["client_record"],
        section_keys=[section.key for section in pdf_sections.available()],
        language="es",
        user=therapist,
        private_journal=False,
        for_client=True,
    )
    text = visible_text(html)
    assert "Plan para contarlo: El grupo de la iglesia" in text
    assert not NOT_TO_THE_READER.search(text), NOT_TO_THE_READER.search(text)
    assert svg_numbers_problems(html) == []
    assert len(charts_in(html)) == 3  # the two pulses, and the cast's GAD-7 (issue 25)


def test_titles_built_around_what_the_client_typed_read_right_in_spanish(client, login, portal_with_data):
    """No sentence built from fragments that change with gender or article ("Contárselo a El grupo…", "Contactada")."""
    login(portal_with_data["client"])
    client.cookies["django_language"] = "es"
    home = visible_text(client.get(reverse("portal:home")).content.decode())
    assert "a El grupo" not in home
    assert "Contárselo a" not in home
    assert "Plan para contarlo: El grupo de la iglesia" in home
    assert "Contactada" not in home
    assert "Contactado" not in home
    assert "Jorge" in home
    assert "Contacto iniciado" in home
