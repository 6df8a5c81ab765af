from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeersConfig(AppConfig):
    name = "peers"
    verbose_name = "Peer connections"

    def ready(self):
        from clients import panels, pdf_sections

        from .models import PeerReferral, ReferralStatus
        from .selectors import overview_panel_context

        def connections(client, user, private_journal, for_client):
            current = [ReferralStatus.INTRODUCED, ReferralStatus.ATTENDING, ReferralStatus.COMPLETED]
            referrals = PeerReferral.objects.for_client(client, user).filter(status__in=current)
            referrals = pdf_sections.shared_only(referrals, for_client, "shown_to_client")
            return {"referrals": list(referrals.select_related("resource"))}

        pdf_sections.register(
            pdf_sections.Section("peers", _("Peer connections"), "peers/pdf/connections.html", connections, order=35)
        )

        from clinics import outcomes

        from .outcomes import SECTIONS as OUTCOME_SECTIONS

        for outcome_section in OUTCOME_SECTIONS:
            outcomes.register(outcome_section)
        from clients import workspace

        workspace.register(workspace.Tab("peers", _("Peers"), "peers:match", 60, section="peers/", action="write"))
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
