"""The clinic's outcomes page and CSV (issue 25): hand-computed figures for a small made-up clinic, small cells
withheld, no client named or identified anywhere, one clinic's figures never shown to another's admin, only clinic
admins let in, every read audited, and the same number of queries however many clients there are."""

import csv
import datetime
import io
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from accounts.models import Role
from advocacy.models import StepStatus
from audit.models import AuditEvent
from clients.models import ClientStatus
from clinics import outcomes
from clinics.outcomes import Cell, Quarter
from peers.models import ReferralStatus, ReferralStatusChange
from portfolio.models import MeasureResponse, StigmaEncounter

from ..factories import AdvocacyPlanFactory, AdvocacyStepFactory, ClientFactory, PeerReferralFactory, UserFactory

ZONE = ZoneInfo("America/New_York")  # the clinics' time zone (the Clinic model's default)
PAGE = "accounts:clinic_outcomes"
CSV = "accounts:clinic_outcomes_csv"
FEWER = "Fewer than 11"

# Twelve clients' PHQ-9 changes from baseline to follow-up, in points. Sum -39, so the mean is -3.25, shown -3.3
# (half away from zero); four of twelve (-8, -7, -6, -6) reach the PHQ-9's reliable change of 6: 33%.
PHQ9_CHANGES = [-8, -7, -6, -6, -5, -4, -3, -2, -1, 0, 1, 2]


def quarter_under_test():
    """The quarter before the current one in the clinic's zone: a whole quarter, among the page's choices."""
    return Quarter.containing(timezone.localdate(timezone=ZONE)).preceding


def at(day, hour=12, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=ZONE)


def result(client, instrument, total, when, by):
    return MeasureResponse.objects.create(
        client=client,
        instrument=instrument,
        instrument_version="1",
        answers={},
        total=Decimal(total),
        completed_by=by,
        completed_at=when,
    )


def people(clinic, therapist, count, tag):
    """`count` clients of `clinic`, each with a name, email, date of birth and portal account of their own."""
    made = []
    for number in range(count):
        portal_user = UserFactory(
            clinic=clinic,
            role=Role.CLIENT,
            email=f"{tag}.person{number}@example.org",
            full_name=f"{tag} Portal {number}",
        )
        made.append(
            ClientFactory(
                clinic=clinic,
                primary_therapist=therapist,
                portal_user=portal_user,
                legal_name=f"{tag.title()} Quillfeather {number:02d}",
                preferred_name=f"{tag.title()}Q{number:02d}",
                email=f"{tag}.client{number}@example.org",
                date_of_birth=datetime.date(1980, 1, 1) + datetime.timedelta(days=37 * number + 1),
            )
        )
    return made


def phq9_follow_ups(clients, therapist, quarter, changes):
    """A baseline a quarter before `quarter`, and a follow-up in it `changes[i]` points away, for each client."""
    before = quarter.preceding.first_day + datetime.timedelta(days=10)
    for client, change in zip(clients, changes, strict=True):
        result(client, "phq9", 20, at(before), therapist)
        result(client, "phq9", 20 + change, at(quarter.first_day + datetime.timedelta(days=40)), therapist)


