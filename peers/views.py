"""The peer directory (clinic staff) and a client's referrals (their care team). Thin views."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms import submitted
from audit import recording
from clients import access
from clients import selectors as client_selectors
from clients.editing import EditConflictError

from . import consent, matching, selectors, services
from .forms import (
    MatchForm,
    ReferralEditForm,
    ReferralForm,
    ReferralStatusForm,
    ResourceForm,
    SearchForm,
    VerbalConsentForm,
    WithdrawForm,
)
from .models import ENDINGS_NEEDING_A_REASON, ConsentMethod, ReferralStatus

PAGE_SIZE = 25
ENDED_STATUSES = {ReferralStatus.COMPLETED, *ENDINGS_NEEDING_A_REASON}


def _require_directory_staff(user):
    if not (access.is_therapist(user) or access.is_clinic_admin(user)):
        raise PermissionDenied


# --- The directory -----------------------------------------------------------------------------


@login_required
@require_GET
def resource_list(request):
    _require_directory_staff(request.user)
    form = SearchForm(request.GET or None, focus_areas=selectors.focus_areas(user=request.user))
    results = selectors.search(user=request.user, **form.filters())
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "resources": page.object_list}
    return render(request, "peers/resource_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def resource_create(request):
    _require_directory_staff(request.user)
    form = ResourceForm(submitted(request), focus_areas=selectors.focus_areas(user=request.user))
    if request.method == "POST" and form.is_valid():
        services.resource_create(
            by_user=request.user, data=form.resource_data(), focus_areas=form.cleaned_data["focus_area_list"]
        )
        messages.success(request, _("Resource added to the directory."))
        return redirect("directory:list")
    return render(request, "peers/resource_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def resource_edit(request, resource_id):
    _require_directory_staff(request.user)
    resource = selectors.resource_for_user(user=request.user, resource_id=resource_id)
    form = ResourceForm(submitted(request), instance=resource, focus_areas=selectors.focus_areas(user=request.user))
    theirs = None
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_update(
                resource=resource,
                by_user=request.user,
                data=form.resource_data(),
                expected_version=form.cleaned_data["version"],
                focus_areas=form.cleaned_data["focus_area_list"],
            )
        except EditConflictError as conflict:
            theirs = form.show_conflict(conflict.current)
        else:
            messages.success(request, _("Resource saved."))
            return redirect("directory:list")
    return render(request, "peers/resource_form.html", {"form": form, "resource": resource, "theirs": theirs})


@login_required
@require_POST
def resource_verify(request, resource_id):
    _require_directory_staff(request.user)
    resource = selectors.resource_for_user(user=request.user, resource_id=resource_id)
    services.resource_verify(resource=resource, by_user=request.user)
    messages.success(request, _("Marked as verified today."))
    return redirect("directory:edit", resource_id=resource.pk)


# --- Matching and referrals for one client -----------------------------------------------------


def _referral(request, client_id, referral_id, *, write=False):
    client = client_selectors.client_for_user(user=request.user, client_id=client_id, action="write" if write else None)
    return client, selectors.referral_for_user(user=request.user, client=client, referral_id=referral_id)


# What a client is looking for (focus areas, format, step-free access) is about their health: it is POSTed
# and kept in the session for the "Refer" link, never put in a URL (docs/rules.md, "Quality"; ASVS 8.3.1).
MATCH_CRITERIA = "peers_match_criteria"


def _match_wishes(request, client, data):
    """The match form bound to `data` (None: unbound), and the client's wishes (the intake's where unsaid)."""
    form = MatchForm(data, focus_areas=selectors.focus_areas(user=request.user))
    cleaned = form.cleaned_data if form.is_valid() else {}
    wishes = matching.wishes_for(
        client,
        focus_areas=cleaned.get("focus", ()),
        format_preference=cleaned.get("format", ""),
        needs_step_free={"yes": True, "no": False}.get(cleaned.get("step_free", "")),
    )
    return form, wishes


def _remember_criteria(request, client, form):
    """Keep the last ranking's criteria (ids and codes) for this client, for the basis of a referral."""
    cleaned = form.cleaned_data
    request.session[MATCH_CRITERIA] = {
        "client": str(client.pk),
        "data": {
            "focus": [str(area.pk) for area in cleaned["focus"]],
            **{k: cleaned[k] for k in ("format", "step_free")},
        },
    }


def _match_basis(request, client, resource):
    """Why the last ranking for this client suggested the resource (the intake's wishes if none was asked for)."""
    remembered = request.session.get(MATCH_CRITERIA) or {}
    data = remembered.get("data") if remembered.get("client") == str(client.pk) else None
    _form, wishes = _match_wishes(request, client, data)
    matches = matching.rank(client, [resource], wishes)
    return "; ".join(str(reason) for reason in matches[0].reasons) if matches else ""


