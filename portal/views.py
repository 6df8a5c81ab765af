"""The client's portal: calm, simple, only what is theirs and shared with them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from accounts import visits
from accounts.forms import submitted
from advocacy import selectors as advocacy_selectors
from advocacy import services as advocacy_services
from advocacy.forms import ClientStepDoneForm, ReviewForm
from advocacy.models import Decision, StepStatus
from audit import recording
from clients import discharge as client_discharge
from clients import selectors, services
from clients import sessions as client_sessions
from clients.editing import EditConflictError
from clients.forms import COMMUNICATION_FIELDS, CommunicationForm
from disclosure import selectors as disclosure_selectors
from disclosure import services as disclosure_services
from disclosure.forms import ClientReadinessForm, DebriefForm
from peers import consent as peer_consent
from peers import selectors as peer_selectors
from peers import services as peer_services
from peers.forms import WithdrawForm
from peers.models import ConsentMethod
from portal import progress as progress_reads
from portal import selectors as portal_selectors
from portal.forms import MicroGoalReminderForm, micro_goal_reminder_data
from portfolio import exporting as portfolio_exporting
from portfolio import selectors as portfolio_selectors
from portfolio import services as portfolio_services
from portfolio import views as portfolio_views
from portfolio.forms import EncounterForm, JournalForm, QuestionnaireForm
from portfolio.instruments import definition_for, safety_item_raised
from reminders import services as reminder_services
from reminders.models import Reminder, ReminderKind


def _own_client(request):
    """The logged-in client's own record; 404 for anyone else. Read once per request, by the discharge
    middleware, through the client's scope (`selectors.own_client`: proved for them)."""
    client = client_discharge.request_client(request)
    if client is None:
        raise Http404
    return client


@login_required
@require_GET
def home(request):
    client = _own_client(request)  # with `has_safety_plan`
    recording.record_view(request, "portal.home.view", client=client)
    goal_rows = portfolio_selectors.goals_with_checks(
        client=client, user=request.user, fields=portal_selectors.GOAL_FIELDS
    )
    highlights = portfolio_selectors.shared_highlights(client=client, user=request.user)
    known, since = visits.previous_visit(request.session)
    notices = portal_selectors.notices(user=request.user, since=since)
    measures = portfolio_selectors.open_assignments(client=client, user=request.user).only(
        "id", "assigned_at", "instrument", "closes_on"
    )
    context = {
        "client": client,
        **portal_selectors.shared_lists(client=client, user=request.user),
        "goals": [row for row in goal_rows if row["due_today"]],
        **highlights,
        "measures_to_complete": list(measures),
        "next_session": client_sessions.next_scheduled(client, request.user),  # one query
        "has_shared_charts": progress_reads.has_shared_charts(user=request.user, client=client),  # one query
        "crisis_lines": list(selectors.crisis_lines(clinic=client.clinic_id)),
        **notices,
    }
    if highlights["empowerment_plan"] is not None:
        context["ready_export"] = portal_selectors.ready_export(user=request.user, client=client, now=timezone.now())
    context["visit_known"], context["previous_visit"] = known, since
    if since is not None:
        context["whats_new"] = portal_selectors.whats_new(
            since=since,
            disclosure_plans=context["disclosure_plans"],
            advocacy_plans=context["advocacy_plans"],
            support_people=context["support_people"],
            referrals=context["referrals"],
            goals=goal_rows,
            measures=context["measures_to_complete"],
            highlights=highlights,
            new_notifications=notices["new_notifications"],
        )
    return render(request, "portal/home.html", context)


def _shared_plan(request, plan_id):
    client = _own_client(request)
    return client, disclosure_selectors.plan_for_user(user=request.user, client=client, plan_id=plan_id)


