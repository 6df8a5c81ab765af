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
        sharing.register("support_person", SupportPerson)
