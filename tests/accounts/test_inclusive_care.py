"""The inclusive-care self-assessment: reviews start from the last one, every review is kept, owners are the
clinic's own staff, therapists read, admins write, another clinic sees nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from audit.models import AuditEvent
from clients.person_first_terms import suggestions_for
from clinics import inclusive_care
from clinics.models import CareArea, InclusiveCareItem, InclusiveCareReview, ItemStatus
from demo.inclusive_care import REVIEWS as DEMO_REVIEWS

from ..factories import UserFactory

LIST = reverse("accounts:inclusive_care")
NEW = reverse("accounts:inclusive_care_new")
PRONOUNS = "Forms ask for pronouns and preferred name"
QUIET_SPACE = "There is a quiet space for someone who needs one"


def detail(review):
    return reverse("accounts:inclusive_care_review", kwargs={"review_id": review.pk})


def make_review(clinic, by, *items, days_ago=90, summary=""):
    """A saved review; each item is (area, question, status) plus optional owner, due_on and next_step."""
    review = InclusiveCareReview.objects.create(
        clinic=clinic, created_by=by, reviewed_on=timezone.localdate() - datetime.timedelta(days=days_ago)
    )
    for position, (area, question, status, *rest) in enumerate(items):
        owner, due_on, next_step = (*rest, None, None, None)[:3]
        InclusiveCareItem.objects.create(
            review=review,
            area=area,
            question=question,
            status=status,
            owner=owner,
            due_on=due_on,
            next_step=next_step or "",
            position=position,
        )
    return review


def filled(response, status=None):
    """The POST data of the new-review form as the page shows it; blank statuses set to `status` if given."""
    formset, review_form = response.context["formset"], response.context["review_form"]
    data = {
        "items-TOTAL_FORMS": str(formset.total_form_count()),
        "items-INITIAL_FORMS": str(formset.initial_form_count()),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "200",
        "reviewed_on": timezone.localdate().isoformat(),
        "summary": "",
        "last_saved": review_form.initial["last_saved"],
    }
    for form in formset.forms:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            data[form.add_prefix(name)] = "" if value is None else str(value)
        if status and form.fixed and not data[form.add_prefix("status")]:
            data[form.add_prefix("status")] = status
    return data


def index_of(response, question):
    return next(
        i for i, form in enumerate(response.context["formset"].forms) if form.initial.get("question") == question
    )


@pytest.fixture
def other_therapist(other_clinic):
    return UserFactory(clinic=other_clinic, role=Role.THERAPIST, full_name="Frank Elsewhere")


# --- A new review starts from the last one --------------------------------------------------------------


def test_a_first_review_lists_the_standard_questions_of_every_area_unanswered(client, login, admin):
    login(admin)
    response = client.get(NEW)
    assert response.status_code == 200
    forms = response.context["formset"].forms
    fixed = [form for form in forms if form.fixed]
    assert len(fixed) == len(inclusive_care.standard_questions()) >= 2 * len(CareArea)
    assert {form.initial["area"] for form in fixed} == set(CareArea.values)
    assert all(form.initial["status"] == "" for form in fixed)
    assert [form for form in forms if not form.fixed]  # rows for the clinic's own items
    html = response.content.decode()
    assert PRONOUNS in html
    assert QUIET_SPACE in html
    assert "Multilingual resources" in html


def test_a_new_review_carries_forward_each_items_status_next_step_owner_and_due_date(
    client, login, admin, colleague, clinic
):
    due = timezone.localdate() + datetime.timedelta(days=30)
    make_review(
        clinic,
        admin,
        (CareArea.INTAKE, PRONOUNS, ItemStatus.OPEN, colleague, due, "Add both fields to the intake form"),
        (CareArea.WAITING_ROOM, QUIET_SPACE, ItemStatus.MET),
    )
    login(admin)
    response = client.get(NEW)
    forms = response.context["formset"].forms
    carried = forms[index_of(response, PRONOUNS)]
    assert carried.initial["status"] == ItemStatus.OPEN
    assert carried.initial["owner"] == colleague.pk
    assert carried.initial["due_on"] == due
    assert carried.initial["next_step"] == "Add both fields to the intake form"
    assert forms[index_of(response, QUIET_SPACE)].initial["status"] == ItemStatus.MET
    html = response.content.decode()
    assert "Add both fields to the intake form" in html
    assert f'<option value="{colleague.pk}" selected>' in html
    assert f'value="{due.isoformat()}"' in html


def test_the_open_items_stay_visible_with_their_owner_and_due_date(client, login, therapist, admin, colleague, clinic):
    due = timezone.localdate() + datetime.timedelta(days=14)
    make_review(
        clinic,
        admin,
        (CareArea.INTAKE, PRONOUNS, ItemStatus.PARTLY, colleague, due, "Print the new forms"),
        (CareArea.WAITING_ROOM, QUIET_SPACE, ItemStatus.MET, therapist),
    )
    login(therapist)
    response = client.get(LIST)
    assert response.status_code == 200
    assert [item.question for item in response.context["open_items"]] == [PRONOUNS]
    html = response.content.decode()
    assert "Print the new forms" in html
    assert colleague.full_name in html
    assert due.strftime("%Y") in html


def test_an_owner_who_is_no_longer_active_is_not_carried_forward(client, login, admin, colleague, clinic):
    make_review(clinic, admin, (CareArea.INTAKE, PRONOUNS, ItemStatus.OPEN, colleague))
    colleague.is_active = False
    colleague.save()
    login(admin)
    response = client.get(NEW)
    form = response.context["formset"].forms[index_of(response, PRONOUNS)]
    assert form.initial["owner"] is None
    assert form.owner_left
    assert "no longer active staff of the clinic" in response.content.decode()


# --- Saving keeps every review ----------------------------------------------------------------------------


def test_saving_keeps_each_review_and_counts_every_status(client, login, admin, colleague, clinic):
    login(admin)
    first = filled(client.get(NEW), status=ItemStatus.OPEN)
    first["summary"] = "Our first look at how welcoming the clinic is."
    response = client.post(NEW, first)
    assert response.status_code == 302
    first_review = InclusiveCareReview.objects.get()
    assert response["Location"] == detail(first_review)

    page = client.get(NEW)
    second = filled(page)
    pronouns, quiet = index_of(page, PRONOUNS), index_of(page, QUIET_SPACE)
    second[f"items-{pronouns}-status"] = ItemStatus.MET
    second[f"items-{quiet}-status"] = ItemStatus.PARTLY
    second[f"items-{quiet}-owner"] = str(colleague.pk)
    second[f"items-{quiet}-next_step"] = "Clear the small room by the entrance"
    second["items-0-status"] = ItemStatus.NOT_APPLICABLE
    assert client.post(NEW, second).status_code == 302

    assert InclusiveCareReview.objects.count() == 2
    total = len(inclusive_care.standard_questions())
    response = client.get(LIST)
    rows = {review.pk: review for review in response.context["page"]}
    assert set(rows) == set(InclusiveCareReview.objects.values_list("pk", flat=True))
    old = rows[first_review.pk]
    assert (old.count_met, old.count_partly, old.count_open, old.count_not_applicable) == (0, 0, total, 0)
    new = next(review for pk, review in rows.items() if pk != first_review.pk)
    assert (new.count_met, new.count_partly, new.count_open, new.count_not_applicable) == (1, 1, total - 3, 1)
    # The first review is kept as it was saved.
    assert first_review.items.filter(status=ItemStatus.OPEN).count() == total
    assert first_review.summary == "Our first look at how welcoming the clinic is."


def test_saving_writes_one_audit_event_with_no_client(client, login, admin, clinic):
    login(admin)
    client.post(NEW, filled(client.get(NEW), status=ItemStatus.MET))
    review = InclusiveCareReview.objects.get()
    event = AuditEvent.objects.get(action="inclusive_care.review")
    assert (event.actor, event.clinic, event.client, event.object_id) == (admin, clinic, None, str(review.pk))
    assert event.detail["items"] == review.items.count()
    assert event.detail["met"] == review.items.count()


def test_the_progress_table_shows_each_area_over_time(client, login, admin, clinic):
    make_review(clinic, admin, (CareArea.INTAKE, PRONOUNS, ItemStatus.OPEN), days_ago=180)
    make_review(clinic, admin, (CareArea.INTAKE, PRONOUNS, ItemStatus.MET), days_ago=90)
    login(admin)
    response = client.get(LIST)
    recent, table = response.context["recent"], response.context["progress"]
    assert [review.reviewed_on for review in recent] == sorted(review.reviewed_on for review in recent)
    assert table == [("Intake process", [(0, 1), (1, 1)])]
    assert "0 of 1" in response.content.decode()
    assert "1 of 1" in response.content.decode()


def test_the_list_page_makes_the_same_number_of_queries_for_two_or_many_reviews(client, login, admin, clinic):
    login(admin)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    queries()  # the first request after logging in also settles the session
    for days_ago in (30, 60):
        make_review(clinic, admin, (CareArea.INTAKE, PRONOUNS, ItemStatus.OPEN, admin), days_ago=days_ago)
    few = queries()
    for days_ago in range(90, 900, 30):
        make_review(clinic, admin, (CareArea.INTAKE, PRONOUNS, ItemStatus.OPEN, admin), days_ago=days_ago)
    assert queries() == few


def test_the_clinics_own_items_are_saved_and_come_back_next_time(client, login, admin):
    login(admin)
    page = client.get(NEW)
    data = filled(page, status=ItemStatus.MET)
    extra = len(inclusive_care.standard_questions())
    data[f"items-{extra}-area"] = CareArea.TRANSPORT
    data[f"items-{extra}-question"] = "Bike parking by the entrance"
    data[f"items-{extra}-status"] = ItemStatus.OPEN
    assert client.post(NEW, data).status_code == 302
    assert InclusiveCareItem.objects.filter(question="Bike parking by the entrance", status="open").exists()
    again = client.get(NEW)
    form = again.context["formset"].forms[index_of(again, "Bike parking by the entrance")]
    assert form.fixed
    assert form.initial["area"] == CareArea.TRANSPORT
    assert form.initial["status"] == "open"


# --- Bad input is refused clearly, and nothing typed is lost ----------------------------------------------


def test_an_owner_from_another_clinic_is_refused_and_what_was_typed_is_kept(client, login, admin, other_therapist):
    login(admin)
    page = client.get(NEW)
    data = filled(page, status=ItemStatus.OPEN)
    row = index_of(page, PRONOUNS)
    data[f"items-{row}-owner"] = str(other_therapist.pk)
    data[f"items-{row}-next_step"] = "Ask the front desk which forms to change first"
    data["summary"] = "Spring review with the whole team"
    response = client.post(NEW, data)
    assert response.status_code == 400
    assert not InclusiveCareReview.objects.exists()
    html = response.content.decode()
    assert "The owner must be an active therapist or admin of your clinic" in html
    assert "Ask the front desk which forms to change first" in html
    assert "Spring review with the whole team" in html
    assert other_therapist.full_name not in html


def test_the_service_refuses_an_owner_from_another_clinic(admin, other_therapist):
    items = [
        {
            "area": CareArea.INTAKE,
            "question": PRONOUNS,
            "status": ItemStatus.OPEN,
            "next_step": "",
            "owner": other_therapist,
            "due_on": None,
        }
    ]
    with pytest.raises(ValidationError, match="active therapist or admin of your clinic"):
        inclusive_care.review_create(
            by_user=admin, reviewed_on=timezone.localdate(), summary="", items=items, last_saved=""
        )
    assert not InclusiveCareReview.objects.exists()


def test_an_unanswered_item_or_a_future_date_is_explained(client, login, admin):
    login(admin)
    data = filled(client.get(NEW))  # a first review: no status chosen yet
    data["reviewed_on"] = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(NEW, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose where the clinic stands on this item." in html
    assert "Choose today or an earlier date." in html
    assert not InclusiveCareReview.objects.exists()


def test_a_review_saved_in_between_is_not_overwritten_and_a_double_submit_makes_one_review(client, login, admin):
    login(admin)
    data = filled(client.get(NEW), status=ItemStatus.MET)
    assert client.post(NEW, data).status_code == 302
    assert client.post(NEW, data).status_code == 302  # the same form sent twice
    assert InclusiveCareReview.objects.count() == 1

    stale = dict(data, summary="Typed while a colleague saved theirs")
    response = client.post(NEW, stale)
    assert response.status_code == 400
    assert "was saved after you opened this page" in response.content.decode()
    assert "Typed while a colleague saved theirs" in response.content.decode()
    assert InclusiveCareReview.objects.count() == 1
    # Having seen the warning, saving again goes through.
    again = dict(stale, last_saved=response.context["review_form"].data["last_saved"])
    assert client.post(NEW, again).status_code == 302
    assert InclusiveCareReview.objects.count() == 2


# --- Who may do what --------------------------------------------------------------------------------------


def test_a_therapist_reads_the_reviews_but_cannot_start_or_save_one(client, login, therapist, admin, clinic):
    review = make_review(clinic, admin, (CareArea.INTAKE, PRONOUNS, ItemStatus.OPEN, therapist))
    login(therapist)
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert NEW not in listing.content.decode()
    page = client.get(detail(review))
    assert page.status_code == 200
    assert PRONOUNS in page.content.decode()
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, {"reviewed_on": timezone.localdate().isoformat()}).status_code == 403
    assert InclusiveCareReview.objects.count() == 1
    with pytest.raises(PermissionDenied):
        inclusive_care.review_create(
            by_user=therapist, reviewed_on=timezone.localdate(), summary="", items=[], last_saved=str(review.pk)
        )


def test_another_clinics_admin_gets_404_and_sees_none_of_this_clinics_reviews(
    client, login, admin, other_admin, clinic
):
    review = make_review(clinic, admin, (CareArea.INTAKE, PRONOUNS, ItemStatus.OPEN, admin, None, "Order forms"))
    login(other_admin)
    assert client.get(detail(review)).status_code == 404
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert list(listing.context["page"]) == []
    assert "Order forms" not in listing.content.decode()
    # Their new review starts from their own clinic's (empty) history.
    form = client.get(NEW).context["formset"].forms[0]
    assert form.initial["status"] == ""
    assert form.initial["owner"] is None


def test_a_client_gets_403_on_every_page(client, login, client_user, admin, clinic):
    review = make_review(clinic, admin, (CareArea.INTAKE, PRONOUNS, ItemStatus.OPEN))
    login(client_user)
    for url in (LIST, NEW, detail(review)):
        assert client.get(url).status_code == 403


# --- Words matter -----------------------------------------------------------------------------------------


def demo_reviews():
    return [review for reviews in DEMO_REVIEWS.values() for review in reviews]


def test_the_questions_and_the_demo_reviews_use_person_first_language():
    texts = [question for _area, question in inclusive_care.standard_questions()]
    for review in demo_reviews():
        texts.append(review["summary"])
        texts += [item["next_step"] for item in review["items"].values()]
    assert [(text, suggestions_for(text)) for text in texts if suggestions_for(text)] == []


# --- The demo -------------------------------------------------------------------------------------------


def test_the_demo_reviews_name_only_standard_questions():
    standard = {question for _area, question in inclusive_care.standard_questions()}
    assert [question for review in demo_reviews() for question in review["items"] if question not in standard] == []
