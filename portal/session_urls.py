"""URL patterns, included from the app's urls.py (no app_name: they share the app's namespace)."""

from django.urls import path

from . import session_views

urlpatterns: list = [
    path("sessions/", session_views.session_list, name="sessions"),
    path("sessions/<uuid:session_id>/invite.ics", session_views.session_invite, name="session_invite"),
]
