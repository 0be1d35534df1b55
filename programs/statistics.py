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
    """Every figure of the statistics page, in the order the page shows them (6 queries; 8
    while the ledger's summary waits for a change)."""
    totals = ledger.summary()
    by = totals.breakdowns
    themes = list(Theme.objects.all())
    return [
        _by_theme(themes, by["theme"]),
        _gap_by_theme(themes, totals.open_needs_by_theme()),
        _by_year(by["year"]),
        _by_kecamatan(by["kecamatan"]),
        _by_partner_kind(by["partner_kind"]),
        _top_contributors(totals),
    ]


# The page's breakdowns come from the ledger's cells: the public pledges (and the verified
# reports) summed per combination of theme, year, kecamatan and kind of partner, a few thousand
# cells at most, added up per group of each breakdown (ledger.Summary.breakdowns). The cells are
# kept summed by programs/ledger.py, and summed live while a change waits for it: the same
# numbers. The API's statistics (opendata/statistics.py) add up the same cells, with counts.
_NOTHING = {"pledged": 0, "realized": 0}


def _values(groups, group) -> list[int]:
    """[pledged, realised] of one group of a breakdown (0 and 0 when it has none)."""
    sums = groups.get(group, _NOTHING)
    return [sums["pledged"], sums["realized"]]


def _value_columns():
    return [_("Pledged"), _("Realised")]


def _theme_row(theme, values):
    url = reverse("programs:theme_detail", args=[theme.slug])
    return Row(theme.localized_short_name, values, url)


def _by_theme(themes, by_theme) -> Figure:
    return Figure(
        key="theme",
        title=_("Pledged and realised value by theme"),
        label_heading=_("Theme"),
        columns=_value_columns(),
        rows=[_theme_row(theme, _values(by_theme, theme.pk)) for theme in themes],
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


def _by_year(by_year) -> Figure:
    return Figure(
        key="year",
        title=_("Pledged and realised value by year"),
        label_heading=_("Year"),
        columns=_value_columns(),
        rows=[Row(str(year), _values(by_year, year)) for year in sorted(by_year)],
        note=_("A pledge counts in the year its period starts; a report in the year it was done."),
    )


def _by_kecamatan(by_kecamatan) -> Figure:
    rows = [
        Row(kecamatan.name, _values(by_kecamatan, kecamatan.pk))
        for kecamatan in Kecamatan.objects.only("name")
    ]
    if None in by_kecamatan:
        rows.append(Row(_("City-wide or not tied to a kecamatan"), _values(by_kecamatan, None)))
    return Figure(
        key="kecamatan",
        title=_("Pledged and realised value by kecamatan"),
        label_heading=_("Kecamatan"),
        columns=_value_columns(),
        rows=rows,
    )


def _by_partner_kind(by_kind) -> Figure:
    kinds = [
        (Organization.Kind.COMPANY, _("Companies")),
        (Organization.Kind.ZAKAT_INSTITUTION, _("Zakat institutions")),
    ]
    return Figure(
        key="kind",
        title=_("Pledged and realised value by kind of partner"),
        label_heading=_("Kind of partner"),
        columns=_value_columns(),
        rows=[Row(label, _values(by_kind, kind)) for kind, label in kinds],
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
