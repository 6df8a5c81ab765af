from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/calendar/", views.calendar_settings, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("clients/<uuid:client_id>/reminders/", views.client_reminders, name="client_reminders"),
    path("clients/<uuid:client_id>/reminders/new/", views.reminder_create, name="reminder_create"),
]
