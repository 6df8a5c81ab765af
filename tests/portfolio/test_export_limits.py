"""One person cannot stall the workers with PDFs (issue 19, item 11).

One export in progress per client, a rate limit on export requests on the staff and the portal side,
a cap on the text of one PDF, and PDF builds on their own queue, so a reminder never waits behind them.
"""

from pathlib import Path

import pytest
from django.conf import settings as project_settings
from django.urls import reverse

from empowerment.celery import app as celery_app
from portfolio.models import EmpowermentPlan, ExportStatus, JournalEntry, PortfolioExport

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
ON_ITS_WAY = "is still being made. It is listed below"
TOO_MANY = "You have asked for several PDFs in a short time."


@pytest.fixture
def shared_plan(client_record, therapist):
    return EmpowermentPlan.objects.create(client=client_record, created_by=therapist, shared_with_client=True)


def staff_url(client_record):
    return reverse("portfolio:exports", args=[client_record.pk])


def ask(client, url, sections=("milestones",), audience="client"):
    return client.post(url, {"sections": list(sections), "language": "en", "audience": audience})


def test_a_second_staff_request_while_one_is_on_its_way_shows_it_and_makes_no_new_row(
    client, login, therapist, client_record
):
    login(therapist)
    url = staff_url(client_record)
    assert ask(client, url).status_code == 302
    first = PortfolioExport.objects.get()
    assert first.status == ExportStatus.QUEUED  # nothing builds it here (no commit in this test)

    response = ask(client, url, sections=("coping",))
    assert response.status_code == 409
    assert ON_ITS_WAY in response.text
    assert PortfolioExport.objects.count() == 1
    assert f'id="export-{first.pk}"' in response.text  # the one on its way is listed on the page
    assert response.context["form"].data.getlist("sections") == ["coping"]  # the choice is kept

    PortfolioExport.objects.filter(pk=first.pk).update(status=ExportStatus.READY)
    assert ask(client, url).status_code == 302  # once it is done, another may be asked for
    assert PortfolioExport.objects.count() == 2


def test_a_client_asking_while_their_therapists_pdf_is_on_its_way_is_told_to_wait(
    client, login, therapist, client_user, client_record, shared_plan
):
    login(therapist)
    assert ask(client, staff_url(client_record)).status_code == 302
    login(client_user)
    response = ask(client, reverse("portal:exports"))
    assert response.status_code == 409
    assert "Another PDF of this portfolio is being made right now." in response.text
    assert PortfolioExport.objects.count() == 1


@pytest.mark.parametrize("side", ["staff", "portal"])
def test_export_requests_are_rate_limited_per_person_with_a_message_on_the_page(
    side, client, login, therapist, client_user, client_record, shared_plan, settings
):
    settings.PORTFOLIO_EXPORT_RATE = "2/h"
    login(therapist if side == "staff" else client_user)
    url = staff_url(client_record) if side == "staff" else reverse("portal:exports")
    for _ in range(2):
        assert ask(client, url).status_code == 302
        PortfolioExport.objects.update(status=ExportStatus.READY)  # not in progress: only the rate stops the next
    response = ask(client, url)
    assert response.status_code == 429
    assert TOO_MANY in response.text
    assert "<form" in response.text  # the page itself, not a bare 429 page
    assert PortfolioExport.objects.count() == 2


