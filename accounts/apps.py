from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # The audit app sits below this one: it learns the people an event may name from what is registered here
        # (see audit/rules.py; the rules of who reads the log are registered by clients, where they live).
        from audit import rules

        from .models import Invitation, User

        rules.TARGETS.register("accounts.user", (User, "full_name"))
        rules.TARGETS.register("accounts.invitation", (Invitation, "full_name"))

        from . import outbox, services

        outbox.SENDERS.register("account_notice", services.account_notice_message)
        outbox.SENDERS.register("password_reset", services.password_reset_message)
