"""Data made once for a module of tests, every test still starting from exactly that data (issue 22).

Django's `TestCase.setUpTestData`, for pytest: the rows are made in a transaction held open while the module's
tests run, and each test runs in pytest-django's own savepoint inside it (the `db` fixture), rolled back when
the test ends. A test gets a deep copy of the Python objects made with the rows (`Held.data`), so what one test
changes in memory the next does not see. When the data is let go, every row of every table must be as it was
once the data was made: a write that outlived its test fails there, naming the tables. Then the transaction is
rolled back, and the database is as empty as before.
"""

import copy
import inspect
from collections.abc import Mapping

import pytest
from django.apps import apps
from django.db import connection, transaction


def every_row():
    """Every row of every table, in primary-key order: what "the same data" means here."""
    return {
        model._meta.db_table: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


class Held:
    """The data `make()` returns, with its rows held in an open transaction from `hold()` to `release()`."""

    def __init__(self, django_db_blocker, make):
        self._blocker, self._make = django_db_blocker, make
        self._atomic = self._data = self._rows = None

    @property
    def is_held(self):
        return self._atomic is not None

    @property
    def data(self):
        """A copy of what `make()` returned, for one test: each item is copied when the test first reads it."""
        assert self.is_held
        return Copies(self._data, memo={}) if type(self._data) is dict else copy.deepcopy(self._data)

    def hold(self):
        """Make the data and hold it, unless it is held already. Before a test's own transaction begins."""
        if self.is_held:
            return
        with self._blocker.unblock():
            assert not connection.in_atomic_block, "the data must be made before the test's own transaction"
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            try:
                self._data = self._make()
                self._rows = every_row()
            except BaseException:
                self._roll_back()
                raise

    def release(self):
        """Check that every row is as it was made, then roll the data back (nothing to do if none is held)."""
        if not self.is_held:
            return
        with self._blocker.unblock():
            try:
                now = every_row()
            finally:
                made, self._data, self._rows = self._rows, None, None
                self._roll_back()
        changed = sorted(table for table in made.keys() | now.keys() if made.get(table) != now.get(table))
        assert not changed, f"a test's writes outlived it in the data held for the module: {changed}"

    def _roll_back(self):
        atomic, self._atomic = self._atomic, None
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def held_for(reader, make):
    """The two fixtures of a module whose tests that ask for the fixture `reader` share the data `make()` makes,
    held (`_held`), while its other database tests start, as before, from an empty database: a test that does not
    read the data lets it go, and the next reader makes it again. In the module:

        _held, _held_or_an_empty_database = held_for("demo", make)

    and `reader`'s own fixture asks for `_held` and `db`. Put the readers together, after the tests that make
    their own data, so that the data is made once."""

    @pytest.fixture(scope="module", name="_held")
    def held(django_db_setup, django_db_blocker):
        data = Held(django_db_blocker, make)
        yield data
        data.release()

    @pytest.fixture(autouse=True, name="_held_or_an_empty_database")
    def held_or_an_empty_database(request, _held):
        if reader in request.fixturenames:
            _held.hold()
        elif "db" in request.fixturenames:
            _held.release()

    return held, held_or_an_empty_database


class Copies(Mapping):
    """A dict of held data, read as a test's own copy: an item is deep-copied the first time it is read, as
    Django's `TestData` does for `setUpTestData`, so a case that reads two of the cast's ~30 objects copies two,
    not all (copying the whole cast for each of the matrix's ~1,600 cases was a sixth of its time). One memo for
    the whole copy keeps an object reached by two items one object, as in a single `copy.deepcopy`."""

    def __init__(self, made, memo):
        self._made, self._memo, self._copied = made, memo, {}

    def __getitem__(self, key):
        if key not in self._copied:
            value = self._made[key]
            self._copied[key] = Copies(value, self._memo) if type(value) is dict else copy.deepcopy(value, self._memo)
        return self._copied[key]

    def __iter__(self):
        return iter(self._made)

    def __len__(self):
        return len(self._made)


def made_as_fixtures(module, name, made=None):
    """The value of the fixture `name` made by `module`'s own fixture functions, each fixture it asks for made
    once the same way, `db` being the transaction already open. So the held data is the one the fixtures
    define (tests/conftest.py's cast), made once instead of for each test."""
    made = {} if made is None else made
    if name == "db":
        return None
    if name not in made:
        function = getattr(module, name).__wrapped__  # the function under pytest's fixture wrapper
        if inspect.isgeneratorfunction(function):
            raise TypeError(f"the fixture {name} has a teardown: it cannot be made this way")
        arguments = {
            argument: made_as_fixtures(module, argument, made) for argument in inspect.signature(function).parameters
        }
        made[name] = function(**arguments)
    return made[name]
