"""The fixed cast (STYLE.md): a therapist and her client, a colleague, an admin, the same in a second clinic.

- `therapist` is the primary therapist of `client_record`, whose portal account is `client_user`.
- `colleague` is another therapist in the same clinic, not on that care team.
- `admin` runs the clinic; `other_client_user` is another client of the same clinic (the colleague's).
- `other_admin` and `other_therapist` work at `other_clinic`.
"""

import os
import re

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import settings as hypothesis_settings

from accounts.models import Role

from .factories import (
    CareTeamMemberFactory,
    ClientFactory,
    ClinicFactory,
    SupportPersonFactory,
    UserFactory,
    issued_invitation,
)
from .workers import smtp_inbox, worker, workers  # noqa: F401 (fixtures for the real-worker tests)

PASSWORD = "correct horse battery staple"

# How many examples the generated-input tests (tests/test_forms_property.py) try per form: "ci" in `make test`
# and CI, "deep" (HYPOTHESIS_PROFILE=deep, `make test-deep`) the full count. Loaded here, before the test
# modules are imported, so that their @settings take the profile's values as defaults.
hypothesis_settings.register_profile("ci", max_examples=25)
hypothesis_settings.register_profile("deep", max_examples=200)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True, scope="session")
def _flush_passes_the_audit_tables_truncate_trigger():
    """A transactional test ends with Django's flush: one TRUNCATE of every table. The audit table refuses
    TRUNCATE (accounts/migrations/0008), so on PostgreSQL the flush lifts that trigger for its own statement
    only, inside the flush's transaction; anything else that truncates the table is still refused."""
    from django.db import connections

    postgresql = {type(connections[alias].ops) for alias in connections if connections[alias].vendor == "postgresql"}
    table, trigger = "accounts_auditevent", "accounts_auditevent_no_truncate"
    originals = {ops: ops.sql_flush for ops in postgresql}

    def wrap(original):
        def sql_flush(self, style, tables, **kwargs):
            sql = original(self, style, tables, **kwargs)
            if table not in tables or not sql:
                return sql
            lift, restore = (f"ALTER TABLE {table} {verb} TRIGGER {trigger}" for verb in ("DISABLE", "ENABLE"))
            return [lift, *sql, restore]

        return sql_flush

    for ops, original in originals.items():
        ops.sql_flush = wrap(original)
    yield
    for ops, original in originals.items():
        ops.sql_flush = original


@pytest.fixture(autouse=True)
def _clean_slate():
    """Each test starts with an empty cache (rate-limit counters) and the default language: a request
    in Spanish earlier in the same thread must not change what a later test reads."""
    from django.conf import settings
    from django.core.cache import cache
    from django.utils import translation

    from reminders import health

    cache.clear()
    health.forget_late()  # its answer is also kept in this process for a few seconds
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def clinic(db):
    return ClinicFactory(name="Riverside Community Clinic")


@pytest.fixture
def other_clinic(db):
    return ClinicFactory(name="Hillview Community Clinic")


@pytest.fixture
def therapist(clinic):
    return UserFactory(clinic=clinic, role=Role.THERAPIST, email="alice@example.org", full_name="Alice Therapist")


@pytest.fixture
def colleague(clinic):
    return UserFactory(clinic=clinic, role=Role.THERAPIST, email="bob@example.org", full_name="Bob Colleague")


@pytest.fixture
def admin(clinic):
    return UserFactory(clinic=clinic, role=Role.CLINIC_ADMIN, email="carol@example.org", full_name="Carol Admin")


@pytest.fixture
def client_user(clinic):
    return UserFactory(clinic=clinic, role=Role.CLIENT, email="dana@example.org", full_name="Dana")


@pytest.fixture
def client_record(clinic, therapist, client_user):
    """A person living with bipolar disorder, on the therapist's caseload, with a portal login."""
    return ClientFactory(
        clinic=clinic,
        primary_therapist=therapist,
        portal_user=client_user,
        legal_name="Dana Rivera",
        preferred_name="Dana",
    )


@pytest.fixture
def other_client_user(clinic):
    return UserFactory(clinic=clinic, role=Role.CLIENT, email="erin@example.org", full_name="Erin")


@pytest.fixture
def other_client_record(clinic, colleague, other_client_user):
    return ClientFactory(
        clinic=clinic, primary_therapist=colleague, portal_user=other_client_user, preferred_name="Erin"
    )


@pytest.fixture
def other_therapist(other_clinic):
    return UserFactory(clinic=other_clinic, role=Role.THERAPIST, email="frank@example.org")


@pytest.fixture
def other_admin(other_clinic):
    return UserFactory(clinic=other_clinic, role=Role.CLINIC_ADMIN, email="grace@example.org")


def _staff_invitation(admin):
    return issued_invitation(admin)[0]


