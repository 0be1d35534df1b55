import random
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count

from companies import demo as companies_demo
from companies.models import Organization
from depok_csr import pagecache
from events import demo as events_demo
from events.models import Event
from programs import demo as programs_demo
from programs import ledger
from programs.models import Commitment, Opportunity, Realization

SEED = 2023


class Command(BaseCommand):
    help = (
        "Fill the portal with visibly fictional demo data (companies, placeholders, needs, "
        "pledges, reports, registrations) and one user per role. Loads the reference data "
        "first. Idempotent: a second run adds nothing. The demo password is set only when a "
        "demo user is created; a changed password is left alone."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        call_command("load_reference_data", stdout=self.stdout)
        with transaction.atomic():
            users = companies_demo.seed(rng=random.Random(SEED))
            posted = programs_demo.seed(rng=random.Random(SEED), users=users)
            events_demo.seed(rng=random.Random(SEED), users=users)
        # Bulk writes send no signals: the cached pages are out of date now, and the ledger's
        # totals wait to be summed again.
        pagecache.bump()
        ledger.refresh()

        if not posted:
            self.stdout.write("Demo needs and pledges were already there; left as they are.")
        self.summary(users)
        self.stdout.write(f"seed_demo finished in {time.monotonic() - started:.1f} s.")

    def summary(self, users):
        kinds = dict(Organization.objects.values_list("kind").annotate(n=Count("pk")).order_by())
        demo = dict(
            Organization.objects.filter(is_demo=True)
            .values_list("kind")
            .annotate(n=Count("pk"))
            .order_by()
        )
        self.stdout.write(
            "Organization: "
            + ", ".join(f"{kinds.get(k, 0)} {k} ({demo.get(k, 0)} demo)" for k in Organization.Kind)
        )
        for model in (Opportunity, Commitment, Realization):
            by_status = dict(model.objects.values_list("status").annotate(n=Count("pk")).order_by())
            parts = ", ".join(f"{by_status.get(s, 0)} {s}" for s in model.Status)
            self.stdout.write(f"{model.__name__}: {sum(by_status.values())} ({parts})")
        for event in Event.objects.order_by("date"):
            attendance = event.attendance_by_kind()
            counted = ", ".join(f"{n} {kind}" for kind, n in sorted(attendance.items()))
            self.stdout.write(f"Event {event.date}: {event.name} ({counted or 'no registrations'})")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo users (password: {companies_demo.DEMO_PASSWORD}): "
                f"bappeda (Bappeda staff, /admin/), "
                f"dinas (agency officer, {users.officer_agency.name}), "
                f"mitra (partner, {users.partner_company.name})"
            )
        )
