"""Whose clock a page, an email or a PDF reads: the person's clinic's time zone (issue 20).

A person has no time zone of their own (User has no such field): staff and clients read their clinic's.
A request activates it in `TimeZoneMiddleware`; tasks and emails, which run with no zone active (UTC),
wrap their rendering in `override_for(recipient)`. "Today" is then `timezone.localdate()` everywhere.
"""

import functools
import logging
import zoneinfo
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

logger = logging.getLogger(__name__)

# The zone's name, read once when the session starts (with the clinic's idle limit; see accounts.middleware),
# so no page pays a query for it.
SESSION_TIME_ZONE = "_time_zone"


def zone_name_for(user):
    """The name of the zone `user` reads times in: their clinic's, or the deployment's for an operator."""
    clinic = getattr(user, "clinic", None) if getattr(user, "clinic_id", None) else None
    return clinic.timezone if clinic is not None else settings.TIME_ZONE


def zone(name):
    """The ZoneInfo for `name`; the deployment's zone for a name the tz database does not know."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        logger.warning("Unknown time zone name; using %s", settings.TIME_ZONE)
        return ZoneInfo(settings.TIME_ZONE)


def zone_for(user):
    return zone(zone_name_for(user))


def clinic_zone(clinic):
    return zone(clinic.timezone) if clinic is not None else zone(settings.TIME_ZONE)


@contextmanager
def override_for(user):
    """Render inside this for `user` (an email, a notification): dates and "today" in their zone."""
    with timezone.override(zone_for(user)):
        yield


def today_for(user):
    """The date it is now where `user` is."""
    return timezone.localdate(timezone=zone_for(user))


def remember(session, user):
    """Keep the person's zone in the session (once per session, like the clinic's idle limit)."""
    session[SESSION_TIME_ZONE] = zone_name_for(user)


class TimeZoneMiddleware:
    """Activate the signed-in person's zone for the request (after authentication and the session limits,
    which read the clinic's settings into the session once); signed out, times are in the deployment's zone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            if SESSION_TIME_ZONE not in session:
                remember(session, user)
            timezone.activate(zone(session[SESSION_TIME_ZONE]))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def zone_label(name):
    """A zone's name as a person reads it: "America/New_York" -> "America/New York"."""
    return name.replace("_", " ")


# --- The clinic's time-zone picker (issue 20, item 3) --------------------------------------------------------

# The tz database's regions, as a person reads them (the first part of a zone's name).
REGIONS = {
    "Africa": _lazy("Africa"),
    "America": _lazy("Americas"),
    "Antarctica": _lazy("Antarctica"),
    "Arctic": _lazy("Arctic"),
    "Asia": _lazy("Asia"),
    "Atlantic": _lazy("Atlantic Ocean"),
    "Australia": _lazy("Australia"),
    "Europe": _lazy("Europe"),
    "Indian": _lazy("Indian Ocean"),
    "Pacific": _lazy("Pacific Ocean"),
    "Etc": _lazy("Fixed offsets"),
}


def _zone_tab_text():
    """The tz database's zone.tab (zone -> country), from the system's zoneinfo or the tzdata package; "" if neither."""
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / "zone.tab"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    try:
        return resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return ""


@functools.cache
def zone_countries():
    """{zone name: ISO country code}, in zone.tab's order (its most populous zone first for each country)."""
    countries = {}
    for line in _zone_tab_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, _coordinates, name, *_comment = line.split("\t")
        countries[name] = code
    return countries


@functools.cache
def known_zones():
    """Every zone a clinic may choose: the tz database's names under a region ("America/New_York"); the
    old aliases ("US/Eastern") are left out, though a clinic that has one keeps it (see time_zone_choices)."""
    return sorted(name for name in zoneinfo.available_timezones() if name.split("/")[0] in REGIONS and "/" in name)


def _offset(name, now):
    offset = now.astimezone(ZoneInfo(name)).utcoffset()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "\u2212"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _place(name):
    """ "America/Argentina/Buenos_Aires" -> "Argentina / Buenos Aires"."""
    return " / ".join(name.split("/")[1:] or [name]).replace("_", " ")


def _country_name(code):
    try:
        return Locale.parse(translation.to_locale(translation.get_language() or "en")).territories.get(code, code)
    except (UnknownLocaleError, ValueError):
        return code


def _neighbours(current):
    """The zones of the current zone's country (zone.tab's order); without a country, those of its region."""
    countries, known = zone_countries(), set(known_zones())
    country = countries.get(current)
    if country:
        return country, [name for name, code in countries.items() if code == country and name in known]
    region = current.split("/")[0]
    if "/" not in current or region not in REGIONS or region == "Etc":
        return None, []
    return None, [name for name in known_zones() if name.split("/")[0] == region]


def time_zone_choices(current):
    """The picker's groups: the common zones of the clinic's country first, then every zone by region."""
    now = timezone.now()
    country, common = _neighbours(current or settings.TIME_ZONE)
    groups = []
    if current and current not in common and current not in known_zones() and current in zoneinfo.available_timezones():
        common = [current, *common]  # an old alias the clinic already has stays choosable
    if common:
        label = (
            _("Common in %(country)s") % {"country": _country_name(country)}
            if country
            else _("Near your clinic's time zone")
        )
        groups.append((label, [(name, f"{_place(name)} ({_offset(name, now)})") for name in common]))
    by_region = {}
    for name in known_zones():
        by_region.setdefault(name.split("/")[0], []).append((name, f"{_place(name)} ({_offset(name, now)})"))
    for region in REGIONS:  # in the table's order, the fixed offsets last
        zones = by_region.get(region)
        if not zones:
            continue
        label = _("All time zones: %(region)s") % {"region": REGIONS[region]}
        groups.append((label, zones))
    return groups
