"""Operator-only registrations; clinical content is not edited here."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Client, EmergencyAccess


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["id", "clinic", "status", "created_at"]
    list_filter = ["status", "clinic"]
    fields = ["clinic", "status", "primary_therapist", "portal_user"]
    raw_id_fields = ["primary_therapist", "portal_user"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EmergencyAccess)
class EmergencyAccessAdmin(ReadOnlyAdmin):
    list_display = ["admin", "starts_at", "ends_at"]
