"""
Figures of the partnership for the home and statistics pages.

The ledger's totals come from programs/ledger.py (kept summed, or summed live while a change
waits for it); Python matches them to their labels and, for the statistics page, adds up the
few thousand cells into each breakdown. Each function runs a fixed number of queries.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Value
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils.translation import gettext as _

from companies.models import Organization
from depok_csr.charts import Series, bar_chart
from regions.models import Kecamatan

from . import ledger
from .models import Opportunity, Theme


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


# --- home ----------------------------------------------------------------------------------


def headline_figures(*, year: int, totals: ledger.Summary | None = None) -> dict:
    """Active organisations by kind, open needs, and rupiah pledged and realised in `year`."""
    totals = totals or ledger.summary()
    by_kind = dict(
        Organization.objects.active().order_by().values_list("kind").annotate(n=Count("pk"))
    )
    return {
        "year": year,
        "companies": by_kind.get(Organization.Kind.COMPANY, 0),
        "zakat_institutions": by_kind.get(Organization.Kind.ZAKAT_INSTITUTION, 0),
        "agencies": by_kind.get(Organization.Kind.REGIONAL_AGENCY, 0),
        "open_opportunities": totals.open_need_count(),
        # A pledge belongs to the year its period starts; a report to the day it was realised.
        **totals.year_totals(year),
    }


def themes_with_open_counts(totals: ledger.Summary | None = None):
    """The themes in their order, each with the number of its needs open for pledges."""
    totals = totals or ledger.summary()
    return Theme.objects.annotate(open_count=totals.open_need_count_of_theme())


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
    """Every figure of the statistics page, in the order the page shows them (6 queries; 7
    while the ledger's summary waits for a change)."""
    totals = ledger.summary()
    pledged, realized = totals.pledged_cells(), totals.realized_cells()
    themes = list(Theme.objects.all())
    return [
        _by_theme(themes, pledged, realized),
        _gap_by_theme(themes, totals.open_needs_by_theme()),
        _by_year(pledged, realized),
        _by_kecamatan(pledged, realized),
        _by_partner_kind(pledged, realized),
        _top_contributors(totals),
    ]


# The page's breakdowns come from one grouped pass over each table: the public pledges (and the
# verified reports) summed per combination of theme, year, kecamatan and kind of partner, a few
# thousand cells at most; each breakdown adds up the cells of its groups. The cells are kept
# summed by programs/ledger.py, and summed live while a change waits for it: the same numbers.
# The API's statistics (opendata/statistics.py) add up the same cells, with their counts.


def sum_by(cells, key, field="total") -> dict:
    """{group: sum of `field`} of the cells, per value of `key`."""
    totals = {}
    for cell in cells:
        totals[cell[key]] = totals.get(cell[key], 0) + cell[field]
    return totals


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


def _top_contributors(totals, limit: int = 10) -> Figure:
    rows = [
        Row(
            partner["name"],
            [partner["pledged"], partner["realized"]],
            reverse("companies:organization_detail", args=[partner["slug"]]),
        )
        for partner in totals.top_partners(limit)
    ]
    return Figure(
        key="top",
        title=_("Top %(count)s contributors by pledged value") % {"count": limit},
        label_heading=_("Partner"),
        columns=_value_columns(),
        rows=rows,
    )
