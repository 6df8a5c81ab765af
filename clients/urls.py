from django.urls import include, path

from . import views
from .models import ClientStatus

app_name = "clients"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("new/", views.client_create, name="create"),
    path("find/", views.find, name="find"),
    path("roster/", views.roster, name="roster"),
    path("words-we-use/", views.words_we_use, name="words_we_use"),
    path("staff/<uuid:therapist_id>/caseload/", views.caseload_reassign, name="caseload_reassign"),
    path("<uuid:client_id>/", views.overview, name="overview"),
    path("<uuid:client_id>/intake/", views.intake, name="intake"),
    path(
        "<uuid:client_id>/discharge/",
        views.set_status,
        {"status": ClientStatus.DISCHARGED},
        name="discharge",
    ),
    path("<uuid:client_id>/reopen/", views.set_status, {"status": ClientStatus.ACTIVE}, name="reopen"),
    path("<uuid:client_id>/reassign/", views.reassign, name="reassign"),
    path("<uuid:client_id>/care-team/", views.care_team, name="care_team"),
    path("<uuid:client_id>/care-team/<uuid:member_id>/remove/", views.care_team_remove, name="care_team_remove"),
    path("<uuid:client_id>/support-network/", views.support_network, name="support_network"),
    path("<uuid:client_id>/support-network/new/", views.support_person_create, name="support_person_create"),
    path("<uuid:client_id>/support-network/<uuid:person_id>/", views.support_person_edit, name="support_person_edit"),
    path(
        "<uuid:client_id>/support-network/<uuid:person_id>/stage/",
        views.support_person_stage,
        name="support_person_stage",
    ),
    path(
        "<uuid:client_id>/support-network/<uuid:person_id>/archive/",
        views.support_person_archive,
        name="support_person_archive",
    ),
    path("<uuid:client_id>/safety-plan/", views.safety_plan, name="safety_plan"),
    path("<uuid:client_id>/safety-plan/edit/", views.safety_plan_edit, name="safety_plan_edit"),
    path("<uuid:client_id>/check-ins/", views.check_ins, name="check_ins"),
    path("<uuid:client_id>/check-ins/new/", views.check_in_create, name="check_in_create"),
    path("<uuid:client_id>/draft/", views.draft, name="draft"),
    path("<uuid:client_id>/share/<slug:kind>/<uuid:item_id>/", views.share, name="share"),
    path("<uuid:client_id>/portal-invitation/", views.portal_invite, name="portal_invite"),
    # The care loop (issue 24): attention flags, sessions and messages, each in its own module.
    path("", include("clients.attention_urls")),
    path("", include("clients.session_urls")),
    path("", include("clients.message_urls")),
]
