"""The portfolio's own sections of the PDF (registered in PortfolioConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from clients.exports import Section

from .models import CopingSkill, JournalEntry, Milestone
from .selectors import goals_with_week, measures_page


def _milestones(client, user, private_journal):
    return {
        "milestones": list(Milestone.objects.visible_to(user).filter(client=client).current().order_by("achieved_on"))
    }


def _coping(client, user, private_journal):
    return {"coping_skills": list(CopingSkill.objects.visible_to(user).filter(client=client).current())}


def _goals(client, user, private_journal):
    return {"goals": goals_with_week(client, user)}


def _measures(client, user, private_journal):
    from django.utils.translation import get_language

    return {"charts": measures_page(client, user, get_language())["charts"], "language": get_language()}


def _journal(client, user, private_journal):
    entries = JournalEntry.objects.visible_to(user).filter(client=client, kind="victory").current()
    if not private_journal:
        entries = entries.filter(private=False)  # private text leaves only in the client's own export
    return {"entries": list(entries.order_by("written_on")[:200])}


SECTIONS = [
    Section("milestones", _("Milestones"), "portfolio/pdf/milestones.html", _milestones, order=10),
    Section("coping", _("Coping skills"), "portfolio/pdf/coping.html", _coping, order=20),
    Section("goals", _("Micro-goal streaks"), "portfolio/pdf/goals.html", _goals, order=40),
    Section("measures", _("Measures over time"), "portfolio/pdf/measures.html", _measures, order=50),
    Section("victories", _("Victories from the journal"), "portfolio/pdf/victories.html", _journal, order=60),
]
