from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = "Resilience portfolio"

    def ready(self):
        from clients import panels, pdf_sections, sharing

        from .export_sections import SECTIONS
        from .exporting import exports_withdraw_holding
        from .models import CopingSkill, EmpowermentPlan, JournalEntry, MicroGoal, Milestone, StigmaEncounter
        from .selectors import overview_panel_context

        for section in SECTIONS:
            pdf_sections.register(section)

        for kind, model in [
            ("empowerment_plan", EmpowermentPlan),
            ("micro_goal", MicroGoal),
            ("milestone", Milestone),
            ("coping_skill", CopingSkill),
            ("stigma_encounter", StigmaEncounter),
            ("journal_entry", JournalEntry),
        ]:
            sharing.register(kind, model)
        sharing.register_unshare_hook(exports_withdraw_holding)
        from clinics import outcomes

        from .outcomes import SECTIONS as OUTCOME_SECTIONS

        for outcome_section in OUTCOME_SECTIONS:
            outcomes.register(outcome_section)
        from clients import workspace

        workspace.register(workspace.Tab("portfolio", _("Portfolio"), "portfolio:home", 70, section="portfolio/"))
        panels.register(
            panels.Panel(
                key="portfolio",
                title=_("Micro-goals this week"),
                template="portfolio/panel.html",
                context=overview_panel_context,
                order=5,
                slot="plans",
                queries=3,
            )
        )
