"""The audit log viewer and its CSV export (issue 9), included by accounts/urls.py under /accounts/audit-log/, so
its names stay in the "accounts" namespace (`accounts:audit_log`, ...)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.audit_log, name="audit_log"),
    path("export/", views.audit_log_export, name="audit_log_export"),
    path("matches/", views.audit_log_matches, name="audit_log_matches"),
]
