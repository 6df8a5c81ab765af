"""The part of the PDF export that needs WeasyPrint (and so the Pango library): imported only when a PDF
is written, so a server without Pango runs everything else and says so on the export pages."""

import logging
import mimetypes

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import pdf

logger = logging.getLogger("portfolio.pdf")


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
        if not url.startswith(pdf.STATIC_SCHEME):
            return None
        relative = url[len(pdf.STATIC_SCHEME) :].lstrip("/")
        if not relative or ".." in relative.replace("\\", "/").split("/"):
            return None
        try:
            return finders.find(relative)
        except SuspiciousFileOperation:
            return None


def write_pdf(html, target, *, base_url):
    fetcher = StaticOnlyFetcher()
    HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(target, pdf_variant="pdf/ua-1")
    return fetcher
