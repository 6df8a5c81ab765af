from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeersConfig(AppConfig):
    name = "peers"
    verbose_name = "Peer connections"

    def ready(self):
        from clients import panels

        from .selectors import overview_panel_context

        panels.register(
            panels.Panel(
                key="peers",
                title=_("Peer connections"),
                template="peers/panel.html",
                context=overview_panel_context,
                order=30,
                slot="referrals",
            )
        )
