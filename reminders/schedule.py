"""When a reminder falls: recurrence in the recipient's time zone (daylight saving included), and quiet hours."""

import calendar
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from .models import Recurrence

HORIZON_DAYS = 400


def occurs_on(reminder, day):
    """Whether the reminder has an occurrence on this local date."""
    if day < reminder.starts_on:
        return False
    start = reminder.starts_on
    if reminder.recurrence == Recurrence.NONE:
        return day == start
    if reminder.recurrence == Recurrence.DAILY:
        return True
    if reminder.recurrence == Recurrence.WEEKLY:
        return day.weekday() == start.weekday()
    if reminder.recurrence == Recurrence.WEEKDAYS:
        return day.weekday() in reminder.weekdays
    if reminder.recurrence == Recurrence.MONTHLY:
        last = calendar.monthrange(day.year, day.month)[1]
        return day.day == min(start.day, last)
    return False


def next_occurrence(reminder, after):
    """The first occurrence strictly after `after` (an aware datetime), in UTC; None when there is none."""
    zone = ZoneInfo(reminder.time_zone)
    if reminder.recurrence == Recurrence.NONE:  # one occurrence: no need to walk the calendar
        moment = datetime.combine(reminder.starts_on, reminder.local_time, tzinfo=zone).astimezone(UTC)
        return moment if moment > after else None
    first_day = max(after.astimezone(zone).date(), reminder.starts_on)
    for offset in range(HORIZON_DAYS):
        day = first_day + timedelta(days=offset)
        if not occurs_on(reminder, day):
            continue
        # Local wall-clock time: across a daylight-saving change the UTC time moves, the local one does not.
        moment = datetime.combine(day, reminder.local_time, tzinfo=zone).astimezone(UTC)
        if moment > after:
            return moment
    return None


def in_quiet_hours(local_time, start, end):
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= local_time < end
    return local_time >= start or local_time < end  # quiet hours across midnight, such as 21:00 to 08:00


def after_quiet_hours(moment, client, zone_name):
    """When `moment` falls in the client's quiet hours, the end of those quiet hours (UTC); otherwise None."""
    if client is None:
        return None
    zone = ZoneInfo(zone_name)
    local = moment.astimezone(zone)
    start, end = client.quiet_hours_start, client.quiet_hours_end
    if not in_quiet_hours(local.time(), start, end):
        return None
    day = local.date() if local.time() < end else local.date() + timedelta(days=1)
    return datetime.combine(day, end, tzinfo=zone).astimezone(UTC)
