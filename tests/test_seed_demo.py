"""The demo: two clinics with admins, therapists and clients; safe to run twice; each login lands on its page."""

import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from accounts.models import Clinic, Role, User
from clients.models import Client
from portal.management.commands.seed_demo import DEMO_PASSWORD

LANDING = {Role.THERAPIST: "clients:caseload", Role.CLINIC_ADMIN: "accounts:staff", Role.CLIENT: "portal:home"}


def counts():
    return Clinic.objects.count(), User.objects.count(), Client.objects.count()


def test_the_demo_loads_twice_without_duplicates(db):
    call_command("seed_demo", verbosity=0)
    first = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == first
    assert first[0] == 2
    for clinic in Clinic.objects.all():
        assert clinic.users.filter(role=Role.CLINIC_ADMIN).count() == 1
        assert clinic.users.filter(role=Role.THERAPIST).count() == 2
        assert clinic.clients.count() >= 3
        assert clinic.clients.filter(portal_user__isnull=False).exists()


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


@override_settings(MFA_DEMO_BYPASS=True)
def test_every_demo_login_in_the_readme_lands_on_its_role_page(client, demo):
    readme = (__import__("pathlib").Path(__file__).resolve().parents[1] / "README.md").read_text()
    emails = re.findall(r"`([a-z]+@[a-z]+\.example)`", readme)
    assert set(emails) == set(User.objects.filter(is_demo=True).values_list("email", flat=True))
    assert f"`{DEMO_PASSWORD}`" in readme
    for email in emails:
        client.logout()
        response = client.post(reverse("accounts:login"), {"username": email, "password": DEMO_PASSWORD}, follow=True)
        role = User.objects.get(email=email).role
        assert response.redirect_chain[-1][0] == reverse(LANDING[role]), email
        assert response.status_code == 200, email


def test_without_debug_demo_staff_still_need_the_second_factor(client, demo):
    response = client.post(
        reverse("accounts:login"), {"username": "maya@riverbend.example", "password": DEMO_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:mfa_setup"))
