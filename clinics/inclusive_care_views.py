"""Pages of the inclusive-care self-assessment. Clinic admins start reviews; the clinic's therapists read them.

Thin views: reads and writes are in `clinics.inclusive_care`. A client gets 403, as on every staff page;
another clinic's review is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.forms import submitted

from . import inclusive_care
from .inclusive_care_forms import ItemFormSet, ReviewForm
from .models import CareArea, ItemStatus

PAGE_SIZE = 25
TEMPLATES = "clinics/inclusive_care/"


@login_required
@require_GET
def review_list(request):
    user = request.user
    inclusive_care.ensure_can_read(user)
    page = Paginator(inclusive_care.reviews_with_counts(user), PAGE_SIZE).get_page(request.GET.get("page"))
    latest = inclusive_care.latest_review(user)
    recent, progress = inclusive_care.progress_by_area(user)
    context = {
        "page": page,
        "latest": latest,
        "open_items": inclusive_care.open_items(latest),
        "recent": recent,
        "progress": progress,
        "today": timezone.localdate(),
        "can_manage": inclusive_care.can_manage(user),
    }
    return render(request, TEMPLATES + "review_list.html", context)


@login_required
@require_GET
def review_detail(request, review_id):
    user = request.user
    inclusive_care.ensure_can_read(user)
    review = inclusive_care.review_for_user(user, review_id)
    items = inclusive_care.review_items(review)
    totals = inclusive_care.status_totals(item.status for item in items)
    context = {
        "review": review,
        "sections": inclusive_care.items_by_area(items),
        "totals": [(label, totals[status]) for status, label in ItemStatus.choices],
        "can_manage": inclusive_care.can_manage(user),
    }
    return render(request, TEMPLATES + "review_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review_create(request):
    user = request.user
    inclusive_care.ensure_can_manage(user)
    data = submitted(request)
    review_form = ReviewForm(
        data, initial={"reviewed_on": timezone.localdate(), "last_saved": inclusive_care.last_saved_id(user)}
    )
    formset = ItemFormSet(
        data,
        initial=inclusive_care.new_review_initial(user),
        staff=inclusive_care.owner_choices(user.clinic_id),
        prefix="items",
    )
    conflict = None
    if request.method == "POST" and all([review_form.is_valid(), formset.is_valid()]):  # both, so all errors show
        try:
            review = inclusive_care.review_create(by_user=user, items=formset.items(), **review_form.cleaned_data)
        except inclusive_care.ReviewConflictError as error:
            conflict = error.latest
            review_form = _after_conflict(request.POST, conflict)
        except ValidationError as error:
            review_form.add_error(None, error)
        else:
            messages.success(request, _("Review saved. It is kept as it is now; the next review starts from it."))
            return redirect("accounts:inclusive_care_review", review_id=review.pk)
    fixed, custom = _sections(formset)
    context = {
        "review_form": review_form,
        "formset": formset,
        "sections": fixed,
        "custom": custom,
        "conflict": conflict,
    }
    return render(request, TEMPLATES + "review_form.html", context, status=400 if request.method == "POST" else 200)


def _after_conflict(posted, latest):
    """The review form again, with the person's answers, now knowing the review saved in between:
    saving once more (after a look at it) goes through."""
    data = posted.copy()
    data["last_saved"] = str(latest.pk)
    form = ReviewForm(data)
    form.is_valid()
    form.add_error(
        None,
        _(
            "Another review, dated %(day)s, was saved after you opened this page. Your answers are still here. "
            "Look at that review first; if yours is still needed, save again."
        )
        % {"day": date_format(latest.reviewed_on, "DATE_FORMAT")},
    )
    return form


def _sections(formset):
    """The checklist's rows grouped by area, [(area label, [forms])], and the blank rows for the clinic's own."""
    labels = dict(CareArea.choices)
    grouped = {}
    for form in formset.forms:
        if form.fixed:
            grouped.setdefault(form["area"].value(), []).append(form)
    custom = [form for form in formset.forms if not form.fixed]
    return [(labels.get(area, area), forms) for area, forms in grouped.items()], custom
