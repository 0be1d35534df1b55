"""
The statistics page's figures with stable keys (slugs, codes, years, kinds) for the API.

The sums come from the same cells as the statistics page (programs/ledger.py: the pledged and
realised cells and the open needs by theme, kept summed), so both show one set of numbers; the
API adds how many commitments and reports each sum counts. Each endpoint runs a fixed number of
queries (at most four; six while a change waits for the ledger), whatever the number of pledges.
"""

from companies.models import Organization
from programs import ledger
from programs.models import Theme
from regions.models import Kecamatan

_COLUMNS = ("commitments", "pledged", "realizations", "realized")
_EMPTY = dict.fromkeys(_COLUMNS, 0)


def _grouped(totals, key) -> dict:
    """{group: totals} of public pledges and verified reports per value of the cells' `key`."""
    return totals.breakdowns[key]


def _open_columns(needs) -> dict:
    return {
        "open_needs": needs["count"],
        "open_budget": needs["budget"],
        "open_pledged": needs["pledged"],
        "open_gap": needs["budget"] - needs["pledged"],
    }


_NO_OPEN_NEEDS = {"count": 0, "budget": 0, "pledged": 0}


def summary() -> dict:
    """The whole partnership: public pledges, verified reports and the open needs' gap."""
    totals = ledger.summary()
    # Each cell is in exactly one theme: the themes' sums add up to the whole.
    themes = totals.breakdowns["theme"].values()
    open_needs = totals.open_needs_by_theme().values()
    return {
        **{name: sum(sums[name] for sums in themes) for name in _COLUMNS},
        **_open_columns(
            {name: sum(needs[name] for needs in open_needs) for name in _NO_OPEN_NEEDS}
        ),
    }


def by_theme() -> list[dict]:
    """Every theme in its order, with its pledges, reports and the gap of its open needs."""
    totals = ledger.summary()
    groups, open_needs = _grouped(totals, "theme"), totals.open_needs_by_theme()
    return [
        {
            "theme_id": theme.pk,
            "slug": theme.slug,
            "short_name": theme.short_name,
            **groups.get(theme.pk, _EMPTY),
            **_open_columns(open_needs.get(theme.pk, _NO_OPEN_NEEDS)),
        }
        for theme in Theme.objects.only("slug", "short_name")
    ]


def by_year() -> list[dict]:
    """Years with a public pledge or a verified report, oldest first."""
    groups = _grouped(ledger.summary(), "year")
    return [{"year": year, **groups[year]} for year in sorted(groups)]


def by_kecamatan() -> list[dict]:
    """Every kecamatan, then the city-wide pledges not tied to one (if there are any)."""
    groups = _grouped(ledger.summary(), "kecamatan")
    rows = [
        {"kecamatan_code": k.code, "kecamatan": k.name, **groups.get(k.pk, _EMPTY)}
        for k in Kecamatan.objects.only("code", "name")
    ]
    if None in groups:
        rows.append({"kecamatan_code": None, "kecamatan": None, **groups[None]})
    return rows


def by_partner_kind() -> list[dict]:
    """Companies and zakat institutions."""
    groups = _grouped(ledger.summary(), "partner_kind")
    return [
        {"partner_kind": str(kind), **groups.get(kind, _EMPTY)}
        for kind in (Organization.Kind.COMPANY, Organization.Kind.ZAKAT_INSTITUTION)
    ]
