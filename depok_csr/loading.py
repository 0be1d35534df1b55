"""
Reading the reference CSV files and writing their rows idempotently.

Each app's `reference.py` loads its own files with these two helpers; the
`load_reference_data` command calls the apps in dependency order.
"""

import csv
from collections import Counter
from pathlib import Path

from django.core.exceptions import ValidationError

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


class ReferenceDataError(Exception):
    """A reference file is missing, lacks a column or holds a value the model refuses."""


def read_csv(path: Path, columns: list[str]) -> list[dict[str, str]]:
    """The rows of a UTF-8 CSV file, checked to have at least the given columns."""
    if not path.is_file():
        raise ReferenceDataError(f"{path}: file not found.")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in columns if column not in (reader.fieldnames or [])]
        if missing:
            raise ReferenceDataError(f"{path}: missing column(s) {', '.join(missing)}.")
        return [{key: (value or "").strip() for key, value in row.items()} for row in reader]


def upsert(model, *, key: dict, values: dict, reason: str = "reference data") -> str:
    """Create the row with this key, or update the fields that differ; say which happened.

    Saving only what changed keeps a second run a true no-op: no new history entries and no
    moved `updated_at`.
    """
    obj = model.objects.filter(**key).first()
    if obj is None:
        obj = model(**key, **values)
        outcome = CREATED
    else:
        changed = {field: value for field, value in values.items() if getattr(obj, field) != value}
        if not changed:
            return UNCHANGED
        for field, value in changed.items():
            setattr(obj, field, value)
        outcome = UPDATED
    try:
        obj.full_clean()
    except ValidationError as error:
        raise ReferenceDataError(f"{model.__name__} {key}: {error.message_dict}") from error
    obj._change_reason = reason
    obj.save()
    return outcome


def tally() -> Counter:
    """A counter of upsert outcomes, reported per model by the command."""
    return Counter({CREATED: 0, UPDATED: 0, UNCHANGED: 0})
