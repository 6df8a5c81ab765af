"""URL patterns, included from the app's urls.py (no app_name: they share the app's namespace)."""

from django.urls import path

from . import message_views

urlpatterns: list = [
    path("<uuid:client_id>/messages/", message_views.thread, name="messages"),
    path("<uuid:client_id>/messages/settings/", message_views.thread_settings, name="message_settings"),
]
