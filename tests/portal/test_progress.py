"""The client's "My progress" (issue 25, step 4): the charts their therapist shared with them, in plain words, and the
markers they put on their own charts, which their therapist sees too."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from portfolio import chart_events, selectors
from portfolio.instruments import band_for, definition_for
from portfolio.measure_sharing import share_measure
from portfolio.models import ChartEvent, MeasureResponse

from ..factories import pulse_results

PHQ9 = "Patient Health Questionnaire (PHQ-9)"
GAD7 = "Generalized Anxiety Disorder scale (GAD-7)"


def results(client_record, by, instrument, totals):
    """`instrument` results of the client, one for each (days ago, total), banded as the instrument bands them."""
    definition, now = definition_for(instrument), timezone.now()
    return [
        MeasureResponse.objects.create(
            client=client_record,
            instrument=instrument,
            instrument_version=definition["version"],
            answers={},
            total=Decimal(total),
            band=band_for(definition, Decimal(total))["label"],
            completed_by=by,
            completed_at=now - timedelta(days=days_ago),
        )
        for days_ago, total in totals
    ]


@pytest.fixture
def charted(client_record, therapist):
    """PHQ-9 over a month (18, then 14, then 11: down 7, a reliable change at 6) and GAD-7 (not shared)."""
    results(client_record, therapist, "phq9", ((30, 18), (15, 14), (0, 11)))
    results(client_record, therapist, "gad7", ((30, 12), (0, 10)))
    share_measure(client=client_record, instrument="phq9", by_user=therapist)
    return client_record


def progress_page(client):
    response = client.get(reverse("portal:progress"))
    assert response.status_code == 200
    return response.content.decode()


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def captions(html):
    return re.findall(r"<figcaption[^>]*>(.*?)</figcaption>", html, re.S)


def test_the_client_sees_a_shared_chart_in_plain_words_and_not_an_unshared_one(client, login, client_user, charted):
    login(client_user)
    before = AuditEvent.objects.count()
    page = progress_page(client)
    text = text_of(page)
    assert PHQ9 in page
    assert GAD7 not in page
    assert len(re.findall(r"<svg\b", page)) == 1
    assert "Your first one: 18 (Moderately severe), on" in text
    assert "The one before your latest: 14 (Moderate), on" in text
    assert "Your latest: 11 (Moderate), on" in text
    assert "Down 7 points since your first one — a real change, more than day-to-day ups and downs." in text
    assert "On this one, a lower score is better." in text
    view = AuditEvent.objects.order_by("at").last()
    assert AuditEvent.objects.count() == before + 1
    assert (view.action, view.client, view.actor) == ("portal.progress.view", charted, client_user)


def test_a_small_change_is_within_the_ups_and_downs_and_one_without_a_published_value_says_so(
    client, login, client_user, client_record, therapist
):
    results(client_record, therapist, "phq9", ((20, 12), (0, 10)))  # down 2: under the 6 points of a reliable change
    pulse_results(client_record, therapist)  # 3.00, 2.50, 1.75: the self-stigma pulse has no reliable-change value
    share_measure(client=client_record, instrument="phq9", by_user=therapist)
    share_measure(client=client_record, instrument="self_stigma_pulse", by_user=therapist)
    login(client_user)
    text = text_of(progress_page(client))
    assert "Down 2 points since your first one — within the usual day-to-day ups and downs." in text
    assert "The one before your latest" not in text.split("Self-stigma pulse")[0]  # two results: first and latest
    assert "Down 1.25 points since your first one — this questionnaire has no published measure of a reliable" in text


def test_one_result_is_the_first_one_and_nothing_shared_is_a_kind_empty_page(
    client, login, client_user, client_record, therapist
):
    results(client_record, therapist, "gad7", ((3, 9),))
    login(client_user)
    empty = text_of(progress_page(client))
    assert "Nothing here yet." in empty
    assert GAD7 not in empty
    share_measure(client=client_record, instrument="gad7", by_user=therapist)
    text = text_of(progress_page(client))
    assert "Your first one: 9 (Mild), on" in text
    assert "This is your first one." in text
    assert "since your first one" not in text


def test_the_home_page_links_to_my_progress_once_a_chart_with_results_is_shared(
    client, login, client_user, client_record, therapist
):
    login(client_user)
    link = f'href="{reverse("portal:progress")}"'
    share_measure(client=client_record, instrument="gad7", by_user=therapist)  # shared, but nothing answered yet
    assert link not in client.get(reverse("portal:home")).content.decode()
    results(client_record, therapist, "gad7", ((3, 9),))
    assert link in client.get(reverse("portal:home")).content.decode()


def test_unsharing_hides_the_chart_at_once(client, login, client_user, therapist, charted):
    from portfolio.measure_sharing import unshare_measure

    unshare_measure(client=charted, instrument="phq9", by_user=therapist)
    login(client_user)
    page = progress_page(client)
    assert PHQ9 not in page
    assert "Nothing here yet." in page


def test_staff_and_another_client_see_none_of_it(
    client, login, therapist, client_user, other_client_user, other_client_record, charted
):
    marker = ChartEvent.objects.create(client=charted, label="Started a new job", created_by=client_user)
    login(therapist)
    assert client.get(reverse("portal:progress")).status_code == 404
    login(other_client_user)
    page = progress_page(client)  # their own page: nothing of Dana's
    assert PHQ9 not in page
    assert "Started a new job" not in page
    assert client.post(reverse("portal:chart_event_delete", args=[marker.pk])).status_code == 404
    assert ChartEvent.objects.filter(pk=marker.pk).exists()


# The client's markers.


def add_marker(client, **data):
    return client.post(reverse("portal:progress"), data)


def test_the_client_adds_a_marker_that_is_on_their_chart_and_on_their_therapists(
    client, login, client_user, therapist, charted
):
    login(client_user)
    day = timezone.localdate() - timedelta(days=10)
    response = add_marker(client, label="Started a new job", occurred_on=day.isoformat())
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:progress")
    marker = ChartEvent.objects.get()
    assert (marker.client, marker.occurred_on, marker.created_by) == (charted, day, client_user)
    event = AuditEvent.objects.get(action="chart_event.create")
    assert (event.client, event.object_id, event.detail) == (charted, str(marker.pk), {})  # no words of theirs
    page = progress_page(client)
    assert any("Started a new job" in caption for caption in captions(page))  # numbered on the chart
    assert "Your therapist and care team see your markers on their charts" in page
    staff_chart = selectors.measures_page(user=therapist, client=charted, language="en")["charts"]
    phq9 = next(chart for chart in staff_chart if chart["definition"]["key"] == "phq9")
    assert [marker["label"] for marker in phq9["trend"]["markers"]] == ["Started a new job"]


def test_the_clients_chart_marks_only_the_milestones_shared_with_them(client, login, client_user, therapist, charted):
    from portfolio.models import Milestone

    day = timezone.localdate() - timedelta(days=12)
    for title, shared in (("Joined a peer group", True), ("Note for the care team", False)):
        Milestone.objects.create(
            client=charted, title=title, achieved_on=day, created_by=therapist, shared_with_client=shared
        )
    login(client_user)
    caption = " ".join(captions(progress_page(client)))
    assert "Joined a peer group" in caption
    assert "Note for the care team" not in caption


def test_a_marker_outside_the_charts_dates_is_listed_but_not_drawn(client, login, client_user, charted):
    login(client_user)
    add_marker(client, label="Moved house", occurred_on=(timezone.localdate() - timedelta(days=400)).isoformat())
    page = progress_page(client)
    assert "Moved house" in page
    assert not any("Moved house" in caption for caption in captions(page))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"label": "Started a new job", "days_ahead": 1}, "This date is in the future."),
        ({"label": "", "days_ahead": 0}, "Write a few words about what happened."),
        ({"label": "A" * 81, "days_ahead": 0}, "Please keep it to 80 characters or fewer: this has 81."),
    ],
)
def test_a_marker_with_a_mistake_is_refused_and_what_was_typed_is_kept(
    client, login, client_user, charted, data, message
):
    login(client_user)
    day = (timezone.localdate() + timedelta(days=data["days_ahead"])).isoformat()
    response = add_marker(client, label=data["label"], occurred_on=day)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert f'value="{day}"' in page
    if data["label"]:
        assert f'value="{data["label"]}"' in page
    assert not ChartEvent.objects.exists()
    assert not AuditEvent.objects.filter(action="chart_event.create").exists()


def test_a_double_tap_makes_one_marker(client, login, client_user, charted):
    login(client_user)
    for _tap in range(2):
        add_marker(client, label="Joined a choir", occurred_on=timezone.localdate().isoformat())
    assert ChartEvent.objects.count() == 1
    assert AuditEvent.objects.filter(action="chart_event.create").count() == 1


def test_the_client_removes_their_own_marker(client, login, client_user, charted):
    marker = ChartEvent.objects.create(client=charted, label="Started a new job", created_by=client_user)
    login(client_user)
    response = client.post(reverse("portal:chart_event_delete", args=[marker.pk]))
    assert response.status_code == 302
    assert not ChartEvent.objects.exists()
    event = AuditEvent.objects.get(action="chart_event.delete")
    assert (event.client, event.actor, event.object_id) == (charted, client_user, str(marker.pk))
    assert "Started a new job" not in progress_page(client)


def test_only_the_client_adds_and_removes_their_markers(therapist, client_user, other_client_user, charted):
    with pytest.raises(PermissionDenied):
        chart_events.chart_event_create(
            client=charted, by_user=therapist, occurred_on=timezone.localdate(), label="Looks better"
        )
    marker = ChartEvent.objects.create(client=charted, label="Started a new job", created_by=client_user)
    for someone in (therapist, other_client_user):
        with pytest.raises(PermissionDenied):
            chart_events.chart_event_delete(event=marker, by_user=someone)
    assert ChartEvent.objects.filter(pk=marker.pk).exists()


def test_the_page_reads_in_spanish(client, login, client_user, charted):
    client_user.preferred_language = "es"
    client_user.save(update_fields=["preferred_language"])
    ChartEvent.objects.create(
        client=charted, label="Empecé un trabajo nuevo", created_by=client_user, occurred_on=timezone.localdate()
    )
    login(client_user)
    client.cookies["django_language"] = "es"
    page = progress_page(client)
    assert '<html lang="es">' in page
    assert "Cuestionario sobre la Salud del Paciente (PHQ-9)" in page
    assert "Moderadamente grave" in page  # the band, in the client's language
    assert "Empecé un trabajo nuevo" in page
    text = text_of(page)
    assert "<h1>Mi progreso</h1>" in page
    assert "La primera vez: 18 (Moderadamente grave), el" in text
    assert "Bajó 7 puntos desde la primera vez — un cambio real, más que los altibajos del día a día." in text
    assert "Tu terapeuta y tu equipo de atención también ven tus marcas" in text
