"""Benchmark: 10,000 due reminders dispatched and sent to a local SMTP server as production runs them,
and the dispatcher's query plan over 1,000,000 reminders.

Run with `make bench-reminders` (or `python -m tools.benchmarks.reminders_dispatch`). It needs PostgreSQL
(DATABASE_URL) and Redis (REDIS_URL), as in CI. It makes a throwaway test database, starts an aiosmtpd server on
loopback and the workers production runs (deploy/systemd/), each with production's pool and concurrency (Celery's
default: prefork, one process per core) and tests/worker_settings.py (not eager: what a worker queues goes through
the broker): one on the beat queue (and the default queue) that runs the dispatcher, and two on the email queue
that send. The queues are named for this run. It sends the beat's `dispatch_reminders` task every minute as beat
does, and times from the first tick (the reminders are due) until the last email reaches the SMTP server. Then it
fills the table to 1,000,000 rows and prints EXPLAIN ANALYZE of the due-reminder query. It prints numbers; it
asserts nothing. BENCH_REMINDERS_DUE (10,000), BENCH_REMINDERS_TABLE_ROWS (0: no query plan) and
BENCH_REMINDERS_EMAIL_WORKER_ARGS (say "--pool=solo", to try another pool than the deployed one) change the run.
"""

import logging
import os
import re
import subprocess  # nosec B404
import sys
import tempfile
import time
import uuid
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

DUE = int(os.environ.get("BENCH_REMINDERS_DUE", "10000"))
TABLE_ROWS = int(os.environ.get("BENCH_REMINDERS_TABLE_ROWS", "1000000"))  # 0: skip the query plan
EMAIL_WORKERS = 2
# Extra arguments for the email workers, to try another pool or concurrency than the deployed unit's.
EMAIL_WORKER_ARGS = os.environ.get("BENCH_REMINDERS_EMAIL_WORKER_ARGS", "").split()
BEAT_SECONDS = 60
MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.MULTILINE | re.IGNORECASE)


class CountingInbox:
    """Counts what the SMTP server accepts: each email's Message-ID, and when the last one came."""

    def __init__(self):
        self.count, self.message_ids, self.last_at = 0, set(), None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (the name aiosmtpd calls)
        self.count += 1
        found = MESSAGE_ID.search(envelope.original_content or envelope.content)
        self.message_ids.add(found.group(1).decode() if found else None)
        self.last_at = time.perf_counter()
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


