"""Mounted under clients/<client_id>/portfolio/ (see empowerment/urls.py)."""

from django.urls import path

from . import measure_sharing_views, views

app_name = "portfolio"

urlpatterns = [
    path("", views.home, name="home"),
    path("plan/", views.plan_edit, name="plan_edit"),
    path("new/<slug:kind>/", views.item_create, name="item_create"),
    path("goals/<uuid:goal_id>/check/", views.goal_check, name="goal_check"),
    path("goals/<uuid:goal_id>/archive/", views.goal_archive, name="goal_archive"),
    path("exports/", views.export_list, name="exports"),
    path("exports/<uuid:export_id>/", views.export_status, name="export_status"),
    path("exports/<uuid:export_id>/download/", views.export_download, name="export_download"),
    path("measures/", views.measures, name="measures"),
    path("measures/assign/", views.measure_assign, name="measure_assign"),
    path("measures/<slug:instrument>/enter/", views.measure_enter, name="measure_enter"),
    path("measures/schedules/<uuid:schedule_id>/stop/", views.measure_schedule_stop, name="measure_schedule_stop"),
    path("measures/<slug:instrument>/share/", measure_sharing_views.measure_share, name="measure_share"),
]
