"""`manage.py seed_scale` at a tiny size: counts in proportion to the options, clients with a therapist of
their own clinic, the same rows and ids for the same seed, no second run, and the main pages answering for the
people it makes."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count, F
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from advocacy.models import AdvocacyPlan
from audit.models import AuditEvent
from clients.models import CareTeamMember, CheckIn, Client
from clinics.models import Clinic
from demo.management.commands.seed_scale import DOMAIN, SCALE_PASSWORD
from demo.scale import SEEDED_MODELS
from disclosure.models import DisclosurePlan, Rehearsal
from peers.models import PeerReferral, PeerResource, ReferralStatus
from portfolio.models import GoalCheck, JournalEntry, MeasureResponse, MicroGoal
from reminders.models import Reminder, ReminderStatus

from .conftest import log_in
from .held_data import held_for

SIZE = {"clinics": 2, "therapists": 6, "clients": 60}
TODAY = datetime.date(2026, 3, 2)
# Models the same seed must fill with the same ids (every seeded model with a UUID key).
SAMPLED = [model for model in SEEDED_MODELS if model._meta.pk.get_internal_type() == "UUIDField"]


def seed(**options):
    out = io.StringIO()
    call_command("seed_scale", stdout=out, **{**SIZE, "today": TODAY, "not_production": True, **options})
    return out.getvalue()


def snapshot():
    """Every seeded row's id, and a few fields that carry dates and choices, model by model."""
    rows = {
        model._meta.label: sorted(str(pk) for pk in model.objects.values_list("pk", flat=True)) for model in SAMPLED
    }
    rows["check-ins"] = sorted(CheckIn.objects.values_list("id", "session_date", "wellbeing", "created_at"))
    rows["referrals"] = sorted(PeerReferral.objects.values_list("id", "status", "version", "updated_at"))
    rows["reminders"] = sorted(Reminder.objects.values_list("id", "next_at", "status"))
    return rows


def seeded_once(**options):
    """Seed inside a transaction that is rolled back, and return the snapshot taken before the rollback."""
    with transaction.atomic():
        seed(**options)
        rows = snapshot()
        transaction.set_rollback(True)
    return rows


_held, _held_or_an_empty_database = held_for("seeded", seed)


@pytest.fixture
def seeded(_held, db):
    """`seed()` at the default options, made once for the tests that only read it; what a test writes is rolled
    back with it."""


def test_the_counts_follow_the_options(db):
    small = seeded_once()
    large = seeded_once(clients=120, therapists=8)
    assert len(small["clinics.Clinic"]) == 2
    assert len(large["clinics.Clinic"]) == 2
    assert len(small["clients.Client"]) == 60
    assert len(large["clients.Client"]) == 120
    # Staff, and a portal account for every fourth client of a clinic (its 1st, 5th, ... 29th of 30: 8 a clinic).
    assert len(small["accounts.User"]) == 2 + 6 + 2 * 8
    assert len(large["accounts.User"]) == 2 + 8 + 30
    for label in [
        "clients.CheckIn",
        "portfolio.GoalCheck",
        "portfolio.JournalEntry",
        "audit.AuditEvent",
        "peers.PeerReferral",
        "disclosure.DisclosurePlan",
        "reminders.Reminder",
    ]:
        assert 1.6 < len(large[label]) / len(small[label]) < 2.4, label


def test_scale_multiplies_the_sizes_given(db):
    doubled = seeded_once(scale=2)
    assert len(doubled["clinics.Clinic"]) == 4
    assert len(doubled["clients.Client"]) == 120
    assert User.objects.count() == 0  # rolled back
    assert len(doubled["accounts.User"]) == 4 + 12 + 4 * 8  # admins, therapists, a portal account for 1 in 4


