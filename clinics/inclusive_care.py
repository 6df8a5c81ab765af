"""The clinic's inclusive-care self-assessment: the standard questions, the reads and the writes.

A review is a dated record of where the clinic stood on each item. Saved reviews are never changed or
deleted: the list of reviews is the clinic's evidence of progress over time, so nobody may rewrite an
earlier answer after the fact. To move an item on, an admin starts the next review; it begins with the
standard questions and carries forward from the latest review each item's status, next step, owner and
due date, so open items and who owns them stay in view.

Clinic admins start and save reviews; the clinic's therapists read them (the commitments are the whole
team's); clients see none of it. Every query is scoped to the user's own clinic, so another clinic's
review is a 404.

Standard questions are stored by their English source text and translated when shown (`question_text`),
so a review saved in Spanish still reads in English, and the other way round.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from audit import recording
from clients import access

from .models import CareArea, Clinic, InclusiveCareItem, InclusiveCareReview, ItemStatus

# The standard checklist: a few concrete, practical questions per area, each answerable by looking.
QUESTIONS = {
    CareArea.WAITING_ROOM: [
        _("Posters and leaflets use person-first language"),
        _("There is a quiet space for someone who needs one"),
        _("Crisis lines and peer-support information are on display, so nobody has to ask for them"),
    ],
    CareArea.INTAKE: [
        _("Forms ask for pronouns and preferred name"),
        _("Forms ask only what care needs, and say why each question is asked"),
        _("People can fill in intake forms in private, with help if they want it"),
    ],
    CareArea.MATERIALS: [
        _("Leaflets and web pages describe people, not diagnoses"),
        _("Materials are written in plain language"),
        _("Pictures show people of different backgrounds, ages, bodies and abilities"),
        _("People with lived experience of mental illness review new materials"),
    ],
    CareArea.LANGUAGE: [
        _("Staff use person-first language in notes, letters and conversation"),
        _("Staff use each person's chosen name and pronouns"),
        _("Letters and reminders are discreet: they reveal nothing a person has not chosen to share"),
    ],
    CareArea.ACCESSIBILITY: [
        _("The entrance, session rooms and restrooms are step-free"),
        _("Sessions can be held by video or phone for someone who cannot come in"),
        _("Materials come in large print and work with screen readers"),
    ],
    CareArea.TRANSPORT: [
        _("Directions by public transport are on our website and in appointment letters"),
        _("Staff know the local ride and fare-help programmes and offer them"),
        _("Appointment times can fit around public transport and work shifts"),
    ],
    CareArea.MULTILINGUAL: [
        _("Intake forms and key leaflets are available in Spanish"),
        _("A professional interpreter can be booked at no cost, so family members never have to interpret"),
        _("The client portal, emails and reminders are offered in each person's language"),
    ],
    CareArea.TRAINING: [
        _("Every staff member had anti-stigma language training in the last 12 months"),
        _("New staff learn person-first language in their first month"),
        _("People with lived experience help lead the training"),
    ],
}

STILL_TO_DO = (ItemStatus.OPEN, ItemStatus.PARTLY)
PROGRESS_REVIEWS = 4  # how many reviews the progress-by-area table compares, the latest last


class ReviewConflictError(Exception):
    """Another review was saved after the form was opened."""

    def __init__(self, latest):
        super().__init__("A review was saved after this form was opened.")
        self.latest = latest


def source_text(question):
    """The English source of a (lazy) question: what a saved item stores."""
    with translation.override(None):
        return str(question)


def question_text(question):
    """A stored question in the reader's language (the clinic's own questions are shown as typed)."""
    return gettext(question) if question else question


def standard_questions():
    """(area, question source text) of the standard checklist, in order."""
    return [(area, source_text(question)) for area in CareArea for question in QUESTIONS.get(area, [])]


# --- Who may do what ---------------------------------------------------------------------------


def can_read(user):
    return access.is_clinic_admin(user) or access.is_therapist(user)


def can_manage(user):
    return access.is_clinic_admin(user)


def ensure_can_read(user):
    if not can_read(user):
        raise PermissionDenied


def ensure_can_manage(user):
    if not can_manage(user):
        raise PermissionDenied


def owner_choices(clinic_id):
    """Who may own an item: the clinic's active therapists and admins."""
    return User.objects.filter(
        clinic_id=clinic_id, is_active=True, role__in=[Role.THERAPIST, Role.CLINIC_ADMIN]
    ).order_by("full_name", "email")


# --- Reads -------------------------------------------------------------------------------------


def reviews(user):
    """The reviews of the user's own clinic, newest first (none for anyone who may not read them)."""
    return access.clinic_directory(InclusiveCareReview.objects.all(), user).select_related("created_by")


def review_for_user(user, review_id):
    """The review, if it belongs to the user's clinic; 404 otherwise (missing and forbidden look alike)."""
    return get_object_or_404(reviews(user), pk=review_id)


def _status_counts(prefix=""):
    return {
        f"count_{status}": Count(f"{prefix}pk", filter=Q(**{f"{prefix}status": status})) for status in ItemStatus.values
    }


def reviews_with_counts(user):
    """The clinic's reviews, each with how many items stand at each status (`count_met`, ...)."""
    # A GROUP BY query ignores Meta.ordering, so the order is spelled out.
    return reviews(user).annotate(**_status_counts("items__")).order_by("-reviewed_on", "-created_at", "pk")


def latest_review(user):
    return reviews(user).first()


def review_items(review):
    """The review's items in order, with their owners and their question in the reader's language."""
    items = list(review.items.select_related("owner"))
    for item in items:
        item.question_text = question_text(item.question)
    return items


