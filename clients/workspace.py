"""The client workspace: the sticky header on every page of a client's record, and its tabs.

The header names the person (preferred name and pronouns), shows today's flags (discharged, high relapse risk
at the last check-in, no safety plan or one not reviewed in 30 days) and keeps the safety plan one tap away.
Its tabs are the parts of the record. The record's own tabs are listed here; each feature app registers its
tab from its AppConfig.ready(), as it registers its overview panel (`clients` may not import the apps above it).
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import Registry

from . import access
from .models import CheckIn, ClientStatus, RelapseRisk, SafetyPlan


@dataclass(frozen=True)
class Tab:
    key: str
    title: str
    url_name: str  # reversed with client_id
    order: int
    # The parts of the record's address this tab covers ("peers/", or several), when wider than its own page.
    section: str | tuple[str, ...] | None = None
    # "write" when its page is for changing the record (a reader under emergency access has no such tab).
    action: str = "read"


TABS = Registry("workspace tabs")


def register(tab):
    TABS.register(tab.key, tab)


for _tab in (
    Tab("overview", _("Overview"), "clients:overview", 0, section=""),
    # A check-in is the record of a session: its pages sit under Sessions (eleven tabs did not fit on one line at
    # 1024 px, in Spanish above all; the sessions page links to the check-ins, as the overview does).
    Tab("sessions", _("Sessions"), "clients:sessions", 5, section=("sessions/", "check-ins/")),
    Tab("safety_plan", _("Safety plan"), "clients:safety_plan", 20),
    Tab("support_network", _("Support network"), "clients:support_network", 30),
    Tab("messages", _("Messages"), "clients:messages", 45),
):
    register(_tab)


def tabs_for(client, path, *, can_write):
    """[(tab, url, current), ...] in order; the current tab is the one whose part of the address is the longest
    start of `path` (so /check-ins/new/ is under Check-ins, and the intake under Overview)."""
    base = client.get_absolute_url()
    entries = []
    for tab in sorted(TABS.values(), key=lambda t: t.order):
        if tab.action == "write" and not can_write:
            continue
        url = reverse(tab.url_name, kwargs={"client_id": client.pk})
        if tab.section is None:
            covers = (url,)
        else:
            sections = (tab.section,) if isinstance(tab.section, str) else tab.section
            covers = tuple(base + section for section in sections)
        entries.append((tab, url, covers))
    matching = [(len(prefix), tab.key) for tab, _url, covers in entries for prefix in covers if path.startswith(prefix)]
    current = max(matching)[1] if matching else None
    return [(tab, url, tab.key == current) for tab, url, _covers in entries]


@dataclass(frozen=True)
class Flags:
    discharged: bool
    high_relapse_risk: bool
    no_safety_plan: bool
    safety_plan_needs_review: bool

    def __bool__(self):
        return any((self.discharged, self.high_relapse_risk, self.no_safety_plan, self.safety_plan_needs_review))


def flags(*, client, user: access.Reader, latest_check_in=None, safety_plan=None, known=False) -> Flags:
    """Today's flags for the header. The overview passes what it already read (`known=True`); other pages read
    the last check-in's relapse risk and the safety plan's dates: two small queries."""
    if not known:
        latest_check_in = (
            CheckIn.objects.for_client(client, user).only("id", "client_id", "relapse_risk", "session_date").first()
        )
        safety_plan = (
            SafetyPlan.objects.for_client(client, user).only("id", "client_id", "reviewed_at", "created_at").first()
        )
    return Flags(
        discharged=client.status == ClientStatus.DISCHARGED,
        high_relapse_risk=bool(latest_check_in and latest_check_in.relapse_risk == RelapseRisk.HIGH),
        no_safety_plan=safety_plan is None,
        safety_plan_needs_review=bool(safety_plan and safety_plan.needs_review()),
    )
