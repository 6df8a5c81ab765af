from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import account_views, views

app_name = "accounts"
# The clinics app's pages (staff, clinic settings, inclusive care) and the clients app's emergency access share this
# namespace and the /accounts/ prefix: the root URLs include them beside these (empowerment/urls.py).

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("second-factor/", views.mfa_verify, name="mfa_verify"),
    path("second-factor/set-up/", views.mfa_setup, name="mfa_setup"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path("password-reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    # A person's own account (issue 19): password change, their sessions, proving who they are again.
    path("password/change/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("sessions/", account_views.session_list, name="sessions"),
    path("sessions/end-others/", account_views.sessions_end_others, name="sessions_end_others"),
    path("session/keep-alive/", account_views.session_keep_alive, name="session_keep_alive"),
    path("confirm-it-is-you/", account_views.reauthenticate, name="reauthenticate"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("invitation/", views.invitation_set_password, name="invitation_set_password"),
    # Audit log viewer and CSV export (issue 9): the audit app's, its names in this namespace
    path("audit-log/", include("audit.urls")),
]
