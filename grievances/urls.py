"""The clinic admin's grievance inbox, under /clinic/grievances/ (the client's pages are in the portal's URLs)."""

from django.urls import path

from . import views

app_name = "grievances"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<uuid:grievance_id>/", views.detail, name="detail"),
]
