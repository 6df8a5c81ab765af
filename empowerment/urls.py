"""Root URLs. The admin site is an OTP admin site: operators need their second factor there too."""

from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django_otp.admin import OTPAdminSite

from accounts import urls as account_urls
from accounts import views as account_views
from advocacy import urls as advocacy_urls
from clients import emergency_urls
from clients import views as client_views
from clinics import urls as clinic_urls
from core import health
from peers import urls as peer_urls

from . import metrics

admin.site.__class__ = OTPAdminSite
admin.site.site_header = "Empowerment Planner — operator site"
admin.site.login = account_views.operator_login
handler500 = "core.errors.server_error"

urlpatterns = [
    path("", account_views.home, name="home"),
    # The clinics app's pages and emergency access (clients) keep the paths and names they had in accounts
    # (accounts:staff, accounts:emergency_access_list, ...).
    path(
        "accounts/",
        include(
            (account_urls.urlpatterns + clinic_urls.urlpatterns + emergency_urls.urlpatterns, account_urls.app_name)
        ),
    ),
    path("clients/", include("clients.urls")),
    path("clients/<uuid:client_id>/portfolio/", include("portfolio.urls")),
    path("clients/<uuid:client_id>/disclosure/", include("disclosure.urls")),
    path("clients/<uuid:client_id>/advocacy/", include((advocacy_urls.plan_patterns, "advocacy"))),
    path("advocacy/opportunities/", include((advocacy_urls.directory_patterns, "opportunities"))),
    path("clients/<uuid:client_id>/peers/", include((peer_urls.referral_patterns, "peers"))),
    path("peers/directory/", include((peer_urls.directory_patterns, "directory"))),
    path("portal/", include("portal.urls")),
    path("clinic/grievances/", include("grievances.urls")),
    path("", include("reminders.urls")),
    path("i18n/setlang/", client_views.set_language, name="set_language"),
    path("health/", health.health, name="health"),
    path("health/detail/", health.health_detail, name="health_detail"),
    path("health/metrics/", metrics.metrics, name="health_metrics"),  # Prometheus, with the health token
    # The operator site's pages follow each model's app: the audit log, the clinics and emergency access moved out of
    # accounts (issue 22), so their old addresses lead to the new ones (bookmarks, links in runbooks).
    re_path(
        r"^operator/accounts/auditevent/(?P<rest>.*)$",
        RedirectView.as_view(
            url="/operator/audit/auditevent/%(rest)s", query_string=True, http_method_names=["get", "head"]
        ),
        name="operator_moved_audit",
    ),
    re_path(
        r"^operator/accounts/clinic/(?P<rest>.*)$",
        RedirectView.as_view(
            url="/operator/clinics/clinic/%(rest)s", query_string=True, http_method_names=["get", "head"]
        ),
        name="operator_moved_clinics",
    ),
    re_path(
        r"^operator/accounts/emergencyaccess/(?P<rest>.*)$",
        RedirectView.as_view(
            url="/operator/clients/emergencyaccess/%(rest)s", query_string=True, http_method_names=["get", "head"]
        ),
        name="operator_moved_emergency_access",
    ),
    path("operator/", admin.site.urls),
]
