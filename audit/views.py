"""The audit log viewer and its CSV export (docs/rules.md, "Who may see what": an admin sees the clinic's log,
a therapist their own).

Audit events hold who, what, when, which client and codes, never clinical text, so a clinic admin may read
them; but an event's detail and page can still hint at care (`measure.record {"instrument": ...}`,
`journal_entry.create {"private": true}`), so an admin sees those of a client's events only while holding an
emergency access to that client (the minimum necessary). A therapist reading their own actions sees all of it.

The log grows without end, so pages are keyset pages (newer / older than an event) rather than OFFSET pages,
and the count stops at COUNT_CAP: measured over 1,000,000 events (tools/benchmarks/audit_log.py), an exact COUNT(*)
and a deep OFFSET read a whole clinic's rows, while a keyset page reads 51 index entries wherever it is in time.
"""

import csv
import datetime
import json
import uuid
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseBadRequest, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from . import recording, selectors
from .forms import AuditFilterForm, action_label, action_suggestions
from .rules import TARGETS, rule

PAGE_SIZE = 50
COUNT_CAP = 10_000
EXPORT_CHUNK = 2000
# Cells a spreadsheet may read as a formula (OWASP "CSV injection"), including full-width look-alikes.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
SHOWN_FIELDS = (
    "id",
    "at",
    "action",
    "object_type",
    "object_id",
    "address",
    "path",
    "emergency_access_id",
    "detail",
    "actor__full_name",
    "actor__role",
    "client__preferred_name",
    "client__legal_name",
)
# The columns of the page's table (the CSV export reads SHOWN_FIELDS).
ROW_FIELDS = (
    "id",
    "at",
    "action",
    "path",
    "address",
    "emergency_access_id",
    "actor_id",
    "actor__full_name",
    "actor__role",
    "object_type",
    "object_id",
    "client_id",
    "client__preferred_name",
    "client__legal_name",
    "detail",
)


# Reads ------------------------------------------------------------------------------------------------


def clients_with_details(user):
    """Whose events `user` sees with their detail and page: None for all of them (a therapist, who reads only
    their own actions); for a clinic admin, the ids of the clients they hold an active emergency access to (the
    access rule "details_for")."""
    return rule("details_for")(user)


def withheld(client_id, details_for):
    """What of an event is not shown: "all" (detail and page), "detail", or "" (nothing withheld)."""
    if details_for is None or (client_id is not None and client_id in details_for):
        return ""
    return "all" if client_id is not None else "detail"  # the page of an event of no client is no client's


def detail_text(detail):
    return json.dumps(detail, sort_keys=True, ensure_ascii=False) if detail else ""


def newest_first(events):
    return events.order_by("-at", "-id")


def page_queryset(events, *, before=None, after=None):
    """One page's query: PAGE_SIZE + 1 events (the extra one tells whether there are more), the newest, or
    those just older than `before`, or just newer than `after` (each the (at, id) of an event shown).

    Rows of the columns the table shows (ROW_FIELDS), not model instances: the page makes no use of them."""
    shown = events.values(*ROW_FIELDS)
    if after is not None:
        at, pk = after
        return shown.filter(at__gte=at).filter(Q(at__gt=at) | Q(id__gt=pk)).order_by("at", "id")[: PAGE_SIZE + 1]
    if before is not None:
        shown = older_than(shown, *before)
    return newest_first(shown)[: PAGE_SIZE + 1]


def older_than(events, at, pk):
    """The events just older than the one at (`at`, `pk`): (at, id) orders the log totally (the keyset)."""
    return events.filter(at__lte=at).filter(Q(at__lt=at) | Q(id__lt=pk))


def events_page(events, *, before=None, after=None, zone=datetime.UTC, details_for=frozenset()):
    """Up to PAGE_SIZE events, newest first, with whether newer and older ones exist; each row with the texts
    its cells show (times in `zone`; detail and page only of the clients in `details_for`, see
    `clients_with_details`)."""
    rows = list(page_queryset(events, before=before, after=after))
    if after is not None:
        newer, older = len(rows) > PAGE_SIZE, True
        rows = rows[:PAGE_SIZE][::-1]
    else:
        newer, older = before is not None, len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE]
    roles = selectors.role_labels()
    labels = {}  # a page shows few distinct actions
    for row in rows:
        when = row["at"].astimezone(zone)
        row["when_iso"], row["when"] = when.isoformat(), when.strftime("%Y-%m-%d %H:%M:%S")
        row["person"], row["role"] = row["actor__full_name"], roles.get(row["actor__role"], row["actor__role"])
        row["client"] = row["client__preferred_name"] or row["client__legal_name"] or ""  # Client.display_name
        if row["action"] not in labels:
            labels[row["action"]] = action_label(row["action"])
        row["label"] = labels[row["action"]]
        row["withheld"] = withheld(row["client_id"], details_for)
        row["detail_text"] = "" if row["withheld"] else detail_text(row["detail"])
    targets = target_names(rows)
    for row in rows:
        row["target"] = targets.get((row["object_type"], row["object_id"]), "")
    first, last = (rows[0], rows[-1]) if rows else (None, None)
    return {"rows": rows, "newer": newer, "older": older, "first": first, "last": last}


