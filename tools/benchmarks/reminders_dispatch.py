"""Benchmark: 10,000 due reminders dispatched and sent to a local SMTP server by 2 worker processes,
and the dispatcher's query plan over 1,000,000 reminders.

Run with `make bench-reminders` (or `python -m tools.benchmarks.reminders_dispatch`). It needs PostgreSQL
(DATABASE_URL) and Redis (REDIS_URL), as in CI. It makes a throwaway test database, starts an aiosmtpd
server on loopback and two `celery worker` processes on a queue of its own, sends the beat's
`dispatch_reminders` task every minute as beat does, and times until every delivery is sent. Then it fills the table to
1,000,000 rows and prints EXPLAIN ANALYZE of the due-reminder query. It prints numbers; it asserts nothing.
"""

import logging
import os
import subprocess  # nosec B404
import sys
import tempfile
import time
import uuid
from email import message_from_bytes

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

DUE = int(os.environ.get("BENCH_REMINDERS_DUE", "10000"))
TABLE_ROWS = int(os.environ.get("BENCH_REMINDERS_TABLE_ROWS", "1000000"))  # 0: skip the query plan
WORKERS = 2
BEAT_SECONDS = 60


class CountingInbox:
    def __init__(self):
        self.count, self.message_ids = 0, set()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (the name aiosmtpd calls)
        self.count += 1
        self.message_ids.add(message_from_bytes(envelope.content)["Message-ID"].strip())
        return "250 Message accepted"


def seed_due(count):
    from accounts.models import Role
    from reminders.models import Reminder
    from tests.factories import ClinicFactory, UserFactory

    clinic = ClinicFactory()
    therapist = UserFactory(clinic=clinic, role=Role.THERAPIST)
    due = (timezone.now() - timezone.timedelta(minutes=1)).replace(microsecond=0)
    Reminder.objects.bulk_create(
        (
            Reminder(
                recipient=therapist,
                created_by=therapist,
                local_time=due.time(),
                time_zone="UTC",
                starts_on=due.date(),
                next_at=due,
            )
            for _ in range(count)
        ),
        batch_size=2000,
    )
    return therapist


def start_workers(queue, smtp_port, log):
    from tests.workers import ROOT, test_database_url

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": test_database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "celery", "-A", "empowerment", "worker", "--pool=solo", "-Q", queue]
    command += ["--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    return [
        subprocess.Popen(command + ["-n", f"bench{n}@%h"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # nosec B603
        for n in range(WORKERS)
    ]


def wait(condition, seconds, processes):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        if any(process.poll() is not None for process in processes):
            return False
        time.sleep(0.1)
    return False


def dispatch_and_send(out):
    from aiosmtpd.controller import Controller

    from empowerment.celery import app
    from reminders import tasks
    from reminders.models import Delivery, DeliveryStatus
    from tests.workers import free_port

    seed_due(DUE)
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every connection otherwise
    inbox = CountingInbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue
    app.conf.task_routes = {}  # every task to this run's queue, not production's beat and email queues
    with tempfile.TemporaryFile("w+") as log:
        processes = start_workers(queue, smtp.port, log)
        try:
            time.sleep(5)  # let both workers connect before the clock starts
            started = time.perf_counter()
            ticks = [0]

            def tick():
                """What Celery beat does: send the dispatcher task once a minute."""
                if time.perf_counter() - started >= ticks[0] * BEAT_SECONDS:
                    tasks.dispatch_reminders.delay()
                    ticks[0] += 1

            dispatched = wait(lambda: tick() or Delivery.objects.count() == DUE, 900, processes)
            dispatch_seconds = time.perf_counter() - started
            sent = wait(lambda: Delivery.objects.filter(status=DeliveryStatus.SENT).count() == DUE, 1800, processes)
            total_seconds = time.perf_counter() - started
            if not (dispatched and sent):
                log.seek(0)
                out(f"Did not finish. Worker log:\n{log.read()[-4000:]}\n")
                return
            out(f"{DUE} due reminders, {WORKERS} worker processes, SMTP on loopback (aiosmtpd)\n")
            out(f"  dispatched (delivery rows made):   {dispatch_seconds:8.1f} s  ({ticks[0]} beat tick(s))\n")
            out(f"  all sent (rows marked sent):       {total_seconds:8.1f} s  ({DUE / total_seconds:.0f} emails/s)\n")
            out(f"  emails received / distinct IDs:    {inbox.count} / {len(inbox.message_ids)}\n")
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=60)
            smtp.stop()


def query_plan(out):
    from reminders import services
    from reminders.models import Reminder

    therapist = seed_due(0)
    filler = TABLE_ROWS - Reminder.objects.count()
    # Most of a clinic's reminders are finished, cancelled or in the future; a thousand are due.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO reminders_reminder (id, recipient_id, created_by_id, kind, note, link, source, starts_on,
                local_time, time_zone, recurrence, weekdays, channel, status, next_at, created_at)
            SELECT gen_random_uuid(), %(user)s, %(user)s, 'custom', '', '', '', now()::date, '09:00', 'UTC',
                'daily', '[]'::jsonb, 'email',
                (ARRAY['done', 'cancelled', 'paused', 'active', 'active', 'active'])[1 + n %% 6],
                CASE WHEN n %% 1000 = 0 THEN now() - interval '1 minute'
                     ELSE now() + (n %% 43200) * interval '1 minute' END,
                now()
            FROM generate_series(1, %(rows)s) AS n
            """,
            {"user": therapist.pk, "rows": filler},
        )
    with connection.cursor() as cursor:  # VACUUM cannot run in a transaction block; autocommit is on here
        cursor.execute("VACUUM ANALYZE reminders_reminder")
    with transaction.atomic():
        queryset = services.due_reminders(timezone.now())[: services.DISPATCH_BATCH]
        plan = queryset.explain(analyze=True, buffers=True)
    uses_index = any(
        f"{scan} reminder_due" in plan for scan in ("Index Scan using", "Index Only Scan using", "Bitmap Index Scan on")
    )
    sequential = "Seq Scan on reminders_reminder" in plan
    out(f"\nThe due-reminder query over {Reminder.objects.count():,} reminders (EXPLAIN ANALYZE):\n")
    out("\n".join("  " + line for line in plan.splitlines()) + "\n")
    out(f"Reminders found through the reminder_due index: {'yes' if uses_index else 'NO'}; ")
    out(f"sequential scan of the reminders table: {'YES' if sequential else 'no'}\n")


def main():
    out = sys.stdout.write
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        out("This benchmark needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), as in CI.\n")
        return 1
    setup_test_environment()
    connection.settings_dict["TEST"]["NAME"] = f"test_bench_reminders_{os.getpid()}"
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        dispatch_and_send(out)
        if TABLE_ROWS:
            query_plan(out)
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
