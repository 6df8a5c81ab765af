"""Session limits, the second-factor gate, and the audit context of each request."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from qsessions.middleware import SessionMiddleware as QSessionsMiddleware

from audit import recording

from . import kept_typing, mfa, timezones

SESSION_STARTED = "_limits_started"
SESSION_LAST_SEEN = "_limits_last_seen"
SESSION_ENDED_REASON = "_limits_ended_reason"
SESSION_IDLE_SECONDS = "_limits_idle_seconds"  # the clinic's idle limit, read once when the session starts
# Refresh the idle clock at most this often, so a busy page does not write the session every request.
LAST_SEEN_RESOLUTION = 30


class SessionMiddleware(QSessionsMiddleware):
    """django-qsessions' session middleware, keeping the address that lockout and the audit log see.

    qsessions takes REMOTE_ADDR, which behind nginx is the proxy's; the person's own session list needs
    theirs (the address is shown to that person only and never logged).
    """

    def process_request(self, request):
        request.session = self.SessionStore(
            session_key=request.COOKIES.get(settings.SESSION_COOKIE_NAME),
            ip=recording.client_address(request) or None,
            user_agent=request.headers.get("User-Agent", ""),
        )


def idle_seconds(user):
    """The idle limit of the user's clinic (clinic settings), or the deployment's default."""
    if user.clinic_id:
        return user.clinic.session_idle_minutes * 60
    return int(settings.SESSION_IDLE_TIMEOUT.total_seconds())


class SessionLimitsMiddleware:
    """Log out after an idle period (the clinic's setting, default 15 minutes) and after an absolute limit.

    The clinic's idle limit is read when a session starts, so a change applies from the next sign-in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        kept = self._enforce(request) if request.user.is_authenticated else None
        response = self.get_response(request)
        if kept is not None:
            response = kept_typing.keep(request, kept, response)
        return response

    def _enforce(self, request):
        """Ends a session past its limits; returns what a POST that arrived too late carried (kept_typing)."""
        now = int(time.time())
        session = request.session
        started = session.setdefault(SESSION_STARTED, now)
        last_seen = session.get(SESSION_LAST_SEEN, now)
        if SESSION_IDLE_SECONDS not in session:  # the clinic's settings, read once: its idle limit and zone
            session[SESSION_IDLE_SECONDS] = idle_seconds(request.user)
            timezones.remember(session, request.user)
        if now - last_seen > session[SESSION_IDLE_SECONDS]:
            return self._end(request, "idle")
        if now - started > settings.SESSION_ABSOLUTE_LIMIT.total_seconds():
            return self._end(request, "absolute")
        if now - last_seen >= LAST_SEEN_RESOLUTION or SESSION_LAST_SEEN not in session:
            session[SESSION_LAST_SEEN] = now
        return None

    @staticmethod
    def _end(request, reason):
        # Who it was is known only before logout: the typing is kept for that person alone.
        kept = kept_typing.prepare(request, request.user) if request.method == "POST" else None
        recording.record(request.user, "auth.session_expired", detail={"reason": reason})
        logout(request)
        request.session[SESSION_ENDED_REASON] = reason
        return kept


def seconds_left(session):
    """Seconds until the idle limit ends this session, for the page's "Stay signed in" warning."""
    now = int(time.time())
    idle = session.get(SESSION_IDLE_SECONDS) or int(settings.SESSION_IDLE_TIMEOUT.total_seconds())
    return max(0, idle - (now - session.get(SESSION_LAST_SEEN, now)))


def keep_alive(session):
    """The person asked to stay signed in: the idle clock starts again now."""
    session[SESSION_LAST_SEEN] = int(time.time())


# Pages a staff member may open after the password and before the second factor.
SECOND_FACTOR_EXEMPT = {
    "accounts:login",
    "accounts:logout",
    "accounts:mfa_verify",
    "accounts:mfa_setup",
    "set_language",
}


class RequireSecondFactorMiddleware:
    """Staff and operators reach nothing but the second-factor pages until they have used it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not mfa.second_factor_pending(user):
            return None
        if request.resolver_match and request.resolver_match.view_name in SECOND_FACTOR_EXEMPT:
            return None
        target = "accounts:mfa_verify" if mfa.has_confirmed_totp(user) else "accounts:mfa_setup"
        url = f"{resolve_url(target)}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            response = HttpResponseRedirect(url)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)


class NoStoreWhenSignedInMiddleware:
    """Pages served to a signed-in person are never stored by the browser or a proxy (ASVS 8.2.1, 8.2.3).

    On a shared tablet, the back button after logout must not show a client's record from the browser's
    cache. Checked before and after the view, so the page that signs someone out is covered too. Static
    files never get here: whitenoise answers them earlier, with its long cache headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if signed_in or request.user.is_authenticated:
            add_never_cache_headers(response)
        return response


class AuditContextMiddleware:
    """Bind the request's address and path for the audit events written while serving it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = recording.bind_request(request)
        try:
            return self.get_response(request)
        finally:
            recording.unbind_request(token)
