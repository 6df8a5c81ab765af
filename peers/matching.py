"""Ranking the clinic's active resources for one client, with the reasons for each suggestion.

The score is a plain sum of reasons, so the list explains itself: the therapist sees why each
resource is suggested ("Spanish-speaking", "Workplace inclusion focus", "Step-free access") and what
does not fit.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import RESOURCE_LANGUAGES, Cost, ResourceFormat, ResourceStatus

LANGUAGE_NAMES = dict(RESOURCE_LANGUAGES)
STEP_FREE_WORDS = re.compile(r"wheelchair|step[- ]free|mobility|silla de ruedas|sin escalones", re.IGNORECASE)


@dataclass
class Match:
    resource: object
    score: int = 0
    reasons: list = field(default_factory=list)
    misfits: list = field(default_factory=list)

    def add(self, points, reason):
        self.score += points
        self.reasons.append(reason)


@dataclass
class Wishes:
    """What the client is looking for: focus areas, a format, and access needs."""

    focus_areas: list = field(default_factory=list)
    format: str = ""
    needs_step_free: bool = False


def wishes_for(client, *, focus_areas=(), format_preference="", needs_step_free=None):
    """The client's wishes, reading step-free needs from the intake when not given."""
    if needs_step_free is None:
        needs_step_free = bool(STEP_FREE_WORDS.search(client.accessibility_needs or ""))
    return Wishes(focus_areas=list(focus_areas), format=format_preference, needs_step_free=needs_step_free)


def rank(client, resources, wishes, limit=20):
    """Active resources ordered by fit, best first; `resources` should prefetch focus_areas."""
    matches = [_score(client, resource, wishes) for resource in resources if resource.status == ResourceStatus.ACTIVE]
    matches.sort(key=lambda match: (-match.score, match.resource.name.lower()))
    return matches[:limit]


def _score(client, resource, wishes):
    match = Match(resource)
    _language(match, client, resource)
    wanted = {area.pk for area in wishes.focus_areas}
    for area in resource.focus_areas.all():
        if area.pk in wanted:
            match.add(2, _("%(focus)s focus") % {"focus": area.name})
    _format(match, resource, wishes)
    _access(match, resource, wishes)
    _culture(match, client, resource)
    if resource.cost == Cost.FREE:
        match.reasons.append(_("Free"))
    elif resource.cost == Cost.FEE:
        match.misfits.append(_("Has a fee"))
    if resource.crisis_support:
        match.reasons.append(_("Crisis support available"))
    if resource.needs_verification():
        match.misfits.append(_("Details not verified in the last 180 days"))
    return match


def _language(match, client, resource):
    name = LANGUAGE_NAMES.get(client.preferred_language, client.preferred_language)
    if client.preferred_language in resource.language_codes:
        match.add(3, _("%(language)s-speaking") % {"language": name})
    else:
        match.misfits.append(_("Not offered in %(language)s") % {"language": name})


def _format(match, resource, wishes):
    if not wishes.format:
        return
    if resource.format == wishes.format or resource.format == ResourceFormat.HYBRID:
        match.add(1, _("%(format)s, as preferred") % {"format": ResourceFormat(resource.format).label})
    else:
        match.misfits.append(_("%(format)s only") % {"format": ResourceFormat(resource.format).label})


def _access(match, resource, wishes):
    if not wishes.needs_step_free:
        return
    if resource.format == ResourceFormat.ONLINE:
        match.add(1, _("Online: no steps to climb"))
    elif resource.step_free_access:
        match.add(1, _("Step-free access"))
    else:
        match.misfits.append(_("No step-free access"))


def _culture(match, client, resource):
    words = {word.lower() for word in re.findall(r"\w{4,}", client.cultural_considerations or "")}
    focus = {word.lower() for word in re.findall(r"\w{4,}", resource.cultural_focus or "")}
    if words & focus:
        match.add(1, _("Cultural focus: %(focus)s") % {"focus": resource.cultural_focus})
