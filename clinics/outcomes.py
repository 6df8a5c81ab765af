"""The clinic's outcomes, de-identified (issue 25): for one calendar quarter, counts and means over the clinic's
clients, computed in the database, with any figure that rests on fewer than `SMALLEST_CELL` clients withheld.

The figures come from the apps above this one, which it may not import (tests/test_layers.py): portfolio (the
questionnaires and the stigma encounters), peers (referrals) and advocacy (steps). Each registers a `Section` when
Django starts (its AppConfig.ready()); a section's `table(clinic_id=, period=)` reads only rows of that clinic's
clients (discharged clients' included), in a fixed number of queries however many clients there are, and returns a
`Table` of `Cell`s. This module holds what they share: the quarter and its bounds in the clinic's time zone, the
cell and its suppression, the page's and the CSV's rows.

Nothing here names a client: a cell holds a figure and how many distinct clients it rests on, and a cell made
from fewer than `SMALLEST_CELL` keeps no figure at all (`Cell.make`), so no page, file or template can show it.
"""

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from core.registry import Registry

# The smallest number of distinct clients a figure may rest on; below it, the figure is withheld ("small-cell
# suppression", as public-health reporting does), so that nobody can recognise a person behind a small number.
SMALLEST_CELL = 11
RECENT_QUARTERS = 8
QUARTER_KEY = re.compile(r"^(\d{4})-Q([1-4])$")
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Quarter:
    """A calendar quarter: January–March is the first."""

    year: int
    number: int

    @classmethod
    def containing(cls, day: datetime.date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, key: str | None) -> "Quarter | None":
        """The quarter of a key such as "2026-Q4"; None for anything else."""
        found = QUARTER_KEY.match(key or "")
        return cls(int(found[1]), int(found[2])) if found else None

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> datetime.date:
        return self.following.first_day - datetime.timedelta(days=1)

    @property
    def following(self) -> "Quarter":
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    @property
    def preceding(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def label(self) -> str:
        first = formats.date_format(self.first_day, "F")
        last = formats.date_format(self.last_day, "F")
        return _("Quarter %(number)s of %(year)s (%(first)s to %(last)s)") % {
            "number": self.number,
            "year": self.year,
            "first": first,
            "last": last,
        }

    def period(self, zone: datetime.tzinfo) -> "Period":
        """The quarter as instants in `zone` (the clinic's): from its first midnight to the next quarter's."""
        start = datetime.datetime.combine(self.first_day, datetime.time.min, tzinfo=zone)
        end = datetime.datetime.combine(self.following.first_day, datetime.time.min, tzinfo=zone)
        return Period(quarter=self, start=start, end=end)


def recent_quarters(today: datetime.date, count: int = RECENT_QUARTERS) -> list[Quarter]:
    """The quarter of `today` and the ones before it, newest first."""
    quarters = [Quarter.containing(today)]
    while len(quarters) < count:
        quarters.append(quarters[-1].preceding)
    return quarters


@dataclass(frozen=True)
class Period:
    """The instants of a quarter in the clinic's time zone: `start` included, `end` not."""

    quarter: Quarter
    start: datetime.datetime
    end: datetime.datetime

    @property
    def first_day(self) -> datetime.date:
        return self.quarter.first_day

    @property
    def last_day(self) -> datetime.date:
        return self.quarter.last_day


COUNT, MEAN, CHANGE, SHARE = "count", "mean", "change", "share"


@dataclass(frozen=True)
class Cell:
    """One figure and how many distinct clients it rests on. Made through `Cell.make`, which keeps no figure that
    rests on fewer than SMALLEST_CELL clients; `missing` says why a figure cannot exist at all (no published value)."""

    kind: str
    value: Decimal | int | None
    clients: int
    missing: str = ""

    @classmethod
    def make(cls, kind: str, value: Decimal | float | int | None, clients: int) -> "Cell":
        if clients < SMALLEST_CELL or value is None:
            return cls(kind, None, clients)
        return cls(kind, _rounded(kind, value), clients)

    @classmethod
    def count(cls, clients: int, value: int | None = None) -> "Cell":
        """A count (of clients, or of rows resting on `clients` clients)."""
        return cls.make(COUNT, clients if value is None else value, clients)

    @classmethod
    def share(cls, part: int, clients: int) -> "Cell":
        """The share of `clients` that `part` is, as a whole percent."""
        return cls.make(SHARE, Decimal(100 * part) / clients if clients else None, clients)

    @classmethod
    def not_available(cls, kind: str, why: str) -> "Cell":
        return cls(kind, None, 0, missing=why)

    @property
    def suppressed(self) -> bool:
        return not self.missing and self.value is None

    def text(self, *, localize: bool = True) -> str:
        """The figure as read: on the page in the reader's language; in the CSV plain (`localize=False`)."""
        if self.missing:
            return self.missing
        if self.value is None:
            return _("Fewer than %(smallest)s") % {"smallest": SMALLEST_CELL}
        if self.kind == COUNT:
            return str(self.value)
        if self.kind == SHARE:
            return f"{self.value}%"
        number = formats.number_format(self.value, 1, use_l10n=localize)
        return f"+{number}" if self.kind == CHANGE and self.value > 0 else number


def _rounded(kind: str, value: Decimal | float | int) -> Decimal | int:
    if kind == COUNT:
        return int(value)
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    if kind == SHARE:
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return exact.quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass
class Row:
    label: str
    cells: list[Cell]


@dataclass
class Table:
    """One section of the page: its figures in rows, under `columns` (the first names what the rows are), and the
    plain words that say what each figure means."""

    key: str
    title: str
    columns: list[str]
    rows: list[Row]
    explanation: list[str] = field(default_factory=list)
    empty: str = ""  # said instead of the table when it has no rows


@dataclass(frozen=True)
class Section:
    """A part of the page that an app above registers: `table(clinic_id=, period=)` returns its `Table`."""

    key: str
    order: int
    table: Callable[..., Table]


SECTIONS = Registry("sections of the clinic's outcomes page")


def register(section: Section) -> Section:
    SECTIONS.register(section.key, section)
    return section


def tables(*, clinic_id: Any, period: Period) -> list[Table]:
    """Every section's table for `clinic_id` in `period`, in the sections' order."""
    sections = sorted(SECTIONS.values(), key=lambda section: section.order)
    return [section.table(clinic_id=clinic_id, period=period) for section in sections]


CSV_HEADER = ("quarter", "section", "row", "figure", "value")


def csv_rows(tables: list[Table], quarter: Quarter) -> Iterator[tuple[str, ...]]:
    """The CSV's lines: a header, then one line per figure, withheld ones as on the page."""
    yield CSV_HEADER
    for table in tables:
        for row in table.rows:
            for column, cell in zip(table.columns[1:], row.cells, strict=True):
                yield (quarter.key, table.title, row.label, column, cell.text(localize=False))
