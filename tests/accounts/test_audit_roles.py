"""The database as the last line (issue 19, item 13): the application's role, granted by
deploy/grant-app-role.sql, may add audit events and read them but never change, empty or alter the table; the
owner's TRUNCATE is refused by the table's trigger. Each role is made here, with a random name, and dropped."""

import re
import secrets
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.db.utils import DatabaseError

from accounts.models import User
from audit.models import AuditEvent

pytestmark = pytest.mark.postgresql

DEPLOY = Path(settings.BASE_DIR) / "deploy"
GRANT = DEPLOY / "grant-app-role.sql"


def grant(role):
    """Run the deploy step's grant script for `role`, as the migrate step does (as the tables' owner)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('empowerment.app_role', %s, true)", [role])
        cursor.execute(GRANT.read_text())


@contextmanager
def new_role(*options):
    name = f"test_app_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {name} NOLOGIN {' '.join(options)}")
    try:
        yield name
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {name}")  # the grants, in this database and on it
            cursor.execute(f"DROP ROLE {name}")


@pytest.fixture
def app_role(db):
    with new_role() as name:
        grant(name)
        yield name


@contextmanager
def acting_as(role):
    """Statements run as `role` (SET LOCAL ROLE in a savepoint); an error rolls the savepoint back."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {role}")
        yield cursor
        cursor.execute("RESET ROLE")


@pytest.fixture
def recorded(therapist, client_record):
    return AuditEvent.objects.create(
        actor=therapist, clinic=therapist.clinic, client=client_record, action="test.event"
    )


def test_the_application_role_adds_and_reads_events(app_role, recorded, therapist):
    with acting_as(app_role):
        AuditEvent.objects.create(actor=therapist, clinic=therapist.clinic, action="test.added")
        assert set(AuditEvent.objects.values_list("action", flat=True)) == {"test.event", "test.added"}


def test_the_application_role_reads_and_writes_the_other_tables(app_role, therapist):
    with acting_as(app_role):
        User.objects.filter(pk=therapist.pk).update(full_name="Alicia Therapist")
        assert User.objects.get(pk=therapist.pk).full_name == "Alicia Therapist"
        User.objects.filter(pk=therapist.pk).delete()
    assert not User.objects.filter(pk=therapist.pk).exists()


FORBIDDEN = [
    "UPDATE accounts_auditevent SET action = 'changed'",
    "DELETE FROM accounts_auditevent",
    "TRUNCATE accounts_auditevent",
    "TRUNCATE accounts_auditevent CASCADE",
    "ALTER TABLE accounts_auditevent DISABLE TRIGGER accounts_auditevent_append_only",
    "ALTER TABLE accounts_auditevent DISABLE TRIGGER accounts_auditevent_no_truncate",
    "ALTER TABLE accounts_auditevent DISABLE TRIGGER ALL",
    "ALTER TABLE accounts_auditevent ADD COLUMN note text",
    "ALTER TABLE accounts_auditevent RENAME TO accounts_auditevent_old",
    "DROP TRIGGER accounts_auditevent_append_only ON accounts_auditevent",
    "DROP TABLE accounts_auditevent",
    "INSERT INTO django_migrations (app, name, applied) VALUES ('accounts', '9999_fake', now())",
]


@pytest.mark.parametrize("statement", FORBIDDEN, ids=lambda statement: " ".join(statement.split()[:4]))
def test_the_application_role_cannot_change_or_alter_the_audit_table(app_role, recorded, statement):
    with pytest.raises(DatabaseError, match="permission denied|must be owner"), acting_as(app_role) as cursor:
        cursor.execute(statement)
    assert AuditEvent.objects.get(pk=recorded.pk).action == "test.event"


def test_the_application_role_holds_only_select_and_insert_on_the_audit_table(app_role):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT privilege FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES',"
            " 'TRIGGER']) AS privilege WHERE has_table_privilege(%s, 'accounts_auditevent', privilege)",
            [app_role],
        )
        assert {row[0] for row in cursor.fetchall()} == {"SELECT", "INSERT"}


def _run_at_once(statement):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the new event's deferred key checks, which TRUNCATE awaits
        cursor.execute(statement)


@pytest.mark.parametrize("statement", ["TRUNCATE accounts_auditevent", "TRUNCATE accounts_auditevent CASCADE"])
def test_the_owner_cannot_truncate_the_audit_table_either(recorded, statement):
    with pytest.raises(DatabaseError, match="append-only"):
        _run_at_once(statement)
    assert AuditEvent.objects.filter(pk=recorded.pk).exists()


def test_the_grant_is_refused_to_the_owner_and_to_its_members(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
    with pytest.raises(DatabaseError, match="needs a role of its own"), transaction.atomic():
        grant(owner)
    with (
        new_role(f"IN ROLE {owner}") as member,
        pytest.raises(DatabaseError, match="needs a role of its own"),
        transaction.atomic(),
    ):
        grant(member)


def test_the_grant_can_run_again_after_a_migration(app_role):
    """The deploy step runs it after every migrate: a second run keeps the audit table read and add only."""
    with connection.cursor() as cursor:
        cursor.execute(f"GRANT UPDATE, DELETE ON accounts_auditevent TO {app_role}")  # e.g. left by a mistake
    grant(app_role)
    with pytest.raises(DatabaseError, match="permission denied"), acting_as(app_role) as cursor:
        cursor.execute("DELETE FROM accounts_auditevent")


def test_the_deployment_names_two_roles_and_migrates_as_the_owner():
    """deploy/env.example documents both URLs; deploy/migrate.sh migrates with the owner's, then grants."""
    example = (DEPLOY / "env.example").read_text()
    urls = dict(re.findall(r"^((?:MIGRATE_)?DATABASE_URL)=postgres://([^:@]+)", example, re.MULTILINE))
    assert set(urls) == {"DATABASE_URL", "MIGRATE_DATABASE_URL"}
    assert urls["DATABASE_URL"] != urls["MIGRATE_DATABASE_URL"]
    script = (DEPLOY / "migrate.sh").read_text()
    migrate = script.index('DATABASE_URL=$MIGRATE_DATABASE_URL "$PYTHON" manage.py migrate')
    assert migrate < script.index("grant-app-role.sql", migrate)
