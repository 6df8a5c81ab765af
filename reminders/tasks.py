"""Thin tasks: the dispatcher every minute (Celery beat), and one send per delivery (ids only)."""

from celery import shared_task
from celery.signals import worker_process_shutdown

from . import services

TRANSIENT = (ConnectionError, TimeoutError, OSError)


@shared_task(ignore_result=True)
def dispatch_reminders():
    services.requeue_stranded()
    services.dispatch_all_due()


# acks_late: it claims its delivery row; a worker killed mid-send leaves the message for the next worker.
@shared_task(bind=True, ignore_result=True, acks_late=True, max_retries=6)
def send_delivery(self, delivery_id):
    try:
        services.delivery_send(delivery_id=delivery_id)
    except TRANSIENT as error:
        if self.request.retries >= self.max_retries:
            services.delivery_failed(delivery_id=delivery_id, error=type(error).__name__)
            return
        raise self.retry(exc=error, countdown=min(2**self.request.retries * 30, 3600)) from error


@worker_process_shutdown.connect
def close_mail_connection(**kwargs):
    """A worker process stopping says goodbye to the mail server on the connection it kept (services)."""
    services.close_mail_connection()