def target_names(rows):
    """{(object_type, object_id): name} of the page's events that acted on a person (one query per kind): the
    people registered in `rules.TARGETS` (a staff member deactivated, an invitation revoked), names only, nothing
    clinical; a clinical record is named by the action's label and the event's client."""
    names = {}
    for model, field in TARGETS.values():
        labels = recording.object_types(model)  # with the labels it had before a move (FORMER_LABELS)
        wanted = {(row["object_type"], row["object_id"]) for row in rows if row["object_type"] in labels}
        wanted = {(object_type, pk) for object_type, pk in wanted if _is_uuid(pk)}
        if wanted:
            rows_found = model.objects.filter(pk__in={pk for _type, pk in wanted}).values_list("pk", field)
            found = {str(pk): name for pk, name in rows_found}
            names |= {(object_type, pk): found[pk] for object_type, pk in wanted if pk in found}
    return names


def _is_uuid(value):
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def capped_count(events):
    """How many events match, counting no further than COUNT_CAP + 1 (more than the cap shows as "10,000+")."""
    return events.order_by()[: COUNT_CAP + 1].count()


def _cursor(events, value):
    """The (at, id) of the event named in a page link, if the reader may see it; None otherwise."""
    try:
        pk = uuid.UUID(str(value))
    except ValueError:
        return None
    return events.filter(pk=pk).values_list("at", "id").first()


def clinic_zone(user):
    try:
        return ZoneInfo(user.clinic.timezone)
    except (ZoneInfoNotFoundError, ValueError, AttributeError):
        return datetime.UTC


# Views ------------------------------------------------------------------------------------------------


def _filter_form(request):
    if not (rule("whole_clinic")(request.user) or rule("own_actions")(request.user)):
        raise PermissionDenied
    zone = clinic_zone(request.user)
    return AuditFilterForm(request.GET, user=request.user, zone=zone), zone


def _render(request, form, zone, status=200, **context):
    context |= {
        "form": form,
        "zone": zone,
        "suggestions": action_suggestions(),
        "whole_clinic": rule("whole_clinic")(request.user),
        "count_cap": COUNT_CAP,
        "searches": [_search(form, name) for name in selectors.searchable_fields(user=request.user)],
        "keep": urlencode(form.as_params()) if form.is_valid() else "",
    }
    return render(request, "audit/log.html", context, status=status)


def _search(form, name):
    """What the template needs to draw one type-ahead (see templates/audit/_search.html)."""
    value, text = form.chosen(name)
    others = {key: value for key, value in form.as_params().items() if key != name} if form.is_valid() else {}
    return {"name": name, "field": form[name], "value": value, "text": text, "clear": urlencode(others)}


@login_required
@require_GET
def audit_log(request):
    form, zone = _filter_form(request)
    if not form.is_valid():
        return _render(request, form, zone, status=400)
    scoped = rule("events")(request.user)
    events = form.apply(scoped)
    before = _cursor(scoped, request.GET.get("before")) if request.GET.get("before") else None
    after = _cursor(scoped, request.GET.get("after")) if request.GET.get("after") and before is None else None
    page = events_page(events, before=before, after=after, zone=zone, details_for=clients_with_details(request.user))
    count = capped_count(events)
    cursors = {"before": before, "after": after}
    detail = form.as_params() | {key: str(cursor[1]) for key, cursor in cursors.items() if cursor}
    recording.record(request.user, "audit_log.view", client=form.cleaned_data.get("client"), detail=detail)
    return _render(request, form, zone, page=page, count=count, export_query=urlencode(form.as_params()))


# The filter's fields a link from the search's page keeps (ids, codes, ISO dates: never a name).
KEPT = ("person", "client", "action", "date_from", "date_to")
SEARCH_TEXT_MAX = 100


