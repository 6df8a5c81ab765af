"""A measure's trend as server-side SVG: the scores over time on the severity bands, with event markers.

Pure data in, coordinates out, so the same drawing works in the page, without script, and in the PDF.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils.timezone import localdate  # the day a response was made, on the reader's clock

from core.design_tokens import colour

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 560, 220, 40, 16, 12, 28  # the bottom holds the dates
DATE_TICKS = 4  # at most this many dates along the axis: the first, the last and evenly between
MARKER_GAP = 14  # a marker's number closer than this to the one before it goes a line lower
BANDS = ["chart-band-1", "chart-band-2", "chart-band-3", "chart-band-4", "chart-band-5"]  # tokens, calm green first


def measure_trend(definition, responses, events=()):
    """Coordinates for the chart of one instrument, or None without responses.

    `events` are (date, label) pairs drawn as markers, such as milestones ("joined a peer group").
    """
    if not responses:
        return None
    low, high = _range(definition)
    first, last = localdate(responses[0].completed_at), localdate(responses[-1].completed_at)
    span = max((last - first).days, 1)

    def x(day):
        return round(LEFT + (day - first).days * (WIDTH - LEFT - RIGHT) / span, 1) if len(responses) > 1 else WIDTH / 2

    def y(value):
        return round(TOP + (high - Decimal(value)) * (HEIGHT - TOP - BOTTOM) / (high - low), 1)

    # Calm green where things are going well: the lowest band on most measures, the highest on the
    # ones where a higher score is better (such as the empowerment pulse).
    colours = BANDS[: len(definition["bands"])]
    if definition.get("higher_is_better"):
        colours = colours[::-1]
    bands, floor = [], low
    for index, band in enumerate(definition["bands"]):
        ceiling = min(Decimal(str(band["max"])), high)
        bands.append(
            {
                "y": y(ceiling),
                "height": round(y(floor) - y(ceiling), 1),
                "token": colours[index % len(colours)],
                "colour": colour(colours[index % len(colours)]),
                "label": band["label"],
            }
        )
        floor = ceiling
    points = [(x(localdate(response.completed_at)), y(response.total), response) for response in responses]
    markers = _markers([(x(day), day, label) for day, label in sorted(events) if first <= day <= last])
    dates = [{"x": x(day), "day": day, "anchor": anchor} for day, anchor in _date_ticks(first, last)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "band_width": WIDTH - LEFT - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "bands": bands,
        "points": points,
        "markers": markers,
        "dates": dates,
        "ticks": [(value, y(value)) for value in _tick_values(definition, low, high)],
    }


def _markers(events):
    """Each event as a numbered marker (the caption names them by number, so close ones never overlap), its
    number on the first line where it keeps clear of the number before it."""
    markers, last_x = [], {}
    for number, (x, day, label) in enumerate(events, start=1):
        line = next(line for line in range(len(events)) if x - last_x.get(line, -MARKER_GAP) >= MARKER_GAP)
        last_x[line] = x
        near_the_end = x > WIDTH - RIGHT - MARKER_GAP  # the number goes on the line's left, inside the chart
        markers.append(
            {
                "x": x,
                "day": day,
                "label": label,
                "number": number,
                "number_x": round(x - 3 if near_the_end else x + 3, 1),
                "number_y": TOP + 10 + line * 12,
                "number_anchor": "end" if near_the_end else "start",
            }
        )
    return markers


def _date_ticks(first, last):
    """(day, text-anchor) for the dates on the axis: the first and the last, and evenly spaced days between."""
    span = (last - first).days
    if span == 0:
        return [(first, "middle")]
    count = min(DATE_TICKS, span + 1)
    days = sorted({first + timedelta(days=round(span * step / (count - 1))) for step in range(count)})
    return [(day, "start" if day == first else "end" if day == last else "middle") for day in days]


def _tick_values(definition, low, high):
    """The values named on the score axis: the band boundaries of a summed score (PHQ-9: 0, 4, 9, 14, 19, 27), where
    the published cut-offs are what a reader looks for; else the bottom, middle and top."""
    if definition["scoring"]["rule"] == "sum" and len(definition["bands"]) <= 6:
        values = [low, *(min(Decimal(str(band["max"])), high) for band in definition["bands"])]
        return sorted(set(values))
    return [low, (low + high) / 2, high]


def _range(definition):
    scale = definition["scale"]
    low, high = Decimal(scale["min"]), Decimal(scale["max"])
    if definition["scoring"]["rule"] == "sum":
        count = len(definition["items"])
        return low * count, high * count
    return low, high
