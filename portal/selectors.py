"""The portal home's reads: what is shared with the client, what is new since their last visit (`accounts.visits`,
with the line each new thing is told in), their reminders and notifications, a PDF ready to download."""

from dataclasses import dataclass

from django.db.models import Count, F, Q, Window
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from advocacy import selectors as advocacy_selectors
from clients import selectors as client_selectors
from disclosure import selectors as disclosure_selectors
from peers import selectors as peer_selectors
from peers.models import ReferralStatus
from portfolio.models import ExportStatus, PortfolioExport
from reminders.models import Notification, Reminder, ReminderKind, ReminderStatus

# The columns of each list that the home page (templates/portal/home.html) and `whats_new` read; the rest
# (plans' full text, consent records, directory entries) is for the pages each item links to.
SUPPORT_PERSON_FIELDS = ["id", "name", "relationship", "ally_stage", "conversation_script", "shared_at"]
DISCLOSURE_PLAN_FIELDS = ["id", "audience_description", "support_person__name", "status", "shared_at", "updated_at"]
ADVOCACY_PLAN_FIELDS = ["id", "aim", "status", "shared_at", "updated_at"]
REFERRAL_FIELDS = ["id", "resource__name", "status", "updated_at"]
GOAL_FIELDS = ["title", "shared_at"]


@dataclass(frozen=True)
class NewItem:
    text: str
    link: str


def _changed(item, since):
    """'shared' if shared with the client after `since`, 'updated' if changed after it, else None."""
    shared_at = getattr(item, "shared_at", None)
    if shared_at and shared_at > since:
        return "shared"
    if item.updated_at > since:
        return "updated"
    return None


def _plan_news(plans, since, url_name, shared_text, updated_text, values):
    for plan in plans:
        change = _changed(plan, since)
        if change is not None:
            text = shared_text if change == "shared" else updated_text
            yield NewItem(text % values(plan), reverse(url_name, args=[plan.pk]))


def whats_new(
    *,
    since,
    disclosure_plans,
    advocacy_plans,
    support_people,
    referrals,
    goals,
    measures,
    highlights,
    new_notifications,
):
    """What changed for the client after `since`, from what the home page has already loaded.

    Every list passed in was fetched through the access module's scoped querysets, so nothing here
    can show the client anything that is not shared with them.
    """
    items = [
        *_plan_news(
            disclosure_plans,
            since,
            "portal:disclosure_plan",
            # The audience is what the person typed ("El grupo…"): Spanish must not put an article before it.
            pgettext(
                "disclosure plan title", "Your therapist shared a disclosure plan with you: telling %(audience)s."
            ),
            pgettext("disclosure plan title", "Your disclosure plan about telling %(audience)s was updated."),
            lambda plan: {"audience": plan.audience_label},
        ),
        *_plan_news(
            advocacy_plans,
            since,
            "portal:advocacy_plan",
            _("Your therapist shared an advocacy plan with you: %(aim)s."),
            _("Your advocacy plan was updated: %(aim)s."),
            lambda plan: {"aim": plan.aim},
        ),
    ]
    plan = highlights.get("empowerment_plan")
    if plan is not None:
        change = _changed(plan, since)
        if change == "shared":
            items.append(NewItem(_("Your therapist shared your empowerment plan with you."), "#shared-heading"))
        elif change == "updated":
            items.append(NewItem(_("Your empowerment plan was updated."), "#shared-heading"))
    for person in support_people:
        if person.shared_at and person.shared_at > since:
            text = _("%(name)s was added to your support network.") % {"name": person.name}
            items.append(NewItem(text, "#shared-heading"))
    items.extend(
        NewItem(_("A new milestone: %(title)s.") % {"title": milestone.title}, "#shared-heading")
        for milestone in highlights.get("milestones", [])
        if milestone.shared_at and milestone.shared_at > since
    )
    items.extend(
        NewItem(_("A new coping skill: %(name)s.") % {"name": skill.name}, "#shared-heading")
        for skill in highlights.get("coping_skills", [])
        if skill.shared_at and skill.shared_at > since
    )
    for row in goals:
        goal = row["goal"]
        if max(goal.created_at, goal.shared_at or goal.created_at) > since:
            items.append(NewItem(_("A new micro-goal: %(title)s.") % {"title": goal.title}, "#today-heading"))
    for referral in referrals:
        if referral.status == ReferralStatus.AWAITING_CONSENT and referral.updated_at > since:
            text = _("A peer connection is waiting for your answer: %(name)s.") % {"name": referral.resource.name}
            items.append(NewItem(text, reverse("portal:referral", args=[referral.pk])))
    new_measures = [assignment for assignment in measures if assignment.assigned_at > since]
    if new_measures:
        items.append(NewItem(_("Your therapist asked you to answer some questions."), "#today-heading"))
    if new_notifications:
        text = ngettext(
            "You have %(count)d new notification.", "You have %(count)d new notifications.", new_notifications
        )
        items.append(NewItem(text % {"count": new_notifications}, "#notifications-heading"))
    return items


