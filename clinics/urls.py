"""The clinic admin's pages and the inclusive-care self-assessment. The root URLs put them under /accounts/ in the
"accounts" namespace, beside the accounts app's own, so their paths and names are the ones they had before the move
(`accounts:staff`, `accounts:clinic_settings`, `accounts:inclusive_care`, ...)."""

from django.urls import path

from . import attention_views, inclusive_care_views, outcomes_views, views

urlpatterns = [
    path("staff/", views.staff, name="staff"),
    path("staff/invite/", views.staff_invite, name="staff_invite"),
    path("staff/<uuid:user_id>/", views.staff_member, name="staff_member"),
    path("staff/<uuid:user_id>/role/", views.staff_role, name="staff_role"),
    path("staff/<uuid:user_id>/deactivate/", views.staff_deactivate, name="staff_deactivate"),
    path("staff/<uuid:user_id>/reactivate/", views.staff_reactivate, name="staff_reactivate"),
    path("staff/<uuid:user_id>/second-factor/reset/", views.staff_reset_second_factor, name="staff_reset_mfa"),
    path("staff/invitations/<uuid:invitation_id>/resend/", views.invitation_resend, name="invitation_resend"),
    path("staff/invitations/<uuid:invitation_id>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("clinic/settings/", views.clinic_settings, name="clinic_settings"),
    path("clinic/attention-rules/", attention_views.attention_settings, name="attention_settings"),
    # The clinic's outcomes, de-identified (issue 25)
    path("clinic/outcomes/", outcomes_views.clinic_outcomes, name="clinic_outcomes"),
    path("clinic/outcomes/outcomes.csv", outcomes_views.clinic_outcomes_csv, name="clinic_outcomes_csv"),
    # Inclusive-care self-assessment (issue 9)
    path("inclusive-care/", inclusive_care_views.review_list, name="inclusive_care"),
    path("inclusive-care/new/", inclusive_care_views.review_create, name="inclusive_care_new"),
    path("inclusive-care/<uuid:review_id>/", inclusive_care_views.review_detail, name="inclusive_care_review"),
]