def test_scale_5_is_the_growth_data_set(db, monkeypatch):
    """Without sizes, --scale multiplies the defaults: 5 gives 100 clinics, 2,000 therapists, 100,000 clients."""
    from demo.management.commands import seed_scale

    asked = {}

    class Stub:
        counts = dict.fromkeys(SEEDED_MODELS, 0)

        def __init__(self, **options):
            asked.update(options)

        def run(self):
            pass

    monkeypatch.setattr(seed_scale, "ScaleSeeder", Stub)
    call_command("seed_scale", scale=5, not_production=True, stdout=io.StringIO())
    assert (asked["clinics"], asked["therapists"], asked["clients"]) == (100, 2_000, 100_000)
    call_command("seed_scale", not_production=True, stdout=io.StringIO())
    assert (asked["clinics"], asked["therapists"], asked["clients"]) == (20, 400, 20_000)
    with pytest.raises(CommandError, match="scale"):
        call_command("seed_scale", scale=0, not_production=True, stdout=io.StringIO())


def test_the_same_seed_gives_the_same_rows_and_ids(db):
    first = seeded_once()
    again = seeded_once()
    other = seeded_once(seed=2)
    assert first == again
    assert set(first["clients.Client"]).isdisjoint(other["clients.Client"])


def test_it_makes_about_the_rows_a_client_has_at_the_default_rates(seeded):
    clients = Client.objects.count()
    goals = MicroGoal.objects.count()
    assert 8 <= CheckIn.objects.count() / clients <= 12
    assert 1.5 <= goals / clients <= 2.5
    assert 7 <= GoalCheck.objects.count() / goals <= 12
    assert 4 <= JournalEntry.objects.count() / clients <= 6
    assert 2 <= MeasureResponse.objects.count() / clients <= 4
    assert 1 <= PeerReferral.objects.count() / clients <= 2
    assert 0.3 <= AdvocacyPlan.objects.count() / clients <= 0.7
    assert 1.3 <= Reminder.objects.count() / clients <= 2.7
    assert 8 <= AuditEvent.objects.count() / clients <= 12
    # the care loop (issue 24): sessions for everyone, and for portal clients (a quarter) their activity and messages
    from clients.models import Activity, Message, Session

    assert 2 <= Session.objects.count() / clients <= 8
    assert 1 <= Activity.objects.count() / clients <= 5
    assert 0.3 <= Message.objects.count() / clients <= 1.5
    assert PeerResource.objects.count() == 2 * 20  # the floor of a small clinic's directory


def test_every_client_has_a_therapist_of_their_own_clinic_and_caseloads_are_even(seeded):
    clients = Client.objects.all()
    assert not clients.exclude(primary_therapist__clinic=F("clinic")).exists()
    assert not clients.exclude(primary_therapist__role=Role.THERAPIST).exists()
    assert not CareTeamMember.objects.exclude(user__clinic=F("client__clinic")).exclude(user__role=Role.THERAPIST)
    assert not PeerReferral.objects.exclude(resource__clinic=F("client__clinic")).exists()
    assert not AuditEvent.objects.filter(client__isnull=False).exclude(clinic=F("client__clinic")).exists()
    caseloads = [row["n"] for row in clients.values("primary_therapist").annotate(n=Count("id"))]
    assert len(caseloads) == 6
    assert max(caseloads) - min(caseloads) <= 1


def test_the_accounts_are_where_the_benchmark_looks_for_them(seeded):
    emails = set(User.objects.values_list("email", flat=True))
    for clinic in ("c01", "c02"):
        assert {
            f"admin@{clinic}.{DOMAIN}",
            f"therapist001@{clinic}.{DOMAIN}",
            f"therapist003@{clinic}.{DOMAIN}",
        } <= emails
        portal = sorted(
            email for email in emails if re.fullmatch(rf"client\d{{5}}@{clinic}\.{re.escape(DOMAIN)}", email)
        )
        assert portal == [f"client{number:05d}@{clinic}.{DOMAIN}" for number in range(1, 9)]
    user = User.objects.get(email=f"therapist002@c02.{DOMAIN}")
    assert user.check_password(SCALE_PASSWORD)
    assert len(set(User.objects.values_list("password", flat=True))) == 1  # hashed once
    client = Client.objects.get(portal_user__email=f"client00001@c01.{DOMAIN}")
    assert client.clinic.users.filter(email=f"admin@c01.{DOMAIN}").exists()


