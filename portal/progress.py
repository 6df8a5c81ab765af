"""Reads of the client's "My progress" page (issue 25, step 4): the charts their therapist shared with them, each with
its first, previous and latest result and the change since the first told in plain words, and their own markers.

The charts are `portfolio.selectors.measures_page`'s, drawn with the milestones shared with the client and the
client's own markers (`ChartEvent`); an instrument whose chart is not shared is not on the page at all.
"""

from typing import Any

from django.db.models import Exists, OuterRef

from accounts.models import User
from clients.models import Client
from portfolio import selectors as portfolio_selectors
from portfolio.models import MeasureResponse, SharedMeasure


def progress_page(*, user: User, client: Client, language: str) -> dict[str, Any]:
    """The shared charts with results (each with `since_first`, see below) and the client's markers, newest first."""
    page = portfolio_selectors.measures_page(user=user, client=client, language=language, shared_milestones_only=True)
    charts = [chart for chart in page["charts"] if chart["shared"]]
    for chart in charts:
        chart["since_first"] = since_first(chart)
    return {"charts": charts, "markers": page["markers"][::-1]}  # they come oldest first


def since_first(chart: dict[str, Any]) -> dict[str, Any] | None:
    """The change from the first result to the latest, for a sentence: its direction ("down", "up" or "same"), its
    size (`points`, and `count`, a whole number that picks the plural: 1 point, 0.5 points), whether it is a reliable
    change (None: the instrument has no published value for one) and which way is better. None with one result."""
    progress = chart["progress"]
    change = progress["from_baseline"] if progress else None
    if change is None:
        return None
    points = abs(change.points)
    return {
        "direction": "same" if points == 0 else "down" if change.points < 0 else "up",
        "points": points,
        "count": int(points) if points == points.to_integral_value() else 2,
        "reliable": change.reliable,
        "higher_is_better": bool(chart["definition"].get("higher_is_better")),
    }


def has_shared_charts(*, user: User, client: Client) -> bool:
    """Whether the client has a chart to see on "My progress": a shared instrument with at least one result. One
    query."""
    results = MeasureResponse.objects.filter(client_id=OuterRef("client_id"), instrument=OuterRef("instrument"))
    return SharedMeasure.objects.for_client(client, user).filter(Exists(results)).exists()
