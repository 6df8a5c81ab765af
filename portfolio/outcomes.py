"""The portfolio's part of the clinic's outcomes page (clinics/outcomes.py): the questionnaires' change from baseline
and the stigma encounters of one quarter, over the clinic's clients, aggregated in the database (three queries
however many clients there are). Registered in PortfolioConfig.ready()."""

from decimal import Decimal

from django.db.models import Avg, Count, DecimalField, Exists, F, OuterRef, Q, Subquery
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from clinics.outcomes import CHANGE, MEAN, SHARE, Cell, Period, Row, Section, Table

from . import instruments
from .models import MeasureResponse, StigmaEncounter


def measures_table(*, clinic_id, period: Period) -> Table:
    """Per instrument with any result before the quarter's end: the clients with a baseline (their first result
    ever), those of them with a follow-up in the quarter (their latest result in it, later than the baseline), the
    mean change from one to the other, and the share whose change is a reliable improvement."""
    results = MeasureResponse.objects.filter(client__clinic_id=clinic_id, completed_at__lt=period.end).order_by()
    baselines = dict(
        results.values("instrument")
        .annotate(clients=Count("client_id", distinct=True))
        .values_list("instrument", "clients")
    )
    followed = {row["instrument"]: row for row in _follow_ups(results, period)}
    rows = [_measure_row(key, baselines[key], followed.get(key)) for key in _ordered(baselines)]
    return Table(
        key="measures",
        title=_("Questionnaires"),
        columns=[
            _("Questionnaire"),
            _("Clients with a baseline"),
            _("Clients with a baseline and a follow-up this quarter"),
            _("Mean change from baseline to follow-up"),
            _("Share with a reliable improvement"),
        ],
        rows=rows,
        explanation=[
            _(
                "A client's baseline is their first result of the questionnaire ever, up to the end of the quarter. "
                "Their follow-up is their latest result in the quarter, if it came after the baseline."
            ),
            _(
                "The mean change is the follow-up score less the baseline score, averaged over the clients with both, "
                "in the questionnaire's points. Whether a rise or a fall is better depends on the questionnaire: it "
                "is said next to its name."
            ),
            _(
                "A reliable improvement is a change in the better direction at least as large as the questionnaire's "
                "published reliable-change value (6 points on the PHQ-9, 4 on the GAD-7): larger than the "
                "questionnaire's own measurement error. Where no such value is published, none is given."
            ),
        ],
        empty=_("No client of the clinic had completed a questionnaire by the end of this quarter."),
    )


def _follow_ups(results, period: Period):
    """One row per instrument: how many clients have a follow-up in the quarter, their mean change, and how many
    improved reliably. A client's follow-up is their result in the quarter with none later before the quarter's
    end, when it is later than their first result ever (the baseline, read beside it by a correlated subquery on
    the index of client, instrument and time)."""
    same = {"client_id": OuterRef("client_id"), "instrument": OuterRef("instrument")}
    later = MeasureResponse.objects.filter(
        Q(completed_at__gt=OuterRef("completed_at")) | Q(completed_at=OuterRef("completed_at"), id__gt=OuterRef("id")),
        completed_at__lt=period.end,
        **same,
    )
    first = MeasureResponse.objects.filter(**same).order_by("completed_at", "id")
    latest = (
        results.filter(completed_at__gte=period.start)
        .filter(~Exists(later))
        .annotate(
            baseline_total=Subquery(first.values("total")[:1]),
            baseline_at=Subquery(first.values("completed_at")[:1]),
        )
        .filter(completed_at__gt=F("baseline_at"))
    )
    return latest.values("instrument").annotate(
        clients=Count("client_id"),
        mean_change=Avg(F("total") - F("baseline_total"), output_field=DecimalField()),
        improved=Count("pk", filter=_reliable_improvement()),
    )


def _reliable_improvement() -> Q:
    """The rule of `instruments.change` in SQL: a change at least the published reliable-change value, in the
    instrument's better direction. Instruments without a published value match nothing (and show no share)."""
    matches = Q(pk__in=[])
    for key, definition in instruments.shipped().items():
        threshold = definition.get("reliable_change")
        if threshold is None:
            continue
        size = Decimal(str(threshold))
        if definition.get("higher_is_better"):
            better = Q(total__gte=F("baseline_total") + size)
        else:
            better = Q(total__lte=F("baseline_total") - size)
        matches |= Q(instrument=key) & better
    return matches


def _measure_row(key, baseline_clients, followed) -> Row:
    definition = instruments.shipped().get(key)
    followed = followed or {"clients": 0, "mean_change": None, "improved": 0}
    clients = followed["clients"]
    if definition is not None and definition.get("reliable_change") is not None:
        share = Cell.share(followed["improved"], clients)
    else:
        share = Cell.not_available(SHARE, _("No published reliable-change value"))
    return Row(
        label=_instrument_label(key, definition),
        cells=[
            Cell.count(baseline_clients),
            Cell.count(clients),
            Cell.make(CHANGE, followed["mean_change"], clients),
            share,
        ],
    )


def _instrument_label(key, definition) -> str:
    if definition is None:
        return key
    name = instruments.name(definition, get_language() or "en")
    if "higher_is_better" not in definition:
        return name
    if definition["higher_is_better"]:
        return _("%(name)s: a higher score is better") % {"name": name}
    return _("%(name)s: a lower score is better") % {"name": name}


def _ordered(keys):
    """The shipped instruments in their files' order, then any other key alphabetically."""
    shipped = list(instruments.shipped())
    return sorted(keys, key=lambda key: (shipped.index(key) if key in shipped else len(shipped), key))


def stigma_table(*, clinic_id, period: Period) -> Table:
    """The stigma encounters the clinic's clients recorded as happening in the quarter (not those set aside): how
    many, from how many clients, and their mean distress before and after."""
    encounters = StigmaEncounter.objects.filter(
        client__clinic_id=clinic_id,
        occurred_on__gte=period.first_day,
        occurred_on__lte=period.last_day,
        archived_at__isnull=True,
    )
    figures = encounters.aggregate(
        encounters=Count("pk"),
        clients=Count("client_id", distinct=True),
        before=Avg("distress_before"),
        after=Avg("distress_after"),
    )
    clients = figures["clients"]
    return Table(
        key="stigma",
        title=_("Stigma encounters"),
        columns=[_("What is counted"), _("Figure")],
        rows=[
            Row(_("Encounters recorded"), [Cell.count(clients, figures["encounters"])]),
            Row(_("Clients who recorded one or more"), [Cell.count(clients)]),
            Row(_("Mean distress before (0 to 10)"), [Cell.make(MEAN, figures["before"], clients)]),
            Row(_("Mean distress after (0 to 10)"), [Cell.make(MEAN, figures["after"], clients)]),
        ],
        explanation=[
            _(
                "Times a client recorded being treated unfairly because of a mental-health condition, dated in the "
                "quarter, with the distress they felt before and after responding (0 is none, 10 the most). "
                "Encounters a client or therapist set aside are not counted."
            ),
        ],
    )


SECTIONS = [
    Section(key="measures", order=10, table=measures_table),
    Section(key="stigma", order=20, table=stigma_table),
]