def shared_lists(*, user, client):
    """The lists of what is shared with the client, through their selectors (the scope and the sharing rule)."""
    return {
        "support_people": list(client_selectors.support_people(client=client, user=user).only(*SUPPORT_PERSON_FIELDS)),
        "disclosure_plans": list(
            disclosure_selectors.plans_for(client=client, user=user).only(*DISCLOSURE_PLAN_FIELDS)
        ),
        "advocacy_plans": list(advocacy_selectors.plans_for(client=client, user=user).only(*ADVOCACY_PLAN_FIELDS)),
        "referrals": list(peer_selectors.referrals_for(client=client, user=user).only(*REFERRAL_FIELDS)),
    }


def notices(*, user, since, limit=3):
    """The client's unread notifications (newest first), how many are unread, how many arrived after `since`
    (None: not asked), and their next reminders, for the home page.

    The notifications and both counts come from one query: the rows that are unread or new, unread first,
    each carrying the two counts over all of them (window functions, counted before the limit).
    """
    rows = list(_notification_rows(user, since)[:limit])
    upcoming = list(_upcoming_reminders(user)[:limit])
    return {
        "unread_list": [note for note in rows if note.read_at is None],
        # The header's bell reads this name too (reminders' context processor): the view's value wins, and
        # saves the page that processor's own count of the same rows.
        "unread_notifications": rows[0].unread_total if rows else 0,
        "new_notifications": getattr(rows[0], "new_total", 0) if rows else 0,
        "upcoming_reminders": upcoming,
    }


def _notification_rows(user, since):
    unread = Q(read_at__isnull=True)
    shown, counts = unread, {"unread_total": Window(Count("pk", filter=unread))}
    if since is not None:
        new = Q(created_at__gt=since)
        shown, counts["new_total"] = shown | new, Window(Count("pk", filter=new))
    return (
        Notification.objects.filter(user=user)
        .filter(shown)
        .only("id", "text", "link", "created_at", "read_at")
        .annotate(**counts)
        .order_by(F("read_at").asc(nulls_first=True), "-created_at")
    )


def _upcoming_reminders(user):
    return (
        Reminder.objects.filter(recipient=user, status=ReminderStatus.ACTIVE, next_at__isnull=False)
        .exclude(source__startswith="grievance:")  # the email of a reply to feedback, not a reminder
        .exclude(kind=ReminderKind.NOTICE)  # an email telling them something waits, not a reminder
        .only("id", "kind", "next_at")
        .order_by("next_at")
    )


def ready_export(*, user, client, now):
    """The client's newest portfolio PDF that is ready and not yet expired, or None."""
    exports = PortfolioExport.objects.for_client(client, user).filter(status=ExportStatus.READY, expires_at__gt=now)
    return exports.only("id", "finished_at", "expires_at").order_by("-created_at").first()
