"""Portfolio pages for the care team. Thin: selectors fetch through the access core, services write."""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from accounts.forms import submitted
from audit import recording
from clients import access, pdf_sections
from clients import selectors as client_selectors
from clients.editing import EditConflictError
from clients.services import item_archive
from core import dates
from core.dates import check_day
from core.redirects import local_next

from . import exporting, pdf, schedules, selectors, services
from .forms import (
    CopingSkillForm,
    EncounterForm,
    ExportForm,
    JournalForm,
    MeasureScheduleForm,
    MicroGoalForm,
    MilestoneForm,
    PlanForm,
    QuestionnaireForm,
    ReframeForm,
)
from .instruments import InstrumentError, definition_for, safety_item_raised
from .models import CopingSkill, ExportAudience, MicroGoal, Milestone, PortfolioExport


@login_required
@require_GET
def home(request, client_id):
    # No joins: the page shows the client's name only, not their clinic, therapist or portal account.
    client = client_selectors.client_for_user(user=request.user, client_id=client_id, related=())
    recording.record_view(request, "portfolio.view", client=client)
    context = {
        "client": client,
        **selectors.portfolio_page(client=client, user=request.user),
        "can_write": access.can(request.user, "write", client),
    }
    return render(request, "portfolio/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, client_id):
    client = client_selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    plan = selectors.empowerment_plan(client=client, user=request.user)
    form = PlanForm(submitted(request), instance=plan)
    theirs = None
    if request.method == "GET":
        recording.record_view(request, "empowermentplan.edit.view", client=client, obj=plan)
    elif form.is_valid():
        data = {name: form.cleaned_data[name] for name in PlanForm.Meta.fields}
        try:
            services.plan_save(
                client=client, by_user=request.user, data=data, expected_version=form.cleaned_data.get("version")
            )
        except EditConflictError as conflict:
            theirs = form.show_conflict(conflict.current)
        else:
            messages.success(request, _("Empowerment plan saved."))
            return redirect("portfolio:home", client_id=client.pk)
    context = {"client": client, "form": form, "theirs": theirs, "title": _("Empowerment plan")}
    return render(request, "portfolio/item_form.html", context)


# One create page for each kind of item: (form, how the service saves it, page title, message).
ITEMS = {
    "reframe": (ReframeForm, services.reframe_create, _("A new reframe"), _("Reframe saved.")),
    "goal": (MicroGoalForm, None, _("A new micro-goal"), _("Micro-goal saved.")),
    "milestone": (MilestoneForm, None, _("A new milestone"), _("Milestone saved.")),
    "coping": (CopingSkillForm, None, _("A new coping skill"), _("Coping skill saved.")),
    "journal": (JournalForm, services.journal_write, _("A new journal entry"), _("Journal entry saved.")),
    "encounter": (EncounterForm, services.encounter_log, _("A stigma encounter"), _("Encounter saved.")),
}
MODELS = {"goal": MicroGoal, "milestone": Milestone, "coping": CopingSkill}


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request, client_id, kind):
    if kind not in ITEMS:
        raise Http404
    client = client_selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    form_class, save, title, done = ITEMS[kind]
    form = form_class(submitted(request))
    if request.method == "GET":
        recording.record_view(request, f"portfolio.{kind}.new.view", client=client)
    elif form.is_valid():
        data = {name: form.cleaned_data[name] for name in form_class.Meta.fields if name in form.fields}
        key = form.cleaned_data.get("submission_key")
        if save is None:
            services.item_create(client=client, by_user=request.user, model=MODELS[kind], data=data, submission_key=key)
        else:
            save(client=client, by_user=request.user, data=data, submission_key=key)
        messages.success(request, done)
        return redirect("portfolio:home", client_id=client.pk)
    return render(request, "portfolio/item_form.html", {"client": client, "form": form, "title": title})


@login_required
@require_POST
def goal_check(request, client_id, goal_id):
    client = client_selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    goal = selectors.goal_for_user(user=request.user, client=client, goal_id=goal_id)
    try:
        day = _posted_day(request)
    except ValidationError as error:  # a tick for 1999 or for next week is a slip, not a record
        messages.error(request, error.messages[0])
    else:
        done = request.POST.get("done") != "0"
        services.goal_check_set(goal=goal, by_user=request.user, day=day, done=done)
        if request.htmx:  # the overview's tick, changed in place (templates/portfolio/includes/goal_tick_row.html)
            row = selectors.overview_goal_row(user=request.user, client=client, goal_id=goal.pk)
            said = _("Marked done today.") if done else _("No longer marked done today.")
            context = {"row": row, "client": client, "can_write": True, "announce": said, "next": local_next(request)}
            return render(request, "portfolio/includes/goal_tick_row.html", context)
    return redirect(local_next(request, reverse("portfolio:home", args=[client.pk])))


