"""Thin tasks: ids in, a service call, nothing personal through the broker."""

from celery import shared_task

from accounts.tasks import EMAIL_TASK

from . import emergency


# The name it had in accounts, so a notice queued by the code before the move is still run by the code after it.
@shared_task(name="accounts.tasks.send_emergency_access_notice", **EMAIL_TASK)
def send_emergency_access_notice(grant_id):
    emergency.emergency_access_notice_send(grant_id=grant_id)


@shared_task
def sweep_drafts():
    """Delete form drafts older than drafts.DRAFT_DAYS."""
    from . import drafts

    drafts.sweep()
