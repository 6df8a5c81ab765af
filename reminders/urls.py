from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("clients/<uuid:client_id>/reminders/new/", views.reminder_create, name="reminder_create"),
]
