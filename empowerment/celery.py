"""The Celery app. Tasks take ids (JSON only) and load what they need themselves."""

import os

from celery import Celery, signals

from core import logs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "empowerment.settings")

app = Celery("empowerment")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Structured lines in the worker too, each with the id of the task that wrote it (core/logs.py).
signals.setup_logging.connect(logs.configure_celery_logging, weak=False)
signals.task_prerun.connect(logs.bind_task, weak=False)
signals.task_postrun.connect(logs.unbind_task, weak=False)
