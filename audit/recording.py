"""Writing audit events: who, which clinic, which client, what, when, from which address.

Services call `record()` inside their transaction, so the change and its audit row commit together.
Client-scoped pages call `record_view()` once per successful read. The request's address and path
come from `AuditContextMiddleware`, so services need not pass the request around.
"""

import ipaddress
from contextvars import ContextVar

from django.conf import settings

from .models import AuditEvent
from .rules import rule

_request_context = ContextVar("audit_request_context", default=None)


def client_address(request):
    """The person's address as lockout, rate limits and audit see it.

    Behind PROXY_COUNT trusted proxies (DJANGO_PROXY_COUNT), each of which appends the address it saw to
    X-Forwarded-For, the person's address is the PROXY_COUNT-th entry from the right: entries further left
    came from the person's side and could be anything. Without proxies, or when the header is short or not
    an address (a misconfigured proxy), it is the connecting address.
    """
    if settings.PROXY_COUNT:
        forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= settings.PROXY_COUNT:
            try:
                return str(ipaddress.ip_address(forwarded[-settings.PROXY_COUNT]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR", "")


def bind_request(request):
    """Remember this request's address and path for the events it writes; returns a reset token."""
    return _request_context.set({"address": client_address(request) or None, "path": request.path[:300]})


def unbind_request(token):
    _request_context.reset(token)


def _actor(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


# A model that moved to another app keeps the events written before the move under the label it had then (the
# log is append-only): {its label now: [the labels it had before]}.
FORMER_LABELS = {
    "grievances.grievance": ["portal.grievance"],
    "clinics.clinic": ["accounts.clinic"],
    "clinics.crisisline": ["accounts.crisisline"],
    "clinics.inclusivecarereview": ["accounts.inclusivecarereview"],
    "clinics.inclusivecareitem": ["accounts.inclusivecareitem"],
    "clients.emergencyaccess": ["accounts.emergencyaccess"],
}


def object_types(model):
    """Every `object_type` under which the audit log may hold events about rows of `model` (a model or a row)."""
    label = model._meta.label_lower
    return [label, *FORMER_LABELS.get(label, [])]


def record(user, action, *, client=None, obj=None, clinic=None, detail=None):
    """Append one audit event. `detail` holds ids and codes only, never personal data."""
    context = _request_context.get() or {}
    actor = _actor(user)
    if clinic is None:
        clinic_id = client.clinic_id if client is not None else getattr(actor, "clinic_id", None)
    else:
        clinic_id = clinic.pk
    grant = rule("grant")(actor, client) if client is not None and actor else None
    return AuditEvent.objects.create(
        actor=actor,
        clinic_id=clinic_id,
        client=client,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        address=context.get("address"),
        path=context.get("path", ""),
        emergency_access=grant,
        detail=detail or {},
    )


def record_view(request, action, *, client=None, obj=None, detail=None):
    """Audit one read of a client-scoped page by the request's user."""
    return record(request.user, action, client=client, obj=obj, detail=detail)
