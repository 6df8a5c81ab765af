"""What a discharged client's portal account may still do (issue 19, item 4).

The policy, in one place:

- Discharge ends every portal session at once and pauses the reminders sent to the client.
- For the clinic's grace period (`Clinic.discharge_grace_days`, 0-90, counted from the discharge) the client
  may sign in and read, but not write: every POST is refused here, before any view runs, except the few
  below. Asking for a new PDF of their portfolio and downloading one are reads of their own record (exports
  expire after days, so a grace period without new PDFs would be empty). Feedback and complaints stay open:
  a complaint about care, or about the discharge itself, is a right that does not end with the care. So
  does whatever stops contact or sharing (a reminder switched off, consent to a referral withdrawn).
- After the grace period every page but the "record closed" page (whom to contact) is refused.
- Re-opening the record restores everything; only the reminders the discharge paused are resumed.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts.models import Role
from audit import recording

from .models import ClientStatus

OPEN, READ_ONLY, CLOSED = "open", "read_only", "closed"

# Always reachable, in every state: signing out, the language of the page, the closed page itself.
ALWAYS_ALLOWED = {"accounts:login", "accounts:logout", "set_language", "portal:record_closed"}
# Writes still allowed while read-only: a copy of their own portfolio; feedback and complaints; whatever
# stops contact or sharing (switching a reminder off, declining or withdrawing consent to a peer referral,
# marking notifications read); and their own account's security (the "accounts" pages: password, sessions).
READ_ONLY_ALLOWED_WRITES = {
    "portal:exports",
    "portal:grievance_new",
    "portal:grievance",
    "portal:reminder_off",
    "portal:referral_decline",
    "portal:referral_withdraw",
    "reminders:notifications_read",
}
READ_ONLY_ALLOWED_NAMESPACES = ("accounts:",)


def access_ends_at(client):
    """When the read-only grace period ends (the clinic's setting, counted from the discharge)."""
    discharged = client.status_changed_at or client.updated_at
    return discharged + dt.timedelta(days=client.clinic.discharge_grace_days)


def portal_state(client, now=None):
    """OPEN for an active record; READ_ONLY during the grace period after discharge; CLOSED after it."""
    if client is None or client.status != ClientStatus.DISCHARGED:
        return OPEN
    return READ_ONLY if (now or timezone.now()) < access_ends_at(client) else CLOSED


def local_end(client):
    """The end of the grace period in the clinic's time zone, for the portal's notice."""
    return access_ends_at(client).astimezone(ZoneInfo(client.clinic.timezone))


def _own_record(user):
    from . import selectors

    # Through the client's own scope, proved for them: the portal's views take this same object
    # (`request_client`) instead of reading the row again. Whether there is a safety plan rides along (a join
    # on the one-to-one): the portal home offers the plan, and a query of its own would cost that page more.
    return selectors.own_client(user=user, with_safety_plan=True)


def request_client(request):
    """The signed-in client's own record, as the middleware below read it (`selectors.own_client`: through
    their scope, proved for them, with `has_safety_plan`), or None; read now if the middleware did not run."""
    if hasattr(request, "portal_client"):
        return request.portal_client
    return _own_record(request.user)


class DischargedPortalMiddleware:
    """Enforce the policy above for every request of a client's account (one query, clients only).

    Sets `request.portal_read_only_until` (an aware datetime in the clinic's zone, or None) so every
    template can say the record is closed and hide the forms that would write, and `request.portal_client`
    (the client's own record, or None) so the portal's views do not read it a second time.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.portal_read_only_until = request.portal_client = None
        user = request.user
        if not user.is_authenticated or user.role != Role.CLIENT:
            return None
        client = request.portal_client = _own_record(user)
        state = portal_state(client)
        if state == OPEN:
            return None
        request.portal_read_only_until = local_end(client)
        name = request.resolver_match.view_name if request.resolver_match else ""
        if name in ALWAYS_ALLOWED:
            return None
        if state == CLOSED:
            return _go(request, resolve_url("portal:record_closed"))
        if request.method in ("GET", "HEAD", "OPTIONS") or may_write_while_read_only(name):
            return None
        return _refuse(request, client)


def may_write_while_read_only(view_name):
    return view_name in READ_ONLY_ALLOWED_WRITES or view_name.startswith(READ_ONLY_ALLOWED_NAMESPACES)


def _go(request, url, status=302):
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url, status=status)


def _refuse(request, client):
    """A write while read-only: nothing is saved; the person is told why and sent back to the page."""
    recording.record(
        request.user, "portal.write_refused", client=client, detail={"view": request.resolver_match.view_name}
    )
    messages.error(request, refused_message(client))
    back = request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = resolve_url("portal:home")
    return _go(request, back, status=303)


def refused_message(client):
    until = local_end(client)
    return _(
        "Nothing was saved. Your record at the clinic is closed, so your planner is read-only until %(date)s. "
        "You can still read it, download your portfolio and send feedback."
    ) % {"date": _format(until)}


def _format(moment):
    from django.utils.formats import date_format

    from core.wording import before_period

    return before_period(date_format(moment, "DATETIME_FORMAT"))  # it ends a sentence: "p.m." takes its period
