"""The sessions of a client's record, for the care team (issue 24). Thin: access first, reads and writes in
clients/sessions.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from audit import recording

from . import access, selectors, sessions
from .editing import EditConflictError
from .session_forms import SessionForm

PAGE_SIZE = 50
# The form's button that fills the agenda from what happened since the last session; nothing is saved.
DRAFT = "draft_agenda"


@login_required
@require_GET
def session_list(request, client_id):
    client = selectors.client_for_user(user=request.user, client_id=client_id, related=())
    now = timezone.now()
    coming = sessions.to_come(client=client, user=request.user, now=now).select_related("therapist")
    gone = sessions.gone_by(client=client, user=request.user, now=now).select_related("therapist")
    page = Paginator(gone, PAGE_SIZE).get_page(request.GET.get("page"))
    recording.record_view(request, "sessions.view", client=client, detail={"page": page.number})
    context = {
        "client": client,
        "coming": list(coming),
        "page": page,
        "can_write": access.can(request.user, "write", client),
    }
    return render(request, "clients/sessions.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request, client_id):
    client = selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    if _drafting(request):
        form = _form_with_draft(request, client)
        recording.record_view(request, "session.new.view", client=client, detail={"agenda_drafted": True})
    elif request.method == "GET":
        form = SessionForm()
        recording.record_view(request, "session.new.view", client=client)
    else:
        form = SessionForm(request.POST)
        if form.is_valid():
            try:
                sessions.session_create(
                    client=client,
                    by_user=request.user,
                    data=form.session_data(),
                    submission_key=form.cleaned_data.get("submission_key"),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Session saved. The client sees its time and place in the portal."))
                return redirect("clients:sessions", client_id=client.pk)
    return render(request, "clients/session_form.html", {"client": client, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, client_id, session_id):
    client = selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    session = sessions.session_for_user(client=client, user=request.user, session_id=session_id)
    theirs = None
    if _drafting(request):
        form = _form_with_draft(request, client, session)
        recording.record_view(request, "session.view", client=client, obj=session, detail={"agenda_drafted": True})
    elif request.method == "GET":
        form = SessionForm(instance=session)
        recording.record_view(request, "session.view", client=client, obj=session)
    else:
        form = SessionForm(request.POST, instance=session)
        if form.is_valid():
            try:
                sessions.session_update(
                    session=session,
                    by_user=request.user,
                    data=form.session_data(),
                    expected_version=form.cleaned_data.get("version"),
                )
            except EditConflictError as conflict:
                theirs = form.show_conflict(conflict.current)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Session saved."))
                return redirect("clients:sessions", client_id=client.pk)
    context = {"client": client, "form": form, "session": session, "theirs": theirs}
    return render(request, "clients/session_form.html", context)


def _drafting(request):
    """Whether the person asked for the agenda's draft: the form's button (POST) or its link (GET)."""
    source = request.POST if request.method == "POST" else request.GET
    return source.get(DRAFT) == "1"


def _form_with_draft(request, client, session=None):
    """The form as it was typed (or as saved), with the draft agenda added below what the agenda already says.

    Unbound, so that a half-filled form is not shown with errors; the version and one-time key it was opened with
    are kept, so that a colleague's save in between is still caught and a double submit still makes one row.
    """
    draft = sessions.draft_agenda(client=client, user=request.user)
    if request.method == "POST":
        typed = {name: request.POST.get(name, "") for name in SessionForm.base_fields if name in request.POST}
        typed |= {name: request.POST[name] for name in ("version", "submission_key") if request.POST.get(name)}
    else:
        typed = {}
    agenda = typed.get("agenda", session.agenda if session is not None else "")
    typed["agenda"] = sessions.with_draft(agenda, draft)
    form = SessionForm(initial=typed, instance=session)
    form.initial.update(typed)
    return form
