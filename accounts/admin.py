"""Operator-only registrations. The admin site sits behind the second factor (see empowerment/urls.py)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from qsessions.models import Session as QSession

from core.admin import ReadOnlyAdmin

from .models import Invitation, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "clinic", "is_active"]
    list_filter = ["role", "is_active", "clinic"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "preferred_language"]}),
        (_("Place"), {"fields": ["role", "clinic", "is_active", "is_demo"]}),
        (_("Operator"), {"fields": ["is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "role", "clinic", "password1", "password2"]}),
    ]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "role", "clinic", "created_at", "expires_at", "accepted_at", "revoked_at"]
    exclude = ["token_hash"]


# django-qsessions registers its session table here; its rows hold each person's address and browser, which
# only that person sees (their own session list), so operators get no page of them.
if admin.site.is_registered(QSession):
    admin.site.unregister(QSession)
