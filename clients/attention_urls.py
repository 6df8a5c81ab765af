"""URL patterns of attention flags, included from clients/urls.py (they share the `clients` namespace)."""

from django.urls import path

from . import attention_views

urlpatterns = [
    path(
        "<uuid:client_id>/flags/<uuid:flag_id>/acknowledge/",
        attention_views.flag_acknowledge,
        name="flag_acknowledge",
    ),
]
