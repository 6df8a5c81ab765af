"""Referral pages (namespace "peers") under clients/<client_id>/peers/; the directory (namespace
"directory") at peers/directory/."""

from django.urls import path

from . import views

referral_patterns = [
    path("match/", views.match, name="match"),
    path("referrals/new/<uuid:resource_id>/", views.referral_create, name="referral_create"),
    path("referrals/<uuid:referral_id>/", views.referral_detail, name="referral_detail"),
    path("referrals/<uuid:referral_id>/edit/", views.referral_edit, name="referral_edit"),
    path("referrals/<uuid:referral_id>/status/", views.referral_status, name="referral_status"),
    path("referrals/<uuid:referral_id>/consent/", views.referral_consent, name="referral_consent"),
    path("referrals/<uuid:referral_id>/withdraw/", views.referral_withdraw, name="referral_withdraw"),
]

directory_patterns = [
    path("", views.resource_list, name="list"),
    path("new/", views.resource_create, name="create"),
    path("<uuid:resource_id>/", views.resource_edit, name="edit"),
    path("<uuid:resource_id>/verify/", views.resource_verify, name="verify"),
]
