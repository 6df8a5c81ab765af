"""Writing audit events: who, which clinic, which client, what, when, from which address.

Services call `record()` inside their transaction, so the change and its audit row commit together.
Client-scoped pages call `record_view()` once per successful read. The request's address and path
come from `AuditContextMiddleware`, so services need not pass the request around.
"""

import functools
import ipaddress
from contextvars import ContextVar

from django.conf import settings

from .models import AuditEvent
from .rules import rule

_request_context = ContextVar("audit_request_context", default=None)


def client_address(request):
    """The person's address as lockout, rate limits, sessions and audit see it.

    X-Forwarded-For is read only when the connecting peer is one of TRUSTED_PROXIES (the networks of the
    proxies in front: nginx on this machine, a load balancer), and then from the right: each trusted proxy
    appended the address it saw, so the first entry that is not a trusted proxy is the person's. Entries further
    left came from the person's side and could be anything. With no trusted proxies (the default), or a peer that
    is not one, the header is anyone's to send and is ignored: the address is the connecting one. An entry that is
    not an address (a misconfigured proxy) stops the walk at the last address a trusted proxy vouched for.
    """
    peer = request.META.get("REMOTE_ADDR", "")
    if not _is_trusted_proxy(peer):
        return peer
    address = peer
    for entry in reversed(request.headers.get("x-forwarded-for", "").split(",")):
        if not entry.strip():
            continue
        try:
            address = str(ipaddress.ip_address(entry.strip()))
        except ValueError:
            break
        if not _is_trusted_proxy(address):
            break
    return address


@functools.cache
def _networks(ranges):
    return tuple(ipaddress.ip_network(cidr, strict=False) for cidr in ranges)


def _is_trusted_proxy(address):
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not networks:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped:  # ::ffff:10.0.0.5 from a dual-stack socket is 10.0.0.5
        ip = ip.ipv4_mapped
    return any(ip in network for network in networks)


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
