"""The authenticator-app codes (ASVS V2.8): standard TOTP, a short life, and no way around them by email."""

import datetime as dt
import hashlib
import hmac
import re
import struct

import time_machine
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

NOW = dt.datetime(2026, 11, 25, 12, 0, 15, tzinfo=dt.UTC)


def rfc6238_code(key, at, step=30, digits=6):
    """An authenticator app's code, computed here from RFC 6238 (HMAC-SHA1 over the time step)."""
    counter = struct.pack(">Q", int(at.timestamp()) // step)
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


def device_for(user):
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def test_codes_follow_rfc_6238_with_a_160_bit_random_key(therapist):
    device = device_for(therapist)
    assert len(device.bin_key) == 20
    assert device_for(therapist).bin_key != device.bin_key
    with time_machine.travel(NOW, tick=False):
        assert device.verify_token(rfc6238_code(device.bin_key, NOW))


def test_a_code_older_than_its_time_window_is_refused(therapist):
    device = device_for(therapist)
    with time_machine.travel(NOW, tick=False):
        assert not device.verify_token(rfc6238_code(device.bin_key, NOW - dt.timedelta(seconds=90)))
    fresh = device_for(therapist)
    with time_machine.travel(NOW, tick=False):
        assert fresh.verify_token(rfc6238_code(fresh.bin_key, NOW - dt.timedelta(seconds=30)))  # one step of drift


def test_a_password_reset_by_email_does_not_skip_the_second_factor(
    client, therapist, django_capture_on_commit_callbacks
):
    device_for(therapist)
    with django_capture_on_commit_callbacks(execute=True):  # the reset email is queued on commit
        client.post(reverse("accounts:password_reset"), {"email": therapist.email})
    path = re.search(r"http://testserver(/accounts/password-reset/\S+/)", mail.outbox[0].body).group(1)
    new = "a different long private passphrase"
    client.post(client.get(path)["Location"], {"new_password1": new, "new_password2": new})

    response = client.post(reverse("accounts:login"), {"username": therapist.email, "password": new})
    response = client.get(reverse("clients:caseload"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa_verify"))
