"""
The UN Sustainable Development Goals (Tujuan Pembangunan Berkelanjutan) each collaboration theme
serves: the portal's own editorial cross-walk in data/themes/sdg_mapping.csv, keyed by the
theme's number.

The file is read once per process, when first needed, and kept: it is reference data shipped
with the portal, not something staff edit, so it needs no table (and no migration). A new
mapping takes effect when the portal restarts.
"""

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.translation import get_language

from depok_csr.loading import read_csv

COLUMNS = ["theme_number", "sdg_number", "sdg_name_en", "sdg_name_id"]


@dataclass(frozen=True)
class Sdg:
    number: int
    name_en: str
    name_id: str

    @property
    def localized_name(self):
        return self.name_en if get_language() == "en" else self.name_id

    def __str__(self):
        return f"{self.number}. {self.localized_name}"


def mapping_path():
    return settings.REFERENCE_DATA_DIR / "themes" / "sdg_mapping.csv"


@cache
def sdg_mapping() -> dict[int, tuple[Sdg, ...]]:
    """Theme number → the goals it serves, in the file's order (most direct first)."""
    mapping: dict[int, list[Sdg]] = {}
    for row in read_csv(mapping_path(), COLUMNS):
        goal = Sdg(int(row["sdg_number"]), row["sdg_name_en"], row["sdg_name_id"])
        mapping.setdefault(int(row["theme_number"]), []).append(goal)
    return {number: tuple(goals) for number, goals in mapping.items()}


def sdgs_of(theme) -> tuple[Sdg, ...]:
    """The goals a theme serves; none for a theme the mapping does not name."""
    return sdg_mapping().get(theme.number, ())
