"""What the audit log needs to know of the apps above it, registered by them when Django starts (core.registry).

The rules of who reads the log stay in the access module (`clients/access.py`, the one home of the rules); the clients
app registers them here from its AppConfig.ready(), since this app sits below it and may not import it:

- "grant": (user, client) -> the user's active emergency access to that client, or None: what an event is
  recorded under;
- "events": user -> the audit events the user may read;
- "whole_clinic": user -> whether the user reads the clinic's log (a clinic admin), not only their own actions;
- "own_actions": user -> whether the user reads their own actions (a therapist);
- "people": user -> the staff the user may filter the log by;
- "clients": user -> the clients the user may filter the log by;
- "details_for": user -> None when the user sees every event's detail and page, else the ids of the clients
  whose events they see in full (see `views.clients_with_details`).

`TARGETS` names the people an event may have acted on: {object type: (model, name field)} (accounts registers them).
"""

from django.core.exceptions import ImproperlyConfigured

from core.registry import Registry

RULES = Registry("the audit log's access rules")
TARGETS = Registry("the people an audit event may name as what it acted on")


def rule(name):
    """The registered rule `name`; a missing one is a configuration error, never a silently open or empty log."""
    found = RULES.get(name)
    if found is None:
        raise ImproperlyConfigured(f"No audit rule {name!r} is registered (clients registers them when it starts)")
    return found
