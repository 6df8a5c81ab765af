"""Measures as data: instrument definitions (JSON files), their validation, and scoring.

An instrument is a definition file — items, response scale, reverse-scored items, subscales, the
scoring rule (sum or mean), severity bands, citation and licence note — checked by `validate()`.
The project ships its own two pulse check-ins with their wording, and the ISMI-10 definition without
its licensed wording: a clinic adds the wording from its own copy (`manage.py load_instrument FILE`).
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
    if problems:
        raise InstrumentError("; ".join(problems))
    return definition


@cache
def shipped():
    """The definitions that ship with the product, by key."""
    definitions = {}
    for path in sorted(DEFINITIONS.glob("*.json")):
        definition = validate(json.loads(path.read_text(encoding="utf-8")))
        definitions[definition["key"]] = definition
    return definitions


def definition_for(key):
    try:
        return shipped()[key]
    except KeyError as error:
        raise InstrumentError(f"unknown instrument '{key}'") from error


@dataclass
class Score:
    total: Decimal
    subscales: dict
    band: dict

    def as_json(self):
        return {
            "total": str(self.total),
            "subscales": {key: str(value) for key, value in self.subscales.items()},
            "band": self.band.get("label", {}),
        }


def missing_items(definition, answers):
    """The ids of items without an answer, in the order of the questionnaire."""
    return [item["id"] for item in definition["items"] if answers.get(item["id"]) in (None, "")]


def score(definition, answers):
    """Score complete answers; raise InstrumentError when any item is unanswered or out of range."""
    missing = missing_items(definition, answers)
    if missing:
        raise InstrumentError(_("Unanswered: %(items)s.") % {"items": ", ".join(missing)})
    low, high = definition["scale"]["min"], definition["scale"]["max"]
    values = {}
    for item in definition["items"]:
        value = int(answers[item["id"]])
        if not low <= value <= high:
            raise InstrumentError(
                _("%(item)s must be from %(low)s to %(high)s.") % {"item": item["id"], "low": low, "high": high}
            )
        values[item["id"]] = low + high - value if item.get("reverse") else value
    rule = definition["scoring"]["rule"]
    places = Decimal(1).scaleb(-definition["scoring"].get("decimals", 2))
    total = _combine(list(values.values()), rule, places)
    subscales = {
        subscale["id"]: _combine(
            [values[item["id"]] for item in definition["items"] if item.get("subscale") == subscale["id"]], rule, places
        )
        for subscale in definition.get("subscales", [])
    }
    return Score(total=total, subscales=subscales, band=band_for(definition, total))


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
    """Check a clinic's wording file against a definition: every item, and nothing else."""
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
