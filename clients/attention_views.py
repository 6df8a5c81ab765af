"""The care team's side of attention flags: acknowledging one (clients/attention.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import attention, selectors
from .models import FLAG_NOTE_MAX_LENGTH


@login_required
@require_POST
def flag_acknowledge(request, client_id, flag_id):
    """A therapist on the care team has seen a flag, with an optional note of what they did. A second send changes
    nothing. Back to the overview's flags either way."""
    client = selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    flag = attention.flag_for_user(user=request.user, client=client, flag_id=flag_id)
    note = request.POST.get("note", "")[:FLAG_NOTE_MAX_LENGTH]  # the field's own maxlength; longer is tampering
    attention.acknowledge(flag=flag, by_user=request.user, note=note)
    messages.success(request, _("Flag acknowledged."))
    return redirect(client.get_absolute_url() + "#flags-heading")
