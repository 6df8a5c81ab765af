"""A person's own account: changing the password, the list of their sessions, proving who they are again.

Every role has these pages (the account menu in the header), clients in the portal included.
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from audit import recording

from . import mfa, services, sessions
from .account_forms import ReauthenticationForm
from .forms import submitted
from .middleware import keep_alive, seconds_left
from .views import GET_AND_POST, _safe_next


@GET_AND_POST
@method_decorator(ratelimit(key="user", rate="10/h", method="POST"), name="post")
class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change (the current password first); every other session then ends (ASVS 2.1.5, 3.3.4)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:sessions")

    def form_valid(self, form):
        response = super().form_valid(form)  # keeps this session signed in, under a new key
        user = self.request.user
        recording.record(user, "auth.password_changed")
        sessions.sessions_end_others(
            user=user, current_session_key=self.request.session.session_key, reason="password_changed"
        )
        sessions.mark_reauthenticated(self.request.session)
        services.account_notice(user, "password_changed")  # if it was not them, they hear of it
        messages.success(self.request, _("Your password is changed. You are signed out everywhere else."))
        return response


@login_required
@require_GET
def session_list(request):
    """Where this person is signed in. The addresses are theirs and shown to them only (never logged)."""
    context = {"sessions": sessions.sessions_of(request.user), "current_key": request.session.session_key}
    return render(request, "accounts/sessions.html", context)


@login_required
@require_POST
def sessions_end_others(request):
    sessions.sessions_end_others(
        user=request.user, current_session_key=request.session.session_key, reason="signed_out_elsewhere"
    )
    messages.success(request, _("You are signed out everywhere else. Only this session is still open."))
    return redirect("accounts:sessions")


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="10/h", method="POST")
def reauthenticate(request):
    """Prove who you are again before changing how you sign in (a new authenticator, new backup codes)."""
    form = ReauthenticationForm(submitted(request), offer_code=mfa.has_confirmed_totp(request.user))
    if request.method == "POST" and form.is_valid():
        if sessions.reauthenticate(request, **form.cleaned_data):
            return redirect(_safe_next(request))
        form.add_error(None, _("That did not match. Check your password, or enter the code your app shows now."))
    return render(request, "accounts/reauthenticate.html", {"form": form, "next": _safe_next(request)})


@login_required
@require_POST
def session_keep_alive(request):
    """The "Stay signed in" button: the idle clock starts again; answers with the seconds left, for the warning.

    A session that has already ended never gets here: the idle limit logs out first, and this answers with
    the login redirect, which the page's script reads as "signed out".
    """
    keep_alive(request.session)
    return JsonResponse({"seconds_left": seconds_left(request.session)})
