"""The client's portal: calm, simple, only what is theirs and shared with them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import audit
from accounts.forms import submitted
from clients import selectors, services
from clients.editing import EditConflict
from clients.forms import COMMUNICATION_FIELDS, CommunicationForm


def _own_client(user):
    """The logged-in client's own record; 404 for anyone else."""
    client = selectors.own_client(user)
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
        "safety_plan": selectors.safety_plan(client, request.user),
        "support_people": list(selectors.support_people(client, request.user)),
        "crisis_lines": client.clinic.crisis_lines.all(),
    }
    return render(request, "portal/home.html", context)


@login_required
@require_GET
def safety_plan(request):
    client = _own_client(request.user)
    plan = selectors.safety_plan(client, request.user)
    audit.record_view(request, "portal.safety_plan.view", client=client, obj=plan)
    context = {"client": client, "plan": plan, "crisis_lines": client.clinic.crisis_lines.all()}
    return render(request, "portal/safety_plan.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """The client's own name, pronouns and communication preferences; they may change the preferences."""
    client = _own_client(request.user)
    form = CommunicationForm(submitted(request), instance=client)
    if request.method == "GET":
        audit.record_view(request, "portal.profile.view", client=client)
    elif form.is_valid():
        data = {name: form.cleaned_data[name] for name in COMMUNICATION_FIELDS}
        try:
            services.client_update_communication(
                client=client, by_user=request.user, data=data, expected_version=form.cleaned_data["version"]
            )
        except EditConflict:
            form.add_error(None, _("Your preferences were changed in the meantime. Check them below and save again."))
        else:
            messages.success(request, _("Your preferences are saved."))
            return redirect("portal:profile")
    return render(request, "portal/profile.html", {"client": client, "form": form})
