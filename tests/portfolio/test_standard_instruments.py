"""The PHQ-9 and the GAD-7 (issue 25): exact scoring against hand-computed examples, every band boundary, the
published rule for unanswered items, reliable change, the language of the wording, and the PHQ-9's item 9."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from clients.models import Flag, FlagRule
from portfolio import services
from portfolio.instruments import InstrumentError, change, definition_for, safety_item_raised, score
from portfolio.models import MeasureAssignment, MeasureResponse
from reminders.models import Notification, Reminder, ReminderKind

from ..factories import CrisisLineFactory, SafetyPlanFactory

PHQ9 = definition_for("phq9")
GAD7 = definition_for("gad7")
PHQ9_IDS = [item["id"] for item in PHQ9["items"]]
GAD7_IDS = [item["id"] for item in GAD7["items"]]


def answers(ids, values):
    return {item: value for item, value in zip(ids, values, strict=True) if value is not None}


def test_the_wording_is_the_published_wording_with_its_source():
    texts = [item["text"]["en"] for item in PHQ9["items"]]
    assert texts[0] == "Little interest or pleasure in doing things"
    assert texts[8] == "Thoughts that you would be better off dead or of hurting yourself in some way"
    assert (
        PHQ9["stem"]["en"]
        == "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    )
    assert PHQ9["scale"]["labels"]["en"] == [
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
    ]
    assert [item["text"]["en"] for item in GAD7["items"]][1] == "Not being able to stop or control worrying"
    for definition in (PHQ9, GAD7):
        assert "No permission required to reproduce, translate, display or distribute" in definition["licence"]
        assert definition["languages"] == ["en"]  # no translation of our own ships
        assert all(set(item["text"]) == {"en"} for item in definition["items"])


@pytest.mark.parametrize(
    ("values", "total", "band"),
    [
        ((0, 0, 0, 0, 0, 0, 0, 0, 0), 0, "Minimal"),
        ((1, 1, 1, 1, 0, 0, 0, 0, 0), 4, "Minimal"),
        ((1, 1, 1, 1, 1, 0, 0, 0, 0), 5, "Mild"),
        ((2, 2, 1, 1, 1, 1, 1, 0, 0), 9, "Mild"),
        ((2, 2, 2, 1, 1, 1, 1, 0, 0), 10, "Moderate"),
        ((3, 2, 2, 2, 2, 1, 1, 1, 0), 14, "Moderate"),
        ((3, 3, 2, 2, 2, 1, 1, 1, 0), 15, "Moderately severe"),
        ((3, 3, 3, 2, 2, 2, 2, 1, 1), 19, "Moderately severe"),
        ((3, 3, 3, 3, 2, 2, 2, 1, 1), 20, "Severe"),
        ((3, 3, 3, 3, 3, 3, 3, 3, 3), 27, "Severe"),
    ],
)
def test_phq9_totals_and_every_band_boundary(values, total, band):
    result = score(PHQ9, answers(PHQ9_IDS, values))
    assert result.total == Decimal(total)
    assert result.band["label"]["en"] == band
    assert result.prorated is False


@pytest.mark.parametrize(
    ("values", "total", "band"),
    [
        ((0, 0, 0, 0, 0, 0, 0), 0, "Minimal"),
        ((1, 1, 1, 1, 0, 0, 0), 4, "Minimal"),
        ((1, 1, 1, 1, 1, 0, 0), 5, "Mild"),
        ((2, 2, 1, 1, 1, 1, 1), 9, "Mild"),
        ((2, 2, 2, 1, 1, 1, 1), 10, "Moderate"),
        ((3, 2, 2, 2, 2, 2, 1), 14, "Moderate"),
        ((3, 3, 2, 2, 2, 2, 1), 15, "Severe"),
        ((3, 3, 3, 3, 3, 3, 3), 21, "Severe"),
    ],
)
def test_gad7_totals_and_every_band_boundary(values, total, band):
    result = score(GAD7, answers(GAD7_IDS, values))
    assert result.total == Decimal(total)
    assert result.band["label"]["en"] == band


def test_phq9_prorates_one_or_two_unanswered_items_and_refuses_three():
    # One unanswered: 2+2+1+1+2+3+1+1 = 13 over 8 items, × 9 = 14.625, rounded half up: 15 (moderately severe).
    one = score(PHQ9, answers(PHQ9_IDS, (2, 2, 1, 1, None, 2, 3, 1, 1)))
    assert (one.total, one.prorated, one.band["label"]["en"]) == (Decimal(15), True, "Moderately severe")
    # Two unanswered: 1+1+2+1+2+2+1 = 10 over 7 items, × 9 = 12.857…: 13.
    two = score(PHQ9, answers(PHQ9_IDS, (1, None, 1, 2, 1, 2, 2, None, 1)))
    assert (two.total, two.prorated) == (Decimal(13), True)
    # Exactly half way rounds up: 1+0+0+0+0+0+0 = 1 over 7, × 9 = 1.2857: 1; 3+3+3+3+3+3+2 = 20 over 7 × 9 = 25.71: 26.
    assert score(PHQ9, answers(PHQ9_IDS, (1, 0, 0, 0, 0, 0, 0, None, None))).total == Decimal(1)
    assert score(PHQ9, answers(PHQ9_IDS, (3, 3, 3, 3, 3, 3, 2, None, None))).total == Decimal(26)
    with pytest.raises(InstrumentError, match="Unanswered: interest, down, sleep"):
        score(PHQ9, answers(PHQ9_IDS, (None, None, None, 1, 1, 1, 1, 1, 1)))


def test_gad7_refuses_any_unanswered_item():
    with pytest.raises(InstrumentError, match="Unanswered: relaxing"):
        score(GAD7, answers(GAD7_IDS, (1, 1, 1, None, 1, 1, 1)))


def test_an_answer_out_of_range_is_refused():
    with pytest.raises(InstrumentError):
        score(PHQ9, answers(PHQ9_IDS, (4, 0, 0, 0, 0, 0, 0, 0, 0)))


@pytest.mark.parametrize(
    ("definition", "before", "after", "better", "reliable"),
    [
        (PHQ9, 18, 12, True, True),  # down 6: the PHQ-9's reliable change
        (PHQ9, 18, 13, True, False),  # down 5: not reliable
        (PHQ9, 8, 14, False, True),  # up 6: reliable deterioration
        (GAD7, 15, 11, True, True),  # down 4: the GAD-7's reliable change
        (GAD7, 15, 12, True, False),
        (GAD7, 9, 9, None, False),
    ],
)
def test_reliable_change_uses_the_published_values(definition, before, after, better, reliable):
    result = change(definition, before, after)
    assert (result.better, result.reliable) == (better, reliable)
    assert result.reliable_improvement == bool(better and reliable)


def test_the_pulses_have_no_reliable_change_value():
    assert change(definition_for("self_stigma_pulse"), 3, 1).reliable is None


@pytest.mark.parametrize(("value", "raised"), [(0, False), (1, True), (2, True), (3, True), (None, False)])
def test_the_safety_item_is_raised_by_every_answer_above_not_at_all(value, raised):
    assert safety_item_raised(PHQ9, answers(PHQ9_IDS, (1, 1, 1, 1, 1, 1, 1, 1, value))) is raised
    assert safety_item_raised(GAD7, answers(GAD7_IDS, (3, 3, 3, 3, 3, 3, 3))) is False  # no safety item


# --- In the portal ---


def _answer_phq9(client, client_record, therapist, item9, *, language="en"):
    assignment = MeasureAssignment.objects.create(client=client_record, instrument="phq9", assigned_by=therapist)
    data = answers(PHQ9_IDS, (1, 1, 0, 1, 0, 1, 0, 0, item9))
    response = client.post(reverse("portal:measure", args=[assignment.pk]), data, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302, response.content.decode()[:2000]
    return assignment, client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize("item9", [0, 1, 2, 3])
def test_item_9_each_value_the_page_the_flag_and_the_notice(
    client, login, therapist, client_record, client_user, item9
):
    client_record.allow_email, client_record.email_is_safe = True, True
    client_record.save()
    CrisisLineFactory(clinic=client_record.clinic, name="988 Suicide & Crisis Lifeline", phone="988")
    SafetyPlanFactory(client=client_record, reasons_for_living="My niece; finishing my course.")
    login(client_user)
    assignment, page = _answer_phq9(client, client_record, therapist, item9)
    html = page.content.decode()
    flags = Flag.objects.filter(client=client_record, rule=FlagRule.SAFETY_ITEM)
    therapist_notices = Notification.objects.filter(user=therapist)
    if item9 == 0:
        assert "If you need help now" not in html.split("<main")[1].split("</main>")[0]
        assert "Thank you" in html
        assert not flags.exists()
        assert not therapist_notices.exists()
        return
    main = html.split("<main")[1].split("</main>")[0]
    assert "988 Suicide &amp; Crisis Lifeline" in main
    assert 'href="tel:988"' in main
    assert "My niece; finishing my course." in main  # the client's own safety plan, on the same page
    assert "Your care team has been told today" in main
    flag = flags.get()
    assert flag.raised_at.date() == MeasureResponse.objects.get().completed_at.date()  # same day
    notice = therapist_notices.get()
    assert notice.text == "A client on your caseload may need your attention"  # no name, no clinical words
    email = Reminder.objects.get(recipient=therapist, kind=ReminderKind.NOTICE)
    assert email.link == client_record.get_absolute_url()
    assert AuditEvent.objects.filter(action="flag.raise", detail__rule="safety_item").exists()
    assert AuditEvent.objects.filter(action="portal.measure.done.view", object_id=str(assignment.pk)).exists()


def test_item_9_flags_even_when_the_clinic_turned_every_rule_off(client, login, therapist, client_record, client_user):
    from clients.attention import settings_for

    rules = settings_for(client_record.clinic_id)
    rules.measure_worse_on = rules.high_distress_on = rules.email_staff = False
    rules.save()
    login(client_user)
    _answer_phq9(client, client_record, therapist, 1)
    assert Flag.objects.filter(client=client_record, rule=FlagRule.SAFETY_ITEM).count() == 1
    assert Notification.objects.filter(user=therapist).count() == 1
    assert not Reminder.objects.filter(recipient=therapist, kind=ReminderKind.NOTICE).exists()  # no email: turned off


def test_item_9_support_page_in_spanish(client, login, therapist, client_record, client_user):
    CrisisLineFactory(clinic=client_record.clinic, name="Línea 988", phone="988")
    client_user.preferred_language = "es"
    client_user.save()
    login(client_user)
    with translation.override("es"):
        _assignment, page = _answer_phq9(client, client_record, therapist, 2, language="es")
    html = page.content.decode()
    assert 'lang="es"' in html
    assert "Gracias por contárnoslo" in html
    assert "Si necesitas ayuda ahora" in html
    assert "Línea 988" in html


def test_the_questionnaire_page_carries_the_support_box_under_item_9(
    client, login, therapist, client_record, client_user
):
    CrisisLineFactory(clinic=client_record.clinic, name="988 Suicide & Crisis Lifeline", phone="988")
    assignment = MeasureAssignment.objects.create(client=client_record, instrument="phq9", assigned_by=therapist)
    login(client_user)
    html = client.get(reverse("portal:measure", args=[assignment.pk])).content.decode()
    assert 'data-safety-item="self_harm_thoughts"' in html
    assert html.index("Thoughts that you would be better off dead") < html.index("js-safety-support")
    assert "Over the last 2 weeks, how often have you been bothered by any of the following problems?" in html


def test_a_therapist_entering_item_9_in_session_is_reminded_of_the_safety_procedure(
    client, login, therapist, client_record
):
    login(therapist)
    url = reverse("portfolio:measure_enter", args=[client_record.pk, "phq9"])
    response = client.post(url, answers(PHQ9_IDS, (1, 1, 0, 1, 0, 1, 0, 0, 1)), follow=True)
    assert "follow your clinic&#x27;s safety procedure" in response.content.decode()
    assert MeasureResponse.objects.get().answers["self_harm_thoughts"] == 1


def test_unanswered_items_beyond_the_rule_keep_what_was_typed_and_name_the_numbers(
    client, login, therapist, client_record, client_user
):
    assignment = MeasureAssignment.objects.create(client=client_record, instrument="phq9", assigned_by=therapist)
    login(client_user)
    url = reverse("portal:measure", args=[assignment.pk])
    page = client.post(url, answers(PHQ9_IDS, (None, None, None, 1, 1, 1, 1, 1, 0))).content.decode()
    assert "number 1, 2, 3" in page
    assert "at most 2" in page
    assert not MeasureResponse.objects.exists()
    response = client.post(url, answers(PHQ9_IDS, (None, 2, 1, 1, 1, 1, 1, 1, 0)))
    assert response.status_code == 302
    saved = MeasureResponse.objects.get()
    assert (saved.total, saved.prorated) == (Decimal(9), True)  # 8 over 8 items × 9 = 9


# --- The wording's language ---


def test_a_spanish_speaking_client_sees_the_english_wording_with_a_clear_note(
    client, login, therapist, client_record, client_user
):
    client_user.preferred_language = "es"
    client_user.save()
    assignment = MeasureAssignment.objects.create(client=client_record, instrument="gad7", assigned_by=therapist)
    login(client_user)
    html = client.get(reverse("portal:measure", args=[assignment.pk]), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Feeling nervous, anxious or on edge" in html
    assert 'lang="en"' in html  # the wording is marked as English for screen readers
    assert "traducción oficial" in html


def test_a_clinic_loaded_translation_is_shown_instead(client, login, therapist, client_record, client_user, tmp_path):
    # Stand-in texts (a test never writes a translation of a validated instrument).
    wording = {
        "instrument": "gad7",
        "language": "es",
        "items": {item: f"[es] {item}" for item in GAD7_IDS},
        "stem": "[es] stem",
        "labels": ["[es] 0", "[es] 1", "[es] 2", "[es] 3"],
        "followup": {"text": "[es] followup", "labels": ["[es] a", "[es] b", "[es] c", "[es] d"]},
    }
    path = tmp_path / "gad7-es.json"
    path.write_text(json.dumps(wording), encoding="utf-8")
    call_command("load_instrument", str(path), clinic=client_record.clinic.name, stdout=io.StringIO())
    client_user.preferred_language = "es"
    client_user.save()
    assignment = MeasureAssignment.objects.create(client=client_record, instrument="gad7", assigned_by=therapist)
    login(client_user)
    html = client.get(reverse("portal:measure", args=[assignment.pk]), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "[es] nervous" in html
    assert "[es] stem" in html
    assert "[es] 3" in html
    assert "[es] followup" in html
    assert "Feeling nervous" not in html
    assert "traducción oficial" not in html


def test_a_licensed_instrument_without_wording_is_offered_nowhere(client, login, therapist, client_record):
    login(therapist)
    html = client.get(reverse("portfolio:measures", args=[client_record.pk])).content.decode()
    assert "ISMI-10" not in html
    assert "PHQ-9" in html
    assert "GAD-7" in html
    assert client.get(reverse("portfolio:measure_enter", args=[client_record.pk, "ismi10"])).status_code == 404
    assert [d["key"] for d in services.instruments_offered(client_record.clinic)] == [
        "phq9",
        "gad7",
        "self_stigma_pulse",
        "empowerment_pulse",
    ]


def test_the_measures_page_names_instruments_never_their_keys(client, login, therapist, client_record):
    login(therapist)
    MeasureAssignment.objects.create(client=client_record, instrument="self_stigma_pulse", assigned_by=therapist)
    MeasureAssignment.objects.create(client=client_record, instrument="phq9", assigned_by=therapist)
    html = client.get(reverse("portfolio:measures", args=[client_record.pk])).content.decode()
    waiting = html.split("Waiting for the client")[1].split("</ul>")[0]
    assert "Self-stigma pulse" in waiting
    assert "Patient Health Questionnaire (PHQ-9)" in waiting
    assert "self_stigma_pulse" not in waiting
    assert "phq9" not in waiting
    therapist.preferred_language = "es"
    therapist.save()
    html = client.get(
        reverse("portfolio:measures", args=[client_record.pk]), HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert "Pulso de autoestigma" in html
    assert "Cuestionario sobre la Salud del Paciente (PHQ-9)" in html
