"""
`manage.py seed_scale`: a large, realistic, deterministic data set for benchmarks.

It BYPASSES THE WORKFLOW FUNCTIONS (programs/services.py, companies/services.py): rows are
written with bulk_create in batches, with their final status and without history entries, so
100,000 pledges take seconds instead of hours. The data keeps what the workflow keeps (see
programs/scale.py), the database's triggers still check every partner's and agency's kind,
and everything invented is visibly fictional ("Contoh Skala", "(Contoh skala)", is_demo).

It is meant for an empty benchmark database and refuses to write into a database that holds
anything besides the reference data (user accounts, memberships, companies, needs, pledges,
reports, registrations), unless --force is given.
"""

import random
import time
from datetime import date

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count

from accounts.models import User
from companies import scale as companies_scale
from companies.models import Membership, Organization
from depok_csr import pagecache
from events.models import Registration
from programs import ledger
from programs.models import Commitment, Opportunity, Realization
from programs.scale import ScaleSeeder

DEFAULTS = {"organizations": 5000, "opportunities": 20000, "commitments": 100000}
DEFAULTS |= {"realizations": 50000}
ANALYZED_TABLES = [
    "companies_organization",
    "programs_opportunity",
    "programs_commitment",
    "programs_realization",
]


def rows_besides_reference_data() -> dict:
    """What a benchmark must not write next to: anything people or seed_demo put in."""
    found = {
        "user accounts": User.objects.count(),
        "memberships": Membership.objects.count(),
        "companies": Organization.objects.filter(kind=Organization.Kind.COMPANY).count(),
        "needs": Opportunity.objects.count(),
        "pledges": Commitment.objects.count(),
        "realization reports": Realization.objects.count(),
        "event registrations": Registration.objects.count(),
    }
    return {label: n for label, n in found.items() if n}


class Command(BaseCommand):
    help = (
        "Fill an EMPTY database with a large, deterministic, visibly fictional data set for "
        "benchmarks (bench/run.sh): organisations, needs, pledges and realization reports over "
        "2019-2026, all themes and kecamatan. Loads the reference data first. Bypasses the "
        "workflow functions and history for speed (bulk inserts); refuses a database that "
        "holds other data unless --force."
    )

    def add_arguments(self, parser):
        for name, default in DEFAULTS.items():
            parser.add_argument(
                f"--{name}",
                type=int,
                default=default,
                help=f"How many to create (default {default}).",
            )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="Rows per INSERT (default 2000)."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Write even when the database holds users, companies, needs or pledges.",
        )

    def handle(self, *args, **options):
        counts = {name: options[name] for name in DEFAULTS}
        if any(n < 0 for n in counts.values()) or counts["organizations"] < 3:
            raise CommandError("Counts must not be negative; at least 3 organizations.")
        if counts["commitments"] and not counts["opportunities"]:
            raise CommandError("Pledges need needs: give --opportunities too.")
        found = rows_besides_reference_data()
        if found and not options["force"]:
            listed = ", ".join(f"{n} {label}" for label, n in found.items())
            raise CommandError(
                f"This database is not empty ({listed}). seed_scale writes benchmark data with "
                "bulk inserts that bypass the workflow; run it on a fresh database (bench/run.sh "
                "makes one), or pass --force to add to this one anyway."
            )
        started = time.monotonic()
        call_command("load_reference_data", stdout=self.stdout)
        with transaction.atomic():
            self.seed(counts, options)
        # Bulk writes send no signals: the cached pages are out of date now.
        pagecache.bump()
        self.analyze()
        # ...and nothing summed the ledger's totals again (pages sum them live until then).
        step = time.monotonic()
        ledger.rebuild()
        self.lap("ledger totals", step)
        self.summary()
        self.stdout.write(f"seed_scale finished in {time.monotonic() - started:.1f} s.")

    def seed(self, counts, options):
        rng = random.Random(options["seed"])
        batch = options["batch_size"]
        step = time.monotonic()
        orgs = companies_scale.seed(rng=rng, count=counts["organizations"], batch_size=batch)
        if not orgs.partners or not orgs.agencies:
            raise CommandError("Too few organizations for both partners and agencies.")
        step = self.lap("organizations", step)
        # Today is fixed by the seed's calendar, not the clock: the same data on any day.
        seeder = ScaleSeeder(rng=rng, orgs=orgs, batch_size=batch, today=date(2026, 11, 1))
        needs = seeder.needs(counts["opportunities"])
        step = self.lap("opportunities", step)
        pledges = seeder.commitments(counts["commitments"], needs) if needs else []
        step = self.lap("commitments", step)
        seeder.realizations(counts["realizations"], pledges)
        self.lap("realizations", step)

    def lap(self, label, since):
        now = time.monotonic()
        self.stdout.write(f"  {label}: {now - since:.1f} s")
        return now

    def analyze(self):
        """Fresh planner statistics, so the first benchmark run sees the new row counts.

        On PostgreSQL, VACUUM also marks the new pages all-visible, so index-only scans need
        not visit the table (as they would not on a database that autovacuum has seen).
        """
        if connection.vendor == "postgresql":
            # VACUUM cannot run inside a transaction (a test's, for one).
            statement = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            with connection.cursor() as cursor:
                cursor.execute(f"{statement} {', '.join(ANALYZED_TABLES)}")
        elif connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def summary(self):
        kinds = dict(Organization.objects.values_list("kind").annotate(n=Count("pk")).order_by())
        self.stdout.write(
            "Organization: " + ", ".join(f"{kinds.get(k, 0)} {k}" for k in Organization.Kind)
        )
        for model in (Opportunity, Commitment, Realization):
            by_status = dict(model.objects.values_list("status").annotate(n=Count("pk")).order_by())
            parts = ", ".join(f"{by_status.get(s, 0)} {s}" for s in model.Status)
            self.stdout.write(f"{model.__name__}: {sum(by_status.values())} ({parts})")
