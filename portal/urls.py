from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("safety-plan/", views.safety_plan, name="safety_plan"),
    path("profile/", views.profile, name="profile"),
]
