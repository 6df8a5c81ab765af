"""Disclosure plan pages for the care team. Thin: selectors fetch through the access core, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
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
from .forms import PLAN_FIELDS, DebriefForm, PlanForm, RehearsalForm, StatusForm
from .models import STATUS_ORDER, DisclosureStatus


def _plan(request, client_id, plan_id, *, write=False):
    client = client_selectors.client_for_user(user=request.user, client_id=client_id, action="write" if write else None)
    return client, selectors.plan_for_user(user=request.user, client=client, plan_id=plan_id)


def _data(form, fields):
    return {name: form.cleaned_data[name] for name in fields}


@login_required
@require_GET
def plan_list(request, client_id):
    client = client_selectors.client_for_user(user=request.user, client_id=client_id)
    recording.record_view(request, "disclosure_plans.view", client=client)
    context = {
        "client": client,
        "plans": selectors.plans_for(client=client, user=request.user),
        "can_write": access.can(request.user, "write", client),
    }
    return render(request, "disclosure/plan_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request, client_id):
    client = client_selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    initial = {"support_person": request.GET.get("person")} if request.GET.get("person") else None
    form = PlanForm(submitted(request), client=client, initial=initial)
    if request.method == "GET":
        recording.record_view(request, "disclosure_plan.new.view", client=client)
    elif form.is_valid():
        plan = services.plan_create(
            client=client,
            by_user=request.user,
            data=_data(form, PLAN_FIELDS),
            submission_key=form.cleaned_data.get("submission_key"),
        )
        messages.success(request, _("Disclosure plan saved."))
        return redirect(plan)
    return render(request, "disclosure/plan_form.html", {"client": client, "form": form})


@login_required
@require_GET
def plan_detail(request, client_id, plan_id):
    # No joins on the client (the page shows their name only), and only what the page shows of the plan.
    client = client_selectors.client_for_user(user=request.user, client_id=client_id, related=())
    plan = selectors.plan_for_user(user=request.user, client=client, plan_id=plan_id, fields=selectors.DETAIL_FIELDS)
    recording.record_view(request, "disclosure_plan.view", client=client, obj=plan)
    context = {
        "client": client,
        "plan": plan,
        **selectors.plan_page(plan=plan, user=request.user),
        "status_form": StatusForm(initial={"status": _next_status(plan)}),
        "steps": STATUS_ORDER,
        "can_write": access.can(request.user, "write", client),
    }
    return render(request, "disclosure/plan_detail.html", context)


def _next_status(plan):
    index = STATUS_ORDER.index(plan.status)
    return STATUS_ORDER[min(index + 1, len(STATUS_ORDER) - 1)]


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, client_id, plan_id):
    client, plan = _plan(request, client_id, plan_id, write=True)
    form = PlanForm(submitted(request), instance=plan, client=client)
    theirs = None
    if request.method == "GET":
        recording.record_view(request, "disclosure_plan.edit.view", client=client, obj=plan)
    elif form.is_valid():
        try:
            services.plan_update(
                plan=plan,
                by_user=request.user,
                data=_data(form, PLAN_FIELDS),
                expected_version=form.cleaned_data["version"],
            )
        except EditConflictError as conflict:
            theirs = form.show_conflict(conflict.current)
        else:
            messages.success(request, _("Disclosure plan saved."))
            return redirect(plan)
    return render(
        request, "disclosure/plan_form.html", {"client": client, "form": form, "plan": plan, "theirs": theirs}
    )


@login_required
@require_POST
def plan_status(request, client_id, plan_id):
    client, plan = _plan(request, client_id, plan_id, write=True)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.plan_set_status(
                plan=plan, by_user=request.user, status=form.cleaned_data["status"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error("reason" if error.code == "reason_required" else "status", error)
        else:
            said = _("Status changed to “%(status)s”.") % {
                "status": DisclosureStatus(form.cleaned_data["status"]).label
            }
            if not request.htmx:
                messages.success(request, said)
                return redirect(plan)
            plan.refresh_from_db()
            context = {"client": client, "plan": plan, "status_form": StatusForm(), "announce": said}
            context.update(steps=STATUS_ORDER, can_write=True, **selectors.plan_page(plan=plan, user=request.user))
            return render(request, "disclosure/_status.html", context)
    context = {
        "client": client,
        "plan": plan,
        **selectors.plan_page(plan=plan, user=request.user),
        "status_form": form,
        "steps": STATUS_ORDER,
        "can_write": True,
    }
    if request.htmx:  # the section again with what to change; a 200, which htmx puts in place
        return render(request, "disclosure/_status.html", context)
    return render(request, "disclosure/plan_detail.html", context, status=400)


@login_required
@require_POST
def plan_archive(request, client_id, plan_id):
    client, plan = _plan(request, client_id, plan_id, write=True)
    item_archive(item=plan, by_user=request.user)
    messages.success(request, _("Plan put away. It is kept in the record."))
    return redirect("disclosure:list", client_id=client.pk)


@login_required
@require_http_methods(["GET", "POST"])
def rehearsal_create(request, client_id, plan_id):
    client, plan = _plan(request, client_id, plan_id, write=True)
    form = RehearsalForm(submitted(request))
    if request.method == "GET":
        recording.record_view(request, "rehearsal.new.view", client=client, obj=plan)
    elif form.is_valid():
        services.rehearsal_create(
            plan=plan,
            by_user=request.user,
            data=_data(form, RehearsalForm.Meta.fields),
            submission_key=form.cleaned_data.get("submission_key"),
        )
        messages.success(request, _("Rehearsal recorded."))
        return redirect(plan)
    return render(request, "disclosure/rehearsal_form.html", {"client": client, "plan": plan, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def debrief_create(request, client_id, plan_id):
    client, plan = _plan(request, client_id, plan_id, write=True)
    form = DebriefForm(submitted(request), plan=plan)
    if request.method == "GET":
        recording.record_view(request, "debrief.new.view", client=client, obj=plan)
    elif form.is_valid():
        services.debrief_create(
            plan=plan,
            by_user=request.user,
            data=_data(form, [name for name in DebriefForm.Meta.fields if name in form.fields]),
            submission_key=form.cleaned_data.get("submission_key"),
        )
        messages.success(request, _("Debrief recorded."))
        return redirect(plan)
    return render(request, "disclosure/debrief_form.html", {"client": client, "plan": plan, "form": form})