@login_required
@require_http_methods(["GET", "POST"])
def match(request, client_id):
    client = client_selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    form, wishes = _match_wishes(request, client, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        _remember_criteria(request, client, form)
    else:  # a fresh page, or refused criteria, ranks by the intake, and so does "Refer"
        request.session.pop(MATCH_CRITERIA, None)
    candidates = selectors.resources(user=request.user).filter(status="active").prefetch_related("focus_areas")
    recording.record_view(request, "peer_match.view", client=client)
    connections = list(selectors.referrals_for(client=client, user=request.user))
    open_to = {}  # resource id -> the open referral to it: its card links there instead of offering "Refer"
    for referral in reversed(connections):  # newest last, so the newest open one wins
        if referral.status not in ENDED_STATUSES:
            open_to[referral.resource_id] = referral
    matches = matching.rank(client, candidates, wishes)
    for found in matches:
        found.open_referral = open_to.get(found.resource.pk)
    context = {"client": client, "form": form, "wishes": wishes, "matches": matches, "connections": connections}
    return render(request, "peers/match.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def referral_create(request, client_id, resource_id):
    client = client_selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    resource = selectors.resource_for_user(user=request.user, resource_id=resource_id)
    initial = {"match_basis": _match_basis(request, client, resource)} if request.method == "GET" else {}
    form = ReferralForm(submitted(request), initial=initial)
    status = 200
    if request.method == "GET":
        recording.record_view(request, "referral.new.view", client=client)
    elif form.is_valid():
        data = {name: form.cleaned_data[name] for name in ReferralForm.Meta.fields}
        try:
            referral = services.referral_create(
                client=client,
                by_user=request.user,
                resource=resource,
                data=data,
                submission_key=form.cleaned_data.get("submission_key"),
            )
        except services.DuplicateReferralError as error:  # the form keeps what was typed
            form.add_error(None, error)
            status = 409
        else:
            messages.success(request, _("Referral saved. Ask for the client's consent before any introduction."))
            return redirect(referral)
    context = {
        "client": client,
        "resource": resource,
        "form": form,
        "open_referral": selectors.open_referral_to(user=request.user, client=client, resource=resource),
    }
    return render(request, "peers/referral_form.html", context, status=status)


def _detail_context(request, client, referral, **forms):
    return {
        "client": client,
        "referral": referral,
        "history": selectors.status_history(referral=referral),
        "consent_paragraphs": consent.consent_text(client.preferred_language),
        "consent_version": consent.CURRENT_VERSION,
        "can_write": access.can(request.user, "write", client),
        "status_form": forms.get("status_form") or ReferralStatusForm(referral=referral),
        "consent_form": forms.get("consent_form") or VerbalConsentForm(),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(),
    }


@login_required
@require_GET
def referral_detail(request, client_id, referral_id):
    # No joins on the client (the page shows their name and language only), and only what the page shows of
    # the referral and its resource.
    client = client_selectors.client_for_user(user=request.user, client_id=client_id, related=())
    referral = selectors.referral_for_user(
        user=request.user, client=client, referral_id=referral_id, fields=selectors.DETAIL_FIELDS
    )
    recording.record_view(request, "referral.view", client=client, obj=referral)
    return render(request, "peers/referral_detail.html", _detail_context(request, client, referral))


@login_required
@require_http_methods(["GET", "POST"])
def referral_edit(request, client_id, referral_id):
    client, referral = _referral(request, client_id, referral_id, write=True)
    form = ReferralEditForm(submitted(request), instance=referral)
    theirs = None
    if request.method == "GET":
        recording.record_view(request, "referral.edit.view", client=client, obj=referral)
    elif form.is_valid():
        data = {name: form.cleaned_data[name] for name in ReferralEditForm.Meta.fields}
        try:
            services.referral_update(
                referral=referral, by_user=request.user, data=data, expected_version=form.cleaned_data["version"]
            )
        except EditConflictError as conflict:
            theirs = form.show_conflict(conflict.current)
        else:
            messages.success(request, _("Referral saved."))
            return redirect(referral)
    context = {"client": client, "referral": referral, "resource": referral.resource, "form": form, "theirs": theirs}
    return render(request, "peers/referral_form.html", context)


@login_required
@require_POST
def referral_status(request, client_id, referral_id):
    client, referral = _referral(request, client_id, referral_id, write=True)
    form = ReferralStatusForm(request.POST, referral=referral)
    if form.is_valid():
        try:
            services.referral_set_status(
                referral=referral,
                by_user=request.user,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error("reason" if error.code == "reason_required" else "status", error)
        else:
            messages.success(request, _("Status changed."))
            return redirect(referral)
    context = _detail_context(request, client, referral, status_form=form)
    return render(request, "peers/referral_detail.html", context, status=400)


@login_required
@require_POST
def referral_consent(request, client_id, referral_id):
    """The therapist records consent the client gave verbally in session, with the text version."""
    client, referral = _referral(request, client_id, referral_id, write=True)
    form = VerbalConsentForm(request.POST)
    if form.is_valid():
        try:
            services.consent_record(
                referral=referral,
                by_user=request.user,
                method=ConsentMethod.VERBAL,
                language=client.preferred_language,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect(referral)
    context = _detail_context(request, client, referral, consent_form=form)
    return render(request, "peers/referral_detail.html", context, status=400)


@login_required
@require_POST
def referral_withdraw(request, client_id, referral_id):
    client, referral = _referral(request, client_id, referral_id, write=True)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.consent_withdraw(referral=referral, by_user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(request, _("Consent withdrawn. Nothing more is shared with the resource."))
            return redirect(referral)
    context = _detail_context(request, client, referral, withdraw_form=form)
    return render(request, "peers/referral_detail.html", context, status=400)
