# Empowerment Planner. `make demo` runs the app with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock requirements-dev.lock | cksum | cut -d' ' -f1)
PIP_VERSION := 26.3
# The demo's emails are written to var/mail/ (one file each; "filemail://" then an absolute path, hence ///);
# links in them point where the demo is served.
DEMO_ENV := DJANGO_DEBUG=1 EMAIL_URL=filemail:///$(CURDIR)/var/mail SITE_URL=http://127.0.0.1:8000
# Bytecode is kept (__pycache__/, ignored by git) even where the environment says not to (an empty value turns
# PYTHONDONTWRITEBYTECODE off): otherwise each test process compiles the project and rewrites the asserts of
# ~250 test modules again, about 4 s before its first test.
export PYTHONDONTWRITEBYTECODE =

.PHONY: demo test test-fast test-deep screenshots lint typecheck audit install lock sbom messages bench bench-growth bench-directory bench-pdf bench-reminders bench-audit clean

# Installed from the hashed lock (requirements-dev.lock: the runtime set and the tools, every package pinned with its
# hashes), so an install next month is the install that was tested. `make lock` remakes the locks from the pins in
# requirements.txt and requirements-dev.txt; tests/test_dependencies.py fails when they drift apart.
$(STAMP): requirements.lock requirements-dev.lock
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip==$(PIP_VERSION)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

# The hashed locks, for every platform (uv's universal resolution), from the pins. Run after changing a pin.
UV_COMPILE := $(BIN)/uv pip compile --quiet --generate-hashes --universal --python-version 3.11 --annotation-style line
lock:
	$(UV_COMPILE) requirements.txt -o requirements.lock
	$(UV_COMPILE) requirements-dev.txt -o requirements-dev.lock

# A CycloneDX bill of materials of what ships (the runtime lock), for the operator's records; CI makes it.
sbom: $(STAMP)
	mkdir -p var
	$(BIN)/cyclonedx-py requirements requirements.lock --output-format JSON --output-file var/sbom.cdx.json

# Compile the translations (.po to .mo) with Babel, so no system gettext is needed.
messages: $(STAMP)
	$(BIN)/pybabel compile --domain django --directory locale --statistics

demo: $(STAMP) messages
	mkdir -p var
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo
	@echo "Serving at http://127.0.0.1:8000 — the demo logins are listed above and in README.md; emails are in var/mail/"
	$(DEMO_ENV) $(BIN)/python manage.py run_demo 127.0.0.1:8000

# Everything, as CI runs it (.ci/run): the generated-input tests at the "ci" Hypothesis profile, 25 examples per form.
# In two steps, each failure reported: what is not marked `slow` in two processes (pytest-xdist, a test database
# each, whole files to one process), then the slow tests (real Celery workers, Chromium, the fault tests) in one,
# as they start services of their own.
test: $(STAMP) messages
	mkdir -p var
	status=0; \
	$(BIN)/python -m pytest -m "not slow" -n 2 --dist loadfile --no-loadscope-reorder || status=$$?; \
	$(BIN)/python -m pytest -m slow || status=$$?; \
	exit $$status

# Between edits: in two processes (pytest-xdist, each with its own test database, kept from run to run with
# --reuse-db: new migrations are applied to it; `pytest --create-db` starts afresh), everything but the tests
# marked `slow` — those that start a real Celery worker, drive Chromium (tests/e2e/), stage a fault (tests/faults/:
# a private PostgreSQL or Redis stopped, a worker killed, a full disk) or race requests on several database
# connections — and those marked `fuzz` (the generated submissions of tests/test_forms_property.py; the file's
# other tests, the check that every form is fuzzed included, still run). `make test` runs them all before you
# stop. Whole files go to one process (--dist loadfile), so a module's data held for its tests (the authorization
# matrix's cast, the seeded demo) is built once, not once in each process; the long files go first
# (tests/conftest.py, LONG_MODULES). 72–81 s on the two-core machine (2026-12-07), 95 s on a fresh clone's first
# run, which makes the two test databases.
test-fast: $(STAMP) messages
	mkdir -p var
	$(BIN)/python -m pytest -m "not slow and not fuzz" -n 2 --dist loadfile --no-loadscope-reorder --reuse-db