def start_workers(queues, smtp_port, log):
    """Production's workers (deploy/systemd/*-worker.service), on this run's queues: the beat-work worker and
    EMAIL_WORKERS email workers, each with Celery's default pool and concurrency, as the units start them."""
    from tests.workers import QUEUE_SETTINGS, ROOT, test_database_url

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "DATABASE_URL": test_database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        **{QUEUE_SETTINGS[kind]: queues[kind] for kind in QUEUE_SETTINGS},
    }
    command = [sys.executable, "-m", "celery", "-A", "empowerment", "worker", "--loglevel=INFO"]
    started = [(f"{queues['beat']},{queues['celery']}", "periodic")]
    started += [(queues["email"], f"email{n}") for n in range(EMAIL_WORKERS)]
    return [
        subprocess.Popen(  # nosec B603
            [*command, "-Q", queue, f"--hostname={name}@%h", *(EMAIL_WORKER_ARGS if name != "periodic" else [])],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for queue, name in started
    ]


def cpu_seconds(pids):
    """CPU time (user + system) the processes and all their descendants have used so far (Linux /proc)."""
    tick, total, seen = os.sysconf("SC_CLK_TCK"), 0.0, set()
    stack = list(pids)
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in os.listdir(f"/proc/{pid}/task"):
                stack += [int(child) for child in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return total


def database_backends():
    """The PostgreSQL server processes serving this benchmark's database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        return [pid for (pid,) in cursor.fetchall()]


def wait(condition, seconds, processes, every=0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        if any(process.poll() is not None for process in processes):
            return False
        time.sleep(every)
    return False


def ready(log, processes):
    """Every worker has said it is ready (Celery logs "<name>@<host> ready.")."""
    log.flush()
    with open(log.name) as text:
        return text.read().count(" ready.") >= len(processes)


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
    run = f"bench-{uuid.uuid4().hex[:8]}"
    queues = {"celery": run, "beat": f"{run}-beat", "email": f"{run}-email", "pdf": f"{run}-pdf"}
    app.conf.task_always_eager = False
    with tempfile.NamedTemporaryFile("w+", suffix=".log") as log:
        processes = start_workers(queues, smtp.port, log)
        try:
            if not wait(lambda: ready(log, processes), 120, processes, every=0.5):
                log.seek(0)
                out(f"The workers did not start. Their log:\n{log.read()[-4000:]}\n")
                return
            workers_cpu, own_cpu, load = cpu_seconds(p.pid for p in processes), time.process_time(), os.getloadavg()
            started = time.perf_counter()
            ticks = [0]

            def tick():
                """What Celery beat does: send the dispatcher task to the beat queue once a minute."""
                if time.perf_counter() - started >= ticks[0] * BEAT_SECONDS:
                    tasks.dispatch_reminders.apply_async(queue=queues["beat"])
                    ticks[0] += 1

            backends, database_cpu = set(), {}

            def busy():
                """Every few seconds: the CPU each database server process has used so far."""
                if len(backends) < 100 and int(time.perf_counter() - started) % 5 == 0:
                    backends.update(database_backends())
                    database_cpu.update({pid: cpu_seconds([pid]) for pid in backends})
                return inbox.count >= DUE

            arrived = wait(lambda: tick() or busy(), 900, processes)
            database_cpu.update({pid: cpu_seconds([pid]) or database_cpu.get(pid, 0) for pid in backends})
            cpu = {
                "workers": cpu_seconds(p.pid for p in processes) - workers_cpu,
                "benchmark (SMTP server, polling)": time.process_time() - own_cpu,
                "PostgreSQL (this database)": sum(database_cpu.values()),
            }
            sent = Delivery.objects.filter(status=DeliveryStatus.SENT)
            settled = wait(lambda: sent.count() >= DUE, 60, processes, every=0.5)
            time.sleep(2)  # a second copy of any email would have come by now
            report(out, inbox, started, ticks[0], arrived and settled)
            out(f"  load average (1 min) as the clock starts: {load[0]:8.2f}\n")
            for name, seconds in cpu.items():
                out(f"  CPU, {name + ':':36}{seconds:7.1f} s  ({seconds / DUE * 1000:.2f} ms a delivery)\n")
            if not (arrived and settled):
                log.seek(0)
                out(f"Did not finish. The workers' log:\n{log.read()[-4000:]}\n")
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=60)
            smtp.stop()


def report(out, inbox, started, ticks, finished):
    from reminders.models import Delivery, DeliveryStatus

    deliveries = Delivery.objects.count()
    unsent = DUE - Delivery.objects.filter(status=DeliveryStatus.SENT).count()
    expected = {delivery.message_id for delivery in Delivery.objects.only("pk")}
    seconds = (inbox.last_at or time.perf_counter()) - started
    out(f"{DUE} due reminders; SMTP on loopback (aiosmtpd); {os.cpu_count()} cores; workers as deployed: 1 on the ")
    out(f"beat queue, {EMAIL_WORKERS} on the email queue, each prefork with Celery's default concurrency\n")
    out(f"  first due (beat tick) to last delivered: {seconds:8.1f} s  ({ticks} beat tick(s))")
    out("\n" if finished else "  NOT FINISHED\n")
    out(f"  deliveries/s:                            {inbox.count / seconds:8.0f}\n")
    out(f"  emails received:                         {inbox.count:8d}\n")
    out(f"  distinct Message-IDs:                    {len(inbox.message_ids):8d}\n")
    out(f"  duplicates (same Message-ID again):      {inbox.count - len(inbox.message_ids):8d}\n")
    out(f"  unsent (not marked sent):                {unsent:8d}  ({deliveries} delivery rows)\n")
    out(f"  Message-IDs matching the delivery rows:  {'yes' if inbox.message_ids == expected else 'NO'}\n")


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
