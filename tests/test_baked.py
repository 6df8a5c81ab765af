"""Baked reads (empowerment/baked.py): compiled once per shape, run again with each call's values.

What must hold: a baked read gives exactly what its queryset gives, for every user (the values of the scope
are substituted, not frozen from the first caller); a query that cannot be proved to be the same SQL for
every value is built normally instead; check mode (on for this whole suite) catches a builder that reads
more than ids; and on PostgreSQL outside a transaction the read is a prepared statement of the connection.
"""

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clients.models import CheckIn
from empowerment import baked as baked_module
from empowerment.baked import BakedQueryMismatch, baked
from portfolio.models import Milestone

from .factories import CheckInFactory, ClientFactory, EmergencyAccessFactory


@baked
def check_ins_of(user, client):
    return CheckIn.objects.visible_to(user).filter(client=client).select_related("created_by").order_by("wellbeing")


@baked
def milestones_of(user, client):
    return Milestone.objects.visible_to(user).filter(client=client).order_by("title")


@pytest.fixture(autouse=True)
def _fresh_shapes():
    for run in (check_ins_of, milestones_of):
        run.shapes.clear()


def _baked_shapes(run):
    return [entry for entry in run.shapes.values() if entry]


def test_the_suite_checks_every_baked_read():
    assert settings.BAKED_QUERIES == "check"


@pytest.mark.django_db
def test_a_baked_read_gives_the_rows_and_joins_its_queryset_gives(therapist, client_record):
    for wellbeing in (7, 3, 5):
        CheckInFactory(client=client_record, wellbeing=wellbeing)

    rows = check_ins_of(therapist, client_record)

    assert [row.wellbeing for row in rows] == [3, 5, 7]
    assert len(_baked_shapes(check_ins_of)) == 1  # baked, not built normally
    with CaptureQueriesContext(connection) as queries:
        assert {row.created_by.full_name for row in rows} == {"Alice Therapist"}  # select_related came along
    assert len(queries) == 0


@pytest.mark.django_db
def test_the_scope_is_each_callers_not_the_first_callers(
    therapist, colleague, other_therapist, client_record, client_user
):
    """One shape per role: the ids of the user and their clinic are filled in on every call."""
    CheckInFactory(client=client_record)
    theirs = ClientFactory(clinic=client_record.clinic, primary_therapist=colleague)
    CheckInFactory(client=theirs, wellbeing=2)

    assert len(check_ins_of(therapist, client_record)) == 1
    assert check_ins_of(colleague, client_record) == []  # same clinic, not on the care team
    assert check_ins_of(other_therapist, client_record) == []  # another clinic
    assert [row.wellbeing for row in check_ins_of(colleague, theirs)] == [2]
    assert check_ins_of(therapist, theirs) == []
    assert check_ins_of(client_user, client_record) == []  # check-ins are never shown to the client
    # The therapists' shape is baked; the client's is `.none()`, nothing to compile, so it is built normally.
    assert len(_baked_shapes(check_ins_of)) == 1 and len(check_ins_of.shapes) == 2


@pytest.mark.django_db
def test_a_client_sees_only_what_is_shared_with_them(therapist, client_record, client_user):
    Milestone.objects.create(client=client_record, title="First", created_by=therapist, shared_with_client=True)
    Milestone.objects.create(client=client_record, title="Second", created_by=therapist)

    assert [row.title for row in milestones_of(therapist, client_record)] == ["First", "Second"]
    assert [row.title for row in milestones_of(client_user, client_record)] == ["First"]


@pytest.mark.django_db
def test_a_clinic_admins_scope_holds_the_time_so_it_is_built_every_time(admin, client_record):
    """An emergency access ends at a moment: the admin's scope compares with now, which must not be frozen."""
    CheckInFactory(client=client_record)
    assert check_ins_of(admin, client_record) == []

    EmergencyAccessFactory(client=client_record, admin=admin)
    assert len(check_ins_of(admin, client_record)) == 1
    assert _baked_shapes(check_ins_of) == []  # refused, so built normally


@pytest.mark.django_db
def test_a_builder_that_reads_the_clock_is_never_baked(therapist, client_record):
    @baked
    def since_yesterday(user, client):
        return CheckIn.objects.visible_to(user).filter(client=client, created_at__gte=timezone.now())

    @baked
    def today_or_later(user, client):
        return CheckIn.objects.visible_to(user).filter(client=client, session_date__gte=timezone.localdate())

    assert since_yesterday(therapist, client_record) == []
    assert today_or_later(therapist, client_record) == []
    assert _baked_shapes(since_yesterday) == [] and _baked_shapes(today_or_later) == []


