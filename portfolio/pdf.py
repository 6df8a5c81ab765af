"""Rendering the resilience portfolio to a tagged PDF with WeasyPrint.

The URL fetcher serves only the project's own static files, named `ep-static:<path>` in the template;
every other URL — file:, http:, data:, anything user text could smuggle in — is refused and recorded.
User text reaches the template escaped, so it cannot add markup or styles in the first place.
"""

import logging
import mimetypes

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from clients import exports

logger = logging.getLogger(__name__)
STATIC_SCHEME = "ep-static:"


class StaticOnlyFetcher(URLFetcher):
    """Serves `ep-static:` URLs from the project's static files; refuses and records everything else."""

    def __init__(self):
        super().__init__(allowed_protocols=())
        self.refused = []

    def fetch(self, url, headers=None):
        path = self._static_path(url)
        if path:
            with open(path, "rb") as handle:
                body = handle.read()
            mime_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": mime_type})
        self.refused.append(url)
        logger.warning("PDF fetch refused (%s URL)", url.split(":", 1)[0][:20])
        raise ValueError("Only the project's own static files may be fetched.")

    @staticmethod
    def _static_path(url):
        """The file behind an `ep-static:` URL, or None (never outside the static folders)."""
        if not url.startswith(STATIC_SCHEME):
            return None
        relative = url[len(STATIC_SCHEME) :].lstrip("/")
        if not relative or ".." in relative.replace("\\", "/").split("/"):
            return None
        try:
            return finders.find(relative)
        except SuspiciousFileOperation:
            return None


def render_html(client, *, section_keys, language, user, private_journal, for_client=False):
    """The portfolio as HTML, in the client's chosen language, with the chosen sections."""
    return render(
        client,
        section_keys=section_keys,
        language=language,
        user=user,
        private_journal=private_journal,
        for_client=for_client,
    )[0]


def render(client, *, section_keys, language, user, private_journal, for_client):
    """(HTML, [(section, its context)]): the portfolio for the client (only what is shared with them) or
    for the care team, with headings that say which; the contexts tell what the PDF holds."""
    with translation.override(language):
        sections = [
            (
                section,
                section.title_for(for_client=for_client),
                section.context(client, user, private_journal, for_client),
            )
            for section in exports.chosen(section_keys)
        ]
        contexts = [context for _section, _title, context in sections]
        html = render_to_string(
            "portfolio/pdf/portfolio.html",
            {
                "client": client,
                "sections": sections,
                "language": language,
                "made_on": timezone.localdate(),
                "for_client": for_client,
                "private_journal": private_journal,
                "holds_private_text": holds_private_text(contexts),
            },
        )
    return html, contexts


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
    fetcher = StaticOnlyFetcher()
    HTML(string=html, base_url=STATIC_SCHEME, url_fetcher=fetcher).write_pdf(target, pdf_variant="pdf/ua-1")
    return fetcher
