from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvocacyConfig(AppConfig):
    name = "advocacy"
    verbose_name = "Advocacy plans"

    def ready(self):
        from clients import panels, sharing

        from .models import AdvocacyPlan
        from .selectors import overview_panel_context

        sharing.register("advocacy_plan", AdvocacyPlan)
        panels.register(
            panels.Panel(
                key="advocacy",
                title=_("Advocacy plans"),
                template="advocacy/panel.html",
                context=overview_panel_context,
                order=20,
                slot="plans",
            )
        )