# The generated-input tests at full depth: 200 examples per form (the "deep" profile; nightly, or after changing a form).
test-deep: $(STAMP) messages
	mkdir -p var
	HYPOTHESIS_PROFILE=deep $(BIN)/python -m pytest tests/test_forms_property.py

# The README's screenshots (docs/screenshots/: the workspace at 1024×768, the portal on a phone, a page of the
# portfolio PDF), taken on the demo by a browser test (tests/e2e/test_screenshots.py), which takes them on every
# run but writes them over the README's only here (UPDATE_SCREENSHOTS=1). Needs Chromium and pdftoppm (poppler-utils).
screenshots: $(STAMP) messages
	mkdir -p var
	UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest tests/e2e/test_screenshots.py

lint: $(STAMP) typecheck
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy with django-stubs over the access rules (clients/access.py) and the services.py and selectors.py of clients,
# reminders, disclosure, advocacy, peers, portfolio and grievances (the list and the strictness are in pyproject.toml,
# [tool.mypy]). Part of `make lint`, so CI (.ci/run) runs it.
typecheck: $(STAMP)
	$(BIN)/mypy

# Security scans: bandit over the project's code (settings in pyproject.toml; every accepted finding is a
# `# nosec BXXX` listed with its reason in docs/dependency-audit.md), then the dependency audit (pip-audit,
# strict; where its vulnerability service cannot be reached, the checks that can be made: see the script).
audit: $(STAMP)
	$(BIN)/bandit -c pyproject.toml -r . -q
	$(BIN)/python .ci/dependency_audit.py

# The load benchmark (issues 11 and 21): seeds a clinic network (once), serves it with gunicorn, drives it from
# its own process (tools/benchmarks/drive.py), and prints per-page latency and throughput, the capacity step (the mix
# at rising rates until a key page's p95 passes 150 ms), query plans, the PDF and reminder numbers; the tables
# come last. Needs PostgreSQL and Redis (BENCH_DATABASE_URL, BENCH_REDIS_URL; defaults on 127.0.0.1). Other
# settings (BENCH_ONLY, BENCH_SCALE, BENCH_RATES, ...) are listed at the top of tools/benchmarks/load.py.
bench: $(STAMP) messages
	mkdir -p var
	$(BIN)/python -m tools.benchmarks.load

# Growth: the steady mix on the default data set and on one 5 times larger (seeded once, in its own database
# empowerment_bench_x5), and each key page's p95 at 5× against 1× (target ≤ 1.25). See tools/benchmarks/growth.py.
bench-growth: $(STAMP) messages
	mkdir -p var
	$(BIN)/python -m tools.benchmarks.growth

# Prints the peer directory's search latency and queries over 5,000 resources (uses DATABASE_URL if set).
bench-directory: $(STAMP)
	mkdir -p var
	$(BIN)/python -m tools.benchmarks.directory_search

# Prints the time to build a year-long portfolio PDF against WeasyPrint alone (uses DATABASE_URL if set).
bench-pdf: $(STAMP)
	mkdir -p var
	$(BIN)/python -m tools.benchmarks.portfolio_pdf

# Prints how long 10,000 due reminders take to dispatch and send with 2 workers, and the due-reminder
# query plan over 1,000,000 rows (needs DATABASE_URL on PostgreSQL and REDIS_URL).
bench-reminders: $(STAMP)
	$(BIN)/python -m tools.benchmarks.reminders_dispatch

# Prints the audit log viewer's filter queries over 1,000,000 audit events: their plans, timings, and whether
# the audit table is read through an index (needs DATABASE_URL on PostgreSQL).
bench-audit: $(STAMP)
	$(BIN)/python -m tools.benchmarks.audit_log

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache .mypy_cache
