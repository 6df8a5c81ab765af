"""Thin tasks: ids in, a service call, nothing personal through the broker."""

from importlib import import_module

from celery import shared_task
from django.conf import settings

from . import outbox, services

# An email that cannot be handed to the mail server now is tried again, later and later, eight times.
EMAIL_TASK = {
    "ignore_result": True,
    "autoretry_for": (ConnectionError, TimeoutError, OSError),
    "retry_backoff": True,
    "retry_jitter": True,
    "max_retries": 8,
}


# acks_late: it claims its invitation row (locked while the link is made and sent); a worker killed mid-send
# leaves the message, and the row unsent, for the next worker.
@shared_task(**EMAIL_TASK, acks_late=True)
def send_invitation(invitation_id):
    services.invitation_send(invitation_id=invitation_id)


@shared_task(ignore_result=True)
def send_unsent_invitations():
    services.invitations_requeue_unsent()


@shared_task(ignore_result=True)
def clear_expired_sessions():
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


# The two tasks below send what the previous release queued before its emails became rows (accounts/outbox.py).
@shared_task(**EMAIL_TASK)
def send_account_notice(user_id, event):
    services.account_notice_send(user_id=user_id, event=event)


@shared_task(**EMAIL_TASK)
def send_password_reset(user_id):
    services.password_reset_send(user_id=user_id)


# acks_late: it claims its row; a worker killed mid-send leaves the message (and the row, claimable again) behind.
@shared_task(bind=True, ignore_result=True, acks_late=True, max_retries=8)
def send_outgoing_email(self, email_id):
    """An owed email (accounts/outbox.py): a security notice, a password reset, an emergency-access notice."""
    try:
        outbox.send(email_id=email_id)
    except (ConnectionError, TimeoutError, OSError) as error:
        if self.request.retries >= self.max_retries:
            outbox.failed(email_id=email_id, error=type(error).__name__)
            return
        raise self.retry(exc=error, countdown=min(2**self.request.retries * 30, 3600)) from error


@shared_task(ignore_result=True)
def requeue_outgoing_emails():
    """The sweep: queue again the owed emails whose task the broker lost or a dead worker left."""
    outbox.requeue_stranded()