@login_required
@require_GET
def disclosure_plan(request, plan_id):
    """A disclosure plan shared with the client, read-only, with their own readiness and debrief forms."""
    client, plan = _shared_plan(request, plan_id)
    recording.record_view(request, "portal.disclosure_plan.view", client=client, obj=plan)
    context = {
        "client": client,
        "plan": plan,
        **disclosure_selectors.plan_page(plan=plan, user=request.user),
        "readiness_form": ClientReadinessForm(initial={"readiness": plan.client_readiness}),
    }
    return render(request, "portal/disclosure_plan.html", context)


@login_required
@require_POST
def disclosure_readiness(request, plan_id):
    client, plan = _shared_plan(request, plan_id)
    form = ClientReadinessForm(request.POST)
    if form.is_valid():
        disclosure_services.client_readiness_record(
            plan=plan, by_user=request.user, readiness=form.cleaned_data["readiness"]
        )
        messages.success(request, _("Thank you. Your therapist will see how ready you feel."))
        return redirect("portal:disclosure_plan", plan_id=plan.pk)
    context = {
        "client": client,
        "plan": plan,
        **disclosure_selectors.plan_page(plan=plan, user=request.user),
        "readiness_form": form,
    }
    return render(request, "portal/disclosure_plan.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def disclosure_debrief(request, plan_id):
    client, plan = _shared_plan(request, plan_id)
    form = DebriefForm(submitted(request), plan=plan, by_client=True)
    if request.method == "GET":
        recording.record_view(request, "portal.debrief.new.view", client=client, obj=plan)
    elif form.is_valid():
        fields = [name for name in DebriefForm.Meta.fields if name in form.fields]
        disclosure_services.debrief_create(
            plan=plan,
            by_user=request.user,
            data={name: form.cleaned_data[name] for name in fields},
            submission_key=form.cleaned_data.get("submission_key"),
        )
        messages.success(request, _("Saved. Your therapist will see it."))
        return redirect("portal:disclosure_plan", plan_id=plan.pk)
    return render(request, "portal/disclosure_debrief.html", {"client": client, "plan": plan, "form": form})


@login_required
@require_GET
def record_closed(request):
    """After a discharge's grace period, the one page a client's account still shows: whom to contact."""
    client = _own_client(request)
    if client_discharge.portal_state(client) != client_discharge.CLOSED:
        return redirect("portal:home")
    recording.record_view(request, "portal.record_closed.view", client=client)
    context = {"client": client, "clinic": client.clinic, "crisis_lines": selectors.crisis_lines(clinic=client.clinic)}
    return render(request, "portal/record_closed.html", context)


@login_required
@require_GET
def safety_plan(request):
    client = _own_client(request)
    plan = selectors.safety_plan(client=client, user=request.user)
    recording.record_view(request, "portal.safety_plan.view", client=client, obj=plan)
    context = {"client": client, "plan": plan, "crisis_lines": selectors.crisis_lines(clinic=client.clinic)}
    return render(request, "portal/safety_plan.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """The client's own name, pronouns and communication preferences; they may change the preferences."""
    client = _own_client(request)
    form = CommunicationForm(submitted(request), instance=client)
    if request.method == "GET":
        recording.record_view(request, "portal.profile.view", client=client)
    elif form.is_valid():
        data = {name: form.cleaned_data[name] for name in COMMUNICATION_FIELDS}
        try:
            services.client_update_communication(
                client=client, by_user=request.user, data=data, expected_version=form.cleaned_data["version"]
            )
        except EditConflictError as conflict:
            form.show_conflict(
                conflict.current, _("Your preferences were changed in the meantime. Check them below and save again.")
            )
        else:
            messages.success(request, _("Your preferences are saved."))
            return redirect("portal:profile")
    return render(request, "portal/profile.html", {"client": client, "form": form})


def _shared_advocacy_plan(request, plan_id):
    client = _own_client(request)
    return client, advocacy_selectors.plan_for_user(user=request.user, client=client, plan_id=plan_id)


@login_required
@require_GET
def advocacy_plan(request, plan_id):
    """An advocacy plan shared with the client, read-only; they can mark steps done and review the pace."""
    client, plan = _shared_advocacy_plan(request, plan_id)
    recording.record_view(request, "portal.advocacy_plan.view", client=client, obj=plan)
    context = {
        "client": client,
        "plan": plan,
        **advocacy_selectors.plan_page(plan=plan, user=request.user, for_client=True),
    }
    return render(request, "portal/advocacy_plan.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def advocacy_step_done(request, plan_id, step_id):
    client, plan = _shared_advocacy_plan(request, plan_id)
    step = advocacy_selectors.step_for_user(user=request.user, plan=plan, step_id=step_id)
    if step.status == StepStatus.DONE:
        return redirect("portal:advocacy_plan", plan_id=plan.pk)
    form = ClientStepDoneForm(submitted(request))
    if request.method == "GET":
        recording.record_view(request, "portal.advocacy_step.view", client=client, obj=step)
    elif form.is_valid():
        advocacy_services.step_done_by_client(
            step=step, by_user=request.user, reflection=form.cleaned_data["reflection"]
        )
        messages.success(request, _("Well done. Your therapist will see your reflection."))
        return redirect("portal:advocacy_plan", plan_id=plan.pk)
    return render(
        request, "portal/advocacy_step_done.html", {"client": client, "plan": plan, "step": step, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def advocacy_review(request, plan_id):
    client, plan = _shared_advocacy_plan(request, plan_id)
    form = ReviewForm(submitted(request))
    if request.method == "GET":
        recording.record_view(request, "portal.advocacy_review.view", client=client, obj=plan)
    elif form.is_valid():
        fields = ReviewForm.Meta.fields
        review = advocacy_services.review_create(
            plan=plan,
            by_user=request.user,
            data={name: form.cleaned_data[name] for name in fields},
            submission_key=form.cleaned_data.get("submission_key"),
        )
        if review.decision == Decision.PAUSE:  # honoured at once: say so
            messages.success(
                request,
                _(
                    "Your advocacy plan is paused now, and its reminders have stopped. Your therapist will see your "
                    "review and talk it through with you."
                ),
            )
        else:
            messages.success(request, _("Thank you. Your therapist will see your review."))
        return redirect("portal:advocacy_plan", plan_id=plan.pk)
    return render(request, "portal/advocacy_review.html", {"client": client, "plan": plan, "form": form})


def _own_referral(request, referral_id):
    client = _own_client(request)
    return client, peer_selectors.referral_for_user(user=request.user, client=client, referral_id=referral_id)


def _referral_page(request, client, referral, status=200, withdraw_form=None):
    language = request.LANGUAGE_CODE
    context = {
        "client": client,
        "referral": referral,
        "resource": referral.resource,
        "consent_paragraphs": peer_consent.consent_text(language),
        "withdraw_form": withdraw_form or WithdrawForm(),
    }
    return render(request, "portal/referral.html", context, status=status)


@login_required
@require_GET
def referral(request, referral_id):
    """A peer connection offered to the client: what it is, what would be shared, and their choice."""
    client, item = _own_referral(request, referral_id)
    recording.record_view(request, "portal.referral.view", client=client, obj=item)
    return _referral_page(request, client, item)


@login_required
@require_POST
def referral_consent(request, referral_id):
    client, item = _own_referral(request, referral_id)
    if request.POST.get("agree") != "yes":
        messages.error(request, _("Tick the box to say you agree, or choose “No, thank you”."))
        return _referral_page(request, client, item, status=400)
    try:
        peer_services.consent_record(
            referral=item, by_user=request.user, method=ConsentMethod.PORTAL, language=request.LANGUAGE_CODE
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Thank you. Your therapist can now make the introduction."))
    return redirect("portal:referral", referral_id=item.pk)


@login_required
@require_POST
def referral_decline(request, referral_id):
    client, item = _own_referral(request, referral_id)
    # No field of the page sends a reason; a NUL in one that is sent would fail in PostgreSQL (a 500).
    reason = request.POST.get("reason", "").replace("\x00", "")[:2000]
    try:
        peer_services.referral_decline(referral=item, by_user=request.user, reason=reason)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("That is fine. Nothing is shared."))
    return redirect("portal:referral", referral_id=item.pk)


@login_required
@require_POST
def referral_withdraw(request, referral_id):
    client, item = _own_referral(request, referral_id)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _referral_page(request, client, item, status=400, withdraw_form=form)
    try:
        peer_services.consent_withdraw(referral=item, by_user=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Your consent is withdrawn. Nothing more is shared."))
    return redirect("portal:referral", referral_id=item.pk)


@login_required
@require_POST
def goal_check(request, goal_id):
    """One tap: today's micro-goal done (or undone). Answers htmx with the updated row."""
    client = _own_client(request)
    goal = portfolio_selectors.goal_for_user(user=request.user, client=client, goal_id=goal_id)
    portfolio_services.goal_check_set(goal=goal, by_user=request.user, done=request.POST.get("done") != "0")
    if request.htmx:
        row = next(
            row
            for row in portfolio_selectors.goals_with_week(client=client, user=request.user)
            if row["goal"].pk == goal.pk
        )
        return render(request, "portal/includes/goal_row.html", {"row": row})
    return redirect("portal:home")


@login_required
@require_http_methods(["GET", "POST"])
def journal(request):
    """The client's own journal: victories and reflections, some kept private."""
    client = _own_client(request)
    form = JournalForm(submitted(request), by_client=True)
    if request.method == "GET":
        recording.record_view(request, "portal.journal.view", client=client)
    elif form.is_valid():
        data = {name: form.cleaned_data[name] for name in JournalForm.Meta.fields if name in form.fields}
        portfolio_services.journal_write(
            client=client, by_user=request.user, data=data, submission_key=form.cleaned_data.get("submission_key")
        )
        messages.success(request, _("Saved in your journal."))
        return redirect("portal:journal")
    entries = portfolio_selectors.journal(client=client, user=request.user)[:50]
    return render(request, "portal/journal.html", {"client": client, "form": form, "entries": entries})


@login_required
@require_http_methods(["GET", "POST"])
def encounter_log(request):
    client = _own_client(request)
    form = EncounterForm(submitted(request))
    if request.method == "GET":
        recording.record_view(request, "portal.encounter.new.view", client=client)
    elif form.is_valid():
        data = {name: form.cleaned_data[name] for name in EncounterForm.Meta.fields}
        portfolio_services.encounter_log(
            client=client, by_user=request.user, data=data, submission_key=form.cleaned_data.get("submission_key")
        )
        messages.success(request, _("Thank you for writing it down. You can talk it over with your therapist."))
        return redirect("portal:home")
    return render(request, "portal/encounter_form.html", {"client": client, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def measure(request, assignment_id):
    """A questionnaire the client is asked to complete. A PHQ-9 whose item 9 is answered above "not at all" leads to
    a page with the crisis lines and the client's safety plan (`measure_done`), and a same-day flag for the care team
    (clients.attention)."""
    client = _own_client(request)
    assignment = portfolio_selectors.assignment_for_user(user=request.user, client=client, assignment_id=assignment_id)
    definition = definition_for(assignment.instrument)
    wording = portfolio_services.questionnaire(definition, client.clinic, request.LANGUAGE_CODE)
    if wording is None:
        raise Http404
    form = QuestionnaireForm(submitted(request), definition=definition, questionnaire=wording)
    if request.method == "GET":
        recording.record_view(request, "portal.measure.view", client=client, obj=assignment)
    elif form.is_valid():
        portfolio_services.measure_record(
            client=client,
            by_user=request.user,
            instrument=assignment.instrument,
            answers=form.answers(),
            assignment=assignment,
            submission_key=form.cleaned_data.get("submission_key"),
        )
        return redirect("portal:measure_done", assignment_id=assignment.pk)
    context = {
        "client": client,
        "form": form,
        "definition": definition,
        "questionnaire": wording,
        "language": request.LANGUAGE_CODE,
        "safety_item": definition.get("safety_item"),
        "crisis_lines": selectors.crisis_lines(clinic=client.clinic_id),
    }
    return render(request, "portal/measure.html", context)


@login_required
@require_GET
def measure_done(request, assignment_id):
    """After a questionnaire: thanks; and when its safety item was answered above "not at all", at once and on this
    page, the crisis lines and the client's safety plan, in their language."""
    client = _own_client(request)
    assignment = portfolio_selectors.answered_assignment_for_user(
        user=request.user, client=client, assignment_id=assignment_id
    )
    response = assignment.response
    definition = definition_for(assignment.instrument)
    needs_support = safety_item_raised(definition, response.answers)
    recording.record_view(request, "portal.measure.done.view", client=client, obj=assignment)
    context = {"client": client, "definition": definition, "language": request.LANGUAGE_CODE}
    if needs_support:
        context.update(
            needs_support=True,
            plan=selectors.safety_plan(client=client, user=request.user),
            crisis_lines=list(selectors.crisis_lines(clinic=client.clinic_id)),
        )
    return render(request, "portal/measure_done.html", context)


def _exporting_client(request):
    client = _own_client(request)
    if not portfolio_exporting.may_export(request.user, client):
        raise Http404
    return client


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate=portfolio_views.export_rate, method="POST", block=False)
def exports(request):
    """The client downloads their portfolio as a PDF, once their therapist has shared it."""
    client = _exporting_client(request)
    return portfolio_views.export_page(
        request,
        client,
        template="portal/exports.html",
        status_url_name="portal:export_status",
        download_url_name="portal:export_download",
        url_kwargs={},
        language=request.LANGUAGE_CODE,
    )


@login_required
@require_GET
def export_status(request, export_id):
    client = _exporting_client(request)
    return portfolio_views.export_status_fragment(
        request, client, export_id, download_url_name="portal:export_download", url_kwargs={}
    )


@login_required
@require_GET
def export_download(request, export_id):
    client = _exporting_client(request)
    return portfolio_views.export_download_response(request, client, export_id)


@login_required
@require_http_methods(["GET", "POST"])
def reminders(request):
    """The client's own reminders: see them, switch any off, and set one for a micro-goal."""
    client = _own_client(request)
    goals = [row["goal"] for row in portfolio_selectors.goals_with_week(client=client, user=request.user)]
    form = MicroGoalReminderForm(submitted(request), goals=goals)
    if request.method == "GET":
        recording.record_view(request, "portal.reminders.view", client=client)
    elif form.is_valid():
        goal = form.cleaned_data["goal"]
        reminder_services.reminder_for_source(
            source=f"micro_goal:{goal.pk}",
            recipient=request.user,
            by_user=request.user,
            client=client,
            data=micro_goal_reminder_data(goal, form.cleaned_data["local_time"]),
        )
        messages.success(request, _("Reminder set. You can switch it off here at any time."))
        return redirect("portal:reminders")
    mine = (
        Reminder.objects.filter(recipient=request.user)
        .exclude(status__in=["cancelled", "done"])
        .exclude(source__startswith="grievance:")  # the email of a reply to feedback, not a reminder
        .exclude(kind=ReminderKind.NOTICE)  # an email telling them something waits, not a reminder
    )
    context = {
        "client": client,
        "form": form,
        "reminders": mine,
        "questionnaire_schedules": list(portfolio_selectors.measure_schedules(client=client, user=request.user)),
    }
    return render(request, "portal/reminders.html", context)


@login_required
@require_POST
def reminder_off(request, reminder_id):
    client = _own_client(request)
    reminder = get_object_or_404(Reminder.objects.filter(recipient=request.user, client=client), pk=reminder_id)
    reminder_services.reminder_switch_off(reminder=reminder, by_user=request.user)
    messages.success(request, _("That reminder is switched off."))
    return redirect("portal:reminders")
