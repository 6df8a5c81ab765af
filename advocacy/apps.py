from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvocacyConfig(AppConfig):
    name = "advocacy"
    verbose_name = "Advocacy plans"

    def ready(self):
        from clients import panels, pdf_sections, sharing

        from .models import AdvocacyPlan
        from .selectors import overview_panel_context

        def shared_plans(client, user, private_journal, for_client):
            plans = AdvocacyPlan.objects.for_client(client, user).filter(shared_with_client=True).current()
            return {"plans": list(plans)}

        pdf_sections.register(
            pdf_sections.Section(
                "advocacy",
                _("Advocacy plans shared with you"),
                "advocacy/pdf/plans.html",
                shared_plans,
                order=80,
                staff_title=_("Advocacy plans shared with the client"),
            )
        )
        sharing.register("advocacy_plan", AdvocacyPlan)
        from clinics import outcomes

        from .outcomes import SECTIONS as OUTCOME_SECTIONS

        for outcome_section in OUTCOME_SECTIONS:
            outcomes.register(outcome_section)
        from clients import workspace

        workspace.register(workspace.Tab("advocacy", _("Advocacy"), "advocacy:list", 50, section="advocacy/"))
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
