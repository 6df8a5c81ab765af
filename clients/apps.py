from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = "Clients"

    def ready(self):
        # The audit app sits below this one: it learns the access rules of its log from what is registered here
        # (see audit/rules.py), since the rules live in this app's access module.
        from audit import rules

        from . import access

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

        from accounts import outbox
        from accounts.models import Role
        from accounts.services import register_invitation_hook

        from . import emergency

        outbox.SENDERS.register("emergency_access", emergency.emergency_access_notice_message)

        from . import sharing
        from .models import SupportPerson
        from .services import link_portal_account

        register_invitation_hook(Role.CLIENT, link_portal_account)
        from django.utils.translation import gettext_lazy as _

        from . import pdf_sections
        from .models import AllyStage

        def supports(client, user, private_journal, for_client):
            people = pdf_sections.shared_only(SupportPerson.objects.for_client(client, user).current(), for_client)
            return {"allies": list(people.filter(ally_stage__in=[AllyStage.APPROACHED, AllyStage.ALLY]))}

        pdf_sections.register(
            pdf_sections.Section("supports", _("Allies and supports"), "clients/pdf/supports.html", supports, 30)
        )
        sharing.register("support_person", SupportPerson)
