"""Reliability (docs/rules.md, "Quality"), proved on PostgreSQL: no silent overwrite, and a form submitted twice makes one row.

- Two people (or one person in two tabs) open the same plan's edit page and both change it: the first save
  wins, the second is refused with a clear message, and its page keeps both versions (the person's unsaved
  text in the form, and what was saved beside it); saving again from that page is then a deliberate choice.
- The same create form posted twice, one after the other and truly at the same moment from two threads with
  their own database connections, makes exactly one row.
"""

import datetime as dt
import re
import threading
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client as BrowserClient
from django.urls import reverse
from django.utils import timezone

from advocacy.models import AdvocacyPlan
from clients.models import CheckIn, SafetyPlan
from disclosure.models import DisclosurePlan
from peers.models import PeerReferral
from portfolio.models import EmpowermentPlan, JournalEntry
from reminders.models import Reminder

from .conftest import log_in
from .factories import (
    AdvocacyPlanFactory,
    CareTeamMemberFactory,
    DisclosurePlanFactory,
    PeerResourceFactory,
    SafetyPlanFactory,
)

CONFLICT = "This was saved again after you opened this page"

pytestmark = pytest.mark.postgresql


@pytest.fixture(autouse=True)
def _on_postgresql():
    if connection.vendor != "postgresql":
        pytest.fail(
            "tests/test_concurrency.py proves behaviour on PostgreSQL: set DATABASE_URL to a PostgreSQL database"
        )


