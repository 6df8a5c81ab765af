"""The client's portal: calm, simple, only what is theirs and shared with them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import audit
from accounts.forms import submitted
from advocacy import selectors as advocacy_selectors
from advocacy import services as advocacy_services
from advocacy.forms import ClientStepDoneForm, ReviewForm
from advocacy.models import StepStatus
from clients import selectors, services
from clients.editing import EditConflict
from clients.forms import COMMUNICATION_FIELDS, CommunicationForm
from disclosure import selectors as disclosure_selectors
from disclosure import services as disclosure_services
from disclosure.forms import ClientReadinessForm, DebriefForm


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
        "disclosure_plans": list(disclosure_selectors.plans_for(client, request.user)),
        "advocacy_plans": list(advocacy_selectors.plans_for(client, request.user)),
        "crisis_lines": client.clinic.crisis_lines.all(),
    }
    return render(request, "portal/home.html", context)


def _shared_plan(request, plan_id):
    client = _own_client(request.user)
    return client, disclosure_selectors.plan_for_user(request.user, client, plan_id)


@login_required
@require_GET
def disclosure_plan(request, plan_id):
    """A disclosure plan shared with the client, read-only, with their own readiness and debrief forms."""
    client, plan = _shared_plan(request, plan_id)
    audit.record_view(request, "portal.disclosure_plan.view", client=client, obj=plan)
    context = {
        "client": client,
        "plan": plan,
        **disclosure_selectors.plan_page(plan, request.user),
        "readiness_form": ClientReadinessForm(initial={"readiness": plan.client_readiness}),
    }
    return render(request, "portal/disclosure_plan.html", context)


@login_required
@require_POST
def disclosure_readiness(request, plan_id):
    client, plan = _shared_plan(request, plan_id)
    form = ClientReadinessForm(request.POST)
    if form.is_valid():
        disclosure_services.client_readiness_record(
            plan=plan, by_user=request.user, readiness=form.cleaned_data["readiness"]
        )
        messages.success(request, _("Thank you. Your therapist will see how ready you feel."))
        return redirect("portal:disclosure_plan", plan_id=plan.pk)
    context = {
        "client": client,
        "plan": plan,
        **disclosure_selectors.plan_page(plan, request.user),
        "readiness_form": form,
    }
    return render(request, "portal/disclosure_plan.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def disclosure_debrief(request, plan_id):
    client, plan = _shared_plan(request, plan_id)
    form = DebriefForm(submitted(request), plan=plan, by_client=True)
    if request.method == "GET":
        audit.record_view(request, "portal.debrief.new.view", client=client, obj=plan)
    elif form.is_valid():
        fields = [name for name in DebriefForm.Meta.fields if name in form.fields]
        disclosure_services.debrief_create(
            plan=plan,
            by_user=request.user,
            data={name: form.cleaned_data[name] for name in fields},
            submission_key=form.cleaned_data.get("submission_key"),
        )
        messages.success(request, _("Saved. Your therapist will see it."))
        return redirect("portal:disclosure_plan", plan_id=plan.pk)
    return render(request, "portal/disclosure_debrief.html", {"client": client, "plan": plan, "form": form})


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


def _shared_advocacy_plan(request, plan_id):
    client = _own_client(request.user)
    return client, advocacy_selectors.plan_for_user(request.user, client, plan_id)


@login_required
@require_GET
def advocacy_plan(request, plan_id):
    """An advocacy plan shared with the client, read-only; they can mark steps done and review the pace."""
    client, plan = _shared_advocacy_plan(request, plan_id)
    audit.record_view(request, "portal.advocacy_plan.view", client=client, obj=plan)
    context = {"client": client, "plan": plan, **advocacy_selectors.plan_page(plan, request.user)}
    return render(request, "portal/advocacy_plan.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def advocacy_step_done(request, plan_id, step_id):
    client, plan = _shared_advocacy_plan(request, plan_id)
    step = advocacy_selectors.step_for_user(request.user, plan, step_id)
    if step.status == StepStatus.DONE:
        return redirect("portal:advocacy_plan", plan_id=plan.pk)
    form = ClientStepDoneForm(submitted(request))
    if request.method == "GET":
        audit.record_view(request, "portal.advocacy_step.view", client=client, obj=step)
    elif form.is_valid():
        advocacy_services.step_done_by_client(
            step=step, by_user=request.user, reflection=form.cleaned_data["reflection"]
        )
        messages.success(request, _("Well done. Your therapist will see your reflection."))
        return redirect("portal:advocacy_plan", plan_id=plan.pk)
    return render(
        request, "portal/advocacy_step_done.html", {"client": client, "plan": plan, "step": step, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def advocacy_review(request, plan_id):
    client, plan = _shared_advocacy_plan(request, plan_id)
    form = ReviewForm(submitted(request))
    if request.method == "GET":
        audit.record_view(request, "portal.advocacy_review.view", client=client, obj=plan)
    elif form.is_valid():
        fields = ReviewForm.Meta.fields
        advocacy_services.review_create(
            plan=plan,
            by_user=request.user,
            data={name: form.cleaned_data[name] for name in fields},
            submission_key=form.cleaned_data.get("submission_key"),
        )
        messages.success(request, _("Thank you. Your therapist will see your review."))
        return redirect("portal:advocacy_plan", plan_id=plan.pk)
    return render(request, "portal/advocacy_review.html", {"client": client, "plan": plan, "form": form})
