"""What the apps' operator registrations share (core registers no model of its own)."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record the operator may look at but never add, change or delete here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
