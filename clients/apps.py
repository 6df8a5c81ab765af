from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = "Clients"

    def ready(self):
        from accounts.models import Role
        from accounts.services import register_invitation_hook

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
