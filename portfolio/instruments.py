"""Measures as data: instrument definitions (JSON files), their validation, and scoring.

An instrument is a definition file — items, response scale, reverse-scored items, subscales, the
scoring rule (sum or mean), severity bands, citation and licence note — checked by `validate()`.
The project ships its own two pulse check-ins with their wording, the PHQ-9 and the GAD-7 with their exact English
wording (their authors allow reproduction without permission; the files say so, with the source), and the ISMI-10
definition without its licensed wording: a clinic adds the wording from its own copy, or an official translation of an
included instrument (`manage.py load_instrument FILE`). A validated instrument is never shown in a translation of our
own: `languages` names the languages whose wording ships.

Optional keys: `stem` (the question the items answer), `followup` (an unscored question after the items, such as the
PHQ-9's "how difficult have these problems made it..."), `missing` (`prorate_up_to`: how many unanswered items the
published rule prorates; more, or any without the key, and the questionnaire is not scored), `safety_item` (an item
whose answer above the scale's minimum shows the crisis lines and raises a same-day flag), `reliable_change` (the
published smallest change that is more than measurement error), `short_name`, `higher_is_better`, `order` (where
pages list it: the validated questionnaires first).
"""

import json
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

DEFINITIONS = Path(__file__).resolve().parent / "instruments"
RULES = {"sum", "mean"}


class InstrumentError(ValueError):
    """A definition or a wording file that does not hold together; the message says what to fix."""


def validate(definition):
    """Check a definition; return it, or raise InstrumentError naming every problem found."""
    fields = ("key", "version", "name", "scale", "items", "scoring", "bands", "citation", "licence")
    problems = [f"missing '{field}'" for field in fields if field not in definition]
    if problems:
        raise InstrumentError("; ".join(problems))
    scale = definition["scale"]
    if not (isinstance(scale.get("min"), int) and isinstance(scale.get("max"), int) and scale["min"] < scale["max"]):
        problems.append("scale needs whole numbers min < max")
    items = definition["items"]
    ids = [item.get("id") for item in items]
    if not items or any(not item_id for item_id in ids):
        problems.append("every item needs an id")
    if len(set(ids)) != len(ids):
        problems.append("item ids must be unique")
    subscales = {subscale["id"] for subscale in definition.get("subscales", [])}
    problems.extend(
        f"item '{item.get('id')}' names an unknown subscale '{item['subscale']}'"
        for item in items
        if item.get("subscale") and item["subscale"] not in subscales
    )
    if definition["scoring"].get("rule") not in RULES:
        problems.append("scoring rule must be 'sum' or 'mean'")
    maxima = [band.get("max") for band in definition["bands"]]
    if not maxima or maxima != sorted(maxima) or any(not isinstance(value, int | float) for value in maxima):
        problems.append("bands need increasing 'max' values")
    if definition.get("wording") == "included" and any("text" not in item for item in items):
        problems.append("wording is 'included' but an item has no text")
    prorate = definition.get("missing", {}).get("prorate_up_to", 0)
    if not isinstance(prorate, int) or not 0 <= prorate < len(items):
        problems.append("missing.prorate_up_to must be a whole number below the number of items")
    if definition.get("safety_item") and definition["safety_item"] not in ids:
        problems.append(f"safety_item '{definition['safety_item']}' is not an item")
    change = definition.get("reliable_change")
    if change is not None and (not isinstance(change, int | float) or change <= 0):
        problems.append("reliable_change must be a positive number")
    followup = definition.get("followup")
    if followup and (not followup.get("id") or followup["id"] in ids or not followup.get("text")):
        problems.append("followup needs its own id and a text")
    if problems:
        raise InstrumentError("; ".join(problems))
    return definition


@cache
def shipped():
    """The definitions that ship with the product, by key."""
    found = [validate(json.loads(path.read_text(encoding="utf-8"))) for path in DEFINITIONS.glob("*.json")]
    found.sort(key=lambda definition: (definition.get("order", 99), definition["key"]))  # how pages list them
    return {definition["key"]: definition for definition in found}


def definition_for(key):
    try:
        return shipped()[key]
    except KeyError as error:
        raise InstrumentError(f"unknown instrument '{key}'") from error


def languages(definition):
    """The languages the instrument's own wording ships in (for a validated instrument: only its exact wording)."""
    if "languages" in definition:
        return list(definition["languages"])
    first = definition["items"][0].get("text", {})
    return list(first) or ["en"]


def name(definition, language):
    return definition["name"].get(language) or definition["name"]["en"]


@dataclass
class Score:
    total: Decimal
    subscales: dict
    band: dict
    prorated: bool = False

    def as_json(self):
        return {
            "total": str(self.total),
            "subscales": {key: str(value) for key, value in self.subscales.items()},
            "band": self.band.get("label", {}),
        }


def missing_items(definition, answers):
    """The ids of items without an answer, in the order of the questionnaire."""
    return [item["id"] for item in definition["items"] if answers.get(item["id"]) in (None, "")]


def prorate_up_to(definition):
    """How many unanswered items the instrument's published rule allows (then prorated); 0: every item is needed."""
    return definition.get("missing", {}).get("prorate_up_to", 0)


