"""The Celery app. Tasks take ids (JSON only) and load what they need themselves."""

import os

from celery import Celery, signals
from django.db import close_old_connections

from core import logs, metrics

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "empowerment.settings")

app = Celery("empowerment")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _name_redbeat_settings(sender, source, **kwargs):
    """celery-redbeat (the one-beat lock, settings.py) looks for its settings by their own names, which the
    CELERY_ namespace hides from it: without this it would forward none of its Redis options, and warn."""
    for key in [key for key in source if key.startswith("CELERY_REDBEAT_")]:
        source[key.removeprefix("CELERY_").lower()] = source[key]


# Structured lines in the worker too, each with the id of the task that wrote it (core/logs.py).
signals.setup_logging.connect(logs.configure_celery_logging, weak=False)
signals.task_prerun.connect(logs.bind_task, weak=False)
signals.task_postrun.connect(logs.unbind_task, weak=False)
# Failures counted for Prometheus (core/metrics.py), by task name, in the cache every host shares.
signals.task_failure.connect(metrics.count_task_failure, weak=False)


# A worker keeps its database connection from task to task as a web process does from request to request: Django's
# close_old_connections around each task (CONN_MAX_AGE, the health check, a connection broken by an error closed).
# Celery's Django fixup would close it after every task (CELERY_DB_REUSE_MAX in settings.py says how rarely now),
# so that each task paid for a new PostgreSQL connection, a server process forked, before its first query.
def _close_old_connections(task=None, **kwargs):
    if task is not None and not task.request.is_eager:  # an eager task runs inside its caller's transaction
        close_old_connections()


signals.task_prerun.connect(_close_old_connections, weak=False)
signals.task_postrun.connect(_close_old_connections, weak=False)
