"""One account, one spelling: every way of writing an address signs in to and is locked out with the same account.

Before, five wrong passwords for `victim@x` locked only that spelling: `VICTIM@x`, `Victim@X` and the
look-alikes `ſ` (long s) and `ı` (dotless i) signed in, or got five tries of their own.
"""

import importlib

import pytest
from axes.helpers import get_client_username
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.test import RequestFactory
from django.urls import reverse

from accounts import services
from accounts.models import Invitation, Role, User
from audit.models import AuditEvent

from ..conftest import PASSWORD
from ..factories import UserFactory

ADDRESS = "sasha.victim@example.org"
UPPER = "SASHA.VICTIM@example.org"
MIXED = "Sasha.Victim@EXAMPLE.ORG"
LONG_S = "\u017fasha.victim@example.org"  # ſ, which NFKC and case-folding turn into s
DOTLESS_I = "sasha.v\u0131ctim@example.org"  # ı, which PostgreSQL's upper() turns into I
FULLWIDTH = "\uff53\uff41\uff53\uff48\uff41.victim@example.org"  # ｓａｓｈａ
SPELLINGS = [ADDRESS, UPPER, MIXED, LONG_S, DOTLESS_I, FULLWIDTH]


@pytest.fixture
def victim(clinic):
    return UserFactory(clinic=clinic, role=Role.CLIENT, email=ADDRESS, full_name="Sasha")


def canonical_email(value):
    from accounts.emails import canonical_email as canonical  # here, so the other tests run on older code

    return canonical(value)


def attempt(client, email, password, address="203.0.113.7"):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=address)


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        (ADDRESS, ADDRESS),
        (UPPER, ADDRESS),
        (MIXED, ADDRESS),
        (LONG_S, ADDRESS),
        (FULLWIDTH, ADDRESS),
        ("  Kim@Ex\u00e4mple.ORG ", "kim@xn--exmple-cua.org"),  # the Kelvin sign K and an IDNA domain
    ],
)
def test_every_spelling_of_an_address_has_one_canonical_form(spelling, expected):
    assert canonical_email(spelling) == expected


@pytest.mark.parametrize("spelling", [DOTLESS_I, "\u0130van@example.org", "no-at-sign", "a@exa_mple.org"])
def test_a_spelling_without_a_safe_canonical_form_is_refused(spelling):
    with pytest.raises(ValidationError):
        canonical_email(spelling)


@pytest.mark.parametrize("failing", [ADDRESS, UPPER, LONG_S])
def test_after_five_failures_on_one_spelling_no_spelling_signs_in(client, victim, failing):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, failing, "wrong password")
    for spelling in SPELLINGS:
        response = attempt(client, spelling, PASSWORD)
        assert response.status_code != 302, spelling
        assert not signed_in(client), spelling


def test_the_resolvable_spellings_are_locked_and_the_look_alikes_refused(client, victim):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, MIXED, "wrong password")
    for spelling in (ADDRESS, UPPER, LONG_S):
        assert attempt(client, spelling, PASSWORD).status_code == 429, spelling
    refused = attempt(client, DOTLESS_I, PASSWORD)
    assert refused.status_code == 200
    assert not signed_in(client)
    assert "a letter we cannot accept before the @" in refused.content.decode()


def test_a_look_alike_never_signs_in_even_with_the_right_password(client, victim):
    assert attempt(client, DOTLESS_I, PASSWORD).status_code == 200
    assert not signed_in(client)
    assert attempt(client, LONG_S, PASSWORD).status_code == 302
    assert signed_in(client)  # the same account


def test_axes_counts_failures_under_the_canonical_address():
    request = RequestFactory().post("/accounts/login/")
    assert get_client_username(request, {"username": MIXED}) == ADDRESS
    assert get_client_username(request, {"username": LONG_S}) == ADDRESS


def test_the_cap_per_account_is_the_security_docs_hundred_an_hour():
    assert getattr(settings, "LOGIN_FAILURES_PER_ACCOUNT", None) == "100/h"  # G5


