"""The therapist's caseload and the client overview. Thin: selector, service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access, audit

from . import panels, selectors, services
from .forms import PortalInvitationForm


@login_required
@require_GET
def caseload(request):
    if not access.is_therapist(request.user):
        raise PermissionDenied
    page = Paginator(selectors.caseload(request.user), 50).get_page(request.GET.get("page"))
    audit.record_view(request, "caseload.view", detail={"page": page.number})
    return render(request, "clients/caseload.html", {"page": page})


@login_required
@require_GET
def overview(request, client_id):
    client = selectors.client_for_user(request.user, client_id)
    audit.record_view(request, "client.overview.view", client=client)
    context = {
        "client": client,
        "care_team": selectors.care_team(client),
        "panels": panels.panels_for(client, request.user),
        "can_write": access.can(request.user, "write", client),
        "invite_form": PortalInvitationForm(),
        "emergency_access": access.active_emergency_access(request.user, client),
    }
    return render(request, "clients/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def portal_invite(request, client_id):
    client = selectors.client_for_user(request.user, client_id)
    if not access.can(request.user, "invite_to_portal", client):
        raise PermissionDenied
    form = PortalInvitationForm(request.POST or None)
    if request.method == "GET":
        audit.record_view(request, "client.portal_invite.view", client=client)
    if request.method == "POST" and form.is_valid():
        try:
            services.client_invite_to_portal(client=client, by_user=request.user, email=form.cleaned_data["email"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Portal invitation sent."))
            return redirect(client)
    return render(request, "clients/portal_invite.html", {"client": client, "form": form})
