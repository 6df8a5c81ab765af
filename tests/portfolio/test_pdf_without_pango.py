"""Issue 20 items 15 and 19: PDFs wrap long words, and a server without the Pango library (which
WeasyPrint loads) runs everything else and explains on the export pages why no PDF can be made."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from portfolio import pdf
from portfolio.models import EmpowermentPlan, JournalEntry, PortfolioExport

NO_PANGO = """
import sys
class NoPango:  # WeasyPrint without Pango: its import fails with the OSError of cffi's dlopen
    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError("cannot load library 'libpango-1.0-0'")
sys.meta_path.insert(0, NoPango())
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # every view module, as runserver's checks import them
from portfolio import pdf
print("available:", pdf.available())
"""


def test_the_project_imports_and_says_pdfs_are_unavailable_without_pango():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    result = subprocess.run(
        [sys.executable, "-c", NO_PANGO], capture_output=True, text=True, env=env, cwd=settings.BASE_DIR, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "available: False" in result.stdout


def test_pdfs_are_available_where_weasyprint_loads():
    assert pdf.available() is True


@pytest.fixture
def no_pango(monkeypatch):
    monkeypatch.setattr(pdf, "available", lambda: False)


@pytest.fixture
def shared_plan(client_record, therapist):
    return EmpowermentPlan.objects.create(client=client_record, created_by=therapist, shared_with_client=True)


def test_the_portal_export_page_explains_a_missing_pango(client, login, client_user, shared_plan, no_pango):
    login(client_user)
    page = client.get(reverse("portal:exports")).content.decode()
    assert "data-pdf-unavailable" in page
    assert "Pango" in page
    assert pdf.PANGO_INSTALL in page
    assert "Make the PDF" not in page


def test_asking_for_a_pdf_without_pango_queues_nothing(client, login, client_user, shared_plan, no_pango):
    login(client_user)
    response = client.post(reverse("portal:exports"), {"sections": ["milestones"], "language": "en"})
    assert response.status_code == 503
    assert "data-pdf-unavailable" in response.content.decode()
    assert PortfolioExport.objects.count() == 0


def test_the_care_teams_export_page_explains_a_missing_pango(client, login, therapist, client_record, no_pango):
    login(therapist)
    page = client.get(reverse("portfolio:exports", args=[client_record.pk])).content.decode()
    assert "data-pdf-unavailable" in page
    assert pdf.PANGO_INSTALL in page
    response = client.post(
        reverse("portfolio:exports", args=[client_record.pk]),
        {"sections": ["milestones"], "language": "en", "audience": "care_team"},
    )
    assert response.status_code == 503
    assert PortfolioExport.objects.count() == 0


def test_with_pango_the_export_page_offers_the_form(client, login, client_user, shared_plan):
    login(client_user)
    page = client.get(reverse("portal:exports")).content.decode()
    assert "Make the PDF" in page
    assert "data-pdf-unavailable" not in page


def test_the_pdf_stylesheet_wraps_long_words(client_record, client_user):
    JournalEntry.objects.create(client=client_record, text="a" * 300, author=client_user)
    html = pdf.render_html(
        client_record, section_keys=["victories"], language="en", user=client_user, private_journal=True
    )
    sheets = re.findall(r'<link rel="stylesheet" href="ep-static:([^"]+)"', html)
    assert sheets, "the PDF links no stylesheet"
    css = "".join(Path(finders.find(sheet)).read_text(encoding="utf-8") for sheet in sheets)
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules = re.findall(r"([^{}]+)\{([^}]*overflow-wrap:\s*anywhere[^}]*)\}", css)
    selectors = {name.strip() for selector, _body in rules for name in selector.split(",")}
    assert {"body", "td"} <= selectors, css
