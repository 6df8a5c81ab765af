from django.conf import settings

from . import mfa
from .middleware import SESSION_IDLE_SECONDS, seconds_left


def session_limits(request):
    """The idle limit in minutes (the clinic's, read when the session started), for the footer's notice, and
    the seconds left before it ends a signed-in session, for the "Stay signed in" warning."""
    session = getattr(request, "session", None)
    seconds = session.get(SESSION_IDLE_SECONDS) if session is not None else None
    limits = {"session_idle_minutes": int((seconds or settings.SESSION_IDLE_TIMEOUT.total_seconds()) // 60)}
    user = getattr(request, "user", None)
    if session is not None and user is not None and user.is_authenticated:
        limits["session_seconds_left"] = seconds_left(session)
    return limits


def second_factor(request):
    """Whether the signed-in person still owes the second factor: then pages show nothing but that step."""
    user = getattr(request, "user", None)
    return {"second_factor_pending": owes_second_factor(user)}


def owes_second_factor(user):
    """Whether `user` still owes the second factor (pages then show nothing but that step; no emergency banner)."""
    if user is None or not user.is_authenticated:
        return False
    if not hasattr(user, "is_verified"):  # the OTP middleware did not run (an early error page): fail closed
        return user.needs_second_factor
    return mfa.second_factor_pending(user)
