"""The clinic's outcomes for its admins (issue 25): one quarter's de-identified counts and means, on a page and as a
CSV, with the same small-cell suppression (clinics/outcomes.py). No client is named, listed or linked: the admin
still reads no clinical record."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts import timezones
from audit import recording
from clients import access

from . import outcomes


def _figures(request):
    """The quarter asked for (`?quarter=2026-Q4`, one of the last eight; else the current one) and its tables for
    the admin's own clinic; PermissionDenied for anyone but a clinic admin."""
    if not access.is_clinic_admin(request.user):
        raise PermissionDenied
    zone = timezones.zone_for(request.user)
    choices = outcomes.recent_quarters(timezone.localdate(timezone=zone))
    asked = outcomes.Quarter.parse(request.GET.get("quarter"))
    quarter = asked if asked in choices else choices[0]
    tables = outcomes.tables(clinic_id=request.user.clinic_id, period=quarter.period(zone))
    return quarter, choices, tables


@login_required
@require_GET
def clinic_outcomes(request):
    quarter, choices, tables = _figures(request)
    recording.record(request.user, "clinic.outcomes.view", detail={"quarter": quarter.key})
    context = {
        "quarter": quarter,
        "choices": choices,
        "tables": tables,
        "smallest": outcomes.SMALLEST_CELL,
    }
    return render(request, "clinics/outcomes.html", context)


@login_required
@require_GET
def clinic_outcomes_csv(request):
    quarter, _choices, tables = _figures(request)
    recording.record(request.user, "clinic.outcomes.export", detail={"quarter": quarter.key})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="clinic-outcomes-{quarter.key}.csv"'
    writer = csv.writer(response)
    writer.writerows(outcomes.csv_rows(tables, quarter))
    return response
