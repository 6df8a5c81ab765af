"""The inclusive-care self-assessment, under accounts/inclusive-care/ (names in the "accounts" namespace)."""

from django.urls import path

from . import inclusive_care_views as views

urlpatterns = [
    path("", views.review_list, name="inclusive_care"),
    path("new/", views.review_create, name="inclusive_care_new"),
    path("<uuid:review_id>/", views.review_detail, name="inclusive_care_review"),
]
