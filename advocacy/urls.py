"""Plan pages (namespace "advocacy") are mounted under clients/<client_id>/advocacy/; the clinic's
opportunities (namespace "opportunities") at advocacy/opportunities/."""

from django.urls import path

from . import views

app_name = "advocacy"

plan_patterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("<uuid:plan_id>/", views.plan_detail, name="detail"),
    path("<uuid:plan_id>/edit/", views.plan_edit, name="edit"),
    path("<uuid:plan_id>/status/", views.plan_status, name="status"),
    path("<uuid:plan_id>/archive/", views.plan_archive, name="archive"),
    path("<uuid:plan_id>/steps/new/", views.step_create, name="step_create"),
    path("<uuid:plan_id>/steps/<uuid:step_id>/", views.step_edit, name="step_edit"),
    path("<uuid:plan_id>/reviews/new/", views.review_create, name="review_create"),
    path("<uuid:plan_id>/stories/new/", views.draft_create, name="draft_create"),
    path("<uuid:plan_id>/stories/<uuid:draft_id>/", views.draft_edit, name="draft_edit"),
    path("<uuid:plan_id>/stories/<uuid:draft_id>/ready/", views.draft_ready, name="draft_ready"),
]

directory_patterns = [
    path("", views.opportunity_list, name="list"),
    path("new/", views.opportunity_create, name="create"),
    path("<uuid:opportunity_id>/", views.opportunity_edit, name="edit"),
]
