"""Advocacy plan pages for the care team, and the clinic's opportunities. Thin views."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms import submitted
from audit import recording
from clients import access
from clients import selectors as client_selectors
from clients.editing import EditConflictError
from clients.services import item_archive

from . import selectors, services
from .forms import OpportunityForm, PlanForm, ReviewForm, StepForm, StoryDraftForm
from .models import PlanStatus


def _plan(request, client_id, plan_id, *, write=False):
    client = client_selectors.client_for_user(user=request.user, client_id=client_id, action="write" if write else None)
    return client, selectors.plan_for_user(user=request.user, client=client, plan_id=plan_id)


def _data(form):
    return {name: form.cleaned_data[name] for name in form.Meta.fields if name in form.fields}


def _save_versioned(form, save, **kwargs):
    """Call a versioned service; on a conflict, keep the person's text and show what was saved."""
    try:
        return save(data=_data(form), expected_version=form.cleaned_data["version"], **kwargs), None
    except EditConflictError as conflict:
        return None, form.show_conflict(conflict.current)


@login_required
@require_GET
def plan_list(request, client_id):
    client = client_selectors.client_for_user(user=request.user, client_id=client_id)
    recording.record_view(request, "advocacy_plans.view", client=client)
    context = {
        "client": client,
        "plans": selectors.plans_for(client=client, user=request.user),
        "can_write": access.can(request.user, "write", client),
    }
    return render(request, "advocacy/plan_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request, client_id):
    client = client_selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    form = PlanForm(submitted(request))
    if request.method == "GET":
        recording.record_view(request, "advocacy_plan.new.view", client=client)
    elif form.is_valid():
        plan = services.plan_create(
            client=client,
            by_user=request.user,
            data=_data(form),
            submission_key=form.cleaned_data.get("submission_key"),
        )
        messages.success(request, _("Advocacy plan saved."))
        return redirect(plan)
    return render(request, "advocacy/plan_form.html", {"client": client, "form": form})


@login_required
@require_GET
def plan_detail(request, client_id, plan_id):
    # No joins on the client (the page shows their name only), and only what the page shows of the plan.
    client = client_selectors.client_for_user(user=request.user, client_id=client_id, related=())
    plan = selectors.plan_for_user(user=request.user, client=client, plan_id=plan_id, fields=selectors.DETAIL_FIELDS)
    recording.record_view(request, "advocacy_plan.view", client=client, obj=plan)
    context = {
        "client": client,
        "plan": plan,
        **selectors.plan_page(plan=plan, user=request.user),
        "can_write": access.can(request.user, "write", client),
    }
    return render(request, "advocacy/plan_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, client_id, plan_id):
    client, plan = _plan(request, client_id, plan_id, write=True)
    form = PlanForm(submitted(request), instance=plan)
    theirs = None
    if request.method == "GET":
        recording.record_view(request, "advocacy_plan.edit.view", client=client, obj=plan)
    elif form.is_valid():
        saved, theirs = _save_versioned(form, services.plan_update, plan=plan, by_user=request.user)
        if saved:
            messages.success(request, _("Advocacy plan saved."))
            return redirect(plan)
    return render(request, "advocacy/plan_form.html", {"client": client, "form": form, "plan": plan, "theirs": theirs})


@login_required
@require_POST
def plan_status(request, client_id, plan_id):
    client, plan = _plan(request, client_id, plan_id, write=True)
    status = request.POST.get("status")
    if status not in PlanStatus.values:
        messages.error(request, _("Choose active, paused or closed."))
        return redirect(plan)
    services.plan_set_status(plan=plan, by_user=request.user, status=status)
    messages.success(request, _("The plan is now “%(status)s”.") % {"status": PlanStatus(status).label})
    return redirect(plan)


@login_required
@require_POST
def plan_archive(request, client_id, plan_id):
    client, plan = _plan(request, client_id, plan_id, write=True)
    item_archive(item=plan, by_user=request.user)
    messages.success(request, _("Plan put away. It is kept in the record."))
    return redirect("advocacy:list", client_id=client.pk)


@login_required
@require_http_methods(["GET", "POST"])
def step_create(request, client_id, plan_id):
    client, plan = _plan(request, client_id, plan_id, write=True)
    form = StepForm(
        submitted(request), plan=plan, opportunities=selectors.opportunities(user=request.user, active_only=True)
    )
    if request.method == "GET":
        recording.record_view(request, "advocacy_step.new.view", client=client, obj=plan)
    elif form.is_valid():
        services.step_create(
            plan=plan, by_user=request.user, data=_data(form), submission_key=form.cleaned_data.get("submission_key")
        )
        messages.success(request, _("Step saved."))
        return redirect(plan)
    return render(request, "advocacy/step_form.html", {"client": client, "plan": plan, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def step_edit(request, client_id, plan_id, step_id):
    client, plan = _plan(request, client_id, plan_id, write=True)
    step = selectors.step_for_user(user=request.user, plan=plan, step_id=step_id)
    form = StepForm(
        submitted(request), instance=step, plan=plan, opportunities=selectors.opportunities(user=request.user)
    )
    theirs = None
    if request.method == "GET":
        recording.record_view(request, "advocacy_step.view", client=client, obj=step)
    elif form.is_valid():
        saved, theirs = _save_versioned(form, services.step_update, step=step, by_user=request.user)
        if saved:
            messages.success(request, _("Step saved."))
            return redirect(plan)
    context = {"client": client, "plan": plan, "step": step, "form": form, "theirs": theirs}
    return render(request, "advocacy/step_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review_create(request, client_id, plan_id):
    client, plan = _plan(request, client_id, plan_id, write=True)
    form = ReviewForm(submitted(request))
    if request.method == "GET":
        recording.record_view(request, "advocacy_review.new.view", client=client, obj=plan)
    elif form.is_valid():
        review = services.review_create(
            plan=plan, by_user=request.user, data=_data(form), submission_key=form.cleaned_data.get("submission_key")
        )
        if review.decision == "pause":
            messages.success(request, _("Review saved. The plan is paused, and its steps send no reminders."))
        else:
            messages.success(request, _("Review saved."))
        return redirect(plan)
    return render(request, "advocacy/review_form.html", {"client": client, "plan": plan, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def draft_create(request, client_id, plan_id):
    client, plan = _plan(request, client_id, plan_id, write=True)
    form = StoryDraftForm(submitted(request))
    if request.method == "GET":
        recording.record_view(request, "story_draft.new.view", client=client, obj=plan)
    elif form.is_valid():
        services.draft_create(
            plan=plan, by_user=request.user, data=_data(form), submission_key=form.cleaned_data.get("submission_key")
        )
        messages.success(request, _("Story draft saved."))
        return redirect(plan)
    return render(request, "advocacy/draft_form.html", {"client": client, "plan": plan, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def draft_edit(request, client_id, plan_id, draft_id):
    client, plan = _plan(request, client_id, plan_id, write=True)
    draft = selectors.draft_for_user(user=request.user, plan=plan, draft_id=draft_id)
    form = StoryDraftForm(submitted(request), instance=draft)
    theirs = None
    if request.method == "GET":
        recording.record_view(request, "story_draft.view", client=client, obj=draft)
    elif form.is_valid():
        saved, theirs = _save_versioned(form, services.draft_update, draft=draft, by_user=request.user)
        if saved:
            messages.success(request, _("Story draft saved as a new version."))
            return redirect("advocacy:draft_edit", client_id=client.pk, plan_id=plan.pk, draft_id=draft.pk)
    context = {
        "client": client,
        "plan": plan,
        "draft": draft,
        "form": form,
        "theirs": theirs,
        "versions": draft.versions.select_related("saved_by"),
    }
    return render(request, "advocacy/draft_form.html", context)


@login_required
@require_POST
def draft_ready(request, client_id, plan_id, draft_id):
    client, plan = _plan(request, client_id, plan_id, write=True)
    draft = selectors.draft_for_user(user=request.user, plan=plan, draft_id=draft_id)
    try:
        services.draft_mark_ready(draft=draft, by_user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Marked ready to go public."))
    return redirect("advocacy:draft_edit", client_id=client.pk, plan_id=plan.pk, draft_id=draft.pk)


def _require_directory_staff(user):
    if not (access.is_therapist(user) or access.is_clinic_admin(user)):
        raise PermissionDenied


@login_required
@require_GET
def opportunity_list(request):
    _require_directory_staff(request.user)
    return render(
        request, "advocacy/opportunity_list.html", {"opportunities": selectors.opportunities(user=request.user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_create(request):
    _require_directory_staff(request.user)
    form = OpportunityForm(submitted(request))
    if request.method == "POST" and form.is_valid():
        services.opportunity_create(by_user=request.user, data=_data(form))
        messages.success(request, _("Opportunity saved."))
        return redirect("opportunities:list")
    return render(request, "advocacy/opportunity_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_edit(request, opportunity_id):
    _require_directory_staff(request.user)
    opportunity = selectors.opportunity_for_user(user=request.user, opportunity_id=opportunity_id)
    form = OpportunityForm(submitted(request), instance=opportunity)
    theirs = None
    if request.method == "POST" and form.is_valid():
        saved, theirs = _save_versioned(
            form, services.opportunity_update, opportunity=opportunity, by_user=request.user
        )
        if saved:
            messages.success(request, _("Opportunity saved."))
            return redirect("opportunities:list")
    return render(
        request, "advocacy/opportunity_form.html", {"form": form, "opportunity": opportunity, "theirs": theirs}
    )
