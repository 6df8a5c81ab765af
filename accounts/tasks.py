"""Thin tasks: ids in, a service call, nothing personal through the broker."""

from importlib import import_module

from celery import shared_task
from django.conf import settings

from . import services

# An email that cannot be handed to the mail server now is tried again, later and later, eight times.
EMAIL_TASK = {
    "ignore_result": True,
    "autoretry_for": (ConnectionError, TimeoutError, OSError),
    "retry_backoff": True,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(**EMAIL_TASK)
def send_invitation(invitation_id):
    services.invitation_send(invitation_id=invitation_id)


@shared_task(ignore_result=True)
def send_unsent_invitations():
    services.invitations_requeue_unsent()


@shared_task(ignore_result=True)
def clear_expired_sessions():
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


@shared_task(**EMAIL_TASK)
def send_account_notice(user_id, event):
    services.account_notice_send(user_id=user_id, event=event)


@shared_task(**EMAIL_TASK)
def send_password_reset(user_id):
    services.password_reset_send(user_id=user_id)