def items_by_area(items):
    """[(area label, [items])] in the order of the areas; areas without items are left out."""
    labels = dict(CareArea.choices)
    grouped = {area: [] for area in CareArea.values}
    for item in items:
        grouped.setdefault(item.area, []).append(item)
    return [(labels.get(area, area), rows) for area, rows in grouped.items() if rows]


def status_totals(statuses):
    """How many of `statuses` are at each status, every status named (zero included)."""
    totals = dict.fromkeys(ItemStatus.values, 0)
    for status in statuses:
        totals[status] = totals.get(status, 0) + 1
    return totals


def open_items(review):
    """What is still to do after a review, with who owns it: the soonest due first, undated last."""
    if review is None:
        return []
    items = list(
        review.items.filter(status__in=STILL_TO_DO)
        .select_related("owner")
        .order_by(F("due_on").asc(nulls_last=True), "position")
    )
    for item in items:
        item.question_text = question_text(item.question)
    return items


def progress_by_area(user, count=PROGRESS_REVIEWS):
    """How many items were in place, of those that apply, per area in each of the latest reviews.

    Returns (reviews oldest first, [(area label, [(in place, applicable) per review])]). Two queries.
    """
    recent = list(reviews(user)[:count])[::-1]
    rows = (
        InclusiveCareItem.objects.filter(review__in=recent)
        .exclude(status=ItemStatus.NOT_APPLICABLE)
        .values("review_id", "area")
        .annotate(applicable=Count("pk"), met=Count("pk", filter=Q(status=ItemStatus.MET)))
    )
    cells = {(row["review_id"], row["area"]): (row["met"], row["applicable"]) for row in rows}
    table = []
    for area, label in CareArea.choices:
        line = [cells.get((review.pk, area)) for review in recent]
        if any(line):
            table.append((label, line))
    return recent, table


def new_review_initial(user):
    """The items a new review starts with: the standard questions, then the clinic's own items kept on the
    latest review, each with the latest review's status, next step, owner and due date carried forward.

    An owner who is no longer active staff of the clinic is left out and the item says so (`owner_left`).
    """
    latest = latest_review(user)
    previous = {(item.area, item.question): item for item in (review_items(latest) if latest else [])}
    active_owners = set(owner_choices(user.clinic_id).values_list("pk", flat=True))
    rows = [
        _carried(area, question, previous.pop((area, question), None), active_owners)
        for area, question in standard_questions()
    ]
    rows += [_carried(item.area, item.question, item, active_owners) for item in previous.values()]
    order = {area: index for index, area in enumerate(CareArea.values)}
    return sorted(rows, key=lambda row: order.get(row["area"], len(order)))  # stable: keeps each area's order


def _carried(area, question, item, active_owners):
    row = {"area": area, "question": question, "status": "", "next_step": "", "owner": None, "due_on": None}
    if item is not None:
        owner_stays = item.owner_id in active_owners
        row.update(
            status=item.status,
            next_step=item.next_step,
            owner=item.owner_id if owner_stays else None,
            due_on=item.due_on,
            owner_left=item.owner_id is not None and not owner_stays,
        )
    return row


def last_saved_id(user):
    """The id of the review saved most recently in the user's clinic (the form's "nothing saved since")."""
    newest = reviews(user).order_by("-created_at").values_list("pk", flat=True).first()
    return str(newest) if newest else ""


# --- Writes ------------------------------------------------------------------------------------


@transaction.atomic
def review_create(*, by_user, reviewed_on, summary, items, last_saved):
    """Save a new review with its items, all or nothing, audited (no client: this is not client data).

    `items` are dicts of area, question, status, next_step, owner (a User or None) and due_on.
    `last_saved` is the id of the newest review when the form was opened: if another review was saved
    since, `ReviewConflictError` is raised, unless it is this same review submitted twice (then it is returned).
    """
    ensure_can_manage(by_user)
    clinic = Clinic.objects.select_for_update().get(pk=by_user.clinic_id)  # one review saved at a time
    newest = InclusiveCareReview.objects.filter(clinic=clinic).order_by("-created_at").first()
    if newest is not None and str(newest.pk) != (last_saved or ""):
        if _same_review(newest, by_user, reviewed_on, summary, items):
            return newest
        raise ReviewConflictError(newest)
    _check_owners(clinic, items)
    review = InclusiveCareReview.objects.create(
        clinic=clinic, reviewed_on=reviewed_on, summary=summary, created_by=by_user
    )
    InclusiveCareItem.objects.bulk_create(
        InclusiveCareItem(review=review, position=position, **item) for position, item in enumerate(items)
    )
    totals = status_totals(item["status"] for item in items)
    recording.record(
        by_user, "inclusive_care.review", obj=review, clinic=clinic, detail={"items": len(items), **totals}
    )
    return review


def _check_owners(clinic, items):
    owner_ids = {item["owner"].pk for item in items if item.get("owner") is not None}
    allowed = set(owner_choices(clinic.pk).filter(pk__in=owner_ids).values_list("pk", flat=True))
    if owner_ids - allowed:
        raise ValidationError(
            _("Each owner must be an active therapist or admin of your clinic. Choose someone from the list.")
        )


def _same_review(review, by_user, reviewed_on, summary, items):
    """Whether `review` is exactly what this person is saving again (a double submit)."""
    if review.created_by_id != by_user.pk or review.reviewed_on != reviewed_on or review.summary != summary:
        return False
    fields = ("area", "question", "status", "next_step", "owner_id", "due_on")
    saved = list(review.items.order_by("position").values_list(*fields))
    wanted = [
        (
            item["area"],
            item["question"],
            item["status"],
            item["next_step"],
            item["owner"].pk if item.get("owner") else None,
            item["due_on"],
        )
        for item in items
    ]
    return saved == wanted