def test_the_rows_keep_the_rules_of_the_services(seeded):
    for plan in DisclosurePlan.objects.annotate(changes=Count("status_changes")):
        assert plan.version >= plan.changes
        if plan.status == "reflected":
            assert plan.debriefs.exists()
    assert not Rehearsal.objects.filter(plan__status="considering").exists()
    assert not PeerReferral.objects.filter(status=ReferralStatus.AWAITING_CONSENT, shown_to_client=False).exists()
    assert not PeerReferral.objects.filter(status=ReferralStatus.INTRODUCED, consent_given_at__isnull=True).exists()
    assert not PeerReferral.objects.filter(status="withdrawn").exclude(shared_details=[]).exists()
    shared = DisclosurePlan.objects.filter(shared_with_client=True)
    assert shared.exists()
    assert not shared.filter(client__portal_user__isnull=True).exists()
    assert PeerReferral.objects.filter(status=ReferralStatus.AWAITING_CONSENT, client__portal_user__isnull=False)
    active = Reminder.objects.filter(status=ReminderStatus.ACTIVE)
    tomorrow = datetime.datetime.combine(TODAY + datetime.timedelta(days=1), datetime.time(0), tzinfo=datetime.UTC)
    assert active.exists()
    assert not active.filter(next_at__lt=tomorrow - datetime.timedelta(hours=12)).exists()
    # Automatic timestamps are back to automatic after the run.
    assert Client._meta.get_field("updated_at").auto_now
    assert Clinic._meta.get_field("created_at").auto_now_add


def test_a_second_run_changes_nothing(seeded):
    before = sum(model.objects.count() for model in SEEDED_MODELS)
    output = seed(seed=2)
    assert "already" in output
    assert sum(model.objects.count() for model in SEEDED_MODELS) == before


@pytest.mark.postgresql
def test_it_analyzes_the_tables_on_postgresql(seeded):
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Client._meta.db_table])
        assert cursor.fetchone()[0] == 60


def test_the_main_pages_answer_for_the_seeded_people(db, client):
    seed(today=timezone.localdate())
    pages = []
    therapist = User.objects.get(email=f"therapist001@c01.{DOMAIN}")
    record = Client.objects.filter(primary_therapist=therapist).first()
    pages.append((therapist, reverse("clients:caseload"), record.display_name))
    pages.append((therapist, reverse("clients:overview", args=[record.pk]), record.display_name))
    pages.append((therapist, reverse("portfolio:home", kwargs={"client_id": record.pk}), ""))
    pages.append((therapist, reverse("directory:list") + "?q=group", ""))
    for model in (DisclosurePlan, AdvocacyPlan, PeerReferral):
        item = model.objects.select_related("client__primary_therapist").first()
        pages.append((item.client.primary_therapist, item.get_absolute_url(), ""))
    admin = User.objects.get(email=f"admin@c01.{DOMAIN}")
    pages.append((admin, reverse("accounts:audit_log"), ""))
    pages.append((admin, reverse("accounts:audit_log") + "?action=client.overview", ""))
    portal = User.objects.filter(client_record__disclosure_plans__shared_with_client=True).first()
    pages.append((portal, reverse("portal:home"), ""))
    plan = DisclosurePlan.objects.filter(client__portal_user=portal, shared_with_client=True).first()
    pages.append((portal, reverse("portal:disclosure_plan", args=[plan.pk]), ""))
    asked = PeerReferral.objects.filter(status=ReferralStatus.AWAITING_CONSENT, shown_to_client=True).first()
    pages.append((asked.client.portal_user, reverse("portal:referral", args=[asked.pk]), ""))
    for user, url, text in pages:
        client.logout()
        log_in(client, user)
        response = client.get(url)
        assert response.status_code == 200, (user.email, url)
        assert text in response.content.decode()


def test_it_refuses_a_production_database_unless_told_it_is_not_one(db):
    from accounts.models import User

    with pytest.raises(CommandError, match="published password"):
        seed(not_production=False)
    assert not User.objects.filter(email__endswith=DOMAIN).exists()
