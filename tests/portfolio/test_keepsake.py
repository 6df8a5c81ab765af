"""Issue 23, item 6: the portfolio as a keepsake.

The real PDF is made (WeasyPrint) and read back with poppler: the cover carries the client's chosen title and
words and speaks to them as "you"; the empowerment plan and the reframes are in it when they are shared with
the client and only then; an emoji in a victory prints with an embedded emoji font; a short portfolio is a few
pages with no table of contents; the charts carry dates on their axis. English and Spanish.
"""

import re
import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from portfolio import exporting
from portfolio.charts import measure_trend
from portfolio.instruments import definition_for
from portfolio.models import EmpowermentPlan, ExportStatus, JournalEntry, Milestone, PortfolioExport, Reframe

from ..factories import DisclosurePlanFactory, pulse_results

# Emoji fonts a Debian or Ubuntu host may draw 🌱 with (the README and .ci/run install Noto Color Emoji).
EMOJI_FONTS = ("Noto-Color-Emoji", "NotoColorEmoji", "Noto-Emoji", "Symbola", "Twemoji", "OpenMoji", "JoyPixels")


def pdf_text(path):
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def pdf_fonts(path):
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def pdf_pages(path):
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


@pytest.fixture(autouse=True)
def private_files(tmp_path, settings):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    return settings.PRIVATE_FILES_ROOT


def make_plan(record, therapist, *, shared):
    plan = EmpowermentPlan.objects.create(
        client=record,
        created_by=therapist,
        shared_with_client=shared,
        values="Honesty with the people I love",
        strengths="I keep showing up, even on slow days",
        long_term_goals="Go back to college part-time",
    )
    Reframe.objects.create(
        plan=plan,
        old_story="I am too fragile to work",
        new_story="I am learning what support helps me work",
        created_by=therapist,
    )
    return plan


PLAN_WORDS = (
    "Honesty with the people I love",
    "I keep showing up, even on slow days",
    "Go back to college part-time",
    "I am too fragile to work",
    "I am learning what support helps me work",
)


def ask_as_client(client, login, client_user, on_commit, **fields):
    """The client asks for their PDF in the portal; the build runs when the request commits."""
    login(client_user)
    with on_commit(execute=True):
        response = client.post(reverse("portal:exports"), {"language": "en", **fields})
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    export = PortfolioExport.objects.latest("created_at")
    assert export.status == ExportStatus.READY, export.error
    return export


def test_the_clients_own_pdf_has_their_cover_and_plan_and_speaks_to_them_as_you(
    client, login, therapist, client_user, client_record, django_capture_on_commit_callbacks
):
    make_plan(client_record, therapist, shared=True)
    DisclosurePlanFactory(client=client_record, shared_with_client=True)
    export = ask_as_client(
        client,
        login,
        client_user,
        django_capture_on_commit_callbacks,
        sections=["plan", "reframes", "disclosure"],
        cover_title="Still growing",
        cover_words="One day at a time, with the people who stay.",
    )
    text = pdf_text(exporting.export_file(export))
    assert "Still growing" in text
    assert "One day at a time, with the people who stay." in text
    assert "Made for you, Dana." in text
    assert "Your empowerment plan" in text
    assert "What matters to you" in text
    for words in PLAN_WORDS:
        assert words in text, words
    assert "Old story" in text
    assert "New story" in text
    assert "Disclosure plans shared with you" in text  # every heading speaks to them, none as "me"
    assert "shared with me" not in text


def test_the_cover_words_are_printed_as_text_never_as_markup(
    client, login, therapist, client_user, client_record, django_capture_on_commit_callbacks
):
    make_plan(client_record, therapist, shared=True)
    export = ask_as_client(
        client,
        login,
        client_user,
        django_capture_on_commit_callbacks,
        sections=["plan"],
        cover_title="<b>Mine</b>",
        cover_words='<img src="file:///etc/passwd">',
    )
    text = pdf_text(exporting.export_file(export))
    assert "<b>Mine</b>" in text
    assert '<img src="file:///etc/passwd">' in text


def test_an_unshared_plan_and_its_reframes_stay_out_of_a_pdf_for_the_client(therapist, client_record):
    make_plan(client_record, therapist, shared=False)
    for_client = exporting.export_request(
        client=client_record, by_user=therapist, section_keys=["plan", "reframes"], language="en", audience="client"
    )
    exporting.export_build(export_id=for_client.pk)
    for_client.refresh_from_db()
    text = pdf_text(exporting.export_file(for_client))
    for words in PLAN_WORDS:
        assert words not in text, words
    care_team = exporting.export_request(
        client=client_record,
        by_user=therapist,
        section_keys=["plan", "reframes"],
        language="en",
        audience="care_team",
    )
    exporting.export_build(export_id=care_team.pk)
    care_team.refresh_from_db()
    text = pdf_text(exporting.export_file(care_team))
    for words in PLAN_WORDS:
        assert words in text, words
    assert "What matters to you" not in text  # the care team's copy does not speak to the client


def test_unsharing_the_plan_withdraws_the_clients_pdf_that_holds_its_reframes(therapist, client_record):
    from clients.services import item_set_shared

    plan = make_plan(client_record, therapist, shared=True)
    export = exporting.export_request(
        client=client_record, by_user=therapist, section_keys=["reframes"], language="en", audience="client"
    )
    exporting.export_build(export_id=export.pk)
    export.refresh_from_db()
    assert export.shared_items == [f"empowerment_plan:{plan.pk}"]
    item_set_shared(item=plan, by_user=therapist, shared=False)
    export.refresh_from_db()
    assert export.withdrawn


