"""The portfolio's own sections of the PDF (registered in PortfolioConfig.ready())."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clients.pdf_sections import Section, shared_only

from .models import CopingSkill, EmpowermentPlan, JournalEntry, Milestone, Reframe
from .selectors import goals_with_week, measures_page


def _plan_for(client, user, for_client):
    """The client's empowerment plan as the PDF's reader may have it: in a PDF for the client, only when shared."""
    return shared_only(EmpowermentPlan.objects.for_client(client, user).current(), for_client).first()


def _plan(client, user, private_journal, for_client):
    return {"plan": _plan_for(client, user, for_client)}


def _reframes(client, user, private_journal, for_client):
    # The reframes follow the plan's sharing switch; the plan is in the context so that unsharing it
    # withdraws the client's PDFs holding its reframes (exporting.shared_item_keys).
    plan = _plan_for(client, user, for_client)
    reframes = Reframe.objects.for_client(client, user).filter(plan=plan) if plan else Reframe.objects.none()
    return {"plan": plan, "reframes": list(reframes.order_by("written_on", "created_at"))}


def _milestones(client, user, private_journal, for_client):
    milestones = shared_only(Milestone.objects.for_client(client, user).current(), for_client)
    return {"milestones": list(milestones.order_by("achieved_on"))}


def _coping(client, user, private_journal, for_client):
    return {"coping_skills": list(shared_only(CopingSkill.objects.for_client(client, user).current(), for_client))}


def _goals(client, user, private_journal, for_client):
    rows = goals_with_week(client=client, user=user)
    return {"goals": [row for row in rows if row["goal"].shared_with_client or not for_client]}


def _measures(client, user, private_journal, for_client):
    from django.utils.translation import get_language

    page = measures_page(client=client, user=user, language=get_language(), shared_milestones_only=for_client)
    # The chart marks milestones by title: `held` names them as printed in this PDF.
    return {"charts": page["charts"], "language": get_language(), "held": page["milestones"] if page["charts"] else []}


def _journal(client, user, private_journal, for_client):
    entries = JournalEntry.objects.for_client(client, user).filter(kind="victory").current()
    if not private_journal:
        entries = entries.filter(private=False)  # private text leaves only in the client's own export
    if for_client:  # the client's own entries, and the care team's shared with them
        theirs = Q(author_id=client.portal_user_id) if client.portal_user_id else Q(pk__in=[])
        entries = entries.filter(theirs | Q(shared_with_client=True))
    return {"entries": list(entries.order_by("written_on")[:200])}


SECTIONS = [
    Section(
        "plan",
        _("Your empowerment plan"),
        "portfolio/pdf/plan.html",
        _plan,
        order=1,
        staff_title=_("Empowerment plan"),
    ),
    Section(
        "reframes",
        _("Old story, new story"),
        "portfolio/pdf/reframes.html",
        _reframes,
        order=2,
        staff_title=_("Reframes: old story, new story"),
    ),
    Section("milestones", _("Milestones"), "portfolio/pdf/milestones.html", _milestones, order=10),
    Section("coping", _("Coping skills"), "portfolio/pdf/coping.html", _coping, order=20),
    Section("goals", _("Micro-goal streaks"), "portfolio/pdf/goals.html", _goals, order=40),
    Section("measures", _("Measures over time"), "portfolio/pdf/measures.html", _measures, order=50),
    Section("victories", _("Victories from the journal"), "portfolio/pdf/victories.html", _journal, order=60),
]
