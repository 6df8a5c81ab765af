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
    # The part of the record's address this tab covers ("peers/"), when it is wider than its own page.
    section: str | None = None
    # "write" when its page is for changing the record (a reader under emergency access has no such tab).
    action: str = "read"


TABS = Registry("workspace tabs")


def register(tab):
    TABS.register(tab.key, tab)


for _tab in (
    Tab("overview", _("Overview"), "clients:overview", 0, section=""),
    Tab("check_ins", _("Check-ins"), "clients:check_ins", 10),
    Tab("safety_plan", _("Safety plan"), "clients:safety_plan", 20),
    Tab("support_network", _("Support network"), "clients:support_network", 30),
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
        covers = base + tab.section if tab.section is not None else url
        entries.append((tab, url, covers))
    matching = [covers for _tab, _url, covers in entries if path.startswith(covers)]
    current = max(matching, key=len) if matching else None
    return [(tab, url, covers == current) for tab, url, covers in entries]


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
