"""The clinic admin tunes the attention rules (clients/attention.py): which rules raise a flag, and at what."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.forms import submitted
from audit import recording
from clients import access, attention

from .attention_forms import AttentionSettingsForm


@login_required
@require_http_methods(["GET", "POST"])
def attention_settings(request):
    if not access.is_clinic_admin(request.user):
        raise PermissionDenied
    rules = attention.settings_for(request.user.clinic_id)
    form = AttentionSettingsForm(submitted(request), instance=rules)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                changed = sorted(form.changed_data)
                form.save()
                recording.record(request.user, "clinic.attention_rules", detail={"fields": changed})
            messages.success(request, _("Attention rules saved."))
            return redirect("accounts:attention_settings")
        return render(request, "clinics/attention_settings.html", {"form": form}, status=400)
    return render(request, "clinics/attention_settings.html", {"form": form})
