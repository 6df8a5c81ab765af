"""URL patterns, included from the app's urls.py (no app_name: they share the app's namespace)."""

from django.urls import path

from . import session_views

urlpatterns: list = [
    path("<uuid:client_id>/sessions/", session_views.session_list, name="sessions"),
    path("<uuid:client_id>/sessions/new/", session_views.session_create, name="session_create"),
    path("<uuid:client_id>/sessions/<uuid:session_id>/", session_views.session_edit, name="session_edit"),
]
