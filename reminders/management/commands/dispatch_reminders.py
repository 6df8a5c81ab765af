"""Dispatch due reminders now: what Celery beat does every minute, for setups without Redis (the demo)."""

from django.core.management.base import BaseCommand

from reminders.services import dispatch_all_due


class Command(BaseCommand):
    help = "Dispatch the reminders that are due (and send them, when tasks run in-process)."

    def handle(self, *args, **options):
        count = dispatch_all_due()
        self.stdout.write(f"{count} deliveries made.")