def _posted_day(request):
    """The day posted (today when none or unreadable), within the bounds of a tick."""
    try:
        day = date.fromisoformat(request.POST.get("day", ""))
    except ValueError:
        return None
    return check_day(day, dates.SESSION)


@login_required
@require_POST
def goal_archive(request, client_id, goal_id):
    client = client_selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    goal = selectors.goal_for_user(user=request.user, client=client, goal_id=goal_id)
    item_archive(item=goal, by_user=request.user)
    messages.success(request, _("Micro-goal put away. Its history is kept."))
    return redirect("portfolio:home", client_id=client.pk)


def _language(request):
    return getattr(request, "LANGUAGE_CODE", "en")


@login_required
@require_GET
def measures(request, client_id):
    client = client_selectors.client_for_user(user=request.user, client_id=client_id)
    recording.record_view(request, "measures.view", client=client)
    return render(request, "portfolio/measures.html", _measures_context(request, client))


def _measures_context(request, client, schedule_form=None):
    """The measures page: results and charts; for the care team, what to ask and the standing requests."""
    language = _language(request)
    can_write = access.can(request.user, "write", client)
    context = {
        "client": client,
        **selectors.measures_page(client=client, user=request.user, language=language),
        "can_write": can_write,
        "language": language,
        "schedules": list(selectors.measure_schedules(client=client, user=request.user)),
        "missed": list(selectors.missed_assignments(client=client, user=request.user)[:5]),
    }
    if can_write:
        context["offered"] = services.instruments_offered(client.clinic)
        context["schedule_form"] = schedule_form or MeasureScheduleForm(
            instruments=context["offered"], language=language
        )
    return context


def _offered_definition(client, key):
    """The instrument `key` if it is offered to this clinic (its wording is there), else 404: an instrument whose
    wording is not loaded is offered nowhere, and a crafted request for it finds nothing."""
    try:
        definition = definition_for(key)
    except InstrumentError as error:
        raise Http404 from error
    if definition not in services.instruments_offered(client.clinic):
        raise Http404
    return definition


@login_required
@require_POST
def measure_assign(request, client_id):
    """Ask the client to complete a questionnaire: once now, every N weeks, or before each session."""
    client = client_selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    offered = services.instruments_offered(client.clinic)
    form = MeasureScheduleForm(request.POST, instruments=offered, language=_language(request))
    if form.is_valid():
        data = form.cleaned_data
        schedules.ask(
            client=client,
            by_user=request.user,
            instrument=data["instrument"],
            cadence=data["cadence"],
            every_weeks=data.get("every_weeks"),
            starts_on=data.get("starts_on"),
        )
        messages.success(request, _("Saved. The client is asked in the portal, as you chose."))
        return redirect("portfolio:measures", client_id=client.pk)
    recording.record_view(request, "measures.view", client=client)
    return render(request, "portfolio/measures.html", _measures_context(request, client, form), status=400)


@login_required
@require_POST
def measure_schedule_stop(request, client_id, schedule_id):
    client = client_selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    schedule = get_object_or_404(selectors.measure_schedules(client=client, user=request.user), pk=schedule_id)
    schedules.stop(schedule=schedule, by_user=request.user)
    messages.success(request, _("Stopped. Nothing more of it will be asked; the results stay."))
    return redirect("portfolio:measures", client_id=client.pk)


@login_required
@require_http_methods(["GET", "POST"])
def measure_enter(request, client_id, instrument):
    """The therapist enters a questionnaire completed with the client in session."""
    client = client_selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    definition = _offered_definition(client, instrument)
    wording = services.questionnaire(definition, client.clinic, _language(request))
    if wording is None:  # the clinic removed its wording since: nothing to ask
        raise Http404
    form = QuestionnaireForm(submitted(request), definition=definition, questionnaire=wording)
    if request.method == "GET":
        recording.record_view(request, "measure.enter.view", client=client, detail={"instrument": instrument})
    elif form.is_valid():
        response = services.measure_record(
            client=client,
            by_user=request.user,
            instrument=definition["key"],
            answers=form.answers(),
            submission_key=form.cleaned_data.get("submission_key"),
        )
        if safety_item_raised(definition, response.answers):
            messages.warning(
                request,
                _(
                    "Saved and scored. The client answered the question on thoughts of self-harm above “not at "
                    "all”: follow your clinic's safety procedure, and review the safety plan together."
                ),
            )
        else:
            messages.success(request, _("Saved and scored."))
        return redirect("portfolio:measures", client_id=client.pk)
    context = {
        "client": client,
        "form": form,
        "definition": definition,
        "questionnaire": wording,
        "language": _language(request),
    }
    return render(request, "portfolio/questionnaire.html", context)