@pytest.fixture
def clinic_data(clinic, therapist):
    """The made-up clinic: what each figure of the page is computed from, by hand."""
    quarter = quarter_under_test()
    middle = quarter.first_day + datetime.timedelta(days=30)
    clients = people(clinic, therapist, 15, "riverside")
    twelve, baseline_only = clients[:12], clients[12:]
    phq9_follow_ups(twelve, therapist, quarter, PHQ9_CHANGES)
    # The follow-up is the latest result in the quarter: an earlier one in it does not count.
    result(twelve[0], "phq9", 3, at(quarter.first_day + datetime.timedelta(days=5)), therapist)
    # The baseline is the first result ever: one between it and the quarter changes nothing.
    result(twelve[1], "phq9", 27, at(quarter.first_day - datetime.timedelta(days=3)), therapist)
    # A result after the quarter's end is not this quarter's follow-up.
    result(twelve[2], "phq9", 0, at(quarter.following.first_day, hour=0, minute=30), therapist)
    # A discharged client's past results still count (twelve[3] is one of the twelve).
    twelve[3].status = ClientStatus.DISCHARGED
    twelve[3].save()
    # Three more clients with a baseline and no follow-up: one long before, one in the quarter (its only result),
    # one at 23:30 on the quarter's last day in the clinic's zone (already the next day in UTC).
    result(baseline_only[0], "phq9", 14, at(quarter.preceding.first_day), therapist)
    result(baseline_only[1], "phq9", 9, at(middle), therapist)
    result(baseline_only[2], "phq9", 11, at(quarter.last_day, hour=23, minute=30), therapist)
    # GAD-7: ten clients only, a small cell.
    for client in twelve[:10]:
        result(client, "gad7", 15, at(quarter.preceding.first_day + datetime.timedelta(days=20)), therapist)
        result(client, "gad7", 7, at(middle), therapist)
    # Stigma encounters: 13 in the quarter from 12 clients, distress 8 before each; after, 4 (twelve of them) and 5:
    # 53/13 = 4.08, shown 4.1. One set aside and one before the quarter are not counted.
    for client in twelve:
        encounter(client, therapist, middle, 8, 4)
    encounter(twelve[0], therapist, quarter.last_day, 8, 5)
    encounter(twelve[1], therapist, middle, 2, 2, archived=True)
    encounter(twelve[2], therapist, quarter.first_day - datetime.timedelta(days=1), 2, 2)
    # Referrals: ten clients reached consent (a small cell); eleven reached attending, one of them twice.
    for client in clients[:10]:
        referral_moved(client, therapist, ReferralStatus.CONSENTED, at(middle))
    for client in clients[:11]:
        referral_moved(client, therapist, ReferralStatus.ATTENDING, at(middle))
    referral_moved(clients[0], therapist, ReferralStatus.ATTENDING, at(middle))
    referral_moved(clients[11], therapist, ReferralStatus.ATTENDING, at(quarter.following.first_day, hour=1))
    # Advocacy: 12 steps done in the quarter by 11 clients (the last at 23:00 on its last day, the next day in UTC);
    # one done the evening before it, one still planned.
    for client in clients[:11]:
        step(client, StepStatus.DONE, at(middle))
    step(clients[0], StepStatus.DONE, at(quarter.last_day, hour=23))
    # 23:30 the evening before the quarter in the clinic's zone: already the quarter's first day in UTC.
    step(clients[11], StepStatus.DONE, at(quarter.first_day - datetime.timedelta(days=1), hour=23, minute=30))
    step(clients[12], StepStatus.PLANNED, None)
    return {"quarter": quarter, "clients": clients}


def encounter(client, therapist, day, before, after, archived=False):
    return StigmaEncounter.objects.create(
        client=client,
        occurred_on=day,
        setting="work",
        what_happened="A coworker made a joke about people who live with depression.",
        distress_before=before,
        distress_after=after,
        created_by=therapist,
        archived_at=timezone.now() if archived else None,
    )


def referral_moved(client, therapist, to_status, when):
    referral = PeerReferralFactory(client=client, status=to_status)
    ReferralStatusChange.objects.create(
        referral=referral,
        from_status=ReferralStatus.SUGGESTED,
        to_status=to_status,
        changed_by=therapist,
        changed_at=when,
    )


def step(client, status, completed_at):
    plan = AdvocacyPlanFactory(client=client)
    AdvocacyStepFactory(plan=plan, status=status, completed_at=completed_at)


def page(client, quarter):
    return client.get(reverse(PAGE), {"quarter": quarter.key})


def csv_lines(client, quarter):
    response = client.get(reverse(CSV), {"quarter": quarter.key})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return response, list(csv.reader(io.StringIO(response.content.decode())))


def cells_of_row(html, label_start):
    """The texts of the cells of the page's table row whose heading starts with `label_start`."""
    row = re.search(rf'<tr><th scope="row">{re.escape(label_start)}[^<]*</th>(.*?)</tr>', html, re.S)
    assert row, f"no row {label_start!r}"
    return [text.strip() for text in re.findall(r"<td[^>]*>(.*?)</td>", row[1], re.S)]


def csv_values(lines, row_start):
    return [line[4] for line in lines[1:] if line[2].startswith(row_start)]


# The figures, computed by hand.


