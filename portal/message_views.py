"""The client's side of the secure messages (issue 24, item 6): their thread with the care team.

Above the thread, always: the clinic's crisis lines and when messages are read (the clinic's office hours), so no
one waits on a message in a crisis. When the therapist has turned messaging off, the page shows their reason and no
form. Reads and writes are in clients/messaging.py."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.forms import submitted
from audit import recording
from clients import messaging, selectors
from clients.message_forms import MessageForm
from clients.message_views import send_from_form

from .views import _own_client


@login_required
@require_http_methods(["GET", "POST"])
def thread(request):
    """The client's thread, oldest first, with a form to write; opening it marks the care team's messages read."""
    client = _own_client(request)
    form = MessageForm(submitted(request), by_client=True)
    status = 200
    if request.method == "POST":
        status = send_from_form(request, client, form)
        if status is None:
            flash.success(request, _("Your message is sent. Your care team reads it during office hours."))
            return redirect("portal:messages")
    shown = messaging.messages(client=client, user=request.user)  # read first: what was new is still marked so
    marked = messaging.mark_read(client=client, reader=request.user)
    recording.record_view(request, "portal.messages.view", client=client, detail={"marked_read": marked})
    context = {
        "client": client,
        "thread": messaging.thread(client=client, user=request.user),
        "thread_messages": shown,
        "limited": len(shown) >= messaging.THREAD_PAGE,
        "form": form,
        "office_hours": client.clinic.message_office_hours,
        "crisis_lines": selectors.crisis_lines(clinic=client.clinic),
    }
    return render(request, "portal/messages.html", context, status=status)
