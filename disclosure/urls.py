"""Mounted under clients/<client_id>/disclosure/ (see empowerment/urls.py)."""

from django.urls import path

from . import views

app_name = "disclosure"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("<uuid:plan_id>/", views.plan_detail, name="detail"),
    path("<uuid:plan_id>/edit/", views.plan_edit, name="edit"),
    path("<uuid:plan_id>/status/", views.plan_status, name="status"),
    path("<uuid:plan_id>/archive/", views.plan_archive, name="archive"),
    path("<uuid:plan_id>/rehearsals/new/", views.rehearsal_create, name="rehearsal_create"),
    path("<uuid:plan_id>/debriefs/new/", views.debrief_create, name="debrief_create"),
]