def score(definition, answers):
    """Score the answers; raise InstrumentError when an answer is out of range or more items are unanswered than the
    instrument's published rule prorates (`missing.prorate_up_to`; none for most). A prorated total is the mean of the
    answered items times the number of items, rounded half up (the PHQ-9's rule); subscales are not prorated."""
    missing = missing_items(definition, answers)
    if len(missing) > prorate_up_to(definition):
        raise InstrumentError(_("Unanswered: %(items)s.") % {"items": ", ".join(missing)})
    low, high = definition["scale"]["min"], definition["scale"]["max"]
    values = {}
    for item in definition["items"]:
        if item["id"] in missing:
            continue
        value = int(answers[item["id"]])
        if not low <= value <= high:
            raise InstrumentError(
                _("%(item)s must be from %(low)s to %(high)s.") % {"item": item["id"], "low": low, "high": high}
            )
        values[item["id"]] = low + high - value if item.get("reverse") else value
    rule = definition["scoring"]["rule"]
    places = Decimal(1).scaleb(-definition["scoring"].get("decimals", 2))
    total = _combine(list(values.values()), rule, places)
    if missing and rule == "sum":
        mean = Decimal(sum(values.values())) / len(values)
        total = (mean * len(definition["items"])).quantize(places, rounding=ROUND_HALF_UP)
    subscales = {
        subscale["id"]: _combine(
            [values[item["id"]] for item in definition["items"] if item.get("subscale") == subscale["id"]], rule, places
        )
        for subscale in definition.get("subscales", [])
        if not missing
    }
    return Score(total=total, subscales=subscales, band=band_for(definition, total), prorated=bool(missing))


def safety_answer(definition, answers):
    """The answer to the instrument's safety item (such as the PHQ-9's item 9), or None when it has none or the item
    was left unanswered."""
    item = definition.get("safety_item")
    if not item or answers.get(item) in (None, ""):
        return None
    return int(answers[item])


def safety_item_raised(definition, answers):
    """Whether the safety item was answered above the scale's minimum ("several days" or more on the PHQ-9)."""
    value = safety_answer(definition, answers)
    return value is not None and value > definition["scale"]["min"]


@dataclass
class Change:
    """How a result compares with another: the points, the direction, and whether it is a reliable change."""

    points: Decimal
    better: bool | None  # None: no change
    reliable: bool | None  # None: the instrument has no published reliable-change value

    @property
    def reliable_improvement(self):
        return bool(self.reliable and self.better)

    @property
    def reliable_deterioration(self):
        return bool(self.reliable and self.better is False)


def change(definition, before, after):
    """The change from the total `before` to the total `after` (higher_is_better says which way is better); reliable
    when its size is at least the instrument's published `reliable_change`."""
    points = Decimal(after) - Decimal(before)
    better = None if points == 0 else (points > 0) == bool(definition.get("higher_is_better"))
    threshold = definition.get("reliable_change")
    reliable = None if threshold is None else abs(points) >= Decimal(str(threshold))
    return Change(points=points, better=better, reliable=reliable)


def _combine(values, rule, places):
    total = Decimal(sum(values))
    if rule == "mean":
        total /= len(values)
    return total.quantize(places, rounding=ROUND_HALF_UP)


def band_for(definition, total):
    for band in definition["bands"]:
        if total <= Decimal(str(band["max"])):
            return band
    return definition["bands"][-1]


def validate_wording(definition, wording):
    """Check a clinic's wording file against a definition: every item, and nothing else. Returns the item texts."""
    if wording.get("instrument") != definition["key"]:
        raise InstrumentError(f"this wording is for '{wording.get('instrument')}', not '{definition['key']}'")
    if not isinstance(wording.get("language"), str) or not wording["language"]:
        raise InstrumentError("the wording needs a 'language' (for example 'en')")
    texts = wording.get("items") or {}
    ids = [item["id"] for item in definition["items"]]
    missing = [item_id for item_id in ids if not str(texts.get(item_id, "")).strip()]
    unknown = sorted(set(texts) - set(ids))
    problems = []
    if missing:
        problems.append("no text for " + ", ".join(missing))
    if unknown:
        problems.append("unknown items " + ", ".join(unknown))
    if problems:
        raise InstrumentError("; ".join(problems))
    return {item_id: str(texts[item_id]).strip() for item_id in ids}


def validate_wording_extra(definition, wording):
    """The optional parts of a wording file, checked: the `stem`, the scale's `labels` (one per answer) and the
    follow-up question (`followup`: {"text": ..., "labels": [...]}) in the wording's language."""
    extra = {}
    size = definition["scale"]["max"] - definition["scale"]["min"] + 1
    if str(wording.get("stem", "")).strip():
        extra["stem"] = str(wording["stem"]).strip()
    labels = wording.get("labels")
    if labels is not None:
        if not isinstance(labels, list) or len(labels) != size or not all(str(label).strip() for label in labels):
            raise InstrumentError(f"'labels' needs {size} answers, one per point of the scale")
        extra["labels"] = [str(label).strip() for label in labels]
    followup = wording.get("followup")
    if followup is not None and definition.get("followup"):
        size = len(definition["followup"]["labels"]["en"])
        if not str(followup.get("text", "")).strip() or len(followup.get("labels") or []) != size:
            raise InstrumentError(f"'followup' needs a text and {size} labels")
        extra["followup"] = {
            "text": str(followup["text"]).strip(),
            "labels": [str(x).strip() for x in followup["labels"]],
        }
    return extra
