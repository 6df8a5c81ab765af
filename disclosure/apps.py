from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = "Disclosure plans"

    def ready(self):
        from clients import panels, sharing

        from .models import DisclosurePlan
        from .selectors import overview_panel_context

        sharing.register("disclosure_plan", DisclosurePlan)
        panels.register(
            panels.Panel(
                key="disclosure",
                title=_("Disclosure plans"),
                template="disclosure/panel.html",
                context=overview_panel_context,
                order=10,
                slot="plans",
            )
        )
