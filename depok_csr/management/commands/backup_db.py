from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from depok_csr import backups


class Command(BaseCommand):
    help = (
        "Back up every row of the database to a gzip'd JSON file that restore_db loads into "
        "SQLite or PostgreSQL. Media files (MEDIA_ROOT, PRIVATE_MEDIA_ROOT) are not included."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "output",
            nargs="?",
            type=Path,
            help="File to write, ending in .json.gz (default: a dated file in DATA_DIR/backups).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="Afterwards keep only the newest N dated backups in the file's folder.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, output=None, keep=0, database=DEFAULT_DB_ALIAS, **options):
        try:
            path = backups.backup_database(output, database=database)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written to {path} ({path.stat().st_size:,} bytes).")
        if keep:
            for old in backups.prune(path.parent, keep):
                self.stdout.write(f"Removed the older backup {old}.")
