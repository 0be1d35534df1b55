"""Kecamatan and kelurahan from data/regions/, keyed by their Kemendagri codes."""

from pathlib import Path

from django.utils.text import slugify

from depok_csr.loading import ReferenceDataError, read_csv, tally, upsert

from .models import Kecamatan, Kelurahan


def load(data_dir: Path) -> dict:
    """Load the kecamatan, then the kelurahan; return upsert outcomes per model."""
    counts = {"Kecamatan": tally(), "Kelurahan": tally()}
    folder = data_dir / "regions"

    for row in read_csv(folder / "kecamatan.csv", ["code", "name", "bps_code"]):
        outcome = upsert(
            Kecamatan,
            key={"code": row["code"]},
            values={"name": row["name"], "slug": slugify(row["name"]), "bps_code": row["bps_code"]},
        )
        counts["Kecamatan"][outcome] += 1

    kecamatan_by_code = {kecamatan.code: kecamatan for kecamatan in Kecamatan.objects.all()}
    columns = ["code", "name", "kecamatan_code", "postal_code"]
    for row in read_csv(folder / "kelurahan.csv", columns):
        kecamatan = kecamatan_by_code.get(row["kecamatan_code"])
        if kecamatan is None:
            raise ReferenceDataError(
                f"Kelurahan {row['code']}: unknown kecamatan code {row['kecamatan_code']}."
            )
        outcome = upsert(
            Kelurahan,
            key={"code": row["code"]},
            values={
                "name": row["name"],
                "kecamatan": kecamatan,
                "postal_code": row["postal_code"],
            },
        )
        counts["Kelurahan"][outcome] += 1
    return counts
