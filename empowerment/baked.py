"""Queries built and compiled once per process, then run again with each request's values.

A record page makes a dozen small scoped reads, and for each one Django spends more time building the
queryset and compiling it to SQL (0.4–0.8 ms) than PostgreSQL spends planning and running it. The SQL of
such a read depends only on its shape (which model, which filters, the role of the person reading), not
on the ids in it: this is SQLAlchemy's "baked query" idea, for Django querysets.

    @baked
    def recent_check_ins(user, client):
        return CheckIn.objects.visible_to(user).filter(client=client).only(*FIELDS)[:3]

    rows = recent_check_ins(request.user, client)  # a list, as list(queryset) would give

The first call for a shape builds the queryset twice, with two sets of stand-in values (a user with a
random id and clinic, a client with a random id, random dates and numbers), and compiles both. The SQL
must come out the same, and every parameter must be either a stand-in, at the same place in both, or a
constant that is neither a date nor a time (a date in a built query is almost always "today", which would
go stale). Then each later call runs that SQL with the stand-ins replaced by the real values, and makes
the rows into model instances with Django's own iterables (select_related, only(), annotations and
prefetch_related work as usual). A query that fails the checks is never baked: it is built normally on
every call, so a shape this module cannot prove safe is slower, never wrong.

What shapes the SQL, and so the cache key: the role of a user argument, booleans and None, and the
arguments named in `shape=` (a slice's size, the related tables to join). Arguments substituted: users
(their id and clinic), model instances (their primary key), UUIDs, integers, dates and datetimes; any other
argument (free text, say) makes the call build its query normally. A builder must use only those: it must
not read other attributes of a user or an instance, nor the clock (pass `today` in).

On PostgreSQL, a baked query is also a prepared statement of each database connection (PREPARE once,
then EXECUTE with the values), so PostgreSQL does not plan it again either; not inside a transaction (a
PREPARE that failed there would break it), and not with `settings.DATABASE_PREPARED_STATEMENTS` off (for a
pooler in transaction mode, which cannot keep a session's prepared statements).

`settings.BAKED_QUERIES`: "on" (default), "off" (build every query normally), or "check" (the tests):
every call also builds the query normally from the real values and fails loudly unless the SQL and the
parameters are exactly the baked ones. Only on PostgreSQL; elsewhere (the SQLite demo) every query is
built normally.
"""

import datetime
import functools
import inspect
import itertools
import logging
import re
import secrets
import threading
import uuid
import weakref

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import DatabaseError, connections, models
from django.http import Http404

logger = logging.getLogger(__name__)

MAX_SHAPES = 32  # per baked function: more distinct shapes than this and the rest are built normally


class NotBakeable(Exception):
    """The query cannot be proved to be the same SQL for every value: it is built normally instead."""


class BakedQueryMismatch(AssertionError):
    """Check mode: the baked SQL or parameters differ from the query built normally."""


def baked(build=None, *, shape=()):
    """Decorate a function that returns a queryset; calling it returns the list the queryset gives.

    `shape`: names of arguments that shape the SQL and are never substituted (a slice's size, say).
    """
    if build is None:
        return functools.partial(baked, shape=shape)
    signature = inspect.signature(build)
    names = list(signature.parameters)
    shapes = {}
    lock = threading.Lock()

    @functools.wraps(build)
    def run(*args, **kwargs):
        mode = getattr(settings, "BAKED_QUERIES", "on")
        if not kwargs and len(args) == len(names):  # the usual call: every argument, in order
            values = dict(zip(names, args, strict=True))
        else:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            values = bound.arguments
        using = "default"
        if mode == "off" or connections[using].vendor != "postgresql":
            return list(build(**values))
        try:
            key = _shape_key(values, shape)
        except NotBakeable:
            return list(build(**values))
        entry = shapes.get(key)
        if entry is None and len(shapes) < MAX_SHAPES:
            with lock:
                entry = shapes.get(key)
                if entry is None:
                    entry = shapes[key] = _bake(build, values, shape) or False
        if not entry:
            return list(build(**values))
        params = entry.params_for(values)
        if mode == "check":
            _check(build, values, entry, params)
        return entry.run(params, using)

    run.shapes = shapes  # for the tests
    return run


def one_or_404(rows):
    """The one row of a baked `[:1]` read, or a 404 (missing and forbidden look alike)."""
    if not rows:
        raise Http404
    return rows[0]


# Values that stand in for the real ones.


def _user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()


def _is_user(value):
    return isinstance(value, _user_model())