def test_the_phq9_figures_are_the_hand_computed_ones(client, login, admin, clinic_data):
    login(admin)
    html = page(client, clinic_data["quarter"]).content.decode()
    # 15 clients with a baseline; 12 with a follow-up; mean change -3.3; 4 of 12 reliably improved.
    assert cells_of_row(html, "Patient Health Questionnaire (PHQ-9)") == ["15", "12", "-3.3", "33%"]


def test_the_other_sections_are_the_hand_computed_ones(client, login, admin, clinic_data):
    login(admin)
    html = page(client, clinic_data["quarter"]).content.decode()
    assert cells_of_row(html, "Encounters recorded") == ["13"]
    assert cells_of_row(html, "Clients who recorded one or more") == ["12"]
    assert cells_of_row(html, "Mean distress before") == ["8.0"]
    assert cells_of_row(html, "Mean distress after") == ["4.1"]
    assert cells_of_row(html, "Clients whose referral reached attending") == ["11"]
    assert cells_of_row(html, "Advocacy steps done") == ["12"]
    assert cells_of_row(html, "Clients who did one or more") == ["11"]


def test_the_reliable_improvement_in_sql_is_the_instruments_own_rule(clinic, therapist, admin):
    """The page's count of reliable improvements agrees with `instruments.change` at and around the threshold."""
    from portfolio import instruments

    quarter = quarter_under_test()
    changes = [-7, -6, -5, 0, 5, 6, 7, -6, -6, -1, -12]
    phq9_follow_ups(people(clinic, therapist, 11, "edge"), therapist, quarter, changes)
    expected = sum(
        instruments.change(instruments.definition_for("phq9"), 20, 20 + c).reliable_improvement for c in changes
    )
    table = outcomes.tables(clinic_id=clinic.pk, period=quarter.period(ZONE))[0]
    assert expected == 5
    assert table.rows[0].cells[3] == Cell("share", round(100 * 5 / 11), 11)


def test_an_instrument_without_a_published_reliable_change_says_so(clinic, therapist):
    quarter = quarter_under_test()
    clients = people(clinic, therapist, 11, "pulse")
    for client in clients:
        result(client, "self_stigma_pulse", "3.00", at(quarter.preceding.first_day), therapist)
        result(client, "self_stigma_pulse", "2.00", at(quarter.first_day + datetime.timedelta(days=3)), therapist)
    row = outcomes.tables(clinic_id=clinic.pk, period=quarter.period(ZONE))[0].rows[0]
    assert [cell.text() for cell in row.cells] == ["11", "11", "-1.0", "No published reliable-change value"]


# Small cells.


def test_a_cell_of_ten_clients_is_withheld_on_the_page(client, login, admin, clinic_data):
    login(admin)
    html = page(client, clinic_data["quarter"]).content.decode()
    assert cells_of_row(html, "Generalized Anxiety Disorder") == [FEWER] * 4
    assert cells_of_row(html, "Clients whose referral reached consent") == [FEWER]


def test_a_cell_of_ten_clients_is_withheld_in_the_csv(client, login, admin, clinic_data):
    login(admin)
    _response, lines = csv_lines(client, clinic_data["quarter"])
    assert lines[0] == ["quarter", "section", "row", "figure", "value"]
    assert csv_values(lines, "Generalized Anxiety Disorder") == [FEWER] * 4
    assert csv_values(lines, "Clients whose referral reached consent") == [FEWER]
    # The CSV carries the page's figures.
    assert csv_values(lines, "Patient Health Questionnaire (PHQ-9)") == ["15", "12", "-3.3", "33%"]
    assert {line[0] for line in lines[1:]} == {clinic_data["quarter"].key}


def test_a_withheld_cell_keeps_no_figure_at_all():
    assert Cell.make("mean", Decimal("4.2"), 10) == Cell("mean", None, 10)
    assert Cell.count(0).text() == FEWER
    assert Cell.share(3, 10).value is None
    assert Cell.count(11).text() == "11"


def test_an_empty_quarter_shows_nothing_but_withheld_cells(client, login, admin, clinic_data):
    login(admin)
    html = page(client, clinic_data["quarter"].preceding.preceding).content.decode()
    assert "No client of the clinic had completed a questionnaire by the end of this quarter." in html
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    assert cells
    assert set(cells) == {FEWER}


