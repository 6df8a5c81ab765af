"""Panels on the client overview, registered by the feature apps when they start.

`clients` sits below the feature apps and must not import them; like Django's admin collecting
ModelAdmins, each feature app calls `register()` from its AppConfig.ready(). A panel is a template
and a function that builds its context for one client and the user looking. Panels sit in named
slots, so the overview keeps its shape as features arrive.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.registry import Registry

# The overview's slots, in page order.
SLOTS = [
    ("plans", _("Plans")),
    ("referrals", _("Peer connections and referrals")),
    ("reminders", _("Upcoming reminders")),
]


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template: str
    context: Callable  # context(*, user, client) -> dict
    order: int = 100
    slot: str = "plans"
    queries: int = 1  # at most this many queries for its context (the overview's query budget counts them)


PANELS = Registry("overview panels")


def register(panel):
    PANELS.register(panel.key, panel)


def panels_for(client, user):
    """The registered panels in order, each with its context for this client."""
    return [
        (panel, panel.context(user=user, client=client)) for panel in sorted(PANELS.values(), key=lambda p: p.order)
    ]


def panels_by_slot(client, user):
    """[(slot key, slot title, [(panel, context), ...]), ...] for the slots that have panels."""
    filled = panels_for(client, user)
    return [
        (key, title, [(panel, context) for panel, context in filled if panel.slot == key])
        for key, title in SLOTS
        if any(panel.slot == key for panel, _context in filled)
    ]