@pytest.mark.django_db
def test_check_mode_catches_a_builder_that_reads_more_than_an_id(therapist, client_record):
    @baked
    def by_name(user, client):
        return CheckIn.objects.visible_to(user).filter(client__preferred_name=client.preferred_name)

    with pytest.raises(BakedQueryMismatch):
        by_name(therapist, client_record)


@pytest.mark.django_db
def test_a_related_managers_queryset_and_free_text_are_built_normally(therapist, client_record):
    @baked
    def through_manager(user, client):
        return client.check_ins.visible_to(user)

    @baked
    def by_note(user, client, text):
        return CheckIn.objects.visible_to(user).filter(client=client, notes__icontains=text)

    CheckInFactory(client=client_record, notes="Went to the choir")
    assert len(through_manager(therapist, client_record)) == 1
    assert len(by_note(therapist, client_record, "choir")) == 1
    assert by_note(therapist, client_record, "football") == []
    assert _baked_shapes(through_manager) == [] and by_note.shapes == {}


@pytest.mark.django_db
def test_off_builds_every_query_normally(therapist, client_record, settings):
    settings.BAKED_QUERIES = "off"
    CheckInFactory(client=client_record)
    assert len(check_ins_of(therapist, client_record)) == 1
    assert check_ins_of.shapes == {}


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_it_is_a_prepared_statement_of_the_connection(therapist, client_record):
    CheckInFactory(client=client_record, wellbeing=4)
    with CaptureQueriesContext(connection) as queries:
        first = check_ins_of(therapist, client_record)
        second = check_ins_of(therapist, client_record)
    sent = [query["sql"] for query in queries]
    assert sent[0].startswith("PREPARE baked_")
    assert all(sql.startswith("EXECUTE baked_") for sql in sent[1:]) and len(sent) == 3
    assert [row.wellbeing for row in first] == [row.wellbeing for row in second] == [4]

    connection.close()  # a new connection has no prepared statements: it prepares again
    with CaptureQueriesContext(connection) as queries:
        assert [row.wellbeing for row in check_ins_of(therapist, client_record)] == [4]
    assert queries[0]["sql"].startswith("PREPARE baked_")

    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        assert len(check_ins_of(therapist, client_record)) == 1
    assert queries[0]["sql"].startswith("SELECT")  # in a transaction: the query itself

    transaction.set_autocommit(False)  # a transaction managed by hand: the query itself too
    try:
        with CaptureQueriesContext(connection) as queries:
            assert len(check_ins_of(therapist, client_record)) == 1
        assert queries[0]["sql"].startswith("SELECT")
    finally:
        transaction.rollback()
        transaction.set_autocommit(True)


@pytest.mark.django_db(transaction=True)
def test_a_statement_postgresql_cannot_prepare_falls_back_to_the_query(therapist, client_record, monkeypatch):
    CheckInFactory(client=client_record)
    check_ins_of(therapist, client_record)
    (entry,) = _baked_shapes(check_ins_of)
    monkeypatch.setattr(entry, "prepare_sql", f"PREPARE {entry.name}_broken AS SELECT $1 + $1")
    monkeypatch.setattr(entry, "name", f"{entry.name}_broken")

    assert len(check_ins_of(therapist, client_record)) == 1
    assert entry.preparable is False
    assert len(check_ins_of(therapist, client_record)) == 1


def test_the_placeholders_become_numbered_parameters():
    sql = "SELECT a FROM t WHERE b = %s AND c LIKE 'x%%' AND d = %s"
    assert baked_module.numbered_placeholders(sql) == "SELECT a FROM t WHERE b = $1 AND c LIKE 'x%' AND d = $2"


@pytest.mark.django_db(transaction=True)
def test_a_prepared_statement_gone_from_the_connection_is_not_an_error(therapist, client_record):
    """Someone ran DEALLOCATE (or a pooler swapped the session): the read runs the query itself instead."""
    CheckInFactory(client=client_record)
    check_ins_of(therapist, client_record)
    (entry,) = _baked_shapes(check_ins_of)
    with connection.cursor() as cursor:
        cursor.execute(f"DEALLOCATE {entry.name}")

    assert len(check_ins_of(therapist, client_record)) == 1
    assert entry.preparable is False


@pytest.mark.django_db
def test_past_the_limit_of_shapes_a_read_is_built_normally_and_nothing_more_is_kept(
    therapist, client_record, monkeypatch
):
    monkeypatch.setattr(baked_module, "MAX_SHAPES", 0)
    CheckInFactory(client=client_record)
    assert len(check_ins_of(therapist, client_record)) == 1
    assert check_ins_of.shapes == {}