def export_page(request, client, *, template, status_url_name, download_url_name, url_kwargs, language=None):
    """The export page shared by the care team and the portal: the request form and the exports.

    The PDF's language starts as `language` (the portal passes the one the client is reading in) or
    the client's preferred language (what the care team would make for them).
    """
    sections = pdf_sections.available()
    exports = list(PortfolioExport.objects.for_client(client, request.user)[:10])
    initial = {"language": language or client.preferred_language}
    if exports and access.is_client(request.user):  # the cover they chose last time (a client sees only their own)
        initial.update(cover_title=exports[0].cover_title, cover_words=exports[0].cover_words)
    form = ExportForm(
        submitted(request), sections=sections, initial=initial, for_staff=not access.is_client(request.user)
    )
    status = 200
    pdf_available = pdf.available()
    if request.method == "POST" and not pdf_available:
        status = 503  # nothing is queued: the build could only fail (the page says why)
    elif request.method == "POST" and form.is_valid():
        status = _request_export(request, client, form)
        if status is None:
            messages.success(request, _("Your PDF is being made. This page shows when it is ready."))
            return redirect(request.path)
    if request.method == "GET":
        recording.record_view(request, "portfolio_exports.view", client=client)
    context = {
        "client": client,
        "form": form,
        "exports": exports,
        "status_url_name": status_url_name,
        "download_url_name": download_url_name,
        "url_kwargs": url_kwargs,
        "pdf_available": pdf_available,
        "pango_install": pdf.PANGO_INSTALL,
    }
    return render(request, template, context, status=status)


def _request_export(request, client, form):
    """Ask for the PDF; None when it is queued, else the status to answer with, the reason on the form.

    The view's rate limit (django-ratelimit, block=False) marks the request; it is answered here, on the
    page, with what was chosen kept, instead of a bare "too many requests".
    """
    if getattr(request, "limited", False):
        form.add_error(None, _("You have asked for several PDFs in a short time. Please wait an hour and ask again."))
        return 429
    try:
        exporting.export_request(
            client=client,
            by_user=request.user,
            section_keys=form.cleaned_data["sections"],
            language=form.cleaned_data["language"],
            audience=form.cleaned_data.get("audience") or ExportAudience.CLIENT,  # the portal's form has none
            cover_title=form.cleaned_data.get("cover_title", ""),  # the staff form has no cover
            cover_words=form.cleaned_data.get("cover_words", ""),
        )
    except exporting.ExportInProgressError as error:
        form.add_error(None, _in_progress_message(request.user, client, error.export))
        return 409
    except ValidationError as error:  # too much text for one PDF: the message names the biggest section
        form.add_error(None, error)
        return 400
    return None


def _in_progress_message(user, client, export):
    if PortfolioExport.objects.for_client(client, user).filter(pk=export.pk).exists():
        asked_at = date_format(timezone.localtime(export.created_at), "TIME_FORMAT")
        return _(
            "Your PDF asked for at %(time)s is still being made. It is listed below, and this page shows "
            "when it is ready. You can ask for another once it is done."
        ) % {"time": asked_at}
    return _("Another PDF of this portfolio is being made right now. Please ask again in a few minutes.")


def export_rate(group, request):
    """PDF requests one person may make (settings.PORTFOLIO_EXPORT_RATE), on the staff and the portal side."""
    return settings.PORTFOLIO_EXPORT_RATE


def export_status_fragment(request, client, export_id, *, download_url_name, url_kwargs):
    export = get_object_or_404(PortfolioExport.objects.for_client(client, request.user), pk=export_id)
    recording.record_view(request, "portfolio_export.status", client=client, obj=export)
    context = {
        "export": export,
        "download_url_name": download_url_name,
        "url_kwargs": url_kwargs,
        "client": client,
        "status_url_name": request.resolver_match.view_name,
    }
    return render(request, "portfolio/includes/export_row.html", context)


def export_download_response(request, client, export_id):
    # The access check comes first: a forbidden export is a 404 before its file is ever read from the storage.
    export = get_object_or_404(PortfolioExport.objects.for_client(client, request.user), pk=export_id)
    checked = exporting.export_open(export)  # through STORAGES["exports"], checked against its checksum
    if checked is None:
        raise Http404
    exporting.export_downloaded(export=export, by_user=request.user)
    name = f"resilience-portfolio-{export.created_at:%Y-%m-%d}.pdf"
    return FileResponse(checked, as_attachment=True, filename=name, content_type="application/pdf")


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate=export_rate, method="POST", block=False)
def export_list(request, client_id):
    client = client_selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    return export_page(
        request,
        client,
        template="portfolio/exports.html",
        status_url_name="portfolio:export_status",
        download_url_name="portfolio:export_download",
        url_kwargs={"client_id": client.pk},
    )


@login_required
@require_GET
def export_status(request, client_id, export_id):
    client = client_selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    return export_status_fragment(
        request, client, export_id, download_url_name="portfolio:export_download", url_kwargs={"client_id": client.pk}
    )


@login_required
@require_GET
def export_download(request, client_id, export_id):
    client = client_selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    return export_download_response(request, client, export_id)
