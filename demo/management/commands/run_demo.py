"""Serve the demo with its periodic work running: `make demo` without Redis, a worker or Celery beat.

A background thread does what Celery beat does in production, in this process: every minute it runs
each task of `CELERY_BEAT_SCHEDULE` whose interval has passed (the reminder dispatcher every 60 s, the
unsent-invitation sweep, the export tidy-up, ...). Then Django's development server serves the demo
(without its auto-reloader, which would start a second process and a second dispatcher).
"""

import logging
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from .seed_demo import refuse_production

logger = logging.getLogger(__name__)
TICK_SECONDS = 60


class DemoBeat:
    """Celery beat's schedule, run in-process: `tick()` runs each task whose interval has passed."""

    def __init__(self, schedule=None):
        self.schedule = dict(settings.CELERY_BEAT_SCHEDULE if schedule is None else schedule)
        self.last_run = {}

    def tick(self, now=None):
        """Run the due tasks; returns their names. A failing task is logged and the others still run."""
        from celery import current_app as app  # the project's (empowerment/celery.py)

        app.loader.import_default_modules()
        now = time.monotonic() if now is None else now
        ran = []
        for name, entry in self.schedule.items():
            interval = float(entry["schedule"])
            if name in self.last_run and now - self.last_run[name] < interval:
                continue
            self.last_run[name] = now
            try:
                app.tasks[entry["task"]].apply(throw=True)
                ran.append(name)
            except Exception:
                logger.exception("Demo beat: %s failed", name)
            finally:
                close_old_connections()
        return ran

    def run_forever(self, stop):
        while not stop.is_set():
            self.tick()
            stop.wait(TICK_SECONDS)


class Command(BaseCommand):
    help = "Serve the demo with the reminder dispatcher (and the rest of Celery beat's schedule) running."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--i-know-this-is-not-production", action="store_true", dest="not_production", help="As seed_demo."
        )

    def handle(self, *args, **options):
        refuse_production("run_demo", options)
        stop = threading.Event()
        thread = threading.Thread(target=DemoBeat().run_forever, args=(stop,), name="demo-beat", daemon=True)
        thread.start()
        self.stdout.write(f"Reminders are dispatched every {TICK_SECONDS} seconds in this process.")
        try:
            call_command("runserver", options["addrport"], use_reloader=False)
        finally:
            stop.set()
