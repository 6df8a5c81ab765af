"""Rendering the resilience portfolio to a tagged PDF with WeasyPrint.

The URL fetcher (portfolio/weasy.py) serves only the project's own static files, named `ep-static:<path>` in
the template; every other URL — file:, http:, data:, anything user text could smuggle in — is refused and
recorded. User text reaches the template escaped, so it cannot add markup or styles in the first place.
"""

import html as html_text
import importlib
import re

from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts import timezones
from clients import pdf_sections

STATIC_SCHEME = "ep-static:"
PANGO_INSTALL = "apt-get install -y libpango-1.0-0 libpangoft2-1.0-0"
# A table of contents earns its page only in a long portfolio: about this much text is four or five pages.
CONTENTS_FROM_CHARACTERS = 12_000
_TAG = re.compile(r"<[^>]*>")


def available():
    """Whether PDFs can be made here: WeasyPrint imports, so the Pango library it loads is installed.

    Asked when an export page is shown (a failed import is not kept, so installing Pango is picked up
    without a restart); the rest of the product runs without it.
    """
    try:
        importlib.import_module("portfolio.weasy")
    except (ImportError, OSError):
        return False
    return True


def render_html(client, *, section_keys, language, user, private_journal, for_client=False, cover=None):
    """The portfolio as HTML, in the client's chosen language, with the chosen sections."""
    return render(
        client,
        section_keys=section_keys,
        language=language,
        user=user,
        private_journal=private_journal,
        for_client=for_client,
        cover=cover,
    )[0]


def render(client, *, section_keys, language, user, private_journal, for_client, cover=None):
    """(HTML, [(section, its context)]): the portfolio for the client (only what is shared with them) or
    for the care team, with headings that say which; the contexts tell what the PDF holds. Dates and times
    (the day it was made included) read the client's clinic's clock: the task runs with no zone active.

    `cover`: the title and words the client chose for their own PDF ({"title": ..., "words": ...}), printed
    as text. A table of contents is added only when the portfolio is long enough to need one.
    """
    with translation.override(language), timezone.override(timezones.clinic_zone(client.clinic)):
        sections = [
            (
                section,
                section.title_for(for_client=for_client),
                section.context(client, user, private_journal, for_client),
            )
            for section in pdf_sections.chosen(section_keys)
        ]
        contexts = [context for _section, _title, context in sections]
        context = {
            "client": client,
            "sections": sections,
            "language": language,
            "made_on": timezone.localdate(),
            "for_client": for_client,
            "private_journal": private_journal,
            "holds_private_text": holds_private_text(contexts),
            "cover": {"title": "", "words": "", **(cover or {})},
            "contents": False,
        }
        html = render_to_string("portfolio/pdf/portfolio.html", context)
        if len(sections) > 1 and text_length(html) >= CONTENTS_FROM_CHARACTERS:
            html = render_to_string("portfolio/pdf/portfolio.html", {**context, "contents": True})
    return html, contexts


def text_length(html):
    """How many characters of text a page of the PDF's HTML holds (markup and spacing not counted)."""
    body = html.split("<body", 1)[-1]
    return len(" ".join(html_text.unescape(_TAG.sub(" ", body)).split()))


def held_objects(value, depth=0):
    """Every model instance in the sections' contexts (lists, dicts and rows of them, a few levels deep)."""
    if isinstance(value, Model):
        yield value
    elif depth < 4 and isinstance(value, dict):
        for item in value.values():
            yield from held_objects(item, depth + 1)
    elif depth < 4 and isinstance(value, list | tuple):
        for item in value:
            yield from held_objects(item, depth + 1)


def holds_private_text(contexts):
    """Whether a private journal entry is among what the sections print."""
    from .models import JournalEntry

    return any(isinstance(obj, JournalEntry) and obj.private for obj in held_objects(contexts))


def write_pdf(html, target):
    """Write the tagged PDF (PDF/UA-1) of `html` to the open binary file `target`; return the fetcher."""
    from . import weasy  # imports WeasyPrint, which needs Pango (see `available`)

    return weasy.write_pdf(html, target, base_url=STATIC_SCHEME)
