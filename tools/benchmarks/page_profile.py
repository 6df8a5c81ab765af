"""Tuning aid: time (and optionally profile) the key pages of the load benchmark, in process.

    BENCH_DATABASE_URL=postgres://root@127.0.0.1:5432/empowerment_bench \\
        python -m tools.benchmarks.page_profile overview,portal_home [--queries] [--profile tottime|cumulative]

It signs in one person per role on the seeded database (see tools/benchmarks/load.py), requests each page a few
times to warm up, then 30 times, and prints the median; `--queries` lists each query with its time, and
`--profile` prints cProfile's top 40 lines. Run `make bench` once first (or `manage.py seed_scale`) so the
database is seeded. In-process times leave out HTTP and gunicorn: compare pages with the floor here, and use
`make bench` for the numbers that count.
"""

import argparse
import cProfile
import os
import pstats
import secrets
import statistics
import sys
import time

os.environ.update(
    DJANGO_SETTINGS_MODULE="tools.benchmarks.settings",
    DATABASE_URL=os.environ.get("BENCH_DATABASE_URL", "postgres://root@127.0.0.1:5432/empowerment_bench"),
    REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7"),
    DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
    DJANGO_ALLOWED_HOSTS="testserver",
    DJANGO_BEHIND_TLS_PROXY="1",
    DJANGO_LOG_LEVEL="WARNING",
)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from tools.benchmarks import load  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_PROFILE_ROUNDS", "30"))
SQL_WIDTH = int(os.environ.get("BENCH_SQL_WIDTH", "150"))  # how much of each query --queries prints


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", help="comma-separated: " + ",".join([*load.KEY_PAGES, "floor"]))
    parser.add_argument("--queries", action="store_true")
    parser.add_argument("--profile", choices=["tottime", "cumulative"])
    parser.add_argument("--split", action="store_true", help="where the time goes: database, templates, the rest")
    parser.add_argument("--only", help="with --profile: only lines whose file matches this regular expression")
    parser.add_argument(
        "--calls",
        action="store_true",
        help="Python function calls per request: a count, not a time, so it is the same on a busy machine",
    )
    parser.add_argument("--templates", action="store_true", help="each template's own time per request (includes too)")
    options = parser.parse_args()
    if options.split:
        _measure_split()
    if options.templates:
        _measure_templates()
    load.THERAPISTS, load.ADMINS, load.CLIENTS = 1, 1, 1
    targets = load.make_targets()
    role_of = {page: role for role, pages in load.PAGES.items() for page in pages} | {"floor": "therapist"}
    for page in options.pages.split(","):
        session = targets["sessions"][role_of[page]][0]
        browser = Client(HTTP_X_FORWARDED_PROTO="https")
        name, _, key = session["cookie"].partition("=")
        browser.cookies[name] = key
        url = session["pages"][page]
        SPLIT.update(database=0.0, rendering=0.0, database_in_rendering=0.0)
        TEMPLATES.clear()
        for _ in range(3):
            browser.get(url, secure=True)
        profile = cProfile.Profile() if options.profile or options.calls else None
        times, cpu_times = [], []
        for _ in range(ROUNDS):
            if profile:
                profile.enable()
            started, cpu_started = time.perf_counter(), time.process_time()
            response = browser.get(url, secure=True)
            times.append((time.perf_counter() - started) * 1000)
            cpu_times.append((time.process_time() - cpu_started) * 1000)
            if profile:
                profile.disable()
            if response.status_code != 200:
                sys.exit(f"{page}: {url} answered {response.status_code}")
        print(
            f"{page}: median {statistics.median(times):.1f} ms over {ROUNDS} requests "
            f"(this process's CPU: median {statistics.median(cpu_times):.1f} ms, "
            f"fastest quarter {statistics.quantiles(cpu_times, n=4)[0]:.1f} ms: steadier on a busy machine)"
        )
        if options.split:
            rounds = ROUNDS + 3
            total = sum(times)
            database, rendering, database_in_rendering = (SPLIT[key] * 1000 / rounds for key in SPLIT)
            per_request = total / ROUNDS
            print(
                f"  per request: database {database:.1f} ms (of it {database_in_rendering:.1f} while rendering), "
                f"templates {rendering - database_in_rendering:.1f} ms, "
                f"the rest {per_request - rendering - (database - database_in_rendering):.1f} ms"
            )
        if options.templates:
            rounds = ROUNDS + 3
            print("  own time per request (not counting the templates it includes or extends), and renders:")
            for name, (own, count) in sorted(TEMPLATES.items(), key=lambda item: -item[1][0])[:15]:
                print(f"  {own * 1000 / rounds:6.2f} ms  {count / rounds:5.1f} x  {name}")
        if options.queries:
            _print_queries(browser, url)
        if options.calls:
            stats = pstats.Stats(profile)
            print(f"  {stats.total_calls / ROUNDS:,.0f} Python function calls per request, of which:")
            for area, calls in sorted(_calls_by_area(stats).items(), key=lambda item: -item[1]):
                print(f"    {calls / ROUNDS:9,.0f}  {area}")
        if options.profile:
            pstats.Stats(profile).sort_stats(options.profile).print_stats(*([options.only] if options.only else []), 40)


