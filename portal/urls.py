from django.urls import include, path

from grievances import views as grievance_views

from . import progress_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("safety-plan/", views.safety_plan, name="safety_plan"),
    path("record-closed/", views.record_closed, name="record_closed"),
    path("profile/", views.profile, name="profile"),
    path("disclosure/<uuid:plan_id>/", views.disclosure_plan, name="disclosure_plan"),
    path("disclosure/<uuid:plan_id>/readiness/", views.disclosure_readiness, name="disclosure_readiness"),
    path("disclosure/<uuid:plan_id>/debrief/", views.disclosure_debrief, name="disclosure_debrief"),
    path("advocacy/<uuid:plan_id>/", views.advocacy_plan, name="advocacy_plan"),
    path("advocacy/<uuid:plan_id>/steps/<uuid:step_id>/done/", views.advocacy_step_done, name="advocacy_step_done"),
    path("advocacy/<uuid:plan_id>/review/", views.advocacy_review, name="advocacy_review"),
    path("goals/<uuid:goal_id>/check/", views.goal_check, name="goal_check"),
    path("journal/", views.journal, name="journal"),
    path("reminders/", views.reminders, name="reminders"),
    path("reminders/<uuid:reminder_id>/off/", views.reminder_off, name="reminder_off"),
    path("portfolio-pdf/", views.exports, name="exports"),
    path("portfolio-pdf/<uuid:export_id>/", views.export_status, name="export_status"),
    path("portfolio-pdf/<uuid:export_id>/download/", views.export_download, name="export_download"),
    path("measures/<uuid:assignment_id>/", views.measure, name="measure"),
    path("measures/<uuid:assignment_id>/done/", views.measure_done, name="measure_done"),
    # The client's own charts and their markers on them (issue 25).
    path("progress/", progress_views.progress, name="progress"),
    path("progress/markers/<uuid:event_id>/delete/", progress_views.chart_event_delete, name="chart_event_delete"),
    path("stigma-encounters/new/", views.encounter_log, name="encounter_log"),
    path("connections/<uuid:referral_id>/", views.referral, name="referral"),
    path("connections/<uuid:referral_id>/consent/", views.referral_consent, name="referral_consent"),
    path("connections/<uuid:referral_id>/decline/", views.referral_decline, name="referral_decline"),
    path("connections/<uuid:referral_id>/withdraw/", views.referral_withdraw, name="referral_withdraw"),
    path("feedback/", grievance_views.client_list, name="grievances"),
    path("feedback/new/", grievance_views.client_new, name="grievance_new"),
    path("feedback/<uuid:grievance_id>/", grievance_views.client_detail, name="grievance"),
    # The care loop (issue 24): sessions and messages, each in its own module.
    path("", include("portal.session_urls")),
    path("", include("portal.message_urls")),
]
