"""Regional agencies and zakat institutions from data/organizations/, keyed by slug.

Only bodies the sources document are loaded: reference data never invents an organisation
(placeholders that fill the reported counts belong to the demo data).
"""

from pathlib import Path

from depok_csr.loading import ReferenceDataError, read_csv, tally, upsert
from regions.models import Kecamatan

from .models import Organization

ZAKAT_LEGAL_FORMS = {
    "baznas": Organization.LegalForm.BAZNAS,
    "laz": Organization.LegalForm.LAZ,
}


def load(data_dir: Path) -> dict:
    """Load the agencies, then the zakat institutions; return upsert outcomes per kind."""
    folder = data_dir / "organizations"
    return {
        "Organization (regional agencies)": _load_agencies(folder / "regional_agencies.csv"),
        "Organization (zakat institutions)": _load_zakat(folder / "zakat_institutions.csv"),
    }


def _load_agencies(path: Path):
    counts = tally()
    kecamatan_by_slug = {kecamatan.slug: kecamatan for kecamatan in Kecamatan.objects.all()}
    columns = ["slug", "name", "short_name", "agency_type", "source"]
    for row in read_csv(path, columns):
        values = {
            "kind": Organization.Kind.REGIONAL_AGENCY,
            "name": row["name"],
            "short_name": row["short_name"],
            "agency_type": row["agency_type"],
            "source": row["source"],
            "is_verified": True,
            "is_demo": False,
        }
        # A kecamatan office serves its district: slug "kecamatan-beji" is Kecamatan "beji".
        if row["agency_type"] == Organization.AgencyType.KECAMATAN:
            kecamatan = kecamatan_by_slug.get(row["slug"].removeprefix("kecamatan-"))
            if kecamatan is not None:
                values["kecamatan"] = kecamatan
        counts[upsert(Organization, key={"slug": row["slug"]}, values=values)] += 1
    return counts


def _load_zakat(path: Path):
    counts = tally()
    for row in read_csv(path, ["slug", "name", "short_name", "kind", "source"]):
        legal_form = ZAKAT_LEGAL_FORMS.get(row["kind"])
        if legal_form is None:
            raise ReferenceDataError(f"{path}: {row['slug']} has unknown kind {row['kind']!r}.")
        values = {
            "kind": Organization.Kind.ZAKAT_INSTITUTION,
            "name": row["name"],
            "short_name": row["short_name"],
            "legal_form": legal_form,
            "source": row["source"],
            "is_verified": True,
            "is_demo": False,
        }
        counts[upsert(Organization, key={"slug": row["slug"]}, values=values)] += 1
    return counts
