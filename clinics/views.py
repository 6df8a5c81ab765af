"""The clinic admin's pages: the staff list, inviting staff, a member's role and status, staff invitations, and the
clinic's settings. Their URLs and names are the accounts app's, as before the move (`accounts:staff`, ...)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from accounts import services as account_services
from accounts import timezones
from accounts.forms import submitted
from clients import access

from . import selectors, services
from .forms import ClinicSettingsForm, CrisisLineFormSet, StaffInvitationForm, StaffRoleForm


def _require_clinic_admin(request):
    if not access.is_clinic_admin(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET"])
def staff(request):
    _require_clinic_admin(request)
    context = {
        "staff": selectors.clinic_staff(user=request.user),
        "invitations": selectors.open_staff_invitations(user=request.user),
    }
    return render(request, "clinics/staff.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="50/d", method="POST")
def staff_invite(request):
    _require_clinic_admin(request)
    form = StaffInvitationForm(submitted(request), initial={"language": request.user.clinic.default_language})
    if request.method == "POST" and form.is_valid():
        account_services.invitation_create(by_user=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Invitation sent. The link works once and expires in %(days)d days.")
            % {"days": settings.INVITATION_TTL.days},
        )
        return redirect("accounts:staff")
    return render(request, "clinics/staff_invite.html", {"form": form})


@login_required
@require_GET
def staff_member(request, user_id):
    """One staff member: their role, status and second factor, and the admin's actions on them."""
    _require_clinic_admin(request)
    member = selectors.staff_member(user=request.user, user_id=user_id)
    return _staff_member_page(request, member, StaffRoleForm(initial={"role": member.role}))


def _staff_member_page(request, member, role_form, status=200):
    context = {
        "member": member,
        "role_form": role_form,
        "caseload_count": services.active_caseload(member).count() if member.is_therapist else 0,
        "is_self": member.pk == request.user.pk,
    }
    return render(request, "clinics/staff_member.html", context, status=status)


def _run(request, action, done_message, **kwargs):
    """Run one admin action; its refusal (a ValidationError) becomes the message shown instead."""
    try:
        action(by_admin=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done_message)


def _staff_action(request, user_id, action, done_message):
    _require_clinic_admin(request)
    member = selectors.staff_member(user=request.user, user_id=user_id)
    _run(request, action, done_message, member=member)
    return redirect("accounts:staff_member", user_id=member.pk)


@login_required
@require_POST
def staff_role(request, user_id):
    _require_clinic_admin(request)
    member = selectors.staff_member(user=request.user, user_id=user_id)
    form = StaffRoleForm(request.POST)
    if not form.is_valid():
        return _staff_member_page(request, member, form, status=400)
    return _staff_action(
        request,
        user_id,
        lambda **kwargs: services.staff_set_role(role=form.cleaned_data["role"], **kwargs),
        _("Role changed. Their sessions have ended; the new role applies when they sign in again."),
    )


def _confirmed_staff_action(request, user_id, kind, action, done_message):
    """A consequential action on a colleague runs only from its confirmation page, which names the person and
    what happens; the first POST (the button on their page) shows that page and changes nothing."""
    _require_clinic_admin(request)
    member = selectors.staff_member(user=request.user, user_id=user_id)
    if request.POST.get("confirmed") != "yes":
        context = {"member": member, "kind": kind, "action_url": request.path}
        return render(request, "clinics/staff_confirm.html", context)
    return _staff_action(request, user_id, action, done_message)


@login_required
@require_POST
def staff_deactivate(request, user_id):
    return _confirmed_staff_action(
        request,
        user_id,
        "deactivate",
        services.staff_deactivate,
        _("Account deactivated. Every session it had has ended."),
    )


@login_required
@require_POST
def staff_reactivate(request, user_id):
    return _staff_action(request, user_id, services.staff_reactivate, _("Account active again."))


@login_required
@require_POST
def staff_reset_second_factor(request, user_id):
    return _confirmed_staff_action(
        request,
        user_id,
        "reset_second_factor",
        services.staff_reset_second_factor,
        _("Second factor removed. They set up a new one when they next sign in."),
    )


def _invitation_action(request, invitation_id, action, done_message):
    _require_clinic_admin(request)
    invitation = selectors.staff_invitation(user=request.user, invitation_id=invitation_id)
    _run(request, action, done_message, invitation=invitation)
    return redirect("accounts:staff")


@login_required
@require_POST
@ratelimit(key="user", rate="50/d", method="POST")
def invitation_resend(request, invitation_id):
    return _invitation_action(
        request, invitation_id, services.invitation_resend, _("A new link was sent. The earlier one no longer works.")
    )


@login_required
@require_POST
def invitation_revoke(request, invitation_id):
    return _invitation_action(
        request, invitation_id, services.invitation_revoke, _("Invitation revoked. Its link no longer works.")
    )


@login_required
@require_http_methods(["GET", "POST"])
def clinic_settings(request):
    """The clinic's name, time zone, language, session and export limits, and its crisis lines."""
    _require_clinic_admin(request)
    clinic = request.user.clinic
    form = ClinicSettingsForm(submitted(request), instance=clinic, prefix="clinic")
    crisis_lines = CrisisLineFormSet(submitted(request), instance=clinic, prefix="lines")
    context = {"form": form, "crisis_lines": crisis_lines}
    if request.method == "POST":
        if form.is_valid() and crisis_lines.is_valid():
            services.clinic_update(clinic=clinic, by_admin=request.user, form=form, crisis_lines=crisis_lines)
            timezones.remember(request.session, request.user)  # a new zone shows at once for the admin
            messages.success(request, _("Clinic settings saved."))
            return redirect("accounts:clinic_settings")
        return render(request, "clinics/clinic_settings.html", context, status=400)
    return render(request, "clinics/clinic_settings.html", context)
