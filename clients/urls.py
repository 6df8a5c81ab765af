from django.urls import path

from . import views

app_name = "clients"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("<uuid:client_id>/", views.overview, name="overview"),
    path("<uuid:client_id>/portal-invitation/", views.portal_invite, name="portal_invite"),
]