def _shape_key(values, shape):
    key = []
    for name, value in values.items():
        if name in shape:
            hash(value)
            key.append((name, "shape", value))
        elif _is_user(value):
            live = bool(value.is_authenticated and value.is_active and value.clinic_id)
            if not live:
                raise NotBakeable(name)
            key.append((name, "user", value.role))
        elif isinstance(value, models.Model):
            key.append((name, "instance", value._meta.model))
        elif isinstance(value, bool) or value is None:
            key.append((name, value))
        elif isinstance(value, uuid.UUID | int | datetime.date):  # datetime is a date too
            key.append((name, type(value)))
        else:
            raise NotBakeable(name)
    return tuple(key)


def _between(low, high):
    return low + secrets.randbelow(high - low + 1)


def _random_id(field):
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.AutoField | models.IntegerField):
        return _between(2**40, 2**50)
    raise NotBakeable(f"primary key {field!r}")


def _stand_ins(values, shape):
    """Stand-in arguments, and [(stand-in value, argument name, attribute or None)] for each one."""
    arguments, slots = {}, []
    for name, value in values.items():
        if name in shape:
            arguments[name] = value
        elif _is_user(value):
            user = _user_model()(
                pk=_random_id(value._meta.pk),
                clinic_id=_random_id(value._meta.get_field("clinic").target_field),
                role=value.role,
                is_active=True,
            )
            arguments[name] = user
            slots += [(user.pk, name, "pk"), (user.clinic_id, name, "clinic_id")]
        elif isinstance(value, models.Model):
            instance = value._meta.model(pk=_random_id(value._meta.pk))
            arguments[name] = instance
            slots.append((instance.pk, name, "pk"))
        elif isinstance(value, bool) or value is None:
            arguments[name] = value
        elif isinstance(value, uuid.UUID):
            arguments[name] = uuid.uuid4()
            slots.append((arguments[name], name, None))
        elif isinstance(value, int):
            arguments[name] = _between(2**40, 2**50)
            slots.append((arguments[name], name, None))
        elif isinstance(value, datetime.datetime):
            moment = datetime.datetime(1000, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(
                seconds=_between(0, 2**34),
                microseconds=_between(1, 999_999),
            )
            arguments[name] = moment if value.tzinfo else moment.replace(tzinfo=None)
            slots.append((arguments[name], name, None))
        elif isinstance(value, datetime.date):
            arguments[name] = datetime.date(1000, 1, 1) + datetime.timedelta(days=_between(0, 300_000))
            slots.append((arguments[name], name, None))
    return arguments, slots


def _compile(queryset, using):
    if queryset._known_related_objects:  # from a related manager: it would carry the stand-in instance
        raise NotBakeable("a related manager's queryset")
    compiler = queryset.query.get_compiler(using=using)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        raise NotBakeable("an empty result") from None
    return compiler, sql, list(params)


def _bake(build, values, shape):
    using = "default"
    try:
        first_arguments, first_slots = _stand_ins(values, shape)
        second_arguments, second_slots = _stand_ins(values, shape)
        queryset = build(**first_arguments)
        compiler, sql, first = _compile(queryset, using)
        _compiler, second_sql, second = _compile(build(**second_arguments), using)
        if sql != second_sql or len(first) != len(second):
            raise NotBakeable("the SQL depends on the values")
        recipe = []
        for index, (one, two) in enumerate(zip(first, second, strict=True)):
            slot = _slot_of(one, first_slots)
            if slot is not None:
                if _slot_of(two, second_slots) != slot:
                    raise NotBakeable(f"parameter {index} is a stand-in in one build only")
                recipe.append((slot, None))
            elif one == two and type(one) is type(two) and not isinstance(one, datetime.date | datetime.time):
                recipe.append((None, one))
            else:
                raise NotBakeable(f"parameter {index} is neither a value passed in nor a constant")
    except NotBakeable as reason:
        logger.info("query=%s baked=no reason=%s", build.__qualname__, reason)
        return None
    return Baked(queryset, compiler, sql, recipe)


def _slot_of(param, slots):
    for value, name, attribute in slots:
        if type(param) is type(value) and param == value:
            return (name, attribute)
    return None


_names = itertools.count(1)
_prepared = weakref.WeakKeyDictionary()  # database connection -> names of the statements prepared on it
_PLACEHOLDER = re.compile(r"%s|%%")


def numbered_placeholders(sql):
    """Django's SQL (%s for a parameter, %% for a percent sign) as PREPARE takes it ($1, $2, ...)."""
    numbers = itertools.count(1)
    return _PLACEHOLDER.sub(lambda match: "%" if match.group() == "%%" else f"${next(numbers)}", sql)


class Baked:
    """One shape of a query: its SQL, how to fill its parameters, and the compiled state to read rows with."""

    def __init__(self, queryset, compiler, sql, recipe):
        self.queryset = queryset
        self.compiler = compiler
        self.sql = sql
        self.recipe = recipe
        # Which columns need converting after the fetch depends only on the shape: worked out once here, not
        # for every call (it was a fifth of a baked read's Python).
        self.converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
        self.name = f"baked_{next(_names)}"
        self.prepare_sql = f"PREPARE {self.name} AS {numbered_placeholders(sql)}"
        self.execute_sql = (
            f"EXECUTE {self.name}({', '.join(['%s'] * len(recipe))})" if recipe else f"EXECUTE {self.name}"
        )
        self.preparable = True

    def statement(self, connection):
        """The SQL to send: EXECUTE of this connection's prepared statement when it can be, else the query.

        Only in autocommit, outside any transaction: a PREPARE or EXECUTE that failed inside one would leave
        it aborted, while outside one the read simply runs the query itself instead."""
        if not (self.preparable and getattr(settings, "DATABASE_PREPARED_STATEMENTS", True)):
            return self.sql
        if connection.in_atomic_block or not connection.get_autocommit():
            return self.sql
        connection.ensure_connection()
        names = _prepared.setdefault(connection.connection, set())
        if self.name not in names:
            try:
                with connection.cursor() as cursor:
                    cursor.execute(self.prepare_sql)
            except DatabaseError as error:
                if not _about_the_statement(error):  # the database is down, say: not this statement's fault
                    raise
                self.preparable = False  # a parameter whose type PostgreSQL cannot work out, say
                logger.warning("query=%s prepared=no error=%s", self.name, type(error).__name__)
                return self.sql
            names.add(self.name)
        return self.execute_sql

    def params_for(self, values):
        params = []
        for slot, constant in self.recipe:
            if slot is None:
                params.append(constant)
            else:
                name, attribute = slot
                value = values[name]
                params.append(getattr(value, attribute) if attribute else value)
        return params

    def run(self, params, using):
        """The rows, as list(queryset) gives them, without building or compiling the query again."""
        connection = connections[using]
        sql = self.statement(connection)
        if sql is self.sql:
            return self._rows(sql, params, connection, using)
        try:
            return self._rows(sql, params, connection, using)
        except DatabaseError as error:  # outside a transaction, so nothing is left broken
            if not _about_the_statement(error):
                raise
            _prepared.get(connection.connection, set()).discard(self.name)
            self.preparable = False
            logger.warning("query=%s prepared=no error=%s", self.name, type(error).__name__)
            return self._rows(self.sql, params, connection, using)

    def _rows(self, sql, params, connection, using):
        compiler = _shallow_copy(self.compiler)
        compiler.connection = connection
        compiler.using = using
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        converters = self.converters
        compiler.get_converters = lambda expressions: converters
        query = _shallow_copy(self.queryset.query)
        query.get_compiler = lambda *args, **kwargs: compiler
        queryset = _shallow_copy(self.queryset)  # not copy.copy(): a QuerySet's __getstate__ evaluates it
        queryset._query = query
        queryset._result_cache = None
        queryset._prefetch_done = False
        queryset._db = using
        return list(queryset)


# SQLSTATE classes of an error in the statement itself: 22 data exception, 26 no such prepared statement,
# 42 syntax or types (a parameter's type PostgreSQL cannot work out). Anything else (the connection, the
# server) is raised as it is.
_STATEMENT_ERRORS = ("22", "26", "42")


def _about_the_statement(error):
    code = getattr(error.__cause__, "pgcode", None) or ""
    return code[:2] in _STATEMENT_ERRORS


def _shallow_copy(thing):
    twin = object.__new__(type(thing))
    twin.__dict__.update(thing.__dict__)
    return twin


def _check(build, values, entry, params):
    try:
        _compiler, sql, expected = _compile(build(**values), "default")
    except NotBakeable as reason:
        raise BakedQueryMismatch(f"{build.__qualname__}: built normally, {reason}") from None
    if sql != entry.sql or expected != params or [type(p) for p in expected] != [type(p) for p in params]:
        raise BakedQueryMismatch(
            f"{build.__qualname__}: the baked query differs from the one built normally\n"
            f"baked:  {entry.sql} {params!r}\nnormal: {sql} {expected!r}"
        )
