"""Drafts on the server (issue 23): what a staff member types in a record's form is saved every few seconds,
offered back when they open the form again (after a closed tab, a crash, a lost connection), and deleted once the
form is saved or they discard it.

The forms with drafts are named in DRAFTABLE (the check-in and the plans' text). static/js/session.js saves them:
a few seconds after a change, and as the page is hidden or closed. A draft is the person's own: stored under their
account and the form's address, checked against their write access to the record whenever it is saved or offered,
never in a URL, a cookie, a log or an email. Saving writes one audit event when the draft starts, not one per save.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import Resolver404, resolve, reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext

from audit import recording

from . import selectors
from .models import FormDraft

# The forms whose typing is kept as a draft, by URL name.
DRAFTABLE = {
    "clients:check_in_create",
    "clients:safety_plan_edit",
    "portfolio:plan_edit",
    "disclosure:create",
    "disclosure:edit",
    "advocacy:create",
    "advocacy:edit",
}
DRAFT_DAYS = 14  # an older draft is not offered, and the nightly sweep deletes it
MAX_CHARACTERS = 200_000
# Not part of a draft: the CSRF token, the one-time key against double saves, and the version an edit started
# from (the page's own, fresh ones are kept so a restored draft still meets the edit-conflict check).
NOT_KEPT = {"csrfmiddlewaretoken", "submission_key", "version", "draft_page", "discard", "next"}


def draftable_client_id(page):
    """The record's id if `page` is the address of a form with drafts, else None."""
    try:
        match = resolve(page)
    except Resolver404:
        return None
    if match.view_name not in DRAFTABLE:
        return None
    return match.kwargs.get("client_id")


def fields_of(post):
    # NUL characters have no place in typed text (and PostgreSQL's JSON refuses them): dropped, as a form would.
    fields = {
        name.replace("\x00", ""): [value.replace("\x00", "") for value in post.getlist(name)]
        for name in post
        if name not in NOT_KEPT
    }
    if sum(len(value) for values in fields.values() for value in values) > MAX_CHARACTERS:
        return None
    return fields


def save(*, user, client, page, fields):
    """Keep what is typed in the form at `page` (the caller checked the page is this record's form)."""
    now = timezone.now()
    draft, created = FormDraft.objects.update_or_create(
        user=user, page=page, defaults={"client": client, "fields": fields, "updated_at": now}
    )
    if created:
        recording.record(user, "draft.start", client=client, obj=draft)
    return draft


def discard(*, user, client, page):
    deleted, _kinds = FormDraft.objects.filter(user=user, client=client, page=page).delete()
    if deleted:
        recording.record(user, "draft.discard", client=client)
    return bool(deleted)


def saved(response):
    """Mark an answer that saved a form with drafts without redirecting (an htmx answer in place): the middleware
    deletes the draft as it does after a redirect."""
    response.form_saved = True
    return response


def sweep(now=None):
    """Delete drafts older than DRAFT_DAYS (nightly)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=DRAFT_DAYS)
    deleted, _kinds = FormDraft.objects.filter(updated_at__lt=cutoff).delete()
    return deleted


class DraftIsland:
    """What the page needs for drafts of its form, worked out once and only if the page is drawn: the form's
    address, where to save, and the draft to offer back (None when the person may not change this record)."""

    def __init__(self, request, client_id, *, offer):
        self.request = request
        self.client_id = client_id
        self.offer = offer  # False on a form sent back with errors: what it shows is what was just typed

    @cached_property
    def data(self):
        request = self.request
        try:
            client = selectors.client_for_user(user=request.user, client_id=self.client_id, action="write")
        except (Http404, PermissionDenied):  # no longer theirs to change: no drafts here
            return None
        draft = _offer(request, client) if self.offer else None
        return {
            "page": request.path,
            "url": reverse("clients:draft", args=[client.pk]),
            "failed": gettext("The draft could not be saved just now. What you typed is still here."),
            "fields": draft.fields if draft else None,
            "saved_at": formats.date_format(timezone.localtime(draft.updated_at), "DATETIME_FORMAT") if draft else "",
        }


def _offer(request, client):
    cutoff = timezone.now() - datetime.timedelta(days=DRAFT_DAYS)
    draft = FormDraft.objects.filter(
        user=request.user, client=client, page=request.path, updated_at__gte=cutoff
    ).first()
    if draft is not None:
        recording.record_view(request, "draft.view", client=client, obj=draft)
    return draft


class FormDraftMiddleware:
    """On a form with drafts, `request.form_draft` is a DraftIsland (read only if the page is drawn); a POST to it
    that the view answers with a redirect (saved) deletes the draft."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "POST"
            and getattr(request, "_draft_client_id", None)
            and request.user.is_authenticated
            and (response.status_code in (301, 302, 303) or getattr(response, "form_saved", False))
        ):
            FormDraft.objects.filter(user=request.user, page=request.path).delete()
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name not in DRAFTABLE or not request.user.is_authenticated:
            return
        request._draft_client_id = view_kwargs.get("client_id")
        if not getattr(request, "htmx", False):
            request.form_draft = DraftIsland(request, request._draft_client_id, offer=request.method == "GET")
