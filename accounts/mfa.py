"""The second factor for staff: TOTP enrolment and verification, with hashed single-use backup codes."""

import base64

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit import recording

from . import services, sessions
from .models import BackupCodeDevice

TOTP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


def demo_bypass(user):
    """Demo accounts skip the second factor, but only while DEBUG is on (the local demo)."""
    return settings.MFA_DEMO_BYPASS and user.is_demo


def second_factor_pending(user):
    """Whether this logged-in user must still use (or enrol) a second factor before anything else."""
    return user.needs_second_factor and not user.is_verified() and not demo_bypass(user)


def has_confirmed_totp(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def has_a_factor(user):
    """Whether the user already has an authenticator or backup codes: changing them needs a fresh proof."""
    return has_confirmed_totp(user) or BackupCodeDevice.objects.filter(user=user, confirmed=True).exists()


def enrolment_device(user):
    """The user's unconfirmed authenticator device, made on first use of the enrolment page."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def secret_for_display(device):
    """The base32 secret, grouped in fours, for people who type it into their app."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device):
    """The enrolment QR code as a data URI (an <img>, so the strict CSP needs no inline SVG styles)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


@transaction.atomic
def enrolment_confirm(request, *, device, token):
    """Confirm the authenticator with a first code; return fresh backup codes, or None if the code is wrong.

    The new authenticator replaces any earlier one, so replacing needs the password (or a current code) given
    again in the last few minutes (issue 19).
    """
    replacing = has_a_factor(request.user)
    if replacing and not sessions.recently_reauthenticated(request.session):
        raise PermissionDenied
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=request.user, confirmed=False)
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
    codes = backup_codes_replace(request.user)
    request.session.cycle_key()
    otp_login(request, device)
    recording.record(request.user, "mfa.enrolled", obj=device, detail={"replaced": replacing})
    services.account_notice(request.user, "second_factor_set_up")
    return codes


def backup_codes_replace(user):
    """Replace the user's backup codes with new ones and return them (shown once)."""
    backup, _ = BackupCodeDevice.objects.get_or_create(
        user=user, defaults={"name": BACKUP_DEVICE_NAME, "confirmed": True}
    )
    return backup.replace_codes(settings.MFA_BACKUP_CODE_COUNT)


def verify(request, code):
    """Check a code from the authenticator app, or a backup code; mark the session verified on success."""
    code = "".join(str(code).split())
    for device in _candidate_devices(request.user, code):
        with transaction.atomic():
            locked = type(device).objects.select_for_update().get(pk=device.pk)
            if locked.verify_token(code):
                request.session.cycle_key()
                otp_login(request, locked)
                recording.record(request.user, "mfa.verified", detail={"method": _method(locked)})
                return True
    recording.record(request.user, "mfa.failed")
    return False


def _candidate_devices(user, code):
    # Six digits are an authenticator code; anything else can only be a backup code. Trying only
    # the matching kind keeps a typo from throttling the other device.
    if code.isdigit() and len(code) == 6:
        return list(TOTPDevice.objects.filter(user=user, confirmed=True))
    return list(BackupCodeDevice.objects.filter(user=user, confirmed=True))


def _method(device):
    return "backup_code" if isinstance(device, BackupCodeDevice) else "totp"


def remaining_backup_codes(user):
    device = BackupCodeDevice.objects.filter(user=user).first()
    return device.codes.filter(used_at__isnull=True).count() if device else 0