def test_an_emoji_in_a_victory_prints_with_an_embedded_emoji_font(
    client, login, therapist, client_user, client_record, django_capture_on_commit_callbacks
):
    make_plan(client_record, therapist, shared=True)
    JournalEntry.objects.create(client=client_record, kind="victory", text="Planted basil 🌱", author=client_user)
    export = ask_as_client(client, login, client_user, django_capture_on_commit_callbacks, sections=["victories"])
    path = exporting.export_file(export)
    assert "Planted basil 🌱" in pdf_text(path)
    fonts = pdf_fonts(path)
    assert any(name in fonts for name in EMOJI_FONTS), fonts


def test_a_short_portfolio_is_a_few_pages_with_no_table_of_contents(
    client, login, therapist, client_user, client_record, django_capture_on_commit_callbacks
):
    make_plan(client_record, therapist, shared=True)
    Milestone.objects.create(client=client_record, title="Joined a peer group", created_by=therapist)
    export = ask_as_client(
        client,
        login,
        client_user,
        django_capture_on_commit_callbacks,
        sections=["plan", "reframes", "milestones", "coping", "victories"],
    )
    path = exporting.export_file(export)
    assert pdf_pages(path) <= 3
    assert "Contents" not in pdf_text(path)


def test_a_long_portfolio_keeps_its_table_of_contents(therapist, client_record):
    for number in range(120):
        Milestone.objects.create(
            client=client_record,
            title=f"Milestone {number}: a step taken and written down in a whole sentence",
            description="What it meant, in a few more words than the title holds.",
            created_by=therapist,
        )
    export = exporting.export_request(
        client=client_record,
        by_user=therapist,
        section_keys=["milestones", "coping"],
        language="en",
        audience="care_team",
    )
    exporting.export_build(export_id=export.pk)
    export.refresh_from_db()
    assert "Contents" in pdf_text(exporting.export_file(export))


def test_the_keepsake_speaks_spanish(
    client, login, therapist, client_user, client_record, django_capture_on_commit_callbacks
):
    make_plan(client_record, therapist, shared=True)
    export = ask_as_client(
        client,
        login,
        client_user,
        django_capture_on_commit_callbacks,
        sections=["plan", "reframes"],
        language="es",
        cover_title="Sigo creciendo",
    )
    text = pdf_text(exporting.export_file(export))
    assert "Sigo creciendo" in text
    with translation.override("es"):
        for english in ("Your empowerment plan", "What matters to you", "Old story", "New story"):
            assert translation.gettext(english) != english, english
            assert translation.gettext(english) in text, english
            assert english not in text, english


def test_the_export_form_offers_the_cover_to_the_client_only(client, login, therapist, client_user, client_record):
    EmpowermentPlan.objects.create(client=client_record, created_by=therapist, shared_with_client=True)
    login(client_user)
    page = client.get(reverse("portal:exports")).content.decode()
    assert 'name="cover_title"' in page
    assert 'name="cover_words"' in page
    client.logout()
    login(therapist)
    page = client.get(reverse("portfolio:exports", args=[client_record.pk])).content.decode()
    assert 'name="cover_title"' not in page


def test_the_chart_has_dates_on_its_axis(therapist, client_record):
    results = pulse_results(client_record, therapist, results=((60, "3.00"), (30, "2.50"), (0, "1.75")))
    trend = measure_trend(definition_for("self_stigma_pulse"), results)
    days = [tick["day"] for tick in trend["dates"]]
    assert days[0] == timezone.localdate(results[0].completed_at)
    assert days[-1] == timezone.localdate(results[-1].completed_at)
    assert all(trend["left"] <= tick["x"] <= trend["right"] for tick in trend["dates"])
    assert days == sorted(days)
    assert timezone.localdate(results[-1].completed_at) - days[0] == timedelta(days=60)


def test_the_pdf_chart_prints_its_dates(therapist, client_record):
    results = pulse_results(client_record, therapist, results=((60, "3.00"), (0, "1.75")))
    export = exporting.export_request(
        client=client_record, by_user=therapist, section_keys=["measures"], language="en", audience="care_team"
    )
    exporting.export_build(export_id=export.pk)
    export.refresh_from_db()
    text = pdf_text(exporting.export_file(export))
    first = formats.date_format(timezone.localdate(results[0].completed_at), "SHORT_DATE_FORMAT")
    # Once on the chart's axis and once in the table of results under it.
    assert text.count(first) >= 2, text


def test_milestones_close_together_on_the_chart_are_numbered_apart_and_named_below(therapist, client_record):
    results = pulse_results(client_record, therapist, results=((60, "3.00"), (0, "1.75")))
    start = timezone.localdate(results[0].completed_at)
    events = [(start + timedelta(days=20), "Joined a peer group"), (start + timedelta(days=21), "Told my sister")]
    trend = measure_trend(definition_for("self_stigma_pulse"), results, events)
    first, second = trend["markers"]
    assert (first["number"], second["number"]) == (1, 2)
    assert first["number_y"] != second["number_y"]  # a day apart: the second number goes a line lower
    from django.template.loader import render_to_string

    chart = {"trend": trend, "definition": definition_for("self_stigma_pulse"), "name": "Pulse", "results": results}
    html = render_to_string("includes/measure_chart.html", {"chart": chart, "language": "en", "client": client_record})
    assert "(1 Joined a peer group; 2 Told my sister)" in html
