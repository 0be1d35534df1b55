from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from depok_csr import backups


class Command(BaseCommand):
    help = (
        "Replace every row of the (migrated) database with a backup made by backup_db. "
        "Everything is replaced, or nothing when the backup cannot be loaded."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="A .json.gz file written by backup_db.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, backup, interactive=True, database=DEFAULT_DB_ALIAS, **options):
        if not backup.is_file():
            raise CommandError(f"No backup at {backup}.")
        name = connections[database].settings_dict["NAME"]
        if interactive:
            answer = input(
                f"Every row of the database {name} will be replaced by {backup}. "
                "Type 'yes' to continue: "
            )
            if answer != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            backups.restore_database(backup, database=database)
        except Exception as error:
            raise CommandError(f"Nothing was restored: {error}") from error
        self.stdout.write(f"Database {name} restored from {backup}.")
