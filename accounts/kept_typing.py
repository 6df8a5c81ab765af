"""What a person typed when their session ended under them: kept in the session, offered back after signing in.

When the idle (or absolute) limit ends a session on a POST, SessionLimitsMiddleware knows who it was. The
posted fields (never the CSRF token, passwords or files) go into the new, anonymous session with that
person's id, the form's address and the page it was filled on; the login page then sends the person back to
that page. After signing in again, the first GET of that page by the SAME person takes the text out of the
session (once) and the page offers it back in its form (static/js/site.js fills the fields; nothing is saved
until the person presses Save, so the form validates again). Anyone else signing in on that browser never
sees it: the text is dropped. It is dropped too after KEEP_FOR seconds.

Server-side only: the text is in the session row (the database), never in a URL, a cookie or a log.
"""

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

SESSION_KEY = "_kept_typing"
KEEP_FOR = 30 * 60  # seconds: long enough to find the password, short enough not to linger on a shared device
MAX_CHARACTERS = 200_000  # the whole of what is kept; a larger post is not kept (the session row stays small)
# Never kept: the CSRF token, one-time codes, and anything that looks like a password or a secret.
SECRET_NAMES = {"csrfmiddlewaretoken", "code", "token", "otp_token", "otp_device"}
SECRET_NAME_PARTS = ("password", "secret")


def _is_secret(name):
    name = name.lower()
    return name in SECRET_NAMES or any(part in name for part in SECRET_NAME_PARTS)


def _kept_fields(post):
    fields = {name: post.getlist(name) for name in post if not _is_secret(name)}
    fields = {name: values for name, values in fields.items() if any(value.strip() for value in values)}
    if sum(len(value) for values in fields.values() for value in values) > MAX_CHARACTERS:
        return {}
    return fields


def _form_page(request):
    """The page the form was filled on: the same-site page that posted it (the Referer), else the form's own address."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        page = parts.path + (f"?{parts.query}" if parts.query else "")
        if parts.path != resolve_url(settings.LOGIN_URL):
            return page
    return request.get_full_path()


def prepare(request, user):
    """Called as the session ends on a POST, before logout: what the person sent, for `keep` to store."""
    fields = _kept_fields(request.POST)
    if not fields:
        return None
    return {
        "user": str(user.pk),
        "action": request.path,
        "page": _form_page(request),
        "fields": fields,
        "at": int(time.time()),
    }


def keep(request, kept, response):
    """If the view answered with the login redirect, keep the typing in the new session and send the person,
    after signing in, to the page the form was on. Any other answer (a public view) keeps nothing."""
    if response.status_code != 302 or urlsplit(response["Location"]).path != resolve_url(settings.LOGIN_URL):
        return response
    request.session[SESSION_KEY] = kept
    return redirect_to_login(kept["page"])


def take_back(request):
    """On a signed-in GET: the kept typing for this page and this person, taken out of the session (once).

    Kept typing of someone else, or too old, is dropped on the first signed-in request that sees it.
    """
    kept = request.session.get(SESSION_KEY)
    if not kept:
        return None
    fresh = time.time() - kept.get("at", 0) <= KEEP_FOR
    if not fresh or kept.get("user") != str(request.user.pk):
        del request.session[SESSION_KEY]
        return None
    if request.method != "GET" or getattr(request, "htmx", False) or request.get_full_path() != kept["page"]:
        return None  # a whole page only: an htmx fragment has nowhere to offer it
    del request.session[SESSION_KEY]
    messages.info(request, _("We kept what you typed before you were signed out — check it and save."))
    return {"action": kept["action"], "fields": kept["fields"]}


class KeptTypingMiddleware:
    """Offers kept typing back on the page it was typed on (after the second-factor gate, so never before it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.user.is_authenticated:
            request.kept_typing = take_back(request)
