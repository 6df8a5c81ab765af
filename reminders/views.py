"""Notifications (every signed-in person) and reminders the care team sets for a client."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms import submitted
from audit import recording
from clients import access as client_access
from clients import selectors as client_selectors

from . import calendar, selectors, services
from .forms import ReminderForm
from .models import CalendarFeed, Notification


@login_required
@require_GET
def notification_list(request):
    page = Paginator(selectors.notifications(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "reminders/notifications.html", {"page": page})


@login_required
@require_POST
def notifications_read(request):
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("reminders:notifications")


@login_required
@require_GET
def client_reminders(request, client_id):
    """The workspace's Reminders tab: the client's upcoming reminders, and a way to set one."""
    client = client_selectors.client_for_user(user=request.user, client_id=client_id)
    recording.record_view(request, "reminder.list.view", client=client)
    context = {
        "client": client,
        "panel": selectors.overview_panel_context(user=request.user, client=client),
        "can_write": client_access.can(request.user, "write", client),
    }
    return render(request, "reminders/client_reminders.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reminder_create(request, client_id):
    client = client_selectors.client_for_user(user=request.user, client_id=client_id, action="write")
    form = ReminderForm(
        submitted(request), client=client, user=request.user, initial={"starts_on": timezone.localdate()}
    )
    if request.method == "GET":
        recording.record_view(request, "reminder.new.view", client=client)
    elif form.is_valid():
        data = {
            name: form.cleaned_data[name]
            for name in ("kind", "note", "starts_on", "local_time", "recurrence", "weekdays", "channel")
        }
        recipient = form.recipient()
        data["link"] = "/portal/" if recipient == client.portal_user else client.get_absolute_url()
        try:
            services.reminder_create(
                by_user=request.user,
                recipient=recipient,
                client=client,
                data=data,
                submission_key=form.cleaned_data.get("submission_key"),
            )
        except services.DailyLimitReachedError as error:  # the form keeps what was typed
            form.add_error(None, error)
            return render(request, "reminders/reminder_form.html", {"client": client, "form": form}, status=429)
        except services.ReminderCannotFireError as error:  # a time that passed while the form was open
            form.add_error(None, error)
            return render(request, "reminders/reminder_form.html", {"client": client, "form": form}, status=400)
        messages.success(request, _("Reminder set."))
        return redirect(client)
    return render(request, "reminders/reminder_form.html", {"client": client, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    """Create (or replace) and revoke the person's secret calendar-feed address."""
    token = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar.feed_revoke(user=request.user)
            messages.success(request, _("The calendar address is switched off. Calendars using it stop updating."))
            return redirect("reminders:calendar")
        token = calendar.feed_create(user=request.user)
    active = CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True).exists()
    feed_url = request.build_absolute_uri(reverse("reminders:calendar_feed", args=[token])) if token else None
    return render(request, "reminders/calendar.html", {"active": active, "feed_url": feed_url})


@require_GET
def calendar_feed(request, token):
    """The .ics feed itself: no login (calendar apps cannot log in); the secret address is the key."""
    feed = calendar.feed_for_token(token)
    if feed is None or not feed.user.is_active:
        raise Http404
    response = HttpResponse(calendar.feed_ics(feed), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
