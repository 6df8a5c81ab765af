"""Operator-only: clinics and their crisis lines (the operator site sits behind the second factor)."""

from django.contrib import admin

from .models import Clinic, CrisisLine


class CrisisLineInline(admin.TabularInline):
    model = CrisisLine
    extra = 0


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    list_display = ["name", "timezone", "default_language"]
    search_fields = ["name"]
    inlines = [CrisisLineInline]
