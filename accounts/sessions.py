"""A person's own sessions, and proving again who they are before changing how they sign in.

django-qsessions keeps each session's user, address and browser in the session table. The address is
personal data: it is shown to that person only (their own session list) and never logged.
"""

import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django_otp.plugins.otp_totp.models import TOTPDevice
from qsessions.models import Session

from audit import recording

REAUTHENTICATED_AT = "_reauthenticated_at"


def sessions_of(user):
    """The user's sessions that would still be accepted, the most recently used first.

    A session whose stored hash no longer matches (the password changed, or an admin ended every session
    through the session stamp) is dead even before its row is cleared, so it is not listed.
    """
    rows = Session.objects.filter(user=user, expire_date__gt=timezone.now()).order_by("-updated_at")
    current_hash = user.get_session_auth_hash()
    store = Session.get_session_store_class()()
    return [
        row
        for row in rows
        if constant_time_compare(store.decode(row.session_data).get(HASH_SESSION_KEY, ""), current_hash)
    ]


@transaction.atomic
def sessions_end_others(*, user, current_session_key, reason):
    """End every session of `user` but the current one, on the server at once; returns how many ended."""
    _total, by_model = Session.objects.filter(user=user).exclude(session_key=current_session_key).delete()
    ended = by_model.get(Session._meta.label, 0)
    recording.record(user, "auth.sessions_ended", detail={"count": ended, "reason": reason})
    return ended


# --- Re-authentication: a recent proof, kept in the session -----------------------------------------------


def mark_reauthenticated(session):
    """The person has just given their password (or a current code) in this session."""
    session[REAUTHENTICATED_AT] = int(time.time())


def recently_reauthenticated(session):
    proved_at = session.get(REAUTHENTICATED_AT)
    return proved_at is not None and time.time() - proved_at <= settings.REAUTHENTICATION_MAX_AGE


def reauthenticate(request, *, password="", code=""):
    """Check the password, or a current code from the authenticator app; on success remember it for a while."""
    user = request.user
    proved = (bool(password) and user.check_password(password)) or (bool(code) and _totp_matches(user, code))
    recording.record(user, "auth.reauthenticated" if proved else "auth.reauthentication_failed")
    if proved:
        mark_reauthenticated(request.session)
    return proved


def _totp_matches(user, code):
    code = "".join(str(code).split())
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        with transaction.atomic():
            if TOTPDevice.objects.select_for_update().get(pk=device.pk).verify_token(code):
                return True
    return False


def reauthentication_required(view):
    """Send the person to prove who they are again unless they did so in the last few minutes."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if recently_reauthenticated(request.session):
            return view(request, *args, **kwargs)
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse('accounts:reauthenticate')}?{query}")

    return wrapper
