"""Advocacy's part of the clinic's outcomes page (clinics/outcomes.py): the advocacy steps the clinic's clients
completed in the quarter. One query however many clients there are. Registered in AdvocacyConfig.ready()."""

from django.db.models import Count
from django.utils.translation import gettext as _

from clinics.outcomes import Cell, Period, Row, Section, Table

from .models import AdvocacyStep, StepStatus


def advocacy_table(*, clinic_id, period: Period) -> Table:
    """Steps marked done with their completion in the quarter, and how many distinct clients they belong to."""
    done = AdvocacyStep.objects.filter(
        plan__client__clinic_id=clinic_id,
        status=StepStatus.DONE,
        completed_at__gte=period.start,
        completed_at__lt=period.end,
    )
    figures = done.aggregate(steps=Count("pk"), clients=Count("plan__client_id", distinct=True))
    clients = figures["clients"]
    return Table(
        key="advocacy",
        title=_("Advocacy steps"),
        columns=[_("What is counted"), _("Figure")],
        rows=[
            Row(_("Advocacy steps done"), [Cell.count(clients, figures["steps"])]),
            Row(_("Clients who did one or more"), [Cell.count(clients)]),
        ],
        explanation=[
            _(
                "Steps of a client's advocacy plan (a letter, a talk, a meeting) marked done in the quarter, and how "
                "many clients they belong to."
            ),
        ],
    )


SECTIONS = [Section(key="advocacy", order=40, table=advocacy_table)]
