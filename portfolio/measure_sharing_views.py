"""The care team's switch that shares a measure's chart with the client (templates/portfolio/_measure_share.html)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clients import selectors as client_selectors

from .instruments import InstrumentError, definition_for
from .measure_sharing import share_measure, unshare_measure


@login_required
@require_POST
def measure_share(request, client_id, instrument):
    """`action` share or unshare; back to the measures page with what changed for the client."""
    client = client_selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    try:
        key = definition_for(instrument)["key"]
    except InstrumentError as error:
        raise Http404 from error
    action = request.POST.get("action")
    if action == "share":
        share_measure(client=client, instrument=key, by_user=request.user)
        messages.success(request, _("Shared with the client. They see this chart in their portal now."))
    elif action == "unshare":
        unshare_measure(client=client, instrument=key, by_user=request.user)
        messages.success(request, _("No longer shared. The client no longer sees this chart in their portal."))
    else:
        messages.error(
            request, _("Nothing was changed. Use the button under the chart to share it or stop sharing it.")
        )
    return redirect("portfolio:measures", client_id=client.pk)