@pytest.fixture
def cast(therapist, colleague, admin, other_admin, client_user, client_record, other_client_user, other_client_record):
    """Everyone of the matrix by role, and a record with a support person and a care-team member."""
    import datetime

    from django.utils import timezone

    from portfolio.models import EmpowermentPlan, MeasureAssignment, MeasureResponse, MeasureSchedule, PortfolioExport
    from reminders.models import Reminder

    from .factories import (
        AdvocacyOpportunityFactory,
        AdvocacyPlanFactory,
        AdvocacyStepFactory,
        DisclosurePlanFactory,
        MicroGoalFactory,
        PeerReferralFactory,
        PeerResourceFactory,
        StoryDraftFactory,
    )

    care_member = CareTeamMemberFactory(client=client_record, user=UserFactory(clinic=client_record.clinic))
    advocacy = AdvocacyPlanFactory(client=client_record, shared_with_client=True)
    return {
        "disclosure_plan": DisclosurePlanFactory(client=client_record, shared_with_client=True),
        "micro_goal": MicroGoalFactory(client=client_record, shared_with_client=True),
        "empowerment_plan": EmpowermentPlan.objects.create(
            client=client_record, created_by=therapist, shared_with_client=True
        ),
        "export": PortfolioExport.objects.create(
            client=client_record,
            sections=["milestones"],
            language="en",
            requested_by=client_user,
            expires_at=timezone.now() + timezone.timedelta(days=7),
        ),
        "reminder": Reminder.objects.create(
            recipient=client_user,
            client=client_record,
            created_by=therapist,
            local_time=datetime.time(9, 0),
            time_zone="UTC",
            recurrence="daily",
        ),
        "measure_assignment": MeasureAssignment.objects.create(
            client=client_record, instrument="self_stigma_pulse", assigned_by=therapist
        ),
        "measure_schedule": MeasureSchedule.objects.create(
            client=client_record, instrument="phq9", cadence="every_weeks", every_weeks=2, created_by=therapist
        ),
        "answered_assignment": (
            answered := MeasureAssignment.objects.create(
                client=client_record, instrument="gad7", assigned_by=therapist, completed_at=timezone.now()
            )
        ),
        "measure_response": MeasureResponse.objects.create(
            client=client_record,
            instrument="gad7",
            instrument_version="1",
            answers=dict.fromkeys(
                ("nervous", "control_worrying", "worrying_too_much", "relaxing", "restless", "irritable", "afraid"), 1
            ),
            total=7,
            assignment=answered,
            completed_by=client_user,
        ),
        "advocacy_plan": advocacy,
        "advocacy_step": AdvocacyStepFactory(plan=advocacy),
        "story_draft": StoryDraftFactory(plan=advocacy),
        "opportunity": AdvocacyOpportunityFactory(clinic=client_record.clinic),
        "peer_resource": (peer := PeerResourceFactory(clinic=client_record.clinic)),
        "referral": PeerReferralFactory(
            client=client_record, resource=peer, status="awaiting_consent", shown_to_client=True
        ),
        "support_person": SupportPersonFactory(client=client_record, created_by=therapist),
        "staff_invitation": _staff_invitation(admin),
        "care_team_member": care_member,
        "therapist": therapist,
        "colleague": colleague,
        "admin": admin,
        "other_admin": other_admin,
        "client": client_user,
        "other_client": other_client_user,
        "client_record": client_record,
    }


def log_in(django_client, user, *, verified=True):
    """Log `user` in; staff also pass their second factor unless `verified` is False."""
    django_client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if verified and user.needs_second_factor:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="Authenticator app", confirmed=True
        )
        session = django_client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return django_client


@pytest.fixture
def login(client):
    """`login(user)` logs the test client in as that user, second factor included."""

    def _login(user, **kwargs):
        return log_in(client, user, **kwargs)

    return _login


def pytest_sessionstart(session):
    """Compile the translations when a .po is newer than its .mo, so a plain `pytest` sees them too."""
    from pathlib import Path

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in (Path(__file__).resolve().parents[1] / "locale").glob("*/LC_MESSAGES/django.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog)


def _browser_available():
    import importlib.util
    import shutil

    return bool(shutil.which("chromium")) and importlib.util.find_spec("playwright") is not None


# The modules that take longest, longest first. `make test` and `make test-fast` hand whole modules to two
# processes (pytest-xdist's --dist loadfile, with --no-loadscope-reorder so that this order is kept): the long
# ones start first and the many short ones fill in after them, so the two processes end at about the same time.
# Ordered by module size instead (xdist's default), the demo and scale modules, few tests but long ones, were
# handed out last and one process ran on alone for ten seconds.
LONG_MODULES = (
    "tests/test_authorization_matrix.py",
    "tests/test_seed_demo.py",
    "tests/test_seed_scale.py",
    "tests/test_forms_property.py",
    "tests/accounts/test_emergency_access.py",
    "tests/portal/test_export_client.py",
    "tests/test_everyday_details.py",
    "tests/accounts/test_audit_log.py",
    "tests/test_old_urls.py",
)


def pytest_collection_modifyitems(config, items):
    """Leave out, with a printed reason, tests whose service this run does not have; the long modules first.

    `make test` on a bare machine runs on SQLite without Redis; `.ci/run` always has PostgreSQL and
    Redis, so there every test runs.
    """
    import os

    from django.db import connection

    missing = set()
    if not os.environ.get("REDIS_URL"):
        missing.add("worker")
    if connection.vendor != "postgresql":
        missing.add("postgresql")
    if not _browser_available():
        missing.add("browser")
    kept, left_out = [], []
    for item in items:
        (left_out if missing & {mark.name for mark in item.iter_markers()} else kept).append(item)
    first = {module: place for place, module in enumerate(LONG_MODULES)}
    items[:] = sorted(kept, key=lambda item: first.get(item.nodeid.partition("::")[0], len(first)))  # stable
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter:
            reporter.write_line(
                f"Not run here ({', '.join(sorted(missing))} not available): {len(left_out)} tests. "
                "Set DATABASE_URL and REDIS_URL (as .ci/run does) to run them."
            )


def reads_through_the_scope(queries, tables):
    """The SQL of the captured queries on `tables` (a regular expression of table names) that embed the
    "visible clients" subquery: on a page that authorized once (issue 21), its own reads must not."""
    return [
        query["sql"]
        for query in queries
        if re.search(rf'FROM "(?:{tables})"', query["sql"])
        and ('"clients_client"' in query["sql"] or '"clients_careteammember"' in query["sql"])
    ]
