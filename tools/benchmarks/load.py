"""Benchmark: the app at the scale of a clinic network, under load, in one run (`make bench`).

What one run does, in order:
1. Makes (or reuses) the PostgreSQL database BENCH_DATABASE_URL (default `empowerment_bench` on
   127.0.0.1), migrates it, collects static files and fills it with `manage.py seed_scale` (20 clinics,
   400 therapists, 20,000 clients, about 1.6 million rows; skipped when already seeded). With BENCH_SCALE=K
   the data set is K times larger (clinics, therapists and clients), in its own database (default
   `empowerment_bench_xK`): the growth run (tools/benchmarks/growth.py) compares the mix at 1× and 5×.
2. Signs people in: real sessions (second factor included for staff) for 320 therapists, 20 clinic
   admins and 60 portal clients (one per simulated person), and picks for each the pages they open.
3. Serves the app with gunicorn (gunicorn.conf.py, production settings with DEBUG off) against
   PostgreSQL and Redis, and drives it from separate processes:
   - one request at a time: each key page and the floor (a signed-in page that renders only the base
     layout through the same middleware and session), median and 95th percentile;
   - a steady 50 requests per second over the page mix (400 people clicking every 8 seconds), from
     tools/benchmarks/drive.py in its own process: requests per second, median and 95th percentile per page;
   - the highest rate each page sustains (6 people clicking as fast as they can, 8 seconds);
   - capacity: the same mix at rising rates (25, 50, 75, 100, 150 requests/s), each measured for 20 s
     after a few seconds unrecorded, until a key page's 95th percentile passes 150 ms or a request fails;
     the highest rate that held.
4. Prints the plans (EXPLAIN ANALYZE) of the slowest queries the key pages run, and whether any reads
   a large table sequentially.
5. Runs the portfolio PDF benchmark (build time against WeasyPrint alone) and a reminder dispatch
   and send of 2,000 due reminders with two Celery workers, each in its own throwaway database.
6. Prints the capacity table, then the page table, last.

It prints numbers and marks each target met or missed; it asserts nothing. It depends only on the app's
URLs, models and `seed_scale` options that every version since issue 11 has, so the same script measures an
older commit (copy tools/benchmarks/ and the Makefile over) and the current one side by side. Settings by environment:
- BENCH_DATABASE_URL, BENCH_REDIS_URL (default redis://127.0.0.1:6379/7);
- BENCH_SCALE (default 1): the data set's size, a multiple of the default one (its own database);
- BENCH_ONLY: the phases to run, comma-separated, of alone, mix, max, capacity, plans, side (default all);
  `BENCH_ONLY=mix` is the quick steady-mix run the growth comparison uses;
- BENCH_SECONDS (the steady run, default 60), BENCH_RATE (default 50);
- BENCH_RATES (the capacity step's rates, default 25,50,75,100,150), BENCH_CAPACITY_SECONDS (measured seconds
  per rate, default 20), BENCH_CAPACITY_WARMUP (unrecorded seconds before each rate after the first, default 5);
- BENCH_RESULTS: where the numbers are written as JSON (default var/bench/results.json, results-xK.json at
  another scale).
"""

import contextlib
import http.client
import json
import os
import re
import secrets
import socket
import statistics
import subprocess  # nosec B404
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
OUT_DIR = BASE_DIR / "var" / "bench"
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
SCALE_NAME = "" if SCALE == 1 else "x" + f"{SCALE:g}".replace(".", "_")  # "x5" for a data set 5 times larger
DEFAULT_SIZES = {"clinics": 20, "therapists": 400, "clients": 20_000}  # seed_scale's defaults
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL",
    f"postgres://root@127.0.0.1:5432/empowerment_bench{'_' + SCALE_NAME if SCALE_NAME else ''}",
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
RESULTS = Path(os.environ.get("BENCH_RESULTS", OUT_DIR / f"results{'-' + SCALE_NAME if SCALE_NAME else ''}.json"))
PHASES = ("alone", "mix", "max", "capacity", "plans", "side")
ONLY = [phase.strip() for phase in os.environ.get("BENCH_ONLY", ",".join(PHASES)).split(",") if phase.strip()]
if os.environ.get("BENCH_ALONE_ONLY"):  # a quick look while tuning a page: the first phase only
    ONLY = ["alone"]
