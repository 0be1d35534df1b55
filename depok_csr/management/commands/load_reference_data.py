from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from companies import reference as companies_reference
from depok_csr.loading import CREATED, UNCHANGED, UPDATED, ReferenceDataError
from events import reference as events_reference
from programs import reference as programs_reference
from regions import reference as regions_reference

# Dependency order: organisations need kecamatan; nothing else depends across files.
LOADERS = [regions_reference, companies_reference, programs_reference, events_reference]


class Command(BaseCommand):
    help = (
        "Load the public reference data (regions, agencies, zakat institutions, themes, past "
        "events) from REFERENCE_DATA_DIR. Idempotent: rows are keyed by code, slug or number, "
        "and a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="Folder with the reference files (default: settings.REFERENCE_DATA_DIR).",
        )

    def handle(self, *args, data_dir=None, **options):
        data_dir = Path(data_dir or settings.REFERENCE_DATA_DIR)
        try:
            # One transaction: a bad file loads nothing rather than half the data.
            with transaction.atomic():
                counts = {}
                for loader in LOADERS:
                    counts.update(loader.load(data_dir))
        except ReferenceDataError as error:
            raise CommandError(str(error)) from error

        for label, outcome in counts.items():
            total = sum(outcome.values())
            self.stdout.write(
                f"{label}: {total} rows ({outcome[CREATED]} created, {outcome[UPDATED]} updated, "
                f"{outcome[UNCHANGED]} unchanged)"
            )
