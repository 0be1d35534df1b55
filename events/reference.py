"""Past gatherings from data/events/events.csv, keyed by slug.

attendance_2023.csv is not loaded: attendance is counted from registrations, and that file is
the figure the tests check the count against.
"""

from datetime import date
from pathlib import Path

from depok_csr.loading import read_csv, tally, upsert

from .models import Event


def load(data_dir: Path) -> dict:
    """Load the events; return upsert outcomes."""
    counts = tally()
    columns = ["slug", "name", "date", "venue", "city", "organiser", "source", "notes"]
    for row in read_csv(data_dir / "events" / "events.csv", columns):
        outcome = upsert(
            Event,
            key={"slug": row["slug"]},
            values={
                "name": row["name"],
                "date": date.fromisoformat(row["date"]),
                "venue": row["venue"],
                "city": row["city"],
                "organiser": row["organiser"],
                "source": row["source"],
                "notes": row["notes"],
            },
        )
        counts[outcome] += 1
    return {"Event": counts}
