"""Emergency access (issue 9). The root URLs put these under /accounts/ in the "accounts" namespace, beside the
accounts app's own, so their paths and names are the ones they had before the move (`accounts:emergency_access_list`,
`/accounts/emergency-access/`, ...)."""

from django.urls import path

from . import emergency_views

urlpatterns = [
    path("emergency-access/", emergency_views.emergency_access_list, name="emergency_access_list"),
    path(
        "emergency-access/clients/<uuid:client_id>/",
        emergency_views.emergency_access_start,
        name="emergency_access_start",
    ),
    path("emergency-access/<uuid:grant_id>/", emergency_views.emergency_access_detail, name="emergency_access_detail"),
    path("emergency-access/<uuid:grant_id>/end/", emergency_views.emergency_access_end, name="emergency_access_end"),
]
