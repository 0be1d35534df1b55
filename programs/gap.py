"""
The funding gap by region, for the public map page: per kecamatan and per kelurahan, the needs
open for pledges, what they ask for, what is pledged to them (approved pledges), what was
realised (verified reports) and what is still missing.

The figures are the ledger of `Opportunity.objects.open().with_ledger()`, the same the
statistics page sums, grouped by the database: one grouped query per level, one for the city's
total and one per level for the region names (5 queries whatever the number of rows).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, Sum, Value
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from depok_csr import maps
from depok_csr.money import format_rupiah
from regions.models import Kecamatan, Kelurahan

from .models import Opportunity

FIGURES = ("open_count", "needed", "pledged", "realized", "missing", "missing_count")


@dataclass
class GapRow:
    """The figures of one region (or of the city, or of needs placed in no region)."""

    name: str
    open_count: int = 0
    needed: int = 0
    pledged: int = 0
    realized: int = 0
    missing: int = 0
    missing_count: int = 0
    code: str = ""
    url: str = ""
    parent: str = ""  # the kecamatan of a kelurahan


@dataclass
class LegendEntry:
    swatch: SafeString
    label: str


@dataclass
class GapLevel:
    """One level of regions (kecamatan or kelurahan): its table rows, map and legend."""

    key: str
    title: str
    label_heading: str
    rows: list[GapRow]
    unplaced: GapRow | None
    description: str = ""
    svg: SafeString = SafeString("")
    legend: list[LegendEntry] = field(default_factory=list)

    @property
    def table_rows(self) -> list[GapRow]:
        return [*self.rows, self.unplaced] if self.unplaced else self.rows


def _figures():
    """The aggregates of one group of open needs with their ledger."""
    missing_something = Q(gap_value__gt=0) | Q(gap_quantity__gt=0)
    return {
        "open_count": Count("pk"),
        "needed": Coalesce(Sum("budget"), Value(0)),
        "pledged": Coalesce(Sum("pledged_value"), Value(0)),
        "realized": Coalesce(Sum("realized_value"), Value(0)),
        # Per need: an over-pledged need does not make up for another's gap.
        "missing": Coalesce(Sum(Greatest("gap_value", Value(0))), Value(0)),
        "missing_count": Count("pk", filter=missing_something),
    }


def _open_needs():
    return Opportunity.objects.open().with_ledger().order_by()


def _grouped(needs, key) -> dict:
    """{region id or None: {figure: value}} of the open needs, grouped in the database."""
    rows = needs.values(key).annotate(**_figures())
    return {row.pop(key): row for row in rows}


def city_total(needs) -> GapRow:
    return GapRow(_("All of the city"), **needs.aggregate(**_figures()))


def _list_url(base: str, **filters) -> str:
    """The opportunity list (at `base`), filtered to the region's needs open for pledges."""
    return f"{base}?{urlencode({**filters, 'status': Opportunity.Status.PUBLISHED})}"


def kecamatan_level(needs) -> GapLevel:
    found = _grouped(needs, "kecamatan")
    base = reverse("programs:opportunity_list")
    rows = [
        GapRow(
            kecamatan.name,
            code=kecamatan.code,
            url=_list_url(base, kecamatan=kecamatan.slug),
            **found.get(kecamatan.pk, {}),
        )
        for kecamatan in Kecamatan.objects.only("code", "name", "slug")
    ]
    unplaced = found.get(None)
    return GapLevel(
        key="kecamatan",
        title=_("Still missing by kecamatan"),
        label_heading=_("Kecamatan"),
        rows=rows,
        unplaced=GapRow(_("City-wide or not tied to a kecamatan"), **unplaced)
        if unplaced
        else None,
        description=_(
            "Map of the %(count)s kecamatan, coloured by the money still missing for their open "
            "needs, from light (least) to dark (most); hatched: no open needs. Each kecamatan "
            "links to its open needs. The table below gives every figure."
        )
        % {"count": len(rows)},
    )