MIX_SECONDS = int(os.environ.get("BENCH_SECONDS", "60"))
RATE = int(os.environ.get("BENCH_RATE", "50"))
CAPACITY_RATES = [int(rate) for rate in os.environ.get("BENCH_RATES", "25,50,75,100,150").split(",") if rate.strip()]
CAPACITY_SECONDS = int(os.environ.get("BENCH_CAPACITY_SECONDS", "20"))
CAPACITY_WARMUP = int(os.environ.get("BENCH_CAPACITY_WARMUP", "5"))
CLICK_SECONDS = 8
WARMUP_SECONDS = 10  # the mix runs this long unrecorded first, so every gunicorn worker is warm
SEQUENTIAL = 60  # requests per page, one at a time
MAX_USERS, MAX_SECONDS = 6, 8
P95_TARGET_MS, FLOOR_RATIO_TARGET = 150, 3.5
THERAPISTS, ADMINS, CLIENTS = 320, 20, 60  # one session per simulated person in the mix (16 : 1 : 3 of 400)
PAGES = {
    "therapist": [
        "caseload",
        "overview",
        "disclosure_plan",
        "advocacy_plan",
        "portfolio",
        "safety_plan",
        "referral",
        "directory_search",
    ],
    "admin": ["audit_log"],
    "client": ["portal_home"],
}
KEY_PAGES = [page for pages in PAGES.values() for page in pages]

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "tools.benchmarks.settings",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DJANGO_BEHIND_TLS_PROXY": "1",
    "DJANGO_LOG_LEVEL": "WARNING",
    "PYTHONUNBUFFERED": "1",
}


def say(text):
    print(text, flush=True)


def run(command, env=ENV, **kwargs):
    return subprocess.run(command, cwd=BASE_DIR, env=env, check=True, **kwargs)  # nosec B603


def manage(*args, **kwargs):
    return run([sys.executable, "manage.py", *args], **kwargs)


# 1. The database.


def ensure_database():
    import psycopg2

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
            say(f"Made the database {name}.")
    connection.close()


def seed_sizes():
    """seed_scale's size options for BENCH_SCALE, given as sizes (a version without --scale seeds the same)."""
    if SCALE == 1:
        return []
    return [arg for name, size in DEFAULT_SIZES.items() for arg in (f"--{name}", str(round(size * SCALE)))]


def set_up_database():
    ensure_database()
    started = time.perf_counter()
    manage("migrate", "--noinput", "--verbosity", "0")
    manage("collectstatic", "--noinput", "--verbosity", "0")
    say(f"Migrated and collected static files in {time.perf_counter() - started:.0f} s.")
    started = time.perf_counter()
    manage("seed_scale", "--i-know-this-is-not-production", *seed_sizes())
    say(f"seed_scale finished in {time.perf_counter() - started:.0f} s (it skips a database already seeded).")
    started = time.perf_counter()
    run(["psql", DATABASE_URL, "--quiet", "--command", "VACUUM (ANALYZE)"])  # a fresh table has no visibility map
    say(f"VACUUM ANALYZE in {time.perf_counter() - started:.0f} s.")


# 2. Sessions and pages, made in this process with Django set up against the benchmark database.


def django_setup():
    os.environ.update(ENV)
    import django

    django.setup()


