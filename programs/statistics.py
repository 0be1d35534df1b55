"""
Figures of the partnership for the home and statistics pages.

Every total is summed in the database (values().annotate(Sum) or a summing subquery); Python
matches the grouped totals to their labels and, for the statistics page, adds up the few thousand
cells of one grouped pass into each breakdown. Each function runs a fixed number of queries.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, F, OuterRef, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear, Greatest
from django.urls import reverse
from django.utils.translation import gettext as _

from companies.models import Organization
from depok_csr.charts import Series, bar_chart
from regions.models import Kecamatan

from .models import Commitment, Opportunity, Realization, Theme, sum_of


@dataclass
class Row:
    label: str
    values: list[int]
    url: str = ""


@dataclass
class Figure:
    """One statistic: a chart of some of its columns and a table with all of them."""

    key: str
    title: str
    label_heading: str
    columns: list[str]
    rows: list[Row]
    note: str = ""
    charted: tuple[int, ...] = (0, 1)

    @cached_property
    def svg(self):
        series = [
            Series(self.columns[i], [row.values[i] for row in self.rows]) for i in self.charted
        ]
        return bar_chart(
            chart_id=f"chart-{self.key}",
            title=self.title,
            categories=[row.label for row in self.rows],
            series=series,
        )


def _total(queryset, field="value") -> int:
    return queryset.aggregate(total=Coalesce(Sum(field), Value(0)))["total"]


def _realized():
    """Verified reports of pledges that are public: what counts as realised."""
    return Realization.objects.verified().filter(commitment__in=Commitment.objects.public())


# --- home ----------------------------------------------------------------------------------


def headline_figures(*, year: int) -> dict:
    """Active organisations by kind, open needs, and rupiah pledged and realised in `year`."""
    by_kind = dict(
        Organization.objects.active().order_by().values_list("kind").annotate(n=Count("pk"))
    )
    return {
        "year": year,
        "companies": by_kind.get(Organization.Kind.COMPANY, 0),
        "zakat_institutions": by_kind.get(Organization.Kind.ZAKAT_INSTITUTION, 0),
        "agencies": by_kind.get(Organization.Kind.REGIONAL_AGENCY, 0),
        "open_opportunities": Opportunity.objects.open().count(),
        # A pledge belongs to the year its period starts; a report to the day it was realised.
        "pledged": _total(Commitment.objects.counted().filter(start_date__year=year)),
        "realized": _total(_realized().filter(date__year=year)),
    }


def themes_with_open_counts():
    """The themes in their order, each with the number of its needs open for pledges."""
    open_needs = Opportunity.objects.open().filter(theme=OuterRef("pk"))
    count = open_needs.order_by().values("theme").annotate(n=Count("pk")).values("n")
    return Theme.objects.annotate(open_count=Coalesce(count, Value(0)))


def newest_open_opportunities(limit: int = 5):
    """The latest needs open for pledges, with their ledger and what is still missing."""
    return (
        Opportunity.objects.open()
        .with_ledger()
        .annotate(
            missing_value=Greatest("gap_value", Value(0)),
            missing_quantity=Greatest("gap_quantity", Value(0)),
        )
        .select_related("theme", "agency", "kecamatan")
        .order_by("-published_at", "-pk")[:limit]
    )


# --- statistics page -----------------------------------------------------------------------


def statistics_figures() -> list[Figure]:
    """Every figure of the statistics page, in the order the page shows them (7 queries)."""
    pledged, realized = pledged_cells(), realized_cells()
    themes = list(Theme.objects.all())
    return [
        _by_theme(themes, pledged, realized),
        _gap_by_theme(themes, open_needs_by_theme()),
        _by_year(pledged, realized),
        _by_kecamatan(pledged, realized),
        _by_partner_kind(pledged, realized),
        _top_contributors(),
    ]


# The page's breakdowns come from one grouped pass over each table: the database sums the public
# pledges (and the verified reports) per combination of theme, year, kecamatan and kind of
# partner, a few thousand cells at most; each breakdown adds up the cells of its groups. Scanning
# each table once per breakdown instead cost most of the page's database time (bench/README.md).
# The API's statistics (opendata/statistics.py) add up the same cells, with their counts.
_CELL_KEYS = ("theme", "year", "kecamatan", "partner_kind")


def pledged_cells() -> list[dict]:
    """Public pledges summed ("total") and counted ("count") per theme, year their period
    starts, kecamatan and kind of partner."""
    return list(
        Commitment.objects.counted()
        .order_by()
        .annotate(year=ExtractYear("start_date"), partner_kind=F("partner__kind"))
        .values(*_CELL_KEYS)
        .annotate(total=Sum("value"), count=Count("*"))
    )


def realized_cells() -> list[dict]:
    """Verified reports of public pledges summed ("total") and counted ("count") per theme,
    kecamatan and kind of partner of their pledge and the year they were done."""
    return list(
        Realization.objects.verified()
        .filter(commitment__status__in=Commitment.COUNTED_STATUSES)
        .order_by()
        .annotate(
            theme=F("commitment__theme"),
            year=ExtractYear("date"),
            kecamatan=F("commitment__kecamatan"),
            partner_kind=F("commitment__partner__kind"),
        )
        .values(*_CELL_KEYS)
        .annotate(total=Sum("value"), count=Count("*"))
    )


def sum_by(cells, key, field="total") -> dict:
    """{group: sum of `field`} of the cells, per value of `key`."""
    totals = {}
    for cell in cells:
        totals[cell[key]] = totals.get(cell[key], 0) + cell[field]
    return totals


def open_needs_by_theme() -> dict:
    """{theme id: {"count", "budget", "pledged"}} of the needs open for pledges (2 queries).

    Each open need's gap is its budget minus its approved pledges, so the gap of a theme's open
    needs is their budget minus the approved pledges to them."""
    needs = Opportunity.objects.open().order_by().values("theme")
    pledges = (
        Commitment.objects.counted()
        .filter(opportunity__status=Opportunity.Status.PUBLISHED)
        .order_by()
        .values_list("opportunity__theme")
        .annotate(total=Sum("value"))
    )
    pledged = dict(pledges)
    return {
        row["theme"]: {
            "count": row["count"],
            "budget": row["budget"] or 0,
            "pledged": pledged.get(row["theme"], 0),
        }
        for row in needs.annotate(count=Count("*"), budget=Sum("budget"))
    }


def _value_columns():
    return [_("Pledged"), _("Realised")]


def _theme_row(theme, values):
    url = reverse("programs:theme_detail", args=[theme.slug])
    return Row(theme.localized_short_name, values, url)


def _by_theme(themes, pledged_cells, realized_cells) -> Figure:
    pledged, realized = sum_by(pledged_cells, "theme"), sum_by(realized_cells, "theme")
    return Figure(
        key="theme",
        title=_("Pledged and realised value by theme"),
        label_heading=_("Theme"),
        columns=_value_columns(),
        rows=[
            _theme_row(theme, [pledged.get(theme.pk, 0), realized.get(theme.pk, 0)])
            for theme in themes
        ],
        note=_("Approved pledges that stand, and realisation reports verified by Bappeda."),
    )


def _gap_by_theme(themes, open_needs) -> Figure:
    rows = []
    for theme in themes:
        needs = open_needs.get(theme.pk, {"budget": 0, "pledged": 0})
        budget, pledged = needs["budget"], needs["pledged"]
        rows.append(_theme_row(theme, [budget, pledged, budget - pledged]))
    return Figure(
        key="gap",
        title=_("Funding gap of open needs by theme"),
        label_heading=_("Theme"),
        columns=[_("Budget of open needs"), _("Pledged to them"), _("Still missing")],
        rows=rows,
        note=_("Budget of the needs still open for pledges minus the approved pledges to them."),
        charted=(2,),
    )


def _by_year(pledged_cells, realized_cells) -> Figure:
    pledged, realized = sum_by(pledged_cells, "year"), sum_by(realized_cells, "year")
    years = sorted(set(pledged) | set(realized))
    return Figure(
        key="year",
        title=_("Pledged and realised value by year"),
        label_heading=_("Year"),
        columns=_value_columns(),
        rows=[Row(str(year), [pledged.get(year, 0), realized.get(year, 0)]) for year in years],
        note=_("A pledge counts in the year its period starts; a report in the year it was done."),
    )


def _by_kecamatan(pledged_cells, realized_cells) -> Figure:
    pledged, realized = sum_by(pledged_cells, "kecamatan"), sum_by(realized_cells, "kecamatan")
    rows = [
        Row(kecamatan.name, [pledged.get(kecamatan.pk, 0), realized.get(kecamatan.pk, 0)])
        for kecamatan in Kecamatan.objects.only("name")
    ]
    if None in pledged or None in realized:
        values = [pledged.get(None, 0), realized.get(None, 0)]
        rows.append(Row(_("City-wide or not tied to a kecamatan"), values))
    return Figure(
        key="kecamatan",
        title=_("Pledged and realised value by kecamatan"),
        label_heading=_("Kecamatan"),
        columns=_value_columns(),
        rows=rows,
    )


def _by_partner_kind(pledged_cells, realized_cells) -> Figure:
    pledged, realized = (
        sum_by(pledged_cells, "partner_kind"),
        sum_by(realized_cells, "partner_kind"),
    )
    kinds = [
        (Organization.Kind.COMPANY, _("Companies")),
        (Organization.Kind.ZAKAT_INSTITUTION, _("Zakat institutions")),
    ]
    rows = [Row(label, [pledged.get(kind, 0), realized.get(kind, 0)]) for kind, label in kinds]
    return Figure(
        key="kind",
        title=_("Pledged and realised value by kind of partner"),
        label_heading=_("Kind of partner"),
        columns=_value_columns(),
        rows=rows,
    )


def _top_contributors(limit: int = 10) -> Figure:
    partners = (
        Organization.objects.active()
        .partners()
        .annotate(
            pledged=sum_of(
                Commitment.objects.counted().filter(partner=OuterRef("pk")), "partner", "value"
            ),
            realized=sum_of(
                _realized().filter(commitment__partner=OuterRef("pk")),
                "commitment__partner",
                "value",
            ),
        )
        .only("name", "slug")
        .order_by("-pledged", "name")[:limit]
    )
    rows = [
        Row(
            partner.name,
            [partner.pledged, partner.realized],
            reverse("companies:organization_detail", args=[partner.slug]),
        )
        for partner in partners
        # Filtered here, not in SQL: a filter would sum every partner's pledges a second time.
        # Pledges are never negative, so the partners without any come last in the order.
        if partner.pledged > 0
    ]
    return Figure(
        key="top",
        title=_("Top %(count)s contributors by pledged value") % {"count": limit},
        label_heading=_("Partner"),
        columns=_value_columns(),
        rows=rows,
    )
