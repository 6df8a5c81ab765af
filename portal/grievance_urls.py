"""The clinic admin's grievance inbox, under /clinic/grievances/ (the client's pages are in the portal's URLs)."""

from django.urls import path

from . import grievance_views

app_name = "grievances"

urlpatterns = [
    path("", grievance_views.inbox, name="inbox"),
    path("<uuid:grievance_id>/", grievance_views.detail, name="detail"),
]