@login_required
@require_POST
def audit_log_matches(request):
    """The type-ahead's matches: at most MATCH_LIMIT people or clients of the filter's scope whose name holds
    the words typed. POSTed (with the CSRF token), so the text typed, a name, never travels in a URL.

    An htmx request gets the list's options; a plain POST (no JavaScript: the field's "Find" button) a page of
    links to the log filtered by each match's id. Like the log's own page, each answer that names people is
    recorded: an "audit_log.search" event with the field and the number shown, not the text typed."""
    if not (rule("whole_clinic")(request.user) or rule("own_actions")(request.user)):
        raise PermissionDenied
    name = request.POST.get("field")
    if name not in selectors.searchable_fields(user=request.user):
        return HttpResponseBadRequest()
    text = request.POST.get("q", "").strip()[:SEARCH_TEXT_MAX]
    found = selectors.MATCHERS[name](user=request.user, text=text) if text else []
    limit = selectors.MATCH_LIMIT
    more, found = len(found) > limit, found[:limit]
    if text:
        recording.record(request.user, "audit_log.search", detail={"field": name, "shown": len(found)})
    context = {"name": name, "text": text, "more": more, "limit": limit}
    if request.htmx:
        context["matches"] = found
        return render(request, "audit/_matches.html", context)
    kept = QueryDict(request.POST.get("keep", ""))
    kept = {key: kept[key] for key in KEPT if kept.get(key) and key != name}
    context["links"] = [(label, urlencode(_with(kept, name, pk))) for pk, label in found]
    context["whole_clinic"] = rule("whole_clinic")(request.user)
    context["clear"] = urlencode(kept)
    return render(request, "audit/matches.html", context)


def _with(kept, name, pk):
    """The kept filter with `name` set to `pk`, in the form's order."""
    return {key: str(pk) if key == name else kept[key] for key in KEPT if key == name or key in kept}


class _Echo:
    """A file-like object whose write() hands the line back, so csv.writer can feed a streaming response."""

    def write(self, value):
        return value


def spreadsheet_safe(value):
    """The cell as text, with a leading quote when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


EXPORT_HEADER = (
    "time",
    "person",
    "role",
    "client",
    "action",
    "action_label",
    "object_type",
    "object_id",
    "path",
    "address",
    "emergency_access",
    "detail",
)


def _export_row(event, zone, details_for):
    actor, client = event.actor, event.client
    hidden = withheld(event.client_id, details_for)
    return (
        timezone.localtime(event.at, zone).isoformat(timespec="seconds"),
        actor.full_name if actor else "",
        actor.get_role_display() if actor else "",
        client.display_name if client else "",
        event.action,
        action_label(event.action),
        event.object_type,
        event.object_id,
        "" if hidden == "all" else event.path,
        event.address,
        event.emergency_access_id or "",
        "" if hidden else detail_text(event.detail),
    )


def export_batches(events, size=EXPORT_CHUNK):
    """Every event of `events`, newest first, read in keyset batches of `size`: each batch is its own short
    query (the events just older than the last one read), so no cursor or transaction is held between two
    statements and the export reads the same whether or not a transaction pooler stands in front of
    PostgreSQL. A server-side cursor (`.iterator()`) did not survive PgBouncer in transaction mode: its FETCH
    could reach another server connection and come back short, or with another export's rows (issue 21).
    A database error in any batch propagates: the streaming response breaks off instead of ending as a short
    file. The log is append-only and (at, id) orders it totally: no event is read twice or skipped between batches."""
    shown = newest_first(events.select_related("actor", "client").only(*SHOWN_FIELDS))
    batch = list(shown[:size])
    while batch:
        yield from batch
        if len(batch) < size:
            return
        batch = list(older_than(shown, batch[-1].at, batch[-1].pk)[:size])


def export_lines(events, zone, details_for):
    """The CSV, line by line: a header, then every event newest first, each cell made spreadsheet-safe (detail
    and page only of the clients in `details_for`, see `clients_with_details`)."""
    writer = csv.writer(_Echo())
    yield writer.writerow(EXPORT_HEADER)
    for event in export_batches(events):
        yield writer.writerow([spreadsheet_safe(cell) for cell in _export_row(event, zone, details_for)])


@login_required
@require_GET
def audit_log_export(request):
    form, zone = _filter_form(request)
    if not form.is_valid():
        return _render(request, form, zone, status=400)
    # The events up to the moment of asking: not the export's own event, nor any written while it streams.
    events = form.apply(rule("events")(request.user)).filter(at__lte=timezone.now())
    recording.record(request.user, "audit_log.export", client=form.cleaned_data.get("client"), detail=form.as_params())
    # Decided when asked, like the events: an emergency access ending while the file streams changes nothing.
    details_for = clients_with_details(request.user)
    response = StreamingHttpResponse(export_lines(events, zone, details_for), content_type="text/csv; charset=utf-8")
    filename = f"audit-log-{timezone.localdate(timezone=zone):%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
