"""Issue 26 (steps 2 and 3): a queue and a worker for each kind of work, and one beat.

Periodic work, emails and PDF builds go to their own queues (settings.CELERY_TASK_ROUTES, by task name), each
served by its own unit in deploy/systemd; `acks_late` only where a task claims a row; beat holds a lock in Redis
(celery-redbeat) when there is Redis, and is the default file scheduler without it. The two real beats are in
tests/test_beat_lock.py.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from empowerment.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]
UNITS = ROOT / "deploy" / "systemd"
# The tasks that claim a row before they act, so a message redelivered after a killed worker finds the claim.
CLAIMS_A_ROW = {
    "reminders.tasks.send_delivery",
    "portfolio.tasks.build_export",
    "accounts.tasks.send_invitation",
    "accounts.tasks.send_outgoing_email",
}
EMAILS = {
    "reminders.tasks.send_delivery",
    "accounts.tasks.send_invitation",
    "accounts.tasks.send_password_reset",
    "accounts.tasks.send_account_notice",
    "accounts.tasks.send_emergency_access_notice",
    "accounts.tasks.send_outgoing_email",
}


def project_tasks():
    celery_app.loader.import_default_modules()
    return {name: task for name, task in celery_app.tasks.items() if not name.startswith("celery.")}


def test_every_task_of_the_project_has_a_route_and_every_route_a_task():
    assert set(settings.CELERY_TASK_ROUTES) == set(project_tasks())


def test_periodic_work_emails_and_pdf_builds_each_go_to_their_own_queue():
    router = celery_app.amqp.Router()

    def queue(name):
        return router.route({}, name)["queue"].name

    assert {queue(entry["task"]) for entry in settings.CELERY_BEAT_SCHEDULE.values()} == {"beat"}
    assert {name for name in project_tasks() if queue(name) == "email"} == EMAILS
    assert {name for name in project_tasks() if queue(name) == "pdf"} == {"portfolio.tasks.build_export"}
    assert queue("an.unrouted.task") == "celery"  # the default queue, taken by the beat-work worker


def test_a_worker_started_without_queues_named_takes_every_queue():
    assert set(celery_app.amqp.Queues(celery_app.conf.task_queues)) == {"celery", "beat", "email", "pdf"}


def test_acks_late_only_on_the_tasks_that_claim_a_row():
    assert settings.CELERY_TASK_ACKS_LATE is False
    assert {name for name, task in project_tasks().items() if task.acks_late} == CLAIMS_A_ROW
    for path in ("reminders/tasks.py", "portfolio/tasks.py", "accounts/tasks.py"):
        lines = (ROOT / path).read_text().splitlines()
        for number, line in enumerate(lines):
            if "acks_late=True" in line:  # each says why, on the line above
                assert lines[number - 1].startswith("# acks_late:") or lines[number - 2].startswith("# acks_late:")


def celery_conf(**env):
    """Celery's settings in a fresh process with this environment (settings read the environment once)."""
    code = (
        "import django, json; django.setup(); from empowerment.celery import app; c = app.conf; "
        "print(json.dumps({'routes': c.task_routes, 'scheduler': c.beat_scheduler, "
        "'redbeat_url': c.get('redbeat_redis_url'), 'lock_timeout': c.get('redbeat_lock_timeout')}))"
    )
    base = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "REDBEAT_REDIS_URL")}
    environment = base | {"DJANGO_SETTINGS_MODULE": "empowerment.settings", "DJANGO_DEBUG": "1", **env}
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def test_queue_names_come_from_the_environment():
    conf = celery_conf(CELERY_BEAT_QUEUE="clock", CELERY_EMAIL_QUEUE="mail", CELERY_PDF_QUEUE="render")
    assert conf["routes"]["reminders.tasks.dispatch_reminders"] == {"queue": "clock"}
    assert conf["routes"]["reminders.tasks.send_delivery"] == {"queue": "mail"}
    assert conf["routes"]["portfolio.tasks.build_export"] == {"queue": "render"}


def test_beat_holds_a_lock_in_the_brokers_redis_and_without_redis_is_the_default_scheduler():
    locked = celery_conf(REDIS_URL="redis://127.0.0.1:6379/7")
    assert locked["scheduler"] == "redbeat.RedBeatScheduler"
    assert locked["redbeat_url"] == "redis://127.0.0.1:6379/7"
    assert locked["lock_timeout"] == 150
    elsewhere = celery_conf(REDIS_URL="redis://127.0.0.1:6379/7", REDBEAT_REDIS_URL="redis://10.0.0.5:6379/2")
    assert elsewhere["redbeat_url"] == "redis://10.0.0.5:6379/2"
    demo = celery_conf()  # no Redis: `make demo` runs the schedule in its own process (demo/.../run_demo.py)
    assert demo["scheduler"] == "celery.beat:PersistentScheduler"
    assert demo["redbeat_url"] is None


def exec_start(unit):
    return next(line for line in (UNITS / unit).read_text().splitlines() if line.startswith("ExecStart="))


def test_deploy_has_a_worker_for_each_queue_and_one_locked_beat_and_the_smoke_check_starts_every_unit():
    served = {}
    for unit in sorted(UNITS.glob("*-worker.service")):
        queues = re.search(r" -Q (\S+) ", exec_start(unit.name)).group(1).split(",")
        for queue in queues:
            assert queue not in served, f"{queue} is taken by {served.get(queue)} and {unit.name}"
            served[queue] = unit.name
    assert served == {
        "beat": "empowerment-worker.service",
        "celery": "empowerment-worker.service",
        "email": "empowerment-email-worker.service",
        "pdf": "empowerment-pdf-worker.service",
    }
    beat = exec_start("empowerment-beat.service")
    assert " beat -S redbeat.RedBeatScheduler " in beat
    assert "--schedule" not in beat
    smoke = (ROOT / ".ci" / "production-smoke").read_text()
    assert "for unit_file in deploy/systemd/*.service" in smoke
    assert "start_unit empowerment-beat empowerment-beat-second" in smoke


def test_the_env_example_and_the_readme_name_the_queues_and_the_lock():
    example = (ROOT / "deploy" / "env.example").read_text()
    for name in ("CELERY_BEAT_QUEUE", "CELERY_EMAIL_QUEUE", "CELERY_PDF_QUEUE", "REDBEAT_REDIS_URL"):
        assert f"#{name}=" in example
    readme = (ROOT / "README.md").read_text()
    for phrase in ("empowerment-email-worker", "celery-redbeat", "CELERY_EMAIL_QUEUE"):
        assert phrase in readme
