from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import access, emergency, mfa
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
    return {"second_factor_pending": _pending(user)}


def _pending(user):
    if user is None or not user.is_authenticated:
        return False
    if not hasattr(user, "is_verified"):  # the OTP middleware did not run (an early error page): fail closed
        return user.needs_second_factor
    return mfa.second_factor_pending(user)


def emergency_access(request):
    """The clinic admin's running emergency accesses, for the banner on every page.

    Only clinic admins get the value, and it is lazy: the query runs when the banner reads it.
    """
    user = getattr(request, "user", None)
    if user is None or not access.is_clinic_admin(user) or _pending(user):
        return {}
    return {"active_emergency_grants": SimpleLazyObject(lambda: list(emergency.banner_grants(user)))}
