"""Issue 20 item 16: the clinic's crisis lines are on every page a client sees, once.

The portal's layout (base.html) shows them at the foot of every client page; the pages that already show
them in their content (home, safety plan, feedback list, record closed) leave the layout's block empty.
The pages are every URL of the authorization matrix a client may open (portal and account pages alike).
"""

import pytest
from django.urls import reverse

from ..conftest import log_in
from ..factories import CrisisLineFactory
from ..test_authorization_matrix import MATRIX

# What a client may open that is not a page of the layout, and so carries no crisis lines of its own.
NOT_PAGES = {
    "health": "the monitoring answer ('ok')",
    "portal:export_status": "an htmx fragment swapped into the PDF page, which shows them",
    "portal:session_invite": "a session's calendar invite (.ics) to download, not a page",
}
CLIENT_PAGES = sorted(
    name for name, entry in MATRIX.items() if entry.outcomes["client"] == 200 and name not in NOT_PAGES
)
PHONE = "1-800-555-0199"


def test_the_client_pages_include_every_portal_page():
    portal_gets = {
        name for name, entry in MATRIX.items() if name.startswith("portal:") and entry.outcomes["client"] != 405
    }
    not_pages = {"portal:record_closed", "portal:export_download"}  # tested below; a file, not a page
    assert portal_gets - not_pages - set(NOT_PAGES) <= set(CLIENT_PAGES)
    assert {"portal:encounter_log", "portal:journal", "accounts:password_change"} <= set(CLIENT_PAGES)


@pytest.mark.parametrize("name", CLIENT_PAGES)
def test_every_page_a_client_sees_shows_the_crisis_lines_once(name, cast, client):
    CrisisLineFactory(clinic=cast["client_record"].clinic, name="Warmline of the valley", phone=PHONE, text="")
    entry = MATRIX[name]
    log_in(client, cast["client"])
    response = client.get(reverse(name, kwargs=entry.kwargs(cast) if entry.kwargs else None))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<main" in page, f"{name} is not a page: list it in NOT_PAGES with the reason"
    assert page.count(f'href="tel:{PHONE}"') == 1, f"{name}: the crisis line is not shown exactly once"
    assert "Warmline of the valley" in page


@pytest.mark.parametrize("name", sorted(NOT_PAGES))
def test_what_is_left_out_is_really_not_a_page(name, cast, client):
    entry = MATRIX[name]
    log_in(client, cast["client"])
    response = client.get(reverse(name, kwargs=entry.kwargs(cast) if entry.kwargs else None))
    assert response.status_code == 200
    assert "<main" not in response.content.decode()


def test_the_closed_record_page_shows_the_crisis_lines_once(client, login, client_user, client_record, monkeypatch):
    from clients import discharge

    CrisisLineFactory(clinic=client_record.clinic, phone=PHONE, text="")
    monkeypatch.setattr(discharge, "portal_state", lambda client: discharge.CLOSED)
    login(client_user)
    page = client.get(reverse("portal:record_closed")).content.decode()
    assert page.count(f'href="tel:{PHONE}"') == 1


def test_staff_pages_show_no_portal_crisis_block(client, login, therapist, client_record):
    CrisisLineFactory(clinic=client_record.clinic, phone=PHONE, text="")
    login(therapist)
    page = client.get(reverse("clients:caseload")).content.decode()
    assert f"tel:{PHONE}" not in page
    assert "layout-crisis-heading" not in page


def test_the_stigma_encounter_form_shows_them_in_spanish(client, login, client_user, client_record):
    CrisisLineFactory(clinic=client_record.clinic, phone=PHONE, text="")
    login(client_user)
    page = client.get(reverse("portal:encounter_log"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert f'href="tel:{PHONE}"' in page
    assert "Si necesitas ayuda ahora" in page
