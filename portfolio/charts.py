"""A measure's trend as server-side SVG: the scores over time on the severity bands, with event markers.

Pure data in, coordinates out, so the same drawing works in the page, without script, and in the PDF.
"""

from decimal import Decimal

from django.utils.timezone import localdate  # the day a response was made, on the reader's clock

from core.design_tokens import colour

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 560, 220, 40, 16, 12, 28
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
    markers = [{"x": x(day), "label": label, "day": day} for day, label in events if first <= day <= last]
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
        "ticks": [(value, y(value)) for value in (low, (low + high) / 2, high)],
    }


def _range(definition):
    scale = definition["scale"]
    low, high = Decimal(scale["min"]), Decimal(scale["max"])
    if definition["scoring"]["rule"] == "sum":
        count = len(definition["items"])
        return low * count, high * count
    return low, high