# Nobody named, nobody identified.


def identifiers(clients):
    for person in clients:
        yield from (person.legal_name, person.preferred_name, person.email, str(person.pk), person.pk.hex)
        yield from (person.portal_user.email, person.portal_user.full_name, str(person.portal_user.pk))
        birth = person.date_of_birth
        yield from (birth.isoformat(), birth.strftime("%m/%d/%Y"), formats.date_format(birth, "DATE_FORMAT"))


def test_no_client_is_named_or_identified_on_the_page_or_in_the_csv(client, login, admin, clinic_data):
    login(admin)
    html = page(client, clinic_data["quarter"]).content.decode()
    response, lines = csv_lines(client, clinic_data["quarter"])
    text = response.content.decode()
    for found in identifiers(clinic_data["clients"]):
        assert found not in html
        assert found not in text
    assert "Quillfeather" not in html + text  # no part of a name either
    # No per-client row: one line per figure, as many as in a quarter with no figures at all.
    _response, empty_quarter = csv_lines(client, clinic_data["quarter"].preceding.preceding)
    assert len(lines) == len(empty_quarter) + 8  # the two questionnaires' rows of four figures each


# Another clinic.


def test_another_clinics_admin_sees_only_their_own_clinics_figures(
    client, login, admin, other_admin, other_clinic, clinic_data
):
    other_therapist = UserFactory(clinic=other_clinic, role=Role.THERAPIST)
    quarter = clinic_data["quarter"]
    phq9_follow_ups(people(other_clinic, other_therapist, 11, "hillview"), other_therapist, quarter, [-10] * 11)
    login(other_admin)
    html = page(client, quarter).content.decode()
    assert cells_of_row(html, "Patient Health Questionnaire (PHQ-9)") == ["11", "11", "-10.0", "100%"]
    assert cells_of_row(html, "Encounters recorded") == [FEWER]
    assert cells_of_row(html, "Clients whose referral reached attending") == [FEWER]
    assert cells_of_row(html, "Advocacy steps done") == [FEWER]
    assert "Generalized Anxiety Disorder" not in html
    _response, lines = csv_lines(client, quarter)
    assert csv_values(lines, "Patient Health Questionnaire (PHQ-9)") == ["11", "11", "-10.0", "100%"]
    assert csv_values(lines, "Encounters recorded") == [FEWER]
    for found in identifiers(clinic_data["clients"]):
        assert found not in html
    # And the other clinic's rows change nothing of this clinic's figures.
    client.logout()
    login(admin)
    assert cells_of_row(page(client, quarter).content.decode(), "Patient Health Questionnaire (PHQ-9)") == [
        "15",
        "12",
        "-3.3",
        "33%",
    ]


# Who may open it.


@pytest.mark.parametrize("name", [PAGE, CSV])
@pytest.mark.parametrize("role", ["therapist", "client_user"])
def test_therapists_and_clients_are_refused(client, login, request, role, name):
    login(request.getfixturevalue(role))
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", [PAGE, CSV])
def test_a_signed_out_visitor_is_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_page_is_linked_from_the_clinic_admins_menu(client, login, admin):
    login(admin)
    html = client.get(reverse("accounts:staff")).content.decode()
    assert f'href="{reverse(PAGE)}"' in html


# The quarter.


def test_the_page_offers_the_last_eight_quarters_and_shows_the_current_one_by_default(client, login, admin):
    login(admin)
    html = client.get(reverse(PAGE)).content.decode()
    offered = re.findall(r'<option value="(\d{4}-Q[1-4])"', html)
    current = Quarter.containing(timezone.localdate(timezone=ZONE))
    assert offered == [quarter.key for quarter in outcomes.recent_quarters(current.first_day)]
    assert len(offered) == 8
    assert f'<option value="{current.key}" selected>' in html
    # A quarter not offered falls back to the current one.
    assert (
        f'<option value="{current.key}" selected>' in client.get(reverse(PAGE), {"quarter": "1999-Q1"}).content.decode()
    )