def test_failures_are_capped_per_account_however_the_address_rotates(client, victim, other_client_user, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = "3/h"  # the same rule as the 100 an hour, small enough to reach here
    for n, spelling in enumerate([ADDRESS, UPPER, LONG_S]):
        attempt(client, spelling, "wrong password", address=f"198.51.100.{n + 1}")
    response = attempt(client, MIXED, PASSWORD, address="192.0.2.44")
    assert response.status_code == 429
    assert not signed_in(client)
    assert "paused" in response.content.decode()
    # Another account from that same address is not held up.
    assert attempt(client, other_client_user.email, PASSWORD, address="192.0.2.44").status_code == 302


def test_a_successful_login_does_not_count_against_the_account(client, victim, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = "2/h"
    for _ in range(3):
        assert attempt(client, ADDRESS, PASSWORD).status_code == 302
        client.post(reverse("accounts:logout"))


def test_addresses_are_stored_canonical_and_a_look_alike_cannot_make_a_second_account(clinic, victim):
    assert UserFactory(clinic=clinic, email="Robin@EXAMPLE.org").email == "robin@example.org"
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email=LONG_S, password=PASSWORD, full_name="Not Sasha", clinic=clinic)
    with pytest.raises(ValidationError):
        User.objects.create_user(email=DOTLESS_I, password=PASSWORD, full_name="Not Sasha", clinic=clinic)
    assert User.objects.get_by_natural_key(MIXED) == victim


def test_invitations_store_the_canonical_address(admin, therapist, client_record):
    staff = services.invitation_create(by_user=admin, email=MIXED, full_name="Sasha", role=Role.THERAPIST)
    assert staff.email == ADDRESS
    staff = services.invitation_create(by_user=admin, email=LONG_S, full_name="Sasha", role=Role.THERAPIST)
    assert staff.email == ADDRESS


def test_the_staff_and_portal_invitation_forms_refuse_a_look_alike(client, login, admin, therapist, client_record):
    login(admin)
    form = {"full_name": "Sasha", "email": DOTLESS_I, "role": "therapist", "language": "en"}
    page = client.post(reverse("accounts:staff_invite"), form).content.decode()
    assert "a letter we cannot accept before the @" in page
    assert 'value="Sasha"' in page
    login(therapist)
    url = reverse("clients:portal_invite", kwargs={"client_id": client_record.pk})
    assert "a letter we cannot accept before the @" in client.post(url, {"email": DOTLESS_I}).content.decode()
    assert not Invitation.objects.exists()


def test_password_reset_finds_the_account_from_any_spelling(victim, django_capture_on_commit_callbacks, client):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": MIXED})
    assert [message.to for message in mail.outbox] == [[ADDRESS]]


def test_the_reset_limit_per_address_counts_every_spelling(client, victim):
    for spelling in (ADDRESS, UPPER, MIXED):
        assert client.post(reverse("accounts:password_reset"), {"email": spelling}).status_code == 302
    assert client.post(reverse("accounts:password_reset"), {"email": LONG_S}).status_code == 429


def _migration():
    return importlib.import_module("accounts.migrations.0009_canonical_emails")


def _apps_before_it():
    """The models as that migration sees them (the audit event was still accounts.AuditEvent then)."""
    return MigrationLoader(connection).project_state(("accounts", "0008_auditevent_no_truncate")).apps


def test_the_migration_keeps_the_canonical_account_and_sets_the_look_alikes_aside(clinic, victim):
    twin = UserFactory(clinic=clinic, email="twin@example.org")
    odd = UserFactory(clinic=clinic, email="odd@example.org")
    shouting = UserFactory(clinic=clinic, email="robin@example.org")
    # Spellings the old code stored (it only lower-cased), written past today's save().
    User.objects.filter(pk=twin.pk).update(email=LONG_S)
    User.objects.filter(pk=odd.pk).update(email=DOTLESS_I)
    User.objects.filter(pk=shouting.pk).update(email="robin@EXAMPLE.org")

    _migration().normalise_emails(_apps_before_it(), None)

    victim.refresh_from_db(), twin.refresh_from_db(), odd.refresh_from_db(), shouting.refresh_from_db()
    assert (victim.email, victim.is_active) == (ADDRESS, True)
    assert (twin.email, twin.is_active) == (LONG_S, False)  # kept as it was, for an operator to settle
    assert (odd.email, odd.is_active) == (DOTLESS_I, False)
    assert (shouting.email, shouting.is_active) == ("robin@example.org", True)
    conflicts = AuditEvent.objects.filter(action="account.email_conflict")
    assert {(e.object_id, e.detail["kept"]) for e in conflicts} == {(str(twin.pk), str(victim.pk)), (str(odd.pk), None)}
