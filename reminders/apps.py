from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = "Reminders"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from clients import emergency, panels
        from clients.services import register_hook

        from .notices import notify_emergency_access
        from .selectors import overview_panel_context
        from .services import care_team_left, client_status_changed, primary_therapist_changed

        register_hook("status", client_status_changed)
        register_hook("primary_therapist", primary_therapist_changed)
        register_hook("care_team_left", care_team_left)
        emergency.HOOKS.register("started", notify_emergency_access)

        from clients import sharing

        from . import notices

        register_hook("flag_raised", notices.flag_raised)
        register_hook("message_sent", notices.message_sent)
        register_hook("session_saved", notices.session_saved)
        sharing.register_share_hook(notices.item_shared)

        from clients import workspace

        workspace.register(
            workspace.Tab("reminders", _("Reminders"), "reminders:client_reminders", 80, section="reminders/")
        )
        panels.register(
            panels.Panel(
                key="reminders",
                title=_("Reminders"),
                template="reminders/panel.html",
                context=overview_panel_context,
                order=90,
                slot="reminders",
                queries=3,
            )
        )
