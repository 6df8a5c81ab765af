from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # The audit app sits below this one: it learns the access rules of its log, and the people an event may
        # name, from what is registered here (see audit/rules.py).
        from audit import rules

        from . import access
        from .models import Invitation, User

        for name, entry in {
            "grant": access.active_emergency_access,
            "events": access.audit_events,
            "whole_clinic": access.is_clinic_admin,
            "own_actions": access.is_therapist,
            "people": access.audit_filter_people,
            "clients": access.audit_filter_clients,
            "details_for": access.audit_details_for,
        }.items():
            rules.RULES.register(name, entry)
        rules.TARGETS.register("accounts.user", (User, "full_name"))
        rules.TARGETS.register("accounts.invitation", (Invitation, "full_name"))