def kelurahan_level(needs) -> GapLevel:
    found = _grouped(needs, "kelurahan")
    base = reverse("programs:opportunity_list")
    rows = [
        GapRow(
            kelurahan.name,
            code=kelurahan.code,
            url=_list_url(base, kelurahan=kelurahan.code),
            parent=kelurahan.kecamatan.name,
            **found.get(kelurahan.pk, {}),
        )
        for kelurahan in Kelurahan.objects.select_related("kecamatan").only(
            "code", "name", "kecamatan__name"
        )
    ]
    unplaced = found.get(None)
    return GapLevel(
        key="kelurahan",
        title=_("Still missing by kelurahan"),
        label_heading=_("Kelurahan"),
        rows=rows,
        unplaced=GapRow(_("Not tied to a kelurahan"), **unplaced) if unplaced else None,
        description=_(
            "Map of the %(count)s kelurahan, coloured by the money still missing for their open "
            "needs, from light (least) to dark (most); hatched: no open needs. Each kelurahan "
            "links to its open needs. The table below gives every figure."
        )
        % {"count": len(rows)},
    )


def _label(row: GapRow) -> str:
    return f"{row.name} ({row.parent})" if row.parent else row.name


def _shape_title(row: GapRow) -> str:
    """What a region's shape says on hover and to a screen reader."""
    if not row.open_count:
        return _("%(region)s: no open needs") % {"region": _label(row)}
    return ngettext(
        "%(region)s: %(missing)s still missing for %(count)s open need",
        "%(region)s: %(missing)s still missing for %(count)s open needs",
        row.open_count,
    ) % {"region": _label(row), "missing": format_rupiah(row.missing), "count": row.open_count}


def short_rupiah(value: int) -> str:
    """A rupiah amount short enough for a map tile: Rp 1,3 M(iliar), Rp 70 jt (juta)."""
    if value >= 1_000_000_000:
        return _("Rp %(amount)s bn") % {"amount": number_format(value / 1e9, 1)}
    if value >= 1_000_000:
        return _("Rp %(amount)s m") % {"amount": number_format(value / 1e6, 0)}
    return format_rupiah(value)


def _legend(map_id, bands) -> list[LegendEntry]:
    entries = []
    for index, band in enumerate(bands):
        low, high = format_rupiah(band.low), format_rupiah(band.high)
        if index == 0:
            label = high if band.low == band.high else _("%(low)s to %(high)s")
        else:
            label = _("over %(low)s to %(high)s")
        entries.append(
            LegendEntry(maps.legend_swatch(map_id, band.fill), label % {"low": low, "high": high})
        )
    entries.append(LegendEntry(maps.legend_swatch(map_id, None), _("No open needs")))
    return entries


def draw(level: GapLevel) -> GapLevel:
    """Colour the level's regions by what is still missing, in quantile classes, on its map."""
    map_id = f"map-{level.key}"
    bands = maps.quantile_bands([row.missing for row in level.rows if row.open_count])
    areas = [
        maps.Area(
            code=row.code,
            name=row.name,
            url=row.url,
            title=_shape_title(row),
            band=maps.band_of(row.missing, bands) if row.open_count else None,
            value=row.missing if row.open_count else None,
        )
        for row in level.rows
    ]
    level.svg = maps.region_map(
        map_id=map_id,
        title=level.title,
        description=level.description,
        areas=areas,
        bands=bands,
        boundaries=settings.REFERENCE_DATA_DIR / "geo" / f"{level.key}.geojson",
        labels=level.key == "kecamatan",
        format_value=short_rupiah,
    )
    level.legend = _legend(map_id, bands)
    return level


def gap_page() -> dict:
    """Everything the gap map page shows (5 queries)."""
    needs = _open_needs()  # built once: resolving the ledger's subqueries is the costly part
    return {
        "levels": [draw(kecamatan_level(needs)), draw(kelurahan_level(needs))],
        "total": city_total(needs),
    }
