"""Locust users for the load benchmark (`benchmarks/load.py` runs this headless; see its docstring).

Each simulated person is signed in with a real session the benchmark made, and clicks through the pages
of their role: therapists (caseload, a client's overview and plans, the directory search), clinic admins
(the audit log, filtered) and clients (their portal home).

BENCH_TARGETS names the JSON file of sessions and URLs. BENCH_MODE is `mix` (each person clicks every 8
seconds, weighted 16 therapists : 3 clients : 1 admin) or `max:<page>` (as fast as possible, that page only).
"""

import itertools
import json
import os
import random

import gevent
from locust import FastHttpUser, constant, constant_throughput, task

TARGETS = json.loads(open(os.environ["BENCH_TARGETS"]).read())  # noqa: SIM115 (read once at import)
MODE = os.environ.get("BENCH_MODE", "mix")
CLICK_SECONDS = float(os.environ.get("BENCH_CLICK_SECONDS", "8"))
SESSIONS = {role: itertools.cycle(TARGETS["sessions"][role]) for role in TARGETS["sessions"]}


class Person(FastHttpUser):
    abstract = True
    role = ""
    pages = ()

    def on_start(self):
        self.session = next(SESSIONS[self.role])
        self.headers = {"Cookie": self.session["cookie"], "X-Forwarded-Proto": "https"}
        self.rng = random.Random()

    def open(self, page):
        url = self.session["pages"][page]
        with self.client.get(url, name=page, headers=self.headers, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} for {page}")


def person_class(role, pages, weight):
    if MODE == "mix":

        class MixPerson(Person):
            wait_time = constant_throughput(1 / CLICK_SECONDS)

            def on_start(self):
                super().on_start()
                # People do not click in step: each starts at a random moment of the first interval, so the
                # 400 clicks every 8 seconds arrive spread out, as from independent people, not in bursts.
                gevent.sleep(self.rng.uniform(0, CLICK_SECONDS))

            @task
            def click(self):
                self.open(self.rng.choice(self.pages))

        cls = MixPerson
    else:

        class BusyPerson(Person):
            wait_time = constant(0)

            @task
            def click(self):
                self.open(self.pages[0])

        cls = BusyPerson
    cls.role, cls.pages, cls.weight = role, tuple(pages), weight
    cls.__name__ = f"{role.title()}Person"
    return cls


if MODE == "mix":
    Therapist = person_class("therapist", TARGETS["pages"]["therapist"], 16)
    Client = person_class("client", TARGETS["pages"]["client"], 3)
    Admin = person_class("admin", TARGETS["pages"]["admin"], 1)
else:
    _page = MODE.split(":", 1)[1]
    _role = next((role for role, pages in TARGETS["pages"].items() if _page in pages), "therapist")  # floor
    Busy = person_class(_role, [_page], 1)
