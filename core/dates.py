"""How far back and ahead a typed date may be: one set of bounds per kind of date, one way to check them.

A check-in in 1999 or a follow-up last week is a slip of the keyboard, not a record: every form that
takes a date names its fields' bounds (`DateBoundsMixin.date_bounds`), and the message says what the
bounds are. "Today" is the form's `bounds_today()`: the active time zone's date, or the recipient's
for dates that become someone's reminder.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

WEEKDAY_CHOICES = [
    (0, gettext_lazy("Monday")),
    (1, gettext_lazy("Tuesday")),
    (2, gettext_lazy("Wednesday")),
    (3, gettext_lazy("Thursday")),
    (4, gettext_lazy("Friday")),
    (5, gettext_lazy("Saturday")),
    (6, gettext_lazy("Sunday")),
]


def years_from(day, years):
    """The same day `years` later (earlier when negative); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Bounds:
    """From `back` years before today to `ahead` years after it; 0 is today itself, None is no limit."""

    back: int | None
    ahead: int | None

    def error(self, day, today):
        """The message for a day outside these bounds, or None."""
        if self.ahead == 0 and day > today:
            return _("This date is in the future. Choose today or an earlier date.")
        if self.back == 0 and day < today:
            return _("This date has passed. Choose today or a later date.")
        if self.back and day < years_from(today, -self.back):
            return ngettext(
                "This date is more than %(years)s year ago. Choose a date from %(earliest)s on, and check the year.",
                "This date is more than %(years)s years ago. Choose a date from %(earliest)s on, and check the year.",
                self.back,
            ) % {"years": self.back, "earliest": date_format(years_from(today, -self.back), "DATE_FORMAT")}
        if self.ahead and day > years_from(today, self.ahead):
            return ngettext(
                "This date is more than %(years)s year ahead. Choose a date up to %(latest)s, and check the year.",
                "This date is more than %(years)s years ahead. Choose a date up to %(latest)s, and check the year.",
                self.ahead,
            ) % {"years": self.ahead, "latest": date_format(years_from(today, self.ahead), "DATE_FORMAT")}
        return None


# What happened, by how long ago it can sensibly be recorded (never after today).
SESSION = Bounds(back=2, ahead=0)  # check-ins, rehearsals, ticks of a micro-goal
WRITTEN = Bounds(back=5, ahead=0)  # journal entries, reframes, inclusive-care reviews
EXPERIENCED = Bounds(back=20, ahead=0)  # stigma encounters told later
ACHIEVED = Bounds(back=50, ahead=0)  # milestones of a whole life
BIRTH = Bounds(back=120, ahead=0)
# What is still to come: a reminder, follow-up or review falls due from today, within two years.
FOLLOW_UP = Bounds(back=0, ahead=2)
# Plans and meetings: a recent past is kept (a step done late, last week's meeting), the far future is a typo.
DUE = Bounds(back=1, ahead=3)
MEETING = Bounds(back=1, ahead=2)


def check_day(day, bounds, today=None):
    """Raise a ValidationError when `day` is outside `bounds` (for code that takes a date without a form)."""
    message = bounds.error(day, today or timezone.localdate())
    if message:
        raise forms.ValidationError(message, code="date_bounds")
    return day


class DateBoundsMixin:
    """Checks each date field named in `date_bounds` ({field name: Bounds}).

    On an edit, a date left as it was is not checked again: a follow-up that has passed since does not
    stop anyone saving the rest of the record. A plain form names such dates in `carried_over`.
    """

    date_bounds = {}
    carried_over = ()

    def bounds_today(self):
        return timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        today = self.bounds_today()
        for name, bounds in self.date_bounds.items():
            day = cleaned.get(name)
            if name not in self.fields or not isinstance(day, datetime.date):
                continue
            if self._kept_as_it_was(name):
                continue
            message = bounds.error(day, today)
            if message:
                self.add_error(name, forms.ValidationError(message, code="date_bounds"))
        return cleaned

    def _kept_as_it_was(self, name):
        instance = getattr(self, "instance", None)
        editing = instance is not None and not instance._state.adding
        return (editing or name in self.carried_over) and name not in self.changed_data
