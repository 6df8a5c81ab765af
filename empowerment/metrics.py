"""`GET /health/metrics/`: Prometheus metrics, behind the same check as /health/detail/ (a 404 without it).

django-prometheus's request and database metrics, which each process keeps for itself (under gunicorn, set
PROMETHEUS_MULTIPROC_DIR to add up every worker of the server: docs/operations.md), then what any web process
can measure for the whole deployment (core/metrics.py) and the reminders' oldest waiting work.
"""

import os

from django.db.models import Min
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest, multiprocess

from accounts.models import OutgoingEmail, OutgoingEmailStatus
from core import health
from core import metrics as core_metrics
from reminders.models import Delivery, DeliveryStatus, Reminder, ReminderStatus


def _age_seconds(moment):
    return max(0.0, (timezone.now() - moment).total_seconds()) if moment is not None else 0.0


def oldest_queued_delivery_age():
    """Seconds the oldest queued reminder delivery has waited for a worker (0 when none waits)."""
    oldest = Delivery.objects.filter(status=DeliveryStatus.QUEUED).aggregate(oldest=Min("created_at"))["oldest"]
    return _age_seconds(oldest)


def oldest_unsent_email_age():
    """Seconds the oldest owed email (a security notice, a password reset, an emergency-access notice:
    accounts/outbox.py) has waited unsent (0 when none waits)."""
    unsent = OutgoingEmail.objects.filter(status__in=[OutgoingEmailStatus.QUEUED, OutgoingEmailStatus.SENDING])
    return _age_seconds(unsent.aggregate(oldest=Min("created_at"))["oldest"])


def oldest_due_reminder_age():
    """Seconds the longest-overdue active reminder has waited for the dispatcher (0 when none is due)."""
    due = Reminder.objects.filter(status=ReminderStatus.ACTIVE, next_at__lte=timezone.now())
    return _age_seconds(due.aggregate(oldest=Min("next_at"))["oldest"])


GAUGES = [
    (
        "reminder_delivery_oldest_queued_age_seconds",
        "Age of the oldest queued reminder delivery",
        oldest_queued_delivery_age,
    ),
    (
        "outgoing_email_oldest_unsent_age_seconds",
        "Age of the oldest owed email not yet sent (security, password reset, emergency access)",
        oldest_unsent_email_age,
    ),
    (
        "reminder_oldest_due_age_seconds",
        "How long the most overdue reminder has waited for dispatch",
        oldest_due_reminder_age,
    ),
]


def _process_metrics():
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


@never_cache
@require_GET
def metrics(request):
    if not health._may_see_detail(request):  # the health token (or a signed-in operator), as /health/detail/
        raise Http404
    deployment = CollectorRegistry()
    deployment.register(core_metrics.OperationsCollector(GAUGES))
    return HttpResponse(_process_metrics() + generate_latest(deployment), content_type=CONTENT_TYPE_LATEST)
