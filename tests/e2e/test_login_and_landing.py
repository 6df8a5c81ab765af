"""A therapist logs in with the second factor in a real browser and lands on the caseload; axe checks each page."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.models import Role

from ..conftest import PASSWORD
from ..factories import ClientFactory, CrisisLineFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_therapist_enrols_a_second_factor_and_reaches_the_caseload(page, axe, therapist, client_record):
    log_in(page, therapist.email)
    page.wait_for_url(re.compile(r"/accounts/second-factor/set-up/"))
    axe(page)
    device = TOTPDevice.objects.get(user=therapist, confirmed=False)
    page.get_by_label("6-digit code from your app").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Your backup codes")).to_be_visible()
    expect(page.locator(".backup-codes li")).to_have_count(10)
    page.get_by_role("link", name=re.compile("continue")).click()
    page.wait_for_url(re.compile(r"/clients/$"))
    axe(page)

    page.get_by_role("link", name=client_record.display_name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(client_record.display_name)
    axe(page)
    assert page.console_errors == []


def test_a_wrong_code_keeps_the_therapist_out(page, therapist):
    TOTPDevice.objects.create(user=therapist, name="Authenticator app", confirmed=True)
    log_in(page, therapist.email)
    page.wait_for_url(re.compile(r"/accounts/second-factor/"))
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("That code did not work")).to_be_visible()
    page.goto("/clients/")
    assert "/accounts/second-factor/" in page.url


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_main_content(page, live_server, db):
    page.goto("/accounts/password-reset/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_staff_page_and_the_portal_pass_axe(page, axe, clinic, client_user, client_record):
    admin = UserFactory(clinic=clinic, role=Role.CLINIC_ADMIN, email="admin@example.org")
    TOTPDevice.objects.create(user=admin, name="Authenticator app", confirmed=True)
    device = TOTPDevice.objects.get(user=admin)
    log_in(page, admin.email)
    page.get_by_label("Code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/accounts/staff/$"))
    axe(page)
    page.get_by_role("link", name="Invite staff").click()
    page.get_by_role("button", name="Send invitation").click()  # empty: errors are shown next to the fields
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    axe(page)
    page.locator(".account-menu summary").click()  # signing out is in the account menu
    page.get_by_role("button", name="Log out").click()

    CrisisLineFactory(clinic=clinic)
    ClientFactory(clinic=clinic, primary_therapist=client_record.primary_therapist)
    log_in(page, client_user.email)
    page.wait_for_url(re.compile(r"/portal/$"))
    expect(page.get_by_role("link", name="988").first).to_be_visible()
    axe(page)
