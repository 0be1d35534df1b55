"""
The statistics page's figures with stable keys (slugs, codes, years, kinds) for the API.

The sums come from the same functions as the statistics page (programs/statistics.py), so both
show one set of numbers; the API adds how many commitments and reports each sum counts.
"""

from django.db.models import Count, OuterRef, Sum
from django.db.models.functions import ExtractYear

from companies.models import Organization
from programs.models import Commitment, Opportunity
from programs.selectors import count_of
from programs.statistics import _realized, _themes_with_totals, _totals
from regions.models import Kecamatan


def _counts(queryset, key) -> dict:
    return dict(queryset.order_by().values_list(key).annotate(n=Count("pk")))


def _grouped(key, realized_key, pledges=None, reports=None) -> dict:
    """{group: totals} of public pledges by `key` and verified reports by `realized_key`."""
    pledges = Commitment.objects.counted() if pledges is None else pledges
    reports = _realized() if reports is None else reports
    columns = {
        "commitments": _counts(pledges, key),
        "pledged": _totals(pledges, key),
        "realizations": _counts(reports, realized_key),
        "realized": _totals(reports, realized_key),
    }
    groups = set().union(*columns.values())
    return {
        group: {name: column.get(group, 0) for name, column in columns.items()} for group in groups
    }


def summary() -> dict:
    """The whole partnership: public pledges, verified reports and the open needs' gap."""
    pledges = Commitment.objects.counted().aggregate(n=Count("pk"), total=Sum("value"))
    reports = _realized().aggregate(n=Count("pk"), total=Sum("value"))
    themes = by_theme()
    return {
        "commitments": pledges["n"],
        "pledged": pledges["total"] or 0,
        "realizations": reports["n"],
        "realized": reports["total"] or 0,
        **{
            name: sum(theme[name] for theme in themes)
            for name in ("open_needs", "open_budget", "open_pledged", "open_gap")
        },
    }


def by_theme() -> list[dict]:
    """Every theme in its order, with its pledges, reports and the gap of its open needs."""
    themes = _themes_with_totals().annotate(
        commitment_count=count_of(
            Commitment.objects.counted().filter(theme=OuterRef("pk")), "theme"
        ),
        realization_count=count_of(
            _realized().filter(commitment__theme=OuterRef("pk")), "commitment__theme"
        ),
        open_count=count_of(Opportunity.objects.open().filter(theme=OuterRef("pk")), "theme"),
    )
    return [
        {
            "theme_id": theme.pk,
            "slug": theme.slug,
            "short_name": theme.short_name,
            "commitments": theme.commitment_count,
            "pledged": theme.pledged,
            "realizations": theme.realization_count,
            "realized": theme.realized,
            "open_needs": theme.open_count,
            "open_budget": theme.open_budget,
            "open_pledged": theme.open_pledged,
            "open_gap": theme.open_gap,
        }
        for theme in themes
    ]


def by_year() -> list[dict]:
    """Years with a public pledge or a verified report, oldest first."""
    pledges = Commitment.objects.counted().annotate(year=ExtractYear("start_date"))
    reports = _realized().annotate(year=ExtractYear("date"))
    groups = _grouped("year", "year", pledges, reports)
    return [{"year": year, **groups[year]} for year in sorted(groups)]


def by_kecamatan() -> list[dict]:
    """Every kecamatan, then the city-wide pledges not tied to one (if there are any)."""
    groups = _grouped("kecamatan", "commitment__kecamatan")
    empty = dict.fromkeys(("commitments", "pledged", "realizations", "realized"), 0)
    rows = [
        {"kecamatan_code": k.code, "kecamatan": k.name, **groups.get(k.pk, empty)}
        for k in Kecamatan.objects.only("code", "name")
    ]
    if None in groups:
        rows.append({"kecamatan_code": None, "kecamatan": None, **groups[None]})
    return rows


def by_partner_kind() -> list[dict]:
    """Companies and zakat institutions."""
    groups = _grouped("partner__kind", "commitment__partner__kind")
    empty = dict.fromkeys(("commitments", "pledged", "realizations", "realized"), 0)
    return [
        {"partner_kind": str(kind), **groups.get(kind, empty)}
        for kind in (Organization.Kind.COMPANY, Organization.Kind.ZAKAT_INSTITUTION)
    ]
