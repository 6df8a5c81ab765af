"""The client record pages for staff. Thin: a selector fetches through the access core, a service writes."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import i18n as i18n_views
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from accounts.forms import submitted
from accounts.models import Role, User
from audit import recording
from core.redirects import local_next

from . import access, drafts, panels, person_first_terms, selectors, services, sharing
from .editing import EditConflictError
from .forms import (
    COMMON_PRONOUNS,
    CareTeamAddForm,
    CaseloadReassignForm,
    CheckInForm,
    IntakeForm,
    PortalInvitationForm,
    ReassignForm,
    SafetyPlanForm,
    SupportPersonForm,
)
from .models import SAFETY_PLAN_REVIEW_DAYS, AllyStage, ClientStatus

PAGE_SIZE = 50


def _require_therapist(user):
    if not access.is_therapist(user):
        raise PermissionDenied


def _conflict(form, error):
    return form.show_conflict(error.current)


@login_required
@require_GET
def caseload(request):
    _require_therapist(request.user)
    status = ClientStatus.DISCHARGED if request.GET.get("status") == "discharged" else ClientStatus.ACTIVE
    sort = request.GET.get("sort") if request.GET.get("sort") in selectors.CASELOAD_SORTS else "name"
    attention = request.GET.get("attention") == "1"
    rows = selectors.caseload(user=request.user, status=status, sort=sort, needs_attention=attention)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    recording.record_view(
        request, "caseload.view", detail={"page": page.number, "status": status, "sort": sort, "attention": attention}
    )
    context = {
        "page": page,
        "status": status,
        "sort": sort,
        "attention": attention,
        "review_due": timezone.now() - datetime.timedelta(days=SAFETY_PLAN_REVIEW_DAYS),
    }
    return render(request, "clients/caseload.html", context)


@login_required
@require_POST
@ratelimit(key="user", rate="600/h", method="POST")
def find(request):
    """The header's "Find a client": the clients of the therapist's caseload and care teams whose name holds the
    words typed. POSTed (with the CSRF token), so a name never travels in a URL or a log line. htmx asks as each
    letter is typed and gets the list; without JavaScript the form's button answers with a page of the same links.
    Recorded as "caseload.search" with the number shown, never the text typed."""
    _require_therapist(request.user)
    text = request.POST.get("q", "").strip()[: selectors.FIND_TEXT_MAX]
    found = selectors.find_clients(user=request.user, text=text) if len(text) >= 2 else []
    more, found = len(found) > selectors.FIND_LIMIT, found[: selectors.FIND_LIMIT]
    if len(text) >= 2:
        recording.record(request.user, "caseload.search", detail={"shown": len(found)})
    context = {"found": found, "more": more, "text": text, "too_short": 0 < len(text) < 2}
    template = "clients/_find_results.html" if request.htmx else "clients/find.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def client_create(request):
    _require_therapist(request.user)
    form = IntakeForm(submitted(request))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        client = services.client_create(
            by_user=request.user, data=data, submission_key=form.cleaned_data.get("submission_key")
        )
        messages.success(request, _("Client added to your caseload."))
        return redirect(client)
    return render(request, "clients/intake_form.html", {"form": form, "pronouns": COMMON_PRONOUNS})


@login_required
@require_GET
def overview(request, client_id):
    client = selectors.client_for_user(
        user=request.user,
        client_id=client_id,
        related=["primary_therapist", "safety_plan"],
        fields=selectors.OVERVIEW_CLIENT_FIELDS,
    )
    recording.record_view(request, "client.overview.view", client=client)
    context = {
        "client": client,
        "overview": selectors.client_overview(client=client, user=request.user),
        "slots": panels.panels_by_slot(client, request.user),
        "can_write": access.can(request.user, "write", client),
        "is_primary": client.primary_therapist_id == request.user.pk,
    }
    return render(request, "clients/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def intake(request, client_id):
    client = selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    form = IntakeForm(submitted(request), instance=client)
    theirs = None
    if request.method == "GET":
        recording.record_view(request, "client.profile.view", client=client)
    elif form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.client_update_profile(
                client=client, by_user=request.user, data=data, expected_version=form.cleaned_data["version"]
            )
        except EditConflictError as conflict:
            theirs = _conflict(form, conflict)
        else:
            messages.success(request, _("Intake saved."))
            return redirect(client)
    context = {"form": form, "client": client, "pronouns": COMMON_PRONOUNS, "theirs": theirs}
    return render(request, "clients/intake_form.html", context)


@login_required
@require_POST
def set_status(request, client_id, status):
    client = selectors.client_for_user(user=request.user, client_id=client_id, action="manage_care_team")
    services.client_set_status(client=client, by_user=request.user, status=status)
    if status == ClientStatus.DISCHARGED:
        messages.success(request, _("Client discharged. The record is kept and can be re-opened."))
    else:
        messages.success(request, _("Client re-opened."))
    return redirect(client)


@login_required
@require_http_methods(["GET", "POST"])
def care_team(request, client_id):
    client = selectors.client_for_user(user=request.user, client_id=client_id, action="manage_care_team")
    members = selectors.care_team(client=client)
    colleagues = services.clinic_therapists(client.clinic_id).exclude(pk=client.primary_therapist_id)
    colleagues = colleagues.exclude(pk__in=[member.user_id for member in members])
    form = CareTeamAddForm(submitted(request), colleagues=colleagues)
    if request.method == "GET":
        recording.record_view(request, "care_team.view", client=client)
    elif form.is_valid():
        try:
            services.care_team_add(client=client, by_user=request.user, colleague=form.cleaned_data["colleague"])
        except ValidationError as error:
            form.add_error("colleague", error)
        else:
            messages.success(request, _("Colleague added to the care team."))
            return redirect("clients:care_team", client_id=client.pk)
    return render(request, "clients/care_team.html", {"client": client, "members": members, "form": form})


@login_required
@require_POST
def care_team_remove(request, client_id, member_id):
    client = selectors.client_for_user(user=request.user, client_id=client_id, action="manage_care_team")
    member = get_object_or_404(client.care_team_members, pk=member_id)
    services.care_team_remove(member=member, by_user=request.user)
    messages.success(request, _("Colleague removed from the care team."))
    return redirect("clients:care_team", client_id=client.pk)


@login_required
@require_GET
def support_network(request, client_id):
    client = selectors.client_for_user(user=request.user, client_id=client_id)
    people = selectors.support_people(client=client, user=request.user).select_related("shared_by")
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    recording.record_view(request, "support_network.view", client=client)
    context = {
        "client": client,
        "page": page,
        "can_write": access.can(request.user, "write", client),
        "stages": AllyStage.choices,
    }
    return render(request, "clients/support_network.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def support_person_create(request, client_id):
    client = selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    form = SupportPersonForm(submitted(request))
    if request.method == "GET":
        recording.record_view(request, "support_person.new.view", client=client)
    elif form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        services.support_person_create(
            client=client, by_user=request.user, data=data, submission_key=form.cleaned_data.get("submission_key")
        )
        messages.success(request, _("Added to the support network."))
        return redirect("clients:support_network", client_id=client.pk)
    return render(request, "clients/support_person_form.html", {"client": client, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def support_person_edit(request, client_id, person_id):
    client = selectors.client_for_user(user=request.user, client_id=client_id)
    person = selectors.support_person_for_user(user=request.user, client=client, person_id=person_id)
    if not access.can(request.user, "write", client):
        raise PermissionDenied
    form = SupportPersonForm(submitted(request), instance=person)
    theirs = None
    if request.method == "GET":
        recording.record_view(request, "support_person.view", client=client, obj=person)
    elif form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.support_person_update(
                person=person, by_user=request.user, data=data, expected_version=form.cleaned_data["version"]
            )
        except EditConflictError as conflict:
            theirs = _conflict(form, conflict)
        else:
            messages.success(request, _("Saved."))
            return redirect("clients:support_network", client_id=client.pk)
    context = {"client": client, "form": form, "person": person, "theirs": theirs}
    return render(request, "clients/support_person_form.html", context)


@login_required
@require_POST
def support_person_archive(request, client_id, person_id):
    client = selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    person = selectors.support_person_for_user(user=request.user, client=client, person_id=person_id)
    services.item_archive(item=person, by_user=request.user)
    messages.success(request, _("Taken off the support network. The record is kept."))
    return redirect("clients:support_network", client_id=client.pk)


@login_required
@require_POST
def support_person_stage(request, client_id, person_id):
    """Move a support person along the ally path (one press: potential ally, approached, ally). Answers htmx with
    the path in its new state (templates/clients/_ally_path.html); without JavaScript, the network page again."""
    client = selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    person = selectors.support_person_for_user(user=request.user, client=client, person_id=person_id)
    stage = request.POST.get("stage")
    if stage not in AllyStage.values:
        if request.htmx:
            return HttpResponse(status=400)
        messages.error(request, _("Choose one of the stages of the ally path."))
        return redirect("clients:support_network", client_id=client.pk)
    if stage != person.ally_stage:  # a stage is set, not stepped: a change saved in between is simply built on
        try:
            services.support_person_update(
                person=person, by_user=request.user, data={"ally_stage": stage}, expected_version=person.version
            )
        except EditConflictError:
            person = selectors.support_person_for_user(user=request.user, client=client, person_id=person_id)
            services.support_person_update(
                person=person, by_user=request.user, data={"ally_stage": stage}, expected_version=person.version
            )
    said = _("Ally path of %(name)s: %(stage)s.") % {"name": person.name, "stage": AllyStage(stage).label}
    if request.htmx:
        context = {"person": person, "client": client, "can_write": True, "stages": AllyStage.choices, "announce": said}
        return render(request, "clients/_ally_path.html", context)
    messages.success(request, said)
    return redirect(reverse("clients:support_network", args=[client.pk]) + f"#person-{person.pk}")


@login_required
@require_GET
def safety_plan(request, client_id):
    # No joins: the page shows the client's name and their clinic's crisis lines (read by the clinic's id).
    client = selectors.client_for_user(user=request.user, client_id=client_id, related=())
    plan = selectors.safety_plan(client=client, user=request.user)
    recording.record_view(request, "safety_plan.view", client=client, obj=plan)
    context = {
        "client": client,
        "plan": plan,
        "crisis_lines": selectors.crisis_lines(clinic=client.clinic_id),
        "can_write": access.can(request.user, "write", client),
    }
    return render(request, "clients/safety_plan.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def safety_plan_edit(request, client_id):
    client = selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    plan = selectors.safety_plan(client=client, user=request.user)
    form = SafetyPlanForm(submitted(request), instance=plan)
    theirs = None
    if request.method == "GET":
        recording.record_view(request, "safety_plan.edit.view", client=client, obj=plan)
    elif form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.safety_plan_save(
                client=client, by_user=request.user, data=data, expected_version=form.cleaned_data.get("version")
            )
        except EditConflictError as conflict:
            theirs = _conflict(form, conflict)
        else:
            messages.success(request, _("Safety plan saved. The client sees it in the portal."))
            return redirect("clients:safety_plan", client_id=client.pk)
    context = {"client": client, "form": form, "plan": plan, "theirs": theirs}
    return render(request, "clients/safety_plan_form.html", context)


@login_required
@require_GET
def check_ins(request, client_id):
    client = selectors.client_for_user(user=request.user, client_id=client_id)
    page = Paginator(selectors.check_ins(client=client, user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    recording.record_view(request, "check_ins.view", client=client)
    context = {"client": client, "page": page, "can_write": access.can(request.user, "write", client)}
    return render(request, "clients/check_ins.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def check_in_create(request, client_id):
    client = selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    form = CheckInForm(submitted(request))
    if request.method == "GET":
        recording.record_view(request, "check_in.new.view", client=client)
    elif form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        check_in = services.check_in_create(
            client=client, by_user=request.user, data=data, submission_key=form.cleaned_data.get("submission_key")
        )
        if request.htmx:  # in place: the form becomes the saved check-in (templates/clients/_check_in_saved.html)
            context = {"client": client, "check_in": check_in, "announce": _("Check-in saved.")}
            return drafts.saved(render(request, "clients/_check_in_saved.html", context))
        messages.success(request, _("Check-in saved."))
        return redirect(client)
    if request.htmx:  # what needs a change, in place; a 200, which htmx puts in place
        return render(request, "clients/_check_in_fields.html", {"client": client, "form": form})
    return render(request, "clients/check_in_form.html", {"client": client, "form": form})


@login_required
@require_POST
def share(request, client_id, kind, item_id):
    """Turn the "shared with client" switch of any registered kind of item on or off."""
    client = selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    model = sharing.model_for(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(model.objects.for_client(client, request.user), pk=item_id)
    shared = request.POST.get("shared") == "1"
    services.item_set_shared(item=item, by_user=request.user, shared=shared)
    if shared:
        said = _("Shared with the client. They see it in the portal now.")
    else:
        said = _("No longer shared. It is hidden from the portal now.")
    next_url = local_next(request, client.get_absolute_url())
    if request.htmx:  # the switch in its place, the message to the page's status region (share_toggle.html)
        context = {"client": client, "kind": kind, "item": item, "next": next_url, "announce": said}
        return render(request, "includes/share_toggle.html", context)
    messages.success(request, said)
    return redirect(next_url)


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="50/d", method="POST")
def portal_invite(request, client_id):
    client = selectors.client_for_user(user=request.user, client_id=client_id, action="invite_to_portal")
    form = PortalInvitationForm(submitted(request))
    if request.method == "GET":
        recording.record_view(request, "client.portal_invite.view", client=client)
    elif form.is_valid():
        try:
            services.client_invite_to_portal(client=client, by_user=request.user, email=form.cleaned_data["email"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Portal invitation sent."))
            return redirect(client)
    return render(request, "clients/portal_invite.html", {"client": client, "form": form})


@login_required
@require_GET
def roster(request):
    """The clinic admin's list of clients: names, status and therapist, nothing clinical."""
    if not access.is_clinic_admin(request.user):
        raise PermissionDenied
    status = request.GET.get("status") if request.GET.get("status") in ClientStatus.values else None
    page = Paginator(selectors.roster(user=request.user, status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    recording.record_view(request, "roster.view", detail={"page": page.number})
    return render(request, "clients/roster.html", {"page": page, "status": status})


@login_required
@require_http_methods(["GET", "POST"])
def reassign(request, client_id):
    if not access.is_clinic_admin(request.user):
        raise PermissionDenied
    client = selectors.roster_client_for_admin(user=request.user, client_id=client_id)
    form = ReassignForm(submitted(request), therapists=services.clinic_therapists(client.clinic_id))
    if request.method == "GET":
        recording.record_view(request, "client.reassign.view", client=client)
    elif form.is_valid():
        try:
            services.client_reassign(client=client, by_admin=request.user, therapist=form.cleaned_data["therapist"])
        except ValidationError as error:
            form.add_error("therapist", error)
        else:
            messages.success(request, _("Primary therapist changed."))
            return redirect("clients:roster")
    return render(request, "clients/reassign.html", {"client": client, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def caseload_reassign(request, therapist_id):
    """Move a departing therapist's active clients to one or several colleagues: names, status, therapist only."""
    if not access.is_clinic_admin(request.user):
        raise PermissionDenied
    departing = get_object_or_404(User, pk=therapist_id, clinic_id=request.user.clinic_id, role=Role.THERAPIST)
    clients = list(selectors.roster(user=request.user, status=ClientStatus.ACTIVE).filter(primary_therapist=departing))
    colleagues = services.clinic_therapists(request.user.clinic_id).exclude(pk=departing.pk)
    form = CaseloadReassignForm(submitted(request), clients=clients, therapists=colleagues)
    if request.method == "GET":
        recording.record_view(request, "caseload.reassign.view", detail={"therapist": str(departing.pk)})
    elif form.is_valid():
        try:
            moved = services.caseload_reassign(
                by_admin=request.user, from_therapist=departing, assignments=form.assignments
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            text = ngettext("%(count)d client moved.", "%(count)d clients moved.", moved) % {"count": moved}
            messages.success(request, text)
            return redirect("accounts:staff_member", user_id=departing.pk)
    status = 400 if request.method == "POST" else 200
    context = {"departing": departing, "form": form, "clients": clients}
    return render(request, "clients/caseload_reassign.html", context, status=status)


@login_required
@require_GET
def words_we_use(request):
    """A short page for staff: person-first language, and the list the suggestions come from."""
    if not (access.is_therapist(request.user) or access.is_clinic_admin(request.user)):
        raise PermissionDenied
    context = {"terms_en": person_first_terms.TERMS_EN, "terms_es": person_first_terms.TERMS_ES}
    return render(request, "clients/words_we_use.html", context)


def set_language(request):
    """Django's language switcher (a GET only redirects); for a signed-in person a POST's choice is kept as theirs."""
    response = i18n_views.set_language(request)
    code = request.POST.get("language")
    if request.method == "POST" and request.user.is_authenticated and code in dict(settings.LANGUAGES):
        services.person_set_language(user=request.user, language=code)
    return response


@login_required
@require_POST
def draft(request, client_id):
    """Keep (static/js/session.js posts every few seconds) or discard the person's draft of one of this record's
    forms. The form's address comes in `draft_page`; it must be a form with drafts of this same record."""
    client = selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    page = request.POST.get("draft_page", "")
    if str(drafts.draftable_client_id(page)) != str(client.pk):
        raise Http404
    if request.POST.get("discard"):
        drafts.discard(user=request.user, client=client, page=page)
        messages.info(request, _("Draft discarded."))
        return redirect(page)
    fields = drafts.fields_of(request.POST)
    if fields is None:
        return HttpResponse(status=413)
    saved = drafts.save(user=request.user, client=client, page=page, fields=fields)
    when = formats.time_format(timezone.localtime(saved.updated_at), "TIME_FORMAT")
    return JsonResponse({"said": _("Draft saved at %(time)s.") % {"time": when}})
