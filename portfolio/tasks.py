"""Thin tasks: ids in, a service call; the export's status lives on its row."""

from celery import shared_task

from . import attention_rules, exporting, schedules


# acks_late: it claims its export row (queued -> rendering); a build cut off by a kill is delivered again.
@shared_task(ignore_result=True, acks_late=True, time_limit=300, soft_time_limit=240)
def build_export(export_id):
    exporting.export_build(export_id=export_id)


@shared_task(ignore_result=True)
def tidy_exports():
    """Delete expired files, and fail builds stuck past the time limit (a killed worker's)."""
    exporting.exports_tidy()


@shared_task(ignore_result=True)
def flag_quiet_clients():
    """The attention rule "no portal activity for N days while micro-goals are active" (clients/attention.py)."""
    attention_rules.flag_quiet_clients()


@shared_task(ignore_result=True)
def issue_due_measures():
    """Questionnaires on a schedule: ask what is due, mark missed what closed unanswered (portfolio/schedules.py)."""
    schedules.issue_due()
