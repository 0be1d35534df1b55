"""
Fictional organisations in bulk, for benchmarks at the scale of a province (`seed_scale`).

Rows are written with bulk_create and no history, bypassing the services: this is load-test
data, not a story. Everything is visibly fictional: names carry "Contoh Skala" and "(Demo)",
descriptions say so, and every row has is_demo=True. Real bodies from the reference data
(agencies, zakat institutions) are left alone: no scale need or pledge is put in their name.
"""

import random
from dataclasses import dataclass

from django.utils.text import slugify

from regions.models import Kecamatan

from .demo import LEGAL_FORM_WEIGHTS, NAME_PATTERNS, NAME_WORDS, SECTORS
from .models import Organization, Sector

SLUG_PREFIX = "contoh-skala-"
DESCRIPTION = (
    "Organisasi fiktif untuk uji beban portal (data skala); bukan lembaga nyata. "
    "Fictional entry made for load tests, not a real body."
)
# Shares of the organisations by kind: mostly companies, as in the 2023 gathering.
KIND_SHARES = {
    Organization.Kind.COMPANY: 0.88,
    Organization.Kind.ZAKAT_INSTITUTION: 0.04,
    Organization.Kind.REGIONAL_AGENCY: 0.08,
}
AGENCY_TYPES = [
    Organization.AgencyType.DINAS,
    Organization.AgencyType.BADAN,
    Organization.AgencyType.KECAMATAN,
    Organization.AgencyType.SEKRETARIAT,
    Organization.AgencyType.RSUD,
]


@dataclass
class ScaleOrganizations:
    partners: list  # companies and zakat institutions, in creation order
    agencies: list


def shares(total: int, weights: dict) -> dict:
    """`total` split by `weights` (largest remainder), every key at least 1 when total allows."""
    scale = sum(weights.values())
    exact = {key: total * weight / scale for key, weight in weights.items()}
    counts = {key: int(value) for key, value in exact.items()}
    by_remainder = sorted(weights, key=lambda key: exact[key] - counts[key], reverse=True)
    for key in by_remainder[: total - sum(counts.values())]:
        counts[key] += 1
    for key in weights:  # a kind with no row at all would leave nobody to pledge or to ask
        if counts[key] == 0 and total >= len(weights):
            largest = max(counts, key=counts.get)
            counts[largest] -= 1
            counts[key] = 1
    return counts


def sectors() -> list[Sector]:
    """The demo's sectors, created when missing (the same names as seed_demo)."""
    for name, name_en in SECTORS:
        Sector.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "name_en": name_en}
        )
    return list(Sector.objects.order_by("pk"))


def seed(*, rng: random.Random, count: int, batch_size: int) -> ScaleOrganizations:
    """Create `count` fictional organisations; numbering continues after earlier scale runs."""
    kecamatan = list(Kecamatan.objects.order_by("code"))
    all_sectors = sectors()
    first = Organization.objects.filter(slug__startswith=SLUG_PREFIX).count() + 1
    kinds = [kind for kind, n in shares(count, KIND_SHARES).items() for _ in range(n)]
    rng.shuffle(kinds)
    legal_forms = list(LEGAL_FORM_WEIGHTS)
    weights = list(LEGAL_FORM_WEIGHTS.values())
    rows = []
    for number, kind in enumerate(kinds, start=first):
        words = " ".join(rng.sample(NAME_WORDS, 2))
        fields = {
            "kind": kind,
            "description": DESCRIPTION,
            "kecamatan": rng.choice(kecamatan) if kecamatan else None,
            "is_demo": True,
            "is_verified": True,
            "is_active": rng.random() > 0.03,  # a few archived
        }
        if kind == Organization.Kind.COMPANY:
            legal_form = rng.choices(legal_forms, weights)[0]
            name = NAME_PATTERNS[legal_form].format(f"Skala {words} {number}")
            fields |= {
                "legal_form": legal_form,
                "sector": rng.choice(all_sectors),
                "is_verified": rng.random() > 0.06,  # some wait for Bappeda's check
                "website": f"https://example.org/skala/{number}",
            }
        elif kind == Organization.Kind.ZAKAT_INSTITUTION:
            name = f"Lembaga Amil Zakat Contoh Skala {words} {number} (Demo)"
            fields["legal_form"] = Organization.LegalForm.LAZ
        else:
            name = f"Perangkat Daerah Contoh Skala {number} (Demo)"
            fields |= {"agency_type": rng.choice(AGENCY_TYPES), "is_active": True}
        district = fields["kecamatan"]
        rows.append(
            Organization(
                name=name,
                short_name=f"Contoh Skala {number}",
                slug=f"{SLUG_PREFIX}{number}-{slugify(words)}",
                address=f"Jl. Contoh Skala No. {number}, {district}" if district else "",
                email=f"skala{number}@example.org",
                **fields,
            )
        )
    Organization.objects.bulk_create(rows, batch_size=batch_size)
    usable = [org for org in rows if org.is_active and org.is_verified]
    return ScaleOrganizations(
        partners=[org for org in usable if org.is_partner],
        agencies=[org for org in usable if org.is_agency],
    )
