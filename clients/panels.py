"""Panels on the client overview, registered by the feature apps when they start.

`clients` sits below the feature apps and must not import them; like Django's admin collecting
ModelAdmins, each feature app calls `register()` from its AppConfig.ready(). A panel is a template
and a function that builds its context for one client and the user looking.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template: str
    context: Callable  # context(client, user) -> dict
    order: int = 100


_panels = {}


def register(panel):
    _panels[panel.key] = panel


def panels_for(client, user):
    """The registered panels in order, each with its context for this client."""
    return [(panel, panel.context(client, user)) for panel in sorted(_panels.values(), key=lambda p: p.order)]