AREAS = [  # (where a function lives, the name printed); the first match wins
    ("django/db/", "the ORM (building, compiling, reading rows)"),
    ("django/template/", "the template engine"),
    ("django/templatetags/", "the template engine"),
    ("django/utils/translation", "translation"),
    ("django/urls/", "URL reversing and resolving"),
    ("django/forms/", "forms and widgets"),
    ("crispy", "forms and widgets"),
    ("site-packages/", "other libraries (middleware, sessions, ...)"),
    (str(load.BASE_DIR) + "/", "the project's code"),
]


def _calls_by_area(stats):
    totals = {}
    for (filename, _line, _name), (_primitive, calls, *_rest) in stats.stats.items():
        area = next((name for part, name in AREAS if part in filename), "Python itself (builtins, standard library)")
        totals[area] = totals.get(area, 0) + calls
    return totals


def _print_queries(browser, url):
    """Each query of one request with its time in the database driver, the median of ROUNDS requests."""
    timings = []

    def timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings[-1].append(((time.perf_counter() - started) * 1000, sql))

    with connection.execute_wrapper(timer):
        for _ in range(ROUNDS):
            timings.append([])
            browser.get(url, secure=True)
    for index, (_elapsed, sql) in enumerate(timings[-1]):
        times = [rounds[index][0] for rounds in timings if len(rounds) > index]
        print(f"  {statistics.median(times):6.2f} ms  {sql[:SQL_WIDTH]}")
    total = statistics.median(sum(elapsed for elapsed, _sql in rounds) for rounds in timings)
    print(f"  {len(timings[-1])} queries, {total:.2f} ms in all (median)")


SPLIT = {"database": 0.0, "rendering": 0.0, "database_in_rendering": 0.0}
_depth = {"rendering": 0}


def _measure_split():
    """Wrap the database cursor and the top-level template render to add up where a request's time goes."""
    from django.db.backends import utils
    from django.template.backends import django as django_backend

    execute, render = utils.CursorWrapper._execute_with_wrappers, django_backend.Template.render

    def timed_execute(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return execute(self, *args, **kwargs)
        finally:
            elapsed = time.perf_counter() - started
            SPLIT["database"] += elapsed
            if _depth["rendering"]:
                SPLIT["database_in_rendering"] += elapsed

    def timed_render(self, *args, **kwargs):
        _depth["rendering"] += 1
        started = time.perf_counter()
        try:
            return render(self, *args, **kwargs)
        finally:
            _depth["rendering"] -= 1
            if not _depth["rendering"]:
                SPLIT["rendering"] += time.perf_counter() - started

    utils.CursorWrapper._execute_with_wrappers = timed_execute
    django_backend.Template.render = timed_render


TEMPLATES = {}  # template name: [own seconds, renders]
_stack = []


def _measure_templates():
    """Wrap every template's render (a page, its base, each include) to add up the time each takes itself."""
    from django.template import base

    render = base.Template._render

    def timed_render(self, context):
        _stack.append(0.0)
        started = time.perf_counter()
        try:
            return render(self, context)
        finally:
            elapsed = time.perf_counter() - started
            children = _stack.pop()
            if _stack:
                _stack[-1] += elapsed
            entry = TEMPLATES.setdefault(self.origin.template_name or self.name or "?", [0.0, 0])
            entry[0] += elapsed - children
            entry[1] += 1

    base.Template._render = timed_render


if __name__ == "__main__":
    main()
