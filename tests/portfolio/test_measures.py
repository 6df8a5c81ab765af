"""Measures as data: the loader's checks, ISMI-10 scoring by hand-computed examples, questionnaires."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from audit.models import AuditEvent
from portfolio.instruments import InstrumentError, definition_for, score, shipped, validate
from portfolio.models import InstrumentWording, MeasureAssignment, MeasureResponse

from ..factories import pulse_results

ISMI_IDS = [item["id"] for item in definition_for("ismi10")["items"]]


def ismi(alienation, stereotype, discrimination, withdrawal, resistance):
    values = [*alienation, *stereotype, *discrimination, *withdrawal, *resistance]
    return dict(zip(ISMI_IDS, values, strict=True))


@pytest.mark.parametrize(
    ("answers", "total", "band", "subscales"),
    [
        # 3+4+2+2+3+3+2+1 and the resistance items 1,2 reversed to 4,3: 27 / 10 = 2.70
        (
            ismi((3, 4), (2, 2), (3, 3), (2, 1), (1, 2)),
            "2.70",
            "Moderate",
            {
                "alienation": "3.50",
                "stereotype_endorsement": "2.00",
                "discrimination_experience": "3.00",
                "social_withdrawal": "1.50",
                "stigma_resistance": "3.50",
            },
        ),
        # all 1: eight 1s and two reversed 4s: 16 / 10
        (ismi((1, 1), (1, 1), (1, 1), (1, 1), (1, 1)), "1.60", "Minimal to no internalized stigma", None),
        # all 4: eight 4s and two reversed 1s: 34 / 10
        (ismi((4, 4), (4, 4), (4, 4), (4, 4), (4, 4)), "3.40", "Severe", None),
        # strong stigma resistance (4,4 reversed to 1,1) lowers the mean: (2*8 + 1 + 1) / 10 = 1.80
        (ismi((2, 2), (2, 2), (2, 2), (2, 2), (4, 4)), "1.80", "Minimal to no internalized stigma", None),
        # exactly on a boundary stays in the lower band: 25 / 10 = 2.50
        (ismi((3, 3), (3, 2), (2, 2), (3, 2), (4, 1)), "2.50", "Mild", None),
    ],
)
def test_ismi10_scoring(answers, total, band, subscales):
    result = score(definition_for("ismi10"), answers)
    assert result.total == Decimal(total)
    assert result.band["label"]["en"] == band
    if subscales:
        assert {key: str(value) for key, value in result.subscales.items()} == subscales


def test_an_incomplete_ismi10_is_refused_naming_the_missing_items():
    answers = ismi((3, 4), (2, 2), (3, 3), (2, 1), (1, 2))
    del answers["social_withdrawal_2"], answers["stigma_resistance_1"]
    with pytest.raises(InstrumentError, match="Unanswered: social_withdrawal_2, stigma_resistance_1"):
        score(definition_for("ismi10"), answers)


def test_an_answer_outside_the_scale_is_refused():
    answers = ismi((3, 5), (2, 2), (3, 3), (2, 1), (1, 2))
    with pytest.raises(InstrumentError, match="must be from 1 to 4"):
        score(definition_for("ismi10"), answers)


def test_the_pulses_score_with_their_own_rules():
    stigma = definition_for("self_stigma_pulse")
    # 2 + 3 + 1, and "stood up" 4 reversed to 1: 7 / 4
    assert score(stigma, {"ashamed": 2, "kept_quiet": 3, "believed_it": 1, "stood_up": 4}).total == Decimal("1.75")
    empowerment = definition_for("empowerment_pulse")
    result = score(empowerment, {"decisions": 3, "asked": 2, "hopeful": 4, "connected": 3, "helpless": 1})
    assert result.total == Decimal("15")
    assert result.band["label"]["en"] == "Strong"


def test_every_shipped_definition_is_valid_and_ismi_ships_without_wording():
    assert set(shipped()) == {"ismi10", "self_stigma_pulse", "empowerment_pulse", "phq9", "gad7"}
    assert all("text" not in item for item in definition_for("ismi10")["items"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("bands"), "missing 'bands'"),
        (lambda d: d["scoring"].update(rule="median"), "scoring rule must be 'sum' or 'mean'"),
        (lambda d: d["items"].append(dict(d["items"][0])), "item ids must be unique"),
        (lambda d: d["items"][0].update(subscale="courage"), "unknown subscale 'courage'"),
        (lambda d: d["bands"].reverse(), "bands need increasing 'max' values"),
    ],
)
def test_the_loader_names_what_is_wrong_with_a_definition(change, message):
    definition = json.loads(json.dumps(definition_for("ismi10")))
    change(definition)
    with pytest.raises(InstrumentError, match=message):
        validate(definition)


def wording_file(tmp_path, **overrides):
    data = {
        "instrument": "ismi10",
        "language": "en",
        "items": {item_id: f"Licensed wording of {item_id}" for item_id in ISMI_IDS},
    } | overrides
    path = tmp_path / "ismi.json"
    path.write_text(json.dumps(data))
    return path


def test_load_instrument_stores_the_clinics_licensed_wording(tmp_path, clinic):
    call_command("load_instrument", str(wording_file(tmp_path)), clinic=clinic.name, stdout=io.StringIO())
    wording = InstrumentWording.objects.get(clinic=clinic, instrument="ismi10")
    assert wording.items["alienation_1"] == "Licensed wording of alienation_1"


def test_load_instrument_refuses_an_incomplete_wording(tmp_path, clinic):
    items = dict.fromkeys(ISMI_IDS[:-1], "text")
    with pytest.raises(CommandError, match="no text for stigma_resistance_2"):
        call_command("load_instrument", str(wording_file(tmp_path, items=items)), clinic=clinic.name)


def test_a_licensed_measure_cannot_be_asked_before_its_wording_is_loaded(
    client, login, therapist, client_record, tmp_path
):
    login(therapist)
    client.post(reverse("portfolio:measure_assign", args=[client_record.pk]), {"instrument": "ismi10"})
    assert not MeasureAssignment.objects.filter(instrument="ismi10").exists()
    call_command("load_instrument", str(wording_file(tmp_path)), clinic=client_record.clinic.name, stdout=io.StringIO())
    client.post(reverse("portfolio:measure_assign", args=[client_record.pk]), {"instrument": "ismi10"})
    assert MeasureAssignment.objects.filter(instrument="ismi10").count() == 1


def test_the_client_completes_an_assigned_measure_and_gaps_are_named(
    client, login, therapist, client_user, client_record
):
    assignment = MeasureAssignment.objects.create(
        client=client_record, instrument="self_stigma_pulse", assigned_by=therapist
    )
    login(client_user)
    assert "Answer now" in client.get(reverse("portal:home")).content.decode()
    url = reverse("portal:measure", args=[assignment.pk])
    response = client.post(url, {"ashamed": "2", "kept_quiet": "3"})
    page = response.content.decode()
    assert "some items have no answer yet (number 3, 4)" in page
    assert 'value="3" class="form-check-input" id="id_kept_quiet_2" checked' in page or "checked" in page
    assert not MeasureResponse.objects.exists()
    response = client.post(url, {"ashamed": "2", "kept_quiet": "3", "believed_it": "1", "stood_up": "4"})
    assert response["Location"] == reverse("portal:measure_done", args=[assignment.pk])
    result = MeasureResponse.objects.get()
    assert result.total == Decimal("1.75")
    assert result.completed_by == client_user
    assignment.refresh_from_db()
    assert assignment.completed_at is not None
    assert AuditEvent.objects.filter(action="measure.record", actor=client_user).exists()


def test_the_trend_is_drawn_with_bands_and_milestone_markers(client, login, therapist, client_record):
    from datetime import timedelta

    from django.utils import timezone

    from portfolio.models import Milestone

    now = timezone.now()
    pulse_results(client_record, therapist, results=((60, "3.00"), (30, "2.50"), (0, "1.75")), band={"en": "x"})
    Milestone.objects.create(
        client=client_record,
        title="Joined a peer group",
        created_by=therapist,
        achieved_on=(now - timedelta(days=20)).date(),
    )
    login(therapist)
    page = client.get(reverse("portfolio:measures", args=[client_record.pk])).content.decode()
    assert page.count("<rect") == 3  # one per severity band
    assert "<polyline" in page
    assert "Joined a peer group" in page
    assert "Self-stigma pulse: results" in page  # the table with the same numbers


def test_band_colours_follow_which_direction_is_better():
    from portfolio.charts import measure_trend

    class Result:
        def __init__(self, total):
            from django.utils import timezone

            self.total, self.completed_at = Decimal(total), timezone.now()

    stigma = measure_trend(definition_for("self_stigma_pulse"), [Result("2")])
    empowerment = measure_trend(definition_for("empowerment_pulse"), [Result("10")])
    assert stigma["bands"][0]["colour"] == empowerment["bands"][-1]["colour"]  # green where things go well
