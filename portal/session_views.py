"""The client's sessions in the portal (issue 24): when, how long, how and where, and a discreet calendar invite.
Never the agenda: the selectors read the columns the client may see, and nothing else."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit import recording
from clients import sessions

from .views import _own_client


@login_required
@require_GET
def session_list(request):
    client = _own_client(request)
    coming, recent = sessions.for_client_portal(client=client, user=request.user)
    recording.record_view(request, "portal.sessions.view", client=client)
    return render(request, "portal/sessions.html", {"client": client, "coming": coming, "recent": recent})


@login_required
@require_GET
def session_invite(request, session_id):
    """The session as an .ics file: "Appointment", its time, and the link or place; a download, audited."""
    client = _own_client(request)
    session = sessions.session_for_user(client=client, user=request.user, session_id=session_id, for_client=True)
    recording.record(request.user, "portal.session_invite.download", client=client, obj=session)
    response = HttpResponse(sessions.invite_ics(session), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="appointment.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
