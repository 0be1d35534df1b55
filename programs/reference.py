"""The collaboration themes from data/themes/themes.csv, keyed by their number."""

from pathlib import Path

from django.utils.text import slugify

from depok_csr.loading import read_csv, tally, upsert

from .models import Theme


def load(data_dir: Path) -> dict:
    """Load the themes; return upsert outcomes."""
    counts = tally()
    columns = ["number", "name_id", "name_en", "short_id", "short_en"]
    for row in read_csv(data_dir / "themes" / "themes.csv", columns):
        outcome = upsert(
            Theme,
            key={"number": int(row["number"])},
            values={
                "name": row["name_id"],
                "name_en": row["name_en"],
                "short_name": row["short_id"],
                "short_name_en": row["short_en"],
                "slug": slugify(row["short_id"]),
            },
        )
        counts[outcome] += 1
    return {"Theme": counts}