def signed_in_cookie(user):
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.visits import remember_previous_visit

    browser = Client()
    browser.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = browser.session
    if user.needs_second_factor:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="Benchmark", confirmed=True
        )
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    # A week since the last visit, so the portal home's "new since your last visit" has work to do.
    remember_previous_visit(session, timezone.now() - timedelta(days=7))
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def make_targets():
    from django.db.models import Exists, OuterRef
    from django.urls import reverse

    from accounts.models import Role, User
    from advocacy.models import AdvocacyPlan
    from clients.models import Client
    from disclosure.models import DisclosurePlan
    from peers.models import PeerReferral

    sessions = {"therapist": [], "admin": [], "client": []}
    floor = reverse("bench_floor")
    with_everything = Client.objects.filter(
        Exists(DisclosurePlan.objects.filter(client=OuterRef("pk"))),
        Exists(AdvocacyPlan.objects.filter(client=OuterRef("pk"))),
        Exists(PeerReferral.objects.filter(client=OuterRef("pk"))),
    )
    therapists = User.objects.filter(role=Role.THERAPIST, is_active=True, email__endswith=".scale.example")
    for therapist in therapists.order_by("email")[:: max(1, therapists.count() // THERAPISTS)][:THERAPISTS]:
        client = with_everything.filter(primary_therapist=therapist).order_by("pk").first()
        if client is None:
            continue
        plan = DisclosurePlan.objects.filter(client=client).order_by("pk").first()
        advocacy = AdvocacyPlan.objects.filter(client=client).order_by("pk").first()
        referral = PeerReferral.objects.filter(client=client).order_by("pk").first()
        ids = {"client_id": client.pk}
        pages = {
            "caseload": reverse("clients:caseload"),
            "overview": reverse("clients:overview", kwargs=ids),
            "disclosure_plan": reverse("disclosure:detail", kwargs={**ids, "plan_id": plan.pk}),
            "advocacy_plan": reverse("advocacy:detail", kwargs={**ids, "plan_id": advocacy.pk}),
            "portfolio": reverse("portfolio:home", kwargs=ids),
            "safety_plan": reverse("clients:safety_plan", kwargs=ids),
            "referral": reverse("peers:referral_detail", kwargs={**ids, "referral_id": referral.pk}),
            "directory_search": reverse("directory:list") + "?q=peer&format=in_person",
            "floor": floor,
        }
        sessions["therapist"].append({"email": therapist.email, "cookie": signed_in_cookie(therapist), "pages": pages})
    admins = User.objects.filter(role=Role.CLINIC_ADMIN, is_active=True, email__endswith=".scale.example")
    for admin in admins.order_by("email")[:ADMINS]:
        audit = reverse("accounts:audit_log") + "?action=disclosure_plan."
        pages = {"audit_log": audit, "floor": floor}
        sessions["admin"].append({"email": admin.email, "cookie": signed_in_cookie(admin), "pages": pages})
    portal_users = User.objects.filter(role=Role.CLIENT, is_active=True, client_record__isnull=False)
    portal_users = portal_users.filter(email__endswith=".scale.example").order_by("email")
    for person in portal_users[:: max(1, portal_users.count() // CLIENTS)][:CLIENTS]:
        pages = {"portal_home": reverse("portal:home"), "floor": floor}
        sessions["client"].append({"email": person.email, "cookie": signed_in_cookie(person), "pages": pages})
    return {"sessions": sessions, "pages": PAGES}


# 3. The server and the load.


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port, log):
    command = [str(BIN / "gunicorn"), "empowerment.wsgi", "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=BASE_DIR, env=ENV, stdout=log, stderr=subprocess.STDOUT)  # nosec B603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("gunicorn did not start; see var/bench/gunicorn.log")


def get(connection, url, cookie):
    headers = {"Cookie": cookie, "X-Forwarded-Proto": "https"}
    started = time.perf_counter()
    connection.request("GET", url, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200:
        raise RuntimeError(f"GET {url} answered {response.status}")
    return elapsed


def one_at_a_time(port, targets):
    """Each page (and the floor, for every role) SEQUENTIAL times, one request at a time, keep-alive off.

    The requests of a role go round its pages and its floor in turn (page 1, page 2, ..., floor, page 1, ...),
    so a page and the floor it is compared with are timed over the same seconds: on a shared virtual machine
    the speed drifts over a minute, and timing the floor after all the pages let that drift into the ratio.
    """
    results = {}
    for role, pages in PAGES.items():
        sessions = targets["sessions"][role]
        names = [*pages, "floor"]
        times = {page: [] for page in names}
        for n in range(SEQUENTIAL + 10):
            session = sessions[n % len(sessions)]
            for page in names:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                elapsed = get(connection, session["pages"][page], session["cookie"])
                connection.close()
                if n >= 10:  # the first rounds warm each of the workers
                    times[page].append(elapsed)
        for page in names:
            results[page if page != "floor" else f"floor ({role})"] = times[page]
    return results


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def summary(times, failures, seconds):
    return {
        "count": len(times),
        "failures": failures,
        "rps": len(times) / seconds if seconds else 0.0,
        "median": statistics.median(times) if times else 0.0,
        "p95": percentile(times, 0.95) if times else 0.0,
    }


def drive(mode, targets_file, port, seconds, *args, name):
    """Run tools/benchmarks/drive.py in its own process; return {page: summary} and, for the mix, "all"."""
    out = OUT_DIR / f"drive-{name}{'-' + SCALE_NAME if SCALE_NAME else ''}.json"
    command = [sys.executable, "-m", "tools.benchmarks.drive", mode, str(targets_file), str(port), str(seconds)]
    subprocess.run([*command, *map(str, args), str(out)], cwd=BASE_DIR, env=ENV, check=True)  # nosec B603
    raw = json.loads(out.read_text())
    rows = {page: summary(result["times"], result["failures"], result["seconds"]) for page, result in raw.items()}
    every = [elapsed for result in raw.values() for elapsed in result["times"]]
    rows["all"] = summary(every, sum(result["failures"] for result in raw.values()), seconds)
    rows["all"]["answered"] = sum(result.get("answered", 0) for result in raw.values())
    return rows


def steady_mix(port, targets_file):
    users = RATE * CLICK_SECONDS  # each person clicks every CLICK_SECONDS
    return users, drive("mix", targets_file, port, MIX_SECONDS, RATE, CLICK_SECONDS, WARMUP_SECONDS, name="mix")


def highest_rates(port, targets_file):
    rates = {}
    for page in [*KEY_PAGES, "floor"]:
        row = drive("max", targets_file, port, MAX_SECONDS, page, MAX_USERS, name=f"max-{page}")[page]
        rates[page] = (row["rps"], row["failures"])
    return rates


def capacity(port, targets_file):
    """The mix at each of CAPACITY_RATES in turn, until a rate does not hold; one row per rate tried.

    A rate holds when every key page's 95th percentile is at most P95_TARGET_MS and no request failed. Each
    rate runs CAPACITY_WARMUP seconds unrecorded (WARMUP_SECONDS before the first, in case the server has just
    started), then CAPACITY_SECONDS measured. "achieved" counts the answers that came back within the measured
    seconds: below the rate asked for when the server falls behind.
    """
    steps = []
    for n, rate in enumerate(CAPACITY_RATES):
        warmup = WARMUP_SECONDS if n == 0 else CAPACITY_WARMUP
        rows = drive("mix", targets_file, port, CAPACITY_SECONDS, rate, CLICK_SECONDS, warmup, name=f"capacity-{rate}")
        pages = {page: rows[page] for page in KEY_PAGES if page in rows}
        worst = max(pages, key=lambda page: pages[page]["p95"])
        failures = sum(row["failures"] for row in pages.values())
        missing = [page for page in KEY_PAGES if page not in pages]
        held = not failures and not missing and pages[worst]["p95"] <= P95_TARGET_MS
        step = {
            "rate": rate,
            "achieved": rows["all"]["answered"] / CAPACITY_SECONDS,
            "requests": rows["all"]["count"],
            "failures": failures,
            "p95": rows["all"]["p95"],
            "worst_page": worst,
            "worst_p95": pages[worst]["p95"],
            "held": held,
            "pages": pages,
        }
        steps.append(step)
        say(
            f"  {rate} requests/s: achieved {step['achieved']:.1f}, {failures} failures, worst p95 "
            f"{step['worst_p95']:.0f} ms ({worst}): {'held' if held else 'did not hold'}."
        )
        if not held:
            break
    return steps


# 4. The slowest queries of the key pages, and their plans.


CURSOR_PREFIX = re.compile(r'^DECLARE "[^"]+" (?:NO SCROLL )?CURSOR (?:WITH|WITHOUT) HOLD FOR ', re.IGNORECASE)
NOT_READS = ("INSERT", "UPDATE", "DELETE", "SAVEPOINT", "RELEASE", "ROLLBACK", "COMMIT", "BEGIN", "SET", "CLOSE")


def query_plans(targets):
    """Every SELECT the key pages issue, run under EXPLAIN ANALYZE: [(execution ms, planning ms, page, sql, plan)].

    Each page is requested once as the first person of its role (in process, on the same database), its
    queries captured, and each SELECT explained. Django's own timings are rounded to the millisecond, so
    the ranking uses PostgreSQL's execution time instead. Each page is requested and explained inside a
    transaction that is rolled back, so its writes (the audit event, the session) leave nothing behind.
    Returns the list and the statements that were neither SELECTs nor writes (none expected; counted).
    """
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    explained, unexplained = [], []
    for role, pages in PAGES.items():
        session = targets["sessions"][role][0]
        name, _, key = session["cookie"].partition("=")
        browser = Client(HTTP_X_FORWARDED_PROTO="https")
        browser.cookies[name] = key
        for page in pages:
            with transaction.atomic():
                browser.get(session["pages"][page], secure=True)  # warm
                with CaptureQueriesContext(connection) as context:
                    response = browser.get(session["pages"][page], secure=True)
                if response.status_code != 200:
                    raise RuntimeError(f"{page} answered {response.status_code}")
                for query in context.captured_queries:
                    sql = CURSOR_PREFIX.sub("", query["sql"]).lstrip()
                    verb = sql.split(None, 1)[0].upper() if sql else ""
                    if verb != "SELECT":
                        if verb not in NOT_READS:
                            unexplained.append((page, sql))
                        continue
                    with connection.cursor() as cursor:
                        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                        plan = [row[0] for row in cursor.fetchall()]
                    timing = {
                        line.split(":")[0].strip(): float(line.split(":")[1].split()[0])
                        for line in plan
                        if line.startswith(("Planning Time", "Execution Time"))
                    }
                    explained.append((timing["Execution Time"], timing["Planning Time"], page, sql, plan))
                transaction.set_rollback(True)
    explained.sort(reverse=True, key=lambda row: row[0])
    return explained, unexplained


def large_tables():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r' AND reltuples > 10000")
        return dict(cursor.fetchall())


def sequential_scans(explained, large):
    """The large tables any plan reads sequentially, with the pages that do it."""
    found = {}
    for _, _, page, _, plan in explained:
        for line in plan:
            match = re.search(r"Seq Scan on (\w+)", line)
            if match and match.group(1) in large:
                found.setdefault(match.group(1), set()).add(page)
    return found


# 5. The PDF and the reminders, each its own benchmark in a throwaway database.


def side_benchmarks():
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(DATABASE_URL=DATABASE_URL, REDIS_URL=REDIS_URL, PYTHONUNBUFFERED="1")
    pdf = run(
        [sys.executable, "-m", "tools.benchmarks.portfolio_pdf"],
        env={**env, "BENCH_PDF_ROUNDS": "3"},
        capture_output=True,
        text=True,
    ).stdout
    reminders = run(
        [sys.executable, "-m", "tools.benchmarks.reminders_dispatch"],
        env={**env, "BENCH_REMINDERS_DUE": "2000", "BENCH_REMINDERS_TABLE_ROWS": "0"},
        capture_output=True,
        text=True,
    ).stdout
    return pdf, reminders


# 6. The report.


def machine():
    cores = os.cpu_count()
    model = ""
    with contextlib.suppress(OSError, StopIteration):
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    memory = ""
    try:
        lines = Path("/proc/meminfo").read_text().splitlines()
        kib = int(next(line.split()[1] for line in lines if line.startswith("MemTotal")))
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return f"{cores} cores ({model}), {memory} RAM, PostgreSQL {postgres}, Python {sys.version.split()[0]}"


def counts():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sum(reltuples)::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'r' AND n.nspname = 'public' AND c.relname NOT LIKE 'django_%'"
        )
        return cursor.fetchone()[0] or 0


def main():
    unknown = sorted(set(ONLY) - set(PHASES))
    if unknown:
        say(f"BENCH_ONLY: unknown phase(s) {', '.join(unknown)}; the phases are {', '.join(PHASES)}.")
        return 2
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    say(
        f"Data set: {SCALE:g} × the default ({urlsplit(DATABASE_URL).path.lstrip('/')}); "
        f"phases: {', '.join(phase for phase in PHASES if phase in ONLY)}."
    )
    set_up_database()
    django_setup()
    from django.db import connection

    targets = make_targets()
    targets_file = OUT_DIR / f"targets{'-' + SCALE_NAME if SCALE_NAME else ''}.json"
    targets_file.write_text(json.dumps(targets))
    say(
        f"Signed in {len(targets['sessions']['therapist'])} therapists, {len(targets['sessions']['admin'])} admins "
        f"and {len(targets['sessions']['client'])} portal clients."
    )
    connection.close()

    sequential, users, mix, rates, steps = {}, RATE * CLICK_SECONDS, {}, {}, []
    port = free_port()
    if {"alone", "mix", "max", "capacity"} & set(ONLY):
        with open(OUT_DIR / "gunicorn.log", "w") as log:
            server = start_gunicorn(port, log)
            try:
                if "alone" in ONLY:
                    say("One request at a time ...")
                    sequential = one_at_a_time(port, targets)
                    if ONLY == ["alone"]:
                        for page, times in sequential.items():
                            say(
                                f"  {page:24} median {statistics.median(times):6.1f} ms  "
                                f"p95 {percentile(times, 0.95):6.1f} ms"
                            )
                if "mix" in ONLY:
                    say(f"A steady {RATE} requests per second for {MIX_SECONDS} s ...")
                    users, mix = steady_mix(port, targets_file)
                if "max" in ONLY:
                    say(f"The highest rate of each page ({MAX_USERS} people without pause, {MAX_SECONDS} s each) ...")
                    rates = highest_rates(port, targets_file)
                if "capacity" in ONLY:
                    say(
                        f"Capacity: the mix at {', '.join(map(str, CAPACITY_RATES))} requests/s, {CAPACITY_SECONDS} s "
                        f"measured each, until a key page's 95th percentile passes {P95_TARGET_MS} ms ..."
                    )
                    steps = capacity(port, targets_file)
            finally:
                server.terminate()
                server.wait(timeout=30)

    if "plans" in ONLY:
        say("\nThe slowest queries of the key pages (EXPLAIN ANALYZE, by execution time):")
        explained, unexplained = query_plans(targets)
        for execution, planning, page, sql, plan in explained[:5]:
            say(f"\n[{page}] execution {execution:.3f} ms, planning {planning:.3f} ms: {sql[:240]} ...")
            for line in plan:
                say(f"    {line}")
        large = large_tables()
        scans = sequential_scans(explained, large)
        pages_explained = len({page for _, _, page, _, _ in explained})
        say(
            f"\nSELECTs the key pages issue: {len(explained)} over {pages_explained} pages; "
            f"tables over 10,000 rows: {len(large)}; sum of execution times "
            f"{sum(row[0] for row in explained):.1f} ms, of planning times {sum(row[1] for row in explained):.1f} ms."
        )
        if scans:
            for name, pages in sorted(scans.items()):
                say(f"  SEQUENTIAL SCAN of {name} ({int(large[name]):,} rows) on: {', '.join(sorted(pages))}")
        else:
            say("  No plan reads a table of over 10,000 rows sequentially.")
        for page, sql in unexplained:
            say(f"  Not explained (not a plain SELECT) on {page}: {sql[:120]}")

    if "side" in ONLY:
        say("\nSide benchmarks:")
        pdf, reminders = side_benchmarks()
        for line in (pdf + reminders).splitlines():
            say(f"  {line}")

    total = time.perf_counter() - started
    say(f"\nMachine: {machine()}. Rows in the database: about {counts():,} ({SCALE:g} × the default data set).")
    say(
        f"Whole run: {total / 60:.1f} minutes. gunicorn: gunicorn.conf.py; "
        "load: tools/benchmarks/drive.py, its own process."
    )
    results = {
        "scale": SCALE,
        "database": urlsplit(DATABASE_URL).path.lstrip("/"),
        "phases": ONLY,
        "sequential": sequential,
        "users": users,
        "mix": mix,
        "rates": rates,
        "capacity": steps,
    }
    RESULTS.write_text(json.dumps(results))
    if steps:
        capacity_table(steps)
    if sequential or mix or rates:
        table(sequential, users, mix, rates)
    return 0


def capacity_table(steps):
    say(
        f"\nCapacity: the steady mix at rising rates, {CAPACITY_SECONDS} s measured at each after "
        f"{CAPACITY_WARMUP} s unrecorded ({WARMUP_SECONDS} s before the first); a rate holds when every key page's "
        f"95th percentile is at most {P95_TARGET_MS} ms and no request fails."
    )
    say("| rate asked req/s | achieved req/s | requests | failures | all p95 ms | worst page | its p95 ms | held |")
    say("| ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |")
    for step in steps:
        say(
            f"| {step['rate']} | {step['achieved']:.1f} | {step['requests']} | {step['failures']} | {step['p95']:.0f} "
            f"| {step['worst_page']} | {step['worst_p95']:.0f} | {'yes' if step['held'] else 'no'} |"
        )
    held = [step["rate"] for step in steps if step["held"]]
    if not held:
        say(f"Highest rate that held: none (not even {steps[0]['rate']} requests/s).")
    elif steps[-1]["held"]:
        say(f"Highest rate that held: {held[-1]} requests/s (every rate tried held; add higher ones to BENCH_RATES).")
    else:
        say(f"Highest rate that held: {held[-1]} requests/s ({steps[-1]['rate']} did not).")


def table(sequential, users, mix, rates):
    role_of = {page: role for role, pages in PAGES.items() for page in pages}
    floors = {role: statistics.median(sequential[f"floor ({role})"]) for role in PAGES if sequential}
    total = mix.get("all")
    if total:
        answered = total.get("answered", total["count"]) / MIX_SECONDS
        say(
            f"\nSteady mix: {users} people clicking every {CLICK_SECONDS} s, {total['rps']:.1f} requests/s sent, "
            f"{answered:.1f} answered within the measured seconds, {total['count']} measured, "
            f"{total['failures']} failed (warm-up included); all pages together: median {total['median']:.0f} ms, "
            f"95th percentile {total['p95']:.0f} ms."
        )
    else:
        say("")
    say(
        f"| page | alone: median ms | × floor (≤ {FLOOR_RATIO_TARGET:g}) | alone: p95 ms | mix: req/s | mix: median ms "
        f"| mix: p95 ms (≤ {P95_TARGET_MS}) | highest req/s |"
    )
    say("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for page in [*KEY_PAGES, "floor"]:
        times = sequential.get("floor (therapist)" if page == "floor" else page)
        if not times:
            alone_text = "– | – | –"
        elif page == "floor":
            alone_text = f"{statistics.median(times):.1f} | 1.0 | {percentile(times, 0.95):.1f}"
        else:
            ratio = statistics.median(times) / floors[role_of[page]]
            missed = "" if ratio <= FLOOR_RATIO_TARGET else " MISSED"
            alone_text = f"{statistics.median(times):.1f} | {ratio:.1f}{missed} | {percentile(times, 0.95):.1f}"
        row = mix.get(page)
        if row:
            missed = "" if row["p95"] <= P95_TARGET_MS and not row["failures"] else " MISSED"
            mix_text = f"{row['rps']:.1f} | {row['median']:.0f} | {row['p95']:.0f}{missed}"
        else:
            mix_text = "– | – | –"
        if page in rates:
            rate, failures = rates[page]
            rate_text = f"{rate:.0f}{f' ({failures} failed)' if failures else ''}"
        else:
            rate_text = "–"
        say(f"| {page} | {alone_text} | {mix_text} | {rate_text} |")
    if floors:
        say(
            "Floors (one request at a time, timed in turn with the role's pages): "
            + ", ".join(f"{role} {median:.1f} ms" for role, median in floors.items())
            + "."
        )


if __name__ == "__main__":
    sys.exit(main())