def long_victories(client_record, client_user, count, length):
    JournalEntry.objects.bulk_create(
        JournalEntry(client=client_record, author=client_user, kind="victory", text="I spoke up. " * (length // 12))
        for _ in range(count)
    )


def test_a_pdf_with_more_text_than_the_cap_is_refused_with_the_biggest_section_named(
    client, login, client_user, client_record, shared_plan, settings
):
    settings.PORTFOLIO_EXPORT_MAX_CHARACTERS = 5_000
    long_victories(client_record, client_user, count=10, length=1_200)  # about 12,000 characters
    login(client_user)
    url = reverse("portal:exports")
    response = ask(client, url, sections=("milestones", "victories"))
    assert response.status_code == 400
    assert "one PDF holds at most 5,000" in response.text
    assert "Victories from the journal" in response.text
    assert "alone holds about" in response.text
    assert PortfolioExport.objects.count() == 0
    assert ask(client, url, sections=("milestones",)).status_code == 302  # the other sections still can be made


def test_the_cap_counts_the_text_of_every_chosen_section_together(
    client, login, therapist, client_user, client_record, settings
):
    from portfolio.models import Milestone

    settings.PORTFOLIO_EXPORT_MAX_CHARACTERS = 5_000
    long_victories(client_record, client_user, count=2, length=1_200)
    Milestone.objects.bulk_create(
        Milestone(client=client_record, title="Spoke up", description="At the meeting. " * 20, created_by=therapist)
        for _ in range(10)
    )
    login(therapist)
    response = ask(client, staff_url(client_record), sections=("milestones", "victories"), audience="care_team")
    assert response.status_code == 400
    assert "Choose fewer sections" in response.text
    assert "“Milestones” holds the most" in response.text
    assert PortfolioExport.objects.count() == 0


def test_pdf_builds_are_routed_to_their_own_queue_and_reminders_to_the_email_one():
    router = celery_app.amqp.Router()
    assert router.route({}, "portfolio.tasks.build_export")["queue"].name == "pdf"
    assert project_settings.CELERY_TASK_ROUTES["portfolio.tasks.build_export"] == {"queue": "pdf"}
    for name in ("reminders.tasks.send_delivery", "accounts.tasks.send_invitation"):
        assert router.route({}, name)["queue"].name == "email"
    assert router.route({}, "portfolio.tasks.tidy_exports")["queue"].name == "beat"


def test_deploy_runs_a_pdf_worker_on_the_pdf_queue_and_the_default_worker_on_the_beat_and_default_queues():
    units = ROOT / "deploy" / "systemd"

    def exec_start(unit):
        lines = (units / unit).read_text().splitlines()
        return next(line for line in lines if line.startswith("ExecStart="))

    assert " -Q pdf " in exec_start("empowerment-pdf-worker.service")
    assert " -Q beat,celery " in exec_start("empowerment-worker.service")
    assert "empowerment-pdf-worker" in (ROOT / ".ci" / "production-smoke").read_text()


@pytest.mark.worker
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_reminder_is_sent_while_slow_pdf_builds_hold_the_pdf_worker(
    therapist, colleague, admin, client_record, other_client_record, smtp_inbox, workers
):
    """A worker on each queue, as deploy/ runs them: the reminder's email does not wait for the PDFs."""
    from portfolio import exporting
    from portfolio.models import Milestone
    from reminders import services as reminder_services
    from reminders.models import Delivery

    from ..faults.test_worker_killed_pdf import long_portfolio
    from ..reminders.test_worker import due_reminders
    from ..workers import wait_for

    inbox, _port = smtp_inbox
    pdf_worker = workers.start([workers.pdf_queue])
    email_worker = workers.start([workers.email_queue])
    long_portfolio(client_record, therapist)  # a build of some seconds
    Milestone.objects.update(shared_with_client=True)  # all of it in the PDF made for the client
    rows = []
    for record, by_user in ((client_record, therapist), (other_client_record, colleague)):
        export = exporting.export_request(client=record, by_user=by_user, section_keys=["milestones"], language="en")
        rows.append(PortfolioExport.objects.filter(pk=export.pk))
    wait_for(lambda: rows[0].get().status == ExportStatus.RENDERING, pdf_worker, workers.log, seconds=60)

    due_reminders(admin, therapist, 1)
    assert reminder_services.dispatch_due() == 1
    wait_for(lambda: len(inbox.messages) == 1, email_worker, workers.log, seconds=30)
    wait_for(lambda: Delivery.objects.get().sent_at is not None, email_worker, workers.log, seconds=10)
    # Sent while the PDF worker still had both builds on its hands (the second one not even started).
    assert [row.get().status for row in rows] == [ExportStatus.RENDERING, ExportStatus.QUEUED]
    pdf_worker.kill()  # not worth waiting for: the builds' own fate is tests/faults/test_worker_killed_pdf.py's
    pdf_worker.wait(timeout=30)