def test_a_quarters_bounds_are_midnights_in_the_clinics_zone():
    period = Quarter(2026, 4).period(ZONE)
    assert period.start == datetime.datetime(2026, 10, 1, tzinfo=ZONE)
    assert period.end == datetime.datetime(2027, 1, 1, tzinfo=ZONE)
    assert period.end.astimezone(datetime.UTC) == datetime.datetime(2027, 1, 1, 5, tzinfo=datetime.UTC)
    assert (period.first_day, period.last_day) == (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    assert Quarter.parse("2026-Q4") == Quarter(2026, 4)
    assert Quarter.parse("2026-Q5") is None
    assert [q.key for q in outcomes.recent_quarters(datetime.date(2026, 2, 1), 3)] == ["2026-Q1", "2025-Q4", "2025-Q3"]


# Audit.


def test_viewing_and_exporting_are_audited_without_a_client(client, login, admin, clinic_data):
    login(admin)
    quarter = clinic_data["quarter"]
    page(client, quarter)
    csv_lines(client, quarter)
    events = AuditEvent.objects.filter(actor=admin, action__startswith="clinic.outcomes.").order_by("at")
    assert [(event.action, event.client_id, event.detail) for event in events] == [
        ("clinic.outcomes.view", None, {"quarter": quarter.key}),
        ("clinic.outcomes.export", None, {"quarter": quarter.key}),
    ]
    assert all(event.clinic_id == admin.clinic_id for event in events)


def test_the_audit_codes_have_labels():
    from audit.forms import action_label

    assert action_label("clinic.outcomes.view") == "Clinic outcomes: viewed"
    assert action_label("clinic.outcomes.export") == "Clinic outcomes: exported (CSV)"


# Queries.


def every_kind_for(clients, therapist, quarter):
    """A baseline and follow-up of both questionnaires, a stigma encounter, referrals and a done step, per client."""
    middle = quarter.first_day + datetime.timedelta(days=30)
    phq9_follow_ups(clients, therapist, quarter, [-6] * len(clients))
    for client in clients:
        result(client, "gad7", 12, at(quarter.preceding.first_day), therapist)
        result(client, "gad7", 8, at(middle), therapist)
        encounter(client, therapist, middle, 7, 3)
        referral_moved(client, therapist, ReferralStatus.CONSENTED, at(middle))
        referral_moved(client, therapist, ReferralStatus.ATTENDING, at(middle))
        step(client, StepStatus.DONE, at(middle))


def test_the_page_and_the_csv_make_as_many_queries_with_40_clients_as_with_12(client, login, admin, clinic, therapist):
    login(admin)
    quarter = quarter_under_test()
    every_kind_for(people(clinic, therapist, 12, "first"), therapist, quarter)
    counts = []
    for _round in range(2):
        page(client, quarter)  # refreshes the session's idle clock, so the counted requests do not write it
        with CaptureQueriesContext(connection) as page_queries:
            html = page(client, quarter).content.decode()
        with CaptureQueriesContext(connection) as csv_queries:
            csv_lines(client, quarter)
        counts.append((len(page_queries), len(csv_queries), html))
        if _round == 0:
            every_kind_for(people(clinic, therapist, 28, "more"), therapist, quarter)
    (page_12, csv_12, html_12), (page_40, csv_40, html_40) = counts
    assert cells_of_row(html_12, "Patient Health Questionnaire (PHQ-9)") == ["12", "12", "-6.0", "100%"]
    assert cells_of_row(html_40, "Patient Health Questionnaire (PHQ-9)") == ["40", "40", "-6.0", "100%"]
    assert cells_of_row(html_40, "Advocacy steps done") == ["40"]
    assert page_40 == page_12
    assert csv_40 == csv_12


def test_the_figures_take_five_queries(clinic, therapist, django_assert_num_queries):
    """The questionnaires' baselines, their follow-ups (with the change and reliable improvements), the stigma
    encounters, the referrals, the advocacy steps: one aggregate query each."""
    quarter = quarter_under_test()
    every_kind_for(people(clinic, therapist, 12, "some"), therapist, quarter)
    with django_assert_num_queries(5):
        tables = outcomes.tables(clinic_id=clinic.pk, period=quarter.period(ZONE))
    assert [table.key for table in tables] == ["measures", "stigma", "referrals", "advocacy"]
