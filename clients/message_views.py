"""The care team's side of the secure messages (issue 24, item 6). Thin: access first, reads and writes in
clients/messaging.py.

The therapists of the caseload read and write; a clinic admin under emergency access reads only (and marks nothing
read); anyone else gets a 404, as for every page of a record."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import submitted
from audit import recording

from . import access, messaging, selectors
from .editing import EditConflictError
from .message_forms import MessageForm, MessagingSettingsForm
from .models import ClientStatus


@login_required
@require_http_methods(["GET", "POST"])
def thread(request, client_id):
    """The client's thread, oldest first, with a reply form; opening it marks the client's messages read."""
    writing = request.method == "POST"
    client = selectors.client_for_user(user=request.user, client_id=client_id, action="write" if writing else None)
    form = MessageForm(submitted(request))
    status = 200
    if writing:
        status = send_from_form(request, client, form)
        if status is None:
            flash.success(request, _("Message sent."))
            return redirect("clients:messages", client_id=client.pk)
    return _page(request, client, form=form, status=status)


def send_from_form(request, client, form: MessageForm) -> int | None:
    """Send the message a posted form holds, for the staff thread and the portal's: None once sent, else the status
    of the page that shows the form again with what was typed and why it was refused (429 past a rate limit)."""
    if not form.is_valid():
        return 400
    try:
        messaging.send(
            client=client,
            by_user=request.user,
            body=form.cleaned_data["body"],
            submission_key=form.cleaned_data.get("submission_key"),
        )
    except messaging.MessageRefusedError as error:  # the form keeps what was typed
        form.add_error(None, error)
        return 429 if error.code == "rate_limit" else 400
    return None


@login_required
@require_POST
def thread_settings(request, client_id):
    """Turn messaging off for the client, with a reason they read, or back on."""
    client = selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    settings_form = MessagingSettingsForm(request.POST)
    if settings_form.is_valid():
        enabled = settings_form.cleaned_data["enabled"]
        try:
            messaging.set_messaging(
                client=client,
                by_user=request.user,
                enabled=enabled,
                reason=settings_form.cleaned_data["off_reason"],
                expected_version=settings_form.cleaned_data.get("version"),
            )
        except EditConflictError as conflict:
            settings_form.add_error(None, _conflict_message(conflict.current))
        except ValidationError as error:
            settings_form.add_error(None, error)
        else:
            if enabled:
                flash.success(request, _("Messaging is on again. The client can write to you."))
            else:
                flash.success(request, _("Messaging is off. The client sees your reason on their messages page."))
            return redirect("clients:messages", client_id=client.pk)
    return _page(request, client, form=MessageForm(), settings_form=settings_form, status=400)


def _conflict_message(current):
    if current.enabled:
        return _("Someone turned messaging back on since you opened this page. Look at it now and choose again.")
    return _("Someone turned messaging off since you opened this page. Look at it now and choose again.")


def _page(request, client, *, form, settings_form=None, status=200):
    """The thread as this reader may see it; the reader's opening of it marks the other side's messages read."""
    shown = messaging.messages(client=client, user=request.user)  # read first: what was new is still marked so
    thread = messaging.thread(client=client, user=request.user)
    marked = messaging.mark_read(client=client, reader=request.user)
    recording.record_view(request, "message.list.view", client=client, detail={"marked_read": marked})
    can_write = access.can(request.user, "write", client)
    if can_write and settings_form is None:
        settings_form = MessagingSettingsForm(thread=thread)
    context = {
        "client": client,
        "thread": thread,
        "thread_messages": shown,
        "limited": len(shown) >= messaging.THREAD_PAGE,
        "form": form,
        "settings_form": settings_form if can_write else None,
        "can_write": can_write,
        "discharged": client.status == ClientStatus.DISCHARGED,
    }
    return render(request, "clients/messages.html", context, status=status)