class _FormFields(HTMLParser):
    """The fields a browser would submit from the page's form that carries a `name` field (GET → POST)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._textarea, self._select = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "form":
            self._form = {}
        elif self._form is None or not name and tag != "option":
            return
        elif tag == "input" and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._form[name] = attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")
        elif tag == "textarea":
            self._textarea, self._form[name] = name, ""
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and ("selected" in attrs or self._select not in self._form):
            self._form[self._select] = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea:
            self._form[self._textarea] += data.removeprefix("\n") if not self._form[self._textarea] else data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def form_of(response, marker):
    """The submittable fields of the form on `response` that has a field named `marker`."""
    assert response.status_code == 200, response.status_code
    parser = _FormFields()
    parser.feed(response.content.decode())
    forms = [form for form in parser.forms if marker in form]
    assert len(forms) == 1, f"expected one form with a {marker!r} field"
    forms[0].pop("csrfmiddlewaretoken", None)
    return forms[0]


def browser(user):
    return log_in(BrowserClient(), user)


# Each editable plan: how to make one, its edit page, a free-text field to change, and its model.
def _disclosure(client_record):
    plan = DisclosurePlanFactory(client=client_record, script="Opening words.")
    return reverse("disclosure:edit", args=[client_record.pk, plan.pk]), "script", DisclosurePlan


def _advocacy(client_record):
    plan = AdvocacyPlanFactory(client=client_record)
    return reverse("advocacy:edit", args=[client_record.pk, plan.pk]), "aim", AdvocacyPlan


def _empowerment(client_record):
    EmpowermentPlan.objects.create(client=client_record, created_by=client_record.primary_therapist, values="Honesty")
    return reverse("portfolio:plan_edit", args=[client_record.pk]), "values", EmpowermentPlan


def _safety(client_record):
    SafetyPlanFactory(client=client_record, warning_signs="Sleeping less.")
    return reverse("clients:safety_plan_edit", args=[client_record.pk]), "warning_signs", SafetyPlan


PLANS = {"disclosure plan": _disclosure, "advocacy plan": _advocacy, "empowerment plan": _empowerment}
PLANS["safety plan"] = _safety


@pytest.fixture
def on_care_team(client_record, colleague):
    """The colleague joins the care team, so two therapists may edit the same record."""
    CareTeamMemberFactory(client=client_record, user=colleague)
    return colleague


@pytest.mark.parametrize("kind", PLANS)
@pytest.mark.parametrize("second_editor", ["a colleague", "the same therapist in another tab"])
def test_the_second_save_of_a_plan_is_refused_and_both_versions_stay_on_the_page(
    kind, second_editor, therapist, on_care_team, client_record
):
    url, field, model = PLANS[kind](client_record)
    first = browser(therapist)
    second = browser(on_care_team if second_editor == "a colleague" else therapist)
    first_form, second_form = form_of(first.get(url), field), form_of(second.get(url), field)
    assert first_form["version"] == second_form["version"] == "1"

    saved = first.post(url, first_form | {field: "Saved first: ZEBRA-FIRST-7781"})
    assert saved.status_code == 302
    refused = second.post(url, second_form | {field: "Typed second: OTTER-SECOND-4410"})

    assert refused.status_code == 200
    page = refused.content.decode()
    assert page.count(CONFLICT) == 1  # above the form (templates/includes/form.html), not again inside it
    # Who saved it (the same person in another tab is not "someone else"), above the form, and what differs.
    saver = (
        "What you saved in another tab or window"
        if second_editor.startswith("the same")
        else "What Alice Therapist saved"
    )
    assert saver in page
    assert "ZEBRA-FIRST-7781" in page
    assert "someone else" not in page
    label = str(model._meta.get_field(field).verbose_name)
    assert re.search(rf"Different from your text:[^<]*{re.escape(label)}", page, re.IGNORECASE)
    kept = form_of(refused, field)
    assert kept[field] == "Typed second: OTTER-SECOND-4410"  # the person's unsaved text, still in the form
    row = model.objects.get(client=client_record)
    assert getattr(row, field) == "Saved first: ZEBRA-FIRST-7781"
    assert row.version == 2  # no silent overwrite

    # Having seen both, saving again from that page is deliberate, and it is taken.
    assert kept["version"] == "2"
    assert second.post(url, kept).status_code == 302
    row.refresh_from_db()
    assert getattr(row, field) == "Typed second: OTTER-SECOND-4410"
    assert row.version == 3


_NEW_PLAN_PAGES = {
    "empowerment plan": lambda record: (reverse("portfolio:plan_edit", args=[record.pk]), "values"),
    "safety plan": lambda record: (reverse("clients:safety_plan_edit", args=[record.pk]), "warning_signs"),
}


@pytest.mark.parametrize("kind", _NEW_PLAN_PAGES)
def test_two_first_saves_of_a_new_plan_make_one_plan_and_refuse_the_second(
    kind, therapist, on_care_team, client_record
):
    url, field = _NEW_PLAN_PAGES[kind](client_record)
    model = EmpowermentPlan if kind == "empowerment plan" else SafetyPlan
    first, second = browser(therapist), browser(on_care_team)
    first_form, second_form = form_of(first.get(url), field), form_of(second.get(url), field)
    assert first.post(url, first_form | {field: "ZEBRA-FIRST-7781"}).status_code == 302
    refused = second.post(url, second_form | {field: "OTTER-SECOND-4410"})
    assert refused.status_code == 200
    assert CONFLICT in refused.content.decode()
    assert form_of(refused, field)[field] == "OTTER-SECOND-4410"
    assert model.objects.filter(client=client_record).count() == 1


@pytest.mark.slow  # several connections at once, committed rows, a flush after: with the worker tests
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["empowerment plan", "safety plan"])
def test_two_first_saves_of_a_new_plan_at_the_same_moment_make_one_plan(kind, request):
    therapist, client_record = request.getfixturevalue("therapist"), request.getfixturevalue("client_record")
    colleague = request.getfixturevalue("on_care_team")
    url, field = _NEW_PLAN_PAGES[kind](client_record)
    model = EmpowermentPlan if kind == "empowerment plan" else SafetyPlan
    for number in range(3):  # a race is a matter of timing: several rounds make a miss unlikely
        model.objects.filter(client=client_record).delete()
        forms = [form_of(browser(user).get(url), field) | {field: f"Round {number}"} for user in (therapist, colleague)]
        results = _post_together(url, forms, [therapist, colleague])
        assert sorted(status for status, _page in results) == [200, 302]
        assert CONFLICT in next(page for status, page in results if status == 200)
        assert model.objects.filter(client=client_record).count() == 1


# --- A form submitted twice makes one row -----------------------------------------------------------------------


def _check_in(client_record, therapist):
    url = reverse("clients:check_in_create", args=[client_record.pk])
    data = {"session_date": timezone.localdate().isoformat(), "wellbeing": "6", "relapse_risk": "low"}
    return url, "session_date", data, CheckIn.objects.filter(client=client_record)


def _journal(client_record, therapist):
    url = reverse("portfolio:item_create", args=[client_record.pk, "journal"])
    data = {"kind": "reflection", "text": "A calm week.", "written_on": timezone.localdate().isoformat()}
    return url, "text", data, JournalEntry.objects.filter(client=client_record)


def _referral(client_record, therapist):
    resource = PeerResourceFactory(clinic=client_record.clinic)
    url = reverse("peers:referral_create", args=[client_record.pk, resource.pk])
    return url, "why", {"why": "Would like a peer group."}, PeerReferral.objects.filter(client=client_record)


def _reminder(client_record, therapist):
    url = reverse("reminders:reminder_create", args=[client_record.pk])
    data = {
        "for_whom": "me",
        "kind": "custom",
        "note": "Bring the worksheet.",
        "starts_on": (timezone.localdate() + dt.timedelta(days=1)).isoformat(),
        "local_time": "09:30",
        "recurrence": "none",
        "channel": "in_app",
    }
    return url, "note", data, Reminder.objects.filter(client=client_record)


CREATE_FORMS = {"check-in": _check_in, "journal entry": _journal, "peer referral": _referral, "reminder": _reminder}


def _filled(browser_client, url, marker, data):
    form = form_of(browser_client.get(url), marker)
    assert form.get("submission_key"), "the create form carries a one-time submission key"
    return form | data


@pytest.mark.parametrize("kind", CREATE_FORMS)
def test_a_create_form_posted_twice_makes_one_row(kind, therapist, client_record):
    url, marker, data, rows = CREATE_FORMS[kind](client_record, therapist)
    tab = browser(therapist)
    form = _filled(tab, url, marker, data)
    first, again = tab.post(url, form), tab.post(url, form)
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert rows.count() == 1


def _post_together(url, forms, users):
    """Post each form from its user's own logged-in browser, all released at the same instant by a barrier;
    each thread has its own database connection (Django's connections are per thread). Returns each
    response's (status, page)."""
    barrier, results, errors = threading.Barrier(len(users)), [], []
    browsers = [browser(user) for user in users]

    def post(tab, form):
        try:
            barrier.wait(timeout=30)
            response = tab.post(url, form)
            results.append((response.status_code, response.content.decode()))
        except Exception as error:  # a server error in a thread must fail the test, not vanish
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=pair) for pair in zip(browsers, forms, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


@pytest.mark.slow  # several connections at once, committed rows, a flush after: with the worker tests
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", CREATE_FORMS)
def test_a_create_form_posted_at_the_same_moment_from_two_connections_makes_one_row(kind, request):
    therapist, client_record = request.getfixturevalue("therapist"), request.getfixturevalue("client_record")
    url, marker, data, rows = CREATE_FORMS[kind](client_record, therapist)
    rounds = 5  # a race is a matter of timing: several rounds, each a new form and key, make a miss unlikely
    for number in range(rounds):
        form = _filled(browser(therapist), url, marker, data)
        results = _post_together(url, [form] * 3, [therapist] * 3)
        assert [status for status, _page in results] == [302, 302, 302]
        assert rows.count() == number + 1, f"round {number}: the same submission made {rows.count() - number} rows"
        if kind == "peer referral":  # one open referral per client and resource (issue 20): the next round's
            rows.update(status="declined")  # form is a new referral once this one has ended
