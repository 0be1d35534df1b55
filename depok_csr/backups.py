"""
What a portable backup holds: every row of the portal's database as Django fixtures (JSON),
readable by SQLite and PostgreSQL alike. Content types and permissions are left out (each
database makes its own after `migrate`; rows point at them by natural key), and so are what
needs no keeping: sessions, failed sign-in records and the ledger's totals (summed again).
"""

import gzip
import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test.utils import override_settings
from django.utils import timezone

from programs import ledger

EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
    # The ledger's totals: sums of other rows, made again after a restore.
    "programs.ledgercell",
    "programs.ledgerpartner",
    "programs.ledgeropenneeds",
    "programs.ledgerchange",
]
PREFIX = "depok_csr-"
SUFFIX = ".json.gz"


def default_folder() -> Path:
    return Path(settings.DATA_DIR) / "backups"


def backup_database(path: Path | None = None, *, database=DEFAULT_DB_ALIAS) -> Path:
    """Write every row to `path` (gzip'd JSON; by default a dated file in DATA_DIR/backups)."""
    if path is None:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        path = default_folder() / f"{PREFIX}{stamp}{SUFFIX}"
    path = Path(path)
    if not path.name.endswith(SUFFIX):
        raise ValueError(f"A backup's name ends with {SUFFIX}.")
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written under a temporary name and renamed when complete, so a backup that stopped
    # half-way never passes for a whole one.
    partial = path.with_name(f".{path.name.removesuffix(SUFFIX)}.partial{SUFFIX}")
    try:
        call_command(
            "dumpdata",
            exclude=EXCLUDED,
            natural_foreign=True,
            database=database,
            output=str(partial),
            verbosity=0,
        )
        _check_gzip(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def _check_gzip(path: Path) -> None:
    with gzip.open(path, "rb") as stream:
        while stream.read(1 << 20):
            pass


def restore_database(path: Path, *, database=DEFAULT_DB_ALIAS) -> None:
    """Replace every row of the (migrated) database with the backup's, or change nothing."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(path)
    if path.name.endswith(".gz"):
        _check_gzip(path)
    with transaction.atomic(using=database):
        connection = connections[database]
        if connection.vendor == "postgresql":
            # PostgreSQL cannot empty a table with foreign-key checks still pending, as they are
            # when the caller's transaction wrote rows already (a test, say): run them now.
            # (Django's check_constraints() sets them IMMEDIATE, then DEFERRED again.)
            connection.check_constraints()
        # flush empties every table and makes content types and permissions again (and the
        # programs' table rules, whose triggers check the rows as they are loaded).
        call_command("flush", database=database, interactive=False, verbosity=0)
        # The history tables are in the backup; loading many-to-many fields must not write
        # history rows of its own (they would take the ids of the ones in the backup).
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", str(path), database=database, verbosity=0)
        if database == DEFAULT_DB_ALIAS:
            ledger.rebuild()


def prune(folder: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` dated backups in `folder`; returns what was removed."""
    backups = sorted(folder.glob(f"{PREFIX}*{SUFFIX}"))
    old = backups[:-keep] if keep > 0 else []
    for path in old:
        path.unlink()
    return old
