"""Issue 19: a client's private victory stays theirs, in a real browser.

The client writes a private victory and builds their PDF; a therapist on the care team does not see it
in the export list and gets a 404 on its addresses.
"""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from clients.models import CareTeamMember
from portfolio.models import EmpowermentPlan, PortfolioExport

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def staff_session(page, live_server, user):
    """A staff member's browser session, second factor included (see tests/conftest.log_in)."""
    from django.test import Client

    from ..conftest import log_in

    cookie = log_in(Client(), user).cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url, "secure": True}]
    )
    return page


def test_a_clients_private_victory_in_their_pdf_is_not_the_care_teams_to_see(
    browser, live_server, axe, page, client_user, client_record, therapist, colleague, settings, tmp_path
):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    # The staff session is handed to the browser as a cookie, which Chromium refuses to set by hand under a
    # __Host- name on the live server's plain http address; the name itself is not what is tested here.
    settings.SESSION_COOKIE_NAME = "sessionid"
    EmpowermentPlan.objects.create(client=client_record, created_by=therapist, shared_with_client=True)
    CareTeamMember.objects.create(client=client_record, user=colleague, added_by=therapist)

    portal = browser.new_context(base_url=live_server.url).new_page()
    portal.goto("/accounts/login/")
    portal.get_by_label("Email address").fill(client_user.email)
    portal.get_by_label("Password").fill("correct horse battery staple")
    portal.get_by_role("button", name="Log in").click()
    portal.goto(reverse("portal:journal"))
    portal.get_by_label("Victory").check()
    portal.get_by_label("Entry").fill("I told my sister about my diagnosis and she hugged me")
    portal.get_by_label("Private").check()
    portal.get_by_role("button", name="Save").click()
    expect(portal.get_by_text("Saved in your journal.")).to_be_visible()

    portal.goto(reverse("portal:exports"))
    axe(portal)
    portal.get_by_role("button", name="Make the PDF").click()
    expect(portal.get_by_role("link", name="Download the PDF")).to_be_visible()
    with portal.expect_download() as download:
        portal.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename.startswith("resilience-portfolio-")
    portal.context.close()
    export = PortfolioExport.objects.get(requested_by=client_user)

    staff = staff_session(page, live_server, colleague)
    staff.goto(reverse("portfolio:exports", args=[client_record.pk]))
    expect(staff.get_by_role("heading", name="Recent PDFs")).to_be_visible()
    expect(staff.get_by_text("None yet.")).to_be_visible()
    expect(staff.get_by_role("link", name="Download the PDF")).to_have_count(0)
    assert str(export.pk) not in staff.content()
    axe(staff)
    for name in ("portfolio:export_download", "portfolio:export_status"):
        response = staff.goto(reverse(name, args=[client_record.pk, export.pk]))
        assert response.status == 404, name
    export.refresh_from_db()
    assert export.holds_private_text
