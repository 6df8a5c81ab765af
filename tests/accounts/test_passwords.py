"""Passwords (ASVS V2.1, V2.4, V2.5): length, no truncation, any character, hashing strength, no hints.

The suite hashes with MD5 for speed (tests/settings.py); the tests about hashing strength name the
production hasher (Argon2, asserted in tests/test_settings.py) themselves.
"""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth.hashers import get_hasher, make_password
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts.forms import AcceptInvitationForm, PasswordResetForm
from accounts.models import User
from empowerment import settings as production

from ..conftest import PASSWORD
from ..factories import issued_invitation

ARGON2 = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
production_hashers = override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS)


def invitation_for(admin, email="hana@example.org"):
    return issued_invitation(admin, email=email, full_name="Hana Colleague")[1]


def accept(client, token, password, **extra):
    client.get(reverse("accounts:invitation_accept", kwargs={"token": token}))
    data = {"password1": password, "password2": password, **extra}
    return client.post(reverse("accounts:invitation_set_password"), data)


def log_in_with(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_a_password_shorter_than_12_characters_is_refused_and_12_are_enough(client, admin):
    token = invitation_for(admin)
    refused = accept(client, token, "tulipgarden")  # 11 characters
    assert refused.status_code == 200
    assert "at least 12 characters" in refused.content.decode()
    assert not User.objects.filter(email="hana@example.org").exists()

    assert accept(client, token, "tulip garden").status_code == 302
    assert User.objects.get(email="hana@example.org").check_password("tulip garden")


@override_settings(PASSWORD_HASHERS=ARGON2)
def test_a_long_password_is_kept_whole_and_not_truncated(client, admin):
    long_password = "river stones and morning light " * 4  # 124 characters
    token = invitation_for(admin)
    assert accept(client, token, long_password).status_code == 302
    user = User.objects.get(email="hana@example.org")
    assert user.check_password(long_password)
    assert not user.check_password(long_password[:-1])
    assert not user.check_password(long_password[:72])  # where bcrypt would have cut it


def test_any_printable_unicode_character_may_be_used_and_logs_in(client, admin):
    password = "café ☕ naïve 🌱 ねこ  two spaces"
    token = invitation_for(admin)
    assert accept(client, token, password).status_code == 302
    assert User.objects.get(email="hana@example.org").check_password(password)


def test_a_passphrase_of_lowercase_words_needs_no_capitals_digits_or_symbols(client, admin):
    token = invitation_for(admin)
    assert accept(client, token, "quiet lanterns drift upstream").status_code == 302


def test_a_common_password_is_refused(client, admin):
    token = invitation_for(admin)
    response = accept(client, token, "password1234")
    assert response.status_code == 200
    assert "too common" in response.content.decode()
    assert not User.objects.filter(email="hana@example.org").exists()


def test_a_years_old_password_still_works_without_a_forced_change(client, client_user, client_record):
    with time_machine.travel(timezone.now() + dt.timedelta(days=3 * 365), tick=False):
        response = log_in_with(client, client_user.email, PASSWORD)
        assert response.status_code == 302
        assert client.get(reverse("portal:home")).status_code == 200


def test_password_fields_let_password_managers_fill_and_paste(client, admin):
    login_page = client.get(reverse("accounts:login")).content.decode()
    field = re.search(r"<input[^>]*name=\"password\"[^>]*>", login_page).group(0)
    assert 'autocomplete="current-password"' in field
    token = invitation_for(admin)
    client.get(reverse("accounts:invitation_accept", kwargs={"token": token}))
    set_page = client.get(reverse("accounts:invitation_set_password")).content.decode()
    for page in (login_page, set_page):
        assert 'autocomplete="off"' not in page
        assert "onpaste" not in page.lower()
        assert "oncopy" not in page.lower()
    assert set_page.count('autocomplete="new-password"') == 2


@production_hashers
def test_production_hashes_are_argon2id_with_at_least_the_asvs_minimums():
    encoded = make_password("quiet lanterns drift upstream")  # the first hasher listed makes new hashes
    algorithm, variety, version, params, salt, _hash = encoded.split("$")
    assert (algorithm, variety) == ("argon2", "argon2id")
    costs = dict(part.split("=") for part in params.split(","))
    assert int(costs["m"]) >= 15 * 1024, "memory in KiB: at least 15 MiB"
    assert int(costs["t"]) >= 2
    assert int(costs["p"]) >= 1


@production_hashers
def test_each_hash_has_its_own_salt_of_more_than_32_bits():
    first = make_password("quiet lanterns drift upstream", hasher="argon2")
    second = make_password("quiet lanterns drift upstream", hasher="argon2")
    assert first != second
    salt = first.split("$")[4]
    assert len(salt) * 6 > 32  # base64 characters carry six bits each


@production_hashers
def test_the_pbkdf2_fallback_has_at_least_310000_iterations():
    assert get_hasher("pbkdf2_sha256").iterations >= 310_000


# The least cost accepted for each kind of hash a production setting could list (ASVS 2.4, OWASP's password
# storage guidance); a hasher not named here (MD5, SHA-1, bcrypt without a cost check) is refused outright.
LEAST_COST = {
    "argon2": lambda hasher: hasher.memory_cost >= 15 * 1024 and hasher.time_cost >= 2,
    "pbkdf2_sha256": lambda hasher: hasher.iterations >= 310_000,
    "scrypt": lambda hasher: hasher.work_factor >= 2**16,
}


def test_production_hashers_start_with_argon2_and_none_is_below_the_asvs_cost():
    """Each listed hasher still accepts hashes of its kind at login: a weak one would keep weak hashes working."""
    hashers = [import_string(path)() for path in production.PASSWORD_HASHERS]
    assert hashers[0].algorithm == "argon2"
    below = [hasher.algorithm for hasher in hashers if not LEAST_COST.get(hasher.algorithm, lambda _h: False)(hasher)]
    assert below == []


def test_there_are_no_password_hints_or_secret_questions():
    assert set(AcceptInvitationForm.base_fields) == {"password1", "password2"}
    assert set(PasswordResetForm.base_fields) == {"email"}
    names = " ".join(field.name for field in User._meta.get_fields())
    assert not re.search(r"hint|question|secret_answer", names)


def test_a_fresh_installation_has_no_accounts(db):
    assert not User.objects.exists(), "migrations must not create shared or default accounts"


def test_two_accounts_cannot_share_an_email_address_in_any_case(clinic, therapist):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email=therapist.email.upper(), password=PASSWORD, full_name="Copy", clinic=clinic)
    assert User.objects.filter(email__iexact=therapist.email).count() == 1
