"""Grievance pages: the client's "Feedback and complaints" in the portal, and the clinic admin's inbox.

Thin views: reads through `selectors` (scoped to the user, so others' grievances are a 404), writes through
`services`. Therapists reach none of these pages. The client's pages answer under the portal's URLs.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.forms import submitted
from audit import recording
from clients import access
from clients import discharge as client_discharge
from clients import selectors as client_selectors
from clients.editing import EditConflictError
from reminders import services as reminder_services

from . import selectors, services
from .forms import GrievanceForm, GrievanceResponseForm
from .models import GrievanceStatus

PAGE_SIZE = 25


def _own_client(request):
    client = client_discharge.request_client(request)  # the middleware's read, proved for this user
    if client is None:
        raise Http404
    return client


def _timing():
    return {
        "read_within": services.USUALLY_READ_WITHIN_DAYS,
        "answered_within": services.USUALLY_ANSWERED_WITHIN_DAYS,
    }


# The client's side, in the portal.


@login_required
@require_GET
def client_list(request):
    """How feedback and complaints work, and the client's own, with their status and the clinic's reply."""
    client = _own_client(request)
    page = Paginator(selectors.own_grievances(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    recording.record_view(request, "grievance.list.view", client=client, detail={"page": page.number})
    context = {
        "client": client,
        "page": page,
        "crisis_lines": client_selectors.crisis_lines(clinic=client.clinic),
        **_timing(),
    }
    return render(request, "grievances/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def client_new(request):
    client = _own_client(request)
    form = GrievanceForm(submitted(request))
    if request.method == "GET":
        recording.record_view(request, "grievance.new.view", client=client)
    elif form.is_valid():
        try:
            grievance = services.grievance_create(
                client=client,
                by_user=request.user,
                data=form.data_for_service(),
                submission_key=form.cleaned_data.get("submission_key"),
            )
        except reminder_services.DailyLimitReachedError as error:  # the form keeps what was typed
            form.add_error(None, error)
            return render(request, "grievances/new.html", {"client": client, "form": form, **_timing()}, status=429)
        messages.success(
            request,
            _("Thank you. Your message is with the clinic's administrator. You will see their reply here."),
        )
        return redirect("portal:grievance", grievance_id=grievance.pk)
    status = 400 if form.is_bound else 200
    return render(request, "grievances/new.html", {"client": client, "form": form, **_timing()}, status=status)


@login_required
@require_GET
def client_detail(request, grievance_id):
    client = _own_client(request)
    grievance = selectors.own_grievance(user=request.user, grievance_id=grievance_id)
    recording.record_view(request, "grievance.view", client=client, obj=grievance)
    return render(request, "grievances/detail.html", {"client": client, "grievance": grievance, **_timing()})


# The clinic admin's inbox.


def _require_clinic_admin(user):
    if not access.is_clinic_admin(user):
        raise PermissionDenied


@login_required
@require_GET
def inbox(request):
    """The clinic's grievances, newest first, by status; names only, nothing clinical."""
    _require_clinic_admin(request.user)
    status = request.GET.get("status") if request.GET.get("status") in GrievanceStatus.values else None
    page = Paginator(selectors.inbox(user=request.user, status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    recording.record_view(request, "grievance.inbox.view", detail={"page": page.number, "status": status or ""})
    context = {"page": page, "status": status, "statuses": GrievanceStatus.choices}
    return render(request, "grievances/inbox.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def detail(request, grievance_id):
    """One grievance: the client's text, the anonymity choice, the history, and the status and reply form."""
    _require_clinic_admin(request.user)
    grievance = selectors.inbox_grievance(user=request.user, grievance_id=grievance_id)
    form = GrievanceResponseForm(submitted(request), instance=grievance)
    theirs = None
    if request.method == "GET":
        recording.record_view(request, "grievance.view", client=grievance.client, obj=grievance)
    elif form.is_valid():
        try:
            changed = services.grievance_respond(
                grievance=grievance,
                by_user=request.user,
                status=form.cleaned_data["status"],
                response=form.cleaned_data["response"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflictError as conflict:  # the page shows the grievance as saved now, and the typed reply
            grievance = theirs = form.show_conflict(conflict.current)
        else:
            if changed:
                messages.success(request, _("Saved. The client will see the status and your reply in their portal."))
            else:
                messages.info(request, _("Nothing changed, so nothing was sent."))
            return redirect("grievances:detail", grievance_id=grievance.pk)
    context = {
        "grievance": grievance,
        "form": form,
        "theirs": theirs,
        "history": selectors.history(grievance=grievance),
    }
    return render(request, "grievances/admin_detail.html", context, status=400 if form.is_bound else 200)
