"""Operator-only: the audit log, read only (the operator site sits behind the second factor)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "action", "actor", "clinic", "object_type", "address"]
    list_filter = ["action"]
    date_hierarchy = "at"
    list_select_related = ["actor", "clinic"]
