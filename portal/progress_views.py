"""The client's "My progress" (issue 25, step 4): the charts of their questionnaires that their therapist shared with
them, told in plain words, and the markers they put on their charts ("started a new job"), which their care team
sees on the same charts. Reads in portal/progress.py, writes in portfolio/chart_events.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import submitted
from audit import recording
from portfolio import chart_events
from portfolio.chart_event_forms import ChartEventForm
from portfolio.models import ChartEvent

from . import progress as progress_reads
from .views import _own_client


@login_required
@require_http_methods(["GET", "POST"])
def progress(request):
    """The shared charts and the client's markers; a POST adds a marker (shown again with what was typed on an
    error)."""
    client = _own_client(request)
    form = ChartEventForm(submitted(request))
    if request.method == "GET":
        recording.record_view(request, "portal.progress.view", client=client)
    elif form.is_valid():
        chart_events.chart_event_create(
            client=client,
            by_user=request.user,
            occurred_on=form.cleaned_data["occurred_on"],
            label=form.cleaned_data["label"],
        )
        messages.success(request, _("Your marker is on your charts. Your care team sees it on theirs too."))
        return redirect("portal:progress")
    language = request.LANGUAGE_CODE
    context = {
        "client": client,
        "form": form,
        "language": language,
        **progress_reads.progress_page(user=request.user, client=client, language=language),
    }
    return render(request, "portal/progress.html", context)


@login_required
@require_POST
def chart_event_delete(request, event_id):
    """Take one of the client's own markers off their charts."""
    client = _own_client(request)
    event = get_object_or_404(ChartEvent.objects.for_client(client, request.user), pk=event_id)
    event.client = client  # read once already, with its clinic
    chart_events.chart_event_delete(event=event, by_user=request.user)
    messages.success(request, _("The marker is off your charts."))
    return redirect("portal:progress")
