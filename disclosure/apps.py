from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = "Disclosure plans"

    def ready(self):
        from clients import panels, pdf_sections, sharing

        from .models import DisclosurePlan
        from .selectors import overview_panel_context

        def shared_plans(client, user, private_journal, for_client):
            plans = DisclosurePlan.objects.for_client(client, user).filter(shared_with_client=True).current()
            return {"plans": list(plans)}

        pdf_sections.register(
            pdf_sections.Section(
                "disclosure",
                _("Disclosure plans shared with you"),
                "disclosure/pdf/plans.html",
                shared_plans,
                order=70,
                staff_title=_("Disclosure plans shared with the client"),
            )
        )
        sharing.register("disclosure_plan", DisclosurePlan)
        from clients import workspace

        workspace.register(workspace.Tab("disclosure", _("Disclosure"), "disclosure:list", 40, section="disclosure/"))
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
