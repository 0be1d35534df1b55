import time

from django.core.management.base import BaseCommand

from programs import ledger


class Command(BaseCommand):
    help = (
        "Sum the ledger's totals (statistics, home figures, pledge list totals, API statistics) "
        "again from the pledges, reports and needs. Writes through the portal do this when they "
        "commit; run it after changing those tables with SQL, or nightly as a safety net."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        waiting = not ledger.is_current()
        ledger.rebuild()
        state = "a change was waiting for it" if waiting else "it was current"
        self.stdout.write(f"Ledger summed again in {time.monotonic() - started:.2f} s ({state}).")
