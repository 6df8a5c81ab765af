"""Logging in and out, the second factor, invitations and the role landing (the staff pages: clinics.views)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit

from audit import recording

from . import emails, mfa, services, sessions, visits
from .forms import (
    AcceptInvitationForm,
    EnrolmentForm,
    LoginForm,
    PasswordResetForm,
    SecondFactorForm,
    submitted,
)
from .middleware import SESSION_ENDED_REASON, SESSION_LAST_SEEN, SESSION_STARTED
from .models import Role

# Where each role lands after logging in.
ROLE_HOME = {
    Role.THERAPIST: "clients:caseload",
    Role.CLINIC_ADMIN: "accounts:staff",
    Role.CLIENT: "portal:home",
}
INVITATION_SESSION_KEY = "_invitation_token"


def rate_limited(request, exception=None):
    """Too many requests from here: a 429 that says to wait, never whether an account exists."""
    return render(request, "429.html", status=429)


# Django's form views answer PUT as POST; ours take only the methods a browser's form uses (ASVS 14.5.1).
GET_AND_POST = method_decorator(require_http_methods(["GET", "POST"]), name="dispatch")


@GET_AND_POST
@method_decorator(ratelimit(key="ip", rate="30/m", method="POST"), name="post")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["ended_reason"] = self.request.session.pop(SESSION_ENDED_REASON, None)
        return context

    def post(self, request, *args, **kwargs):
        if _account_failures(request, increment=False) >= _account_failure_limit():
            # The same page as django-axes' lockout, for known and unknown addresses alike.
            return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        _account_failures(self.request, increment=True)
        return super().form_invalid(form)

    def form_valid(self, form):
        previous_login = form.get_user().last_login  # before Django's login() moves it to now
        response = super().form_valid(form)
        user = self.request.user
        visits.remember_previous_visit(self.request.session, previous_login)
        now = int(time.time())
        self.request.session[SESSION_STARTED] = now
        self.request.session[SESSION_LAST_SEEN] = now
        sessions.mark_reauthenticated(self.request.session)  # the password was just given
        recording.record(user, "auth.login")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            user.preferred_language,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response


# Failed logins per account from every address together (security gap G5). django-axes locks an account from
# one address after AXES_FAILURE_LIMIT failures (so a colleague's typos at a shared clinic address do not lock
# everyone out); this caps someone rotating addresses. Counted under the canonical address, in the cache.
ACCOUNT_FAILURES = {"group": "accounts.login.account_failures", "key": emails.login_account_key, "method": "POST"}


def _account_failure_limit():
    return int(settings.LOGIN_FAILURES_PER_ACCOUNT.split("/")[0])


def _account_failures(request, *, increment):
    usage = get_usage(request, rate=settings.LOGIN_FAILURES_PER_ACCOUNT, increment=increment, **ACCOUNT_FAILURES)
    return usage["count"] if usage else 0  # None: the cache is down, and lockout (in the database) still holds


class LogoutView(auth_views.LogoutView):
    """POST only (Django's own rule): a link or an image cannot log someone out."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            recording.record(request.user, "auth.logout")
        return super().post(request, *args, **kwargs)


@GET_AND_POST
@method_decorator(ratelimit(key="ip", rate="10/h", method="POST"), name="post")
@method_decorator(ratelimit(key=emails.reset_account_key, rate="3/h", method="POST"), name="post")
class PasswordResetView(auth_views.PasswordResetView):
    """Always answers the same way, whether or not the address has an account: the email is queued by id
    (services.password_reset_request), so the request does the same work for both."""

    template_name = "accounts/password_reset_form.html"
    form_class = PasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")


@GET_AND_POST
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        services.account_notice(form.user, "password_changed")  # if it was not them, they hear of it
        return response


@login_required
def home(request):
    """Send each role to its own first page."""
    target = ROLE_HOME.get(request.user.role)
    if target is None:
        return redirect("admin:index") if request.user.is_staff else render(request, "accounts/no_role.html")
    return redirect(target)


def operator_login(request, extra_context=None):
    """The admin site's login: our own login page (with its second factor), or a refusal for non-operators."""
    if not request.user.is_authenticated:
        return redirect_to_login(_safe_next(request, "admin:index"), reverse("accounts:login"))
    raise PermissionDenied


def _safe_next(request, fallback="home"):
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return reverse(fallback)


@login_required
@require_http_methods(["GET", "POST"])
def mfa_verify(request):
    if not mfa.second_factor_pending(request.user):
        return HttpResponseRedirect(_safe_next(request))
    if not mfa.has_confirmed_totp(request.user):
        return redirect("accounts:mfa_setup")
    form = SecondFactorForm(submitted(request))
    if request.method == "POST" and form.is_valid():
        if mfa.verify(request, form.cleaned_data["code"]):
            return HttpResponseRedirect(_safe_next(request))
        form.add_error(
            "code",
            _(
                "That code did not work. Codes change every 30 seconds: enter the one your app shows now. "
                "After several wrong codes you must wait a little before trying again."
            ),
        )
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": _safe_next(request)})


@login_required
@require_http_methods(["GET", "POST"])
def mfa_setup(request):
    user = request.user
    if not user.needs_second_factor:
        raise PermissionDenied  # clients log in with a password; the second factor is for staff
    if mfa.has_confirmed_totp(user) and not user.is_verified():
        # Enrolling a new device must never be a way around the one already enrolled.
        return redirect("accounts:mfa_verify")
    if mfa.has_a_factor(user) and not sessions.recently_reauthenticated(request.session):
        # Replacing the factor (and so the backup codes) asks for the password or a current code again.
        return redirect(f"{reverse('accounts:reauthenticate')}?{urlencode({'next': request.get_full_path()})}")
    device = mfa.enrolment_device(user)
    form = EnrolmentForm(submitted(request))
    if request.method == "POST" and form.is_valid():
        codes = mfa.enrolment_confirm(request, device=device, token=form.cleaned_data["code"].replace(" ", ""))
        if codes is not None:
            return render(request, "accounts/backup_codes.html", {"codes": codes, "next": _safe_next(request)})
        form.add_error("code", _("That code did not match. Check the time on your phone and enter the code shown now."))
    context = {
        "form": form,
        "qr_code": mfa.qr_code_svg(device),
        "secret": mfa.secret_for_display(device),
        "next": _safe_next(request),
    }
    return render(request, "accounts/mfa_setup.html", context)


@require_http_methods(["GET"])
def invitation_accept(request, token):
    """Move the token from the URL into the session, so it cannot leak through the Referer header."""
    request.session[INVITATION_SESSION_KEY] = token
    return redirect("accounts:invitation_set_password")


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="20/h", method="POST")
def invitation_set_password(request):
    invitation = services.invitation_for_token(request.session.get(INVITATION_SESSION_KEY))
    if invitation is None or request.user.is_authenticated:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if services.invitation_account_exists(invitation):
        # Said before a password is chosen; the one with the emailed link may learn their address has an account.
        context = {"invitation": invitation, "message": services.INVITATION_ACCOUNT_EXISTS}
        return render(request, "accounts/invitation_conflict.html", context, status=409)
    form = AcceptInvitationForm(submitted(request), invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(invitation=invitation, password=form.cleaned_data["password1"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session.pop(INVITATION_SESSION_KEY, None)
            messages.success(request, _("Your account is ready. Log in with your email address and new password."))
            return redirect("accounts:login")
    return render(request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation})
