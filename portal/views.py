"""The client's portal: calm, simple, only what is theirs and shared with them."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import access, audit
from clients.models import Client


def _own_client(user):
    """The logged-in client's own record; 404 for anyone else."""
    if not access.is_client(user):
        raise Http404
    client = Client.objects.visible_to(user).select_related("clinic").first()
    if client is None:
        raise Http404
    return client


@login_required
@require_GET
def home(request):
    client = _own_client(request.user)
    audit.record_view(request, "portal.home.view", client=client)
    context = {
        "client": client,
        "crisis_lines": client.clinic.crisis_lines.all(),
        "shared_sections": [],  # each feature adds its shared items here as it arrives
    }
    return render(request, "portal/home.html", context)
