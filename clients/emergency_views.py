"""Emergency access pages: a clinic admin asks for one client's record, ends it; admins and
therapists look back at the accesses (docs/rules.md, "Who may see what"). Thin: reads and writes are in
clients/emergency.py. The pages keep the paths and names they had in accounts (`/accounts/emergency-access/`,
`accounts:emergency_*`): see emergency_urls.py."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms import submitted
from audit import recording

from . import access, emergency
from .models import EmergencyAccess

PAGE_SIZE = 50


class EmergencyAccessForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why do you need this record now?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "The client's primary therapist reads this. Say what happened and what you need to check."
        ),
        error_messages={
            "required": gettext_lazy(
                "Type the reason you need this record now. Emergency access is not opened without one."
            )
        },
    )


def _require_clinic_admin(user):
    if not access.is_clinic_admin(user):
        raise PermissionDenied


def _require_staff(user):
    if not (access.is_clinic_admin(user) or access.is_therapist(user)):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def emergency_access_start(request, client_id):
    _require_clinic_admin(request.user)
    client = get_object_or_404(access.roster_clients(request.user).select_related("primary_therapist"), pk=client_id)
    form = EmergencyAccessForm(submitted(request))
    if request.method == "GET":
        recording.record_view(request, "emergency_access.request.view", client=client)
    elif form.is_valid():
        try:
            emergency.emergency_access_start(admin=request.user, client=client, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            return redirect(client)
    context = {
        "client": client,
        "form": form,
        "current": access.active_emergency_access(request.user, client),
        "minutes": settings.EMERGENCY_ACCESS_MINUTES,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "clients/emergency/start.html", context, status=status)


@login_required
@require_POST
def emergency_access_end(request, grant_id):
    _require_clinic_admin(request.user)
    grant = get_object_or_404(EmergencyAccess.objects.filter(admin_id=request.user.pk), pk=grant_id)
    if emergency.emergency_access_end(grant=grant, by_user=request.user):
        messages.success(request, _("Emergency access ended. The record is closed to you again."))
    else:
        messages.info(request, _("This emergency access had already ended."))
    return redirect("clients:roster")


@login_required
@require_GET
def emergency_access_list(request):
    """A clinic admin sees the clinic's emergency accesses; a therapist, those to their caseload."""
    _require_staff(request.user)
    page = Paginator(emergency.grants_for_user(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    recording.record_view(request, "emergency_access.list.view", detail={"page": page.number})
    return render(request, "clients/emergency/list.html", {"page": page})


@login_required
@require_GET
def emergency_access_detail(request, grant_id):
    _require_staff(request.user)
    grant = emergency.grant_for_user(request.user, grant_id)
    recording.record_view(request, "emergency_access.view", client=grant.client, obj=grant)
    context = {
        "grant": grant,
        "pages_opened": grant.events.filter(actor_id=grant.admin_id, action__endswith=".view")
        .exclude(action__startswith="emergency_access.")
        .count(),
    }
    return render(request, "clients/emergency/detail.html", context)
