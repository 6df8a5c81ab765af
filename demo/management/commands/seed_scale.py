"""Load a large, realistic, repeatable data set for the performance benchmark (issue 11).

    python manage.py seed_scale [--seed 1] [--clinics 20] [--therapists 400] [--clients 20000] [--scale 1]
                                [--today YYYY-MM-DD]

The default size is a clinic network: 20 clinics, 400 therapists, 20,000 clients and, for them, about one
and a half million rows: for each client about 10 check-ins, a safety plan, 2 support people, a disclosure plan
with its status changes and rehearsals, an advocacy plan for one client in two (about 5 steps and a review or
two), about 1.5 peer referrals with their status changes, an empowerment plan, about 2 micro-goals with about
10 ticks each, 5 journal entries, a few milestones, coping skills and stigma encounters, 3 measure responses,
about 2 reminders (active, their next occurrence within the coming week, a past delivery and notification for
recurring ones) and about 10 audit events spread over the past year under the action names the app records.
Each clinic has its peer directory (about 250 resources at 1,000 clients a clinic; it scales with the clients),
advocacy opportunities, focus areas, a crisis line, an inclusive-care review and one ended emergency access.
Every count scales with the options; the command prints the rows it wrote per model, the total and the seconds.
`--scale K` multiplies the three sizes (the defaults, or the ones given) by K: `--scale 5` is 100 clinics, 2,000
therapists and 100,000 clients, the data set the benchmark's growth run compares with the default one.

Accounts the benchmark can find without reading the database, per clinic NN (01, 02, ...):

- the clinic admin `admin@cNN.scale.example`;
- therapists `therapistTTT@cNN.scale.example`, numbered from 001 within the clinic; every client of the clinic
  has one of them as primary therapist, spread evenly (client k of the clinic goes to therapist k mod T);
- one client in four (the 1st, 5th, 9th, ... of the clinic) has a portal account
  `clientCCCCC@cNN.scale.example`, numbered 00001, 00002, ... within the clinic. Portal clients are active,
  and have plans, goals and milestones shared with them; some have a referral awaiting their consent.

Every account uses the password `SCALE_PASSWORD`, hashed once (with a salt drawn from the seed) and assigned to
all. Staff get no second-factor device: the benchmark makes its own sessions.

Repeatable: all randomness comes from `random.Random(seed)`, primary keys included, and every date is counted
back from `--today` (default: the current date), so two runs with the same seed and day write the same rows with
the same ids. Events are in the past (up to yesterday); reminders fall between tomorrow and a week ahead.

Fast: rows are made in memory a few hundred clients at a time and written with `bulk_create`, inside one
transaction, bypassing the services and the audit trail (no one acted on a record); `updated_at` and the other
automatic timestamps are written as generated. PostgreSQL gets an `ANALYZE` at the end. It also runs on SQLite,
at a smaller size.

Refuses to run twice: when scale accounts already exist it says so and exits without changes (the benchmark
reuses a seeded database). Start again from an empty database to seed with other options.
"""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from demo.scale import DOMAIN, SCALE_PASSWORD, SEEDED_MODELS, ScaleSeeder, already_seeded, timestamps_as_given

from .seed_demo import add_not_production_flag, refuse_production

__all__ = ["DOMAIN", "SCALE_PASSWORD", "Command"]


class Command(BaseCommand):
    help = (
        "Load a large, realistic data set for the performance benchmark: by default 20 clinics, 400 therapists, "
        "20,000 clients and about 1.5 million rows, the same rows and ids for the same --seed and --today. "
        f"Accounts: admin@cNN.{DOMAIN}, therapistTTT@cNN.{DOMAIN}, clientCCCCC@cNN.{DOMAIN} (one client in 4), "
        f"password {SCALE_PASSWORD!r}. Does nothing when scale accounts already exist."
    )

    def add_arguments(self, parser):
        add_not_production_flag(parser, "Seed with DEBUG off (the benchmark's own database, never a clinic's).")
        parser.add_argument("--seed", type=int, default=1, help="the random seed (default 1)")
        parser.add_argument("--clinics", type=int, default=20, help="clinics (default 20)")
        parser.add_argument("--therapists", type=int, default=400, help="therapists in all (default 400)")
        parser.add_argument("--clients", type=int, default=20_000, help="clients in all (default 20,000)")
        parser.add_argument(
            "--scale",
            type=float,
            default=1,
            help="multiply the clinics, therapists and clients by this (default 1; 5 gives 100 clinics, 2,000 "
            "therapists and 100,000 clients)",
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="the day dates are counted back from, YYYY-MM-DD (default: today)",
        )

    def handle(self, *args, **options):
        refuse_production("seed_scale", options)
        if options["scale"] <= 0:
            raise CommandError("--scale must be more than 0.")
        clinics, therapists, clients = (
            round(options[size] * options["scale"]) for size in ("clinics", "therapists", "clients")
        )
        if clinics < 1 or therapists < clinics or clients < clinics:
            raise CommandError("Give at least one clinic, and at least one therapist and one client per clinic.")
        if already_seeded():
            self.stdout.write(f"Scale data is already in this database (accounts @cNN.{DOMAIN}); nothing changed.")
            return
        started = time.monotonic()
        seeder = ScaleSeeder(
            seed=options["seed"],
            clinics=clinics,
            therapists=therapists,
            clients=clients,
            today=options["today"] or timezone.localdate(),
        )
        with timestamps_as_given(SEEDED_MODELS), transaction.atomic():
            seeder.run()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self._report(seeder.counts, time.monotonic() - started)

    def _report(self, counts, seconds):
        width = max(len(model._meta.label) for model in counts)
        self.stdout.write(f"{'model':<{width}}  {'rows':>9}")
        for model in SEEDED_MODELS:
            if counts[model]:
                self.stdout.write(f"{model._meta.label:<{width}}  {counts[model]:>9,}")
        self.stdout.write(f"{'total':<{width}}  {sum(counts.values()):>9,}")
        self.stdout.write(self.style.SUCCESS(f"Seeded in {seconds:.1f} s. Every account's password: {SCALE_PASSWORD}"))
