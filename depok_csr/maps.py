"""
Choropleth maps of the city's regions, drawn as inline SVG on the server: no JavaScript, no map
library, no tiles from another server.

Boundaries come from a GeoJSON file of polygons with a `code` property (the Kemendagri code the
regions are keyed by). They are projected once per file and process (equirectangular, with the
longitude scaled by the cosine of the middle latitude, which is exact enough for a city),
simplified without opening gaps between neighbours, and kept in memory. When the file is
missing, or none of its codes matches a region, the map is a grid of labelled tiles instead.

Colours are SVG presentation attributes (fill=), never `style=`, so the strict Content Security
Policy holds. Every region is a link with a <title> (its name and figure); the <svg> has a title
and a description, and the page shows the same numbers in a table.
"""

import json
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH = 600  # viewBox width; the height follows the city's proportions
MARGIN = 4
# Douglas-Peucker tolerance in viewBox units: at 600 wide one unit is about 35 m in Depok and
# under a pixel on screen; it keeps about 40% of the points (Depok: 15 KB and 30 KB of paths).
TOLERANCE = 1.0
# ColorBrewer YlOrBr, sequential and safe for colour-blind readers; index = number of classes.
PALETTES = {
    1: ("#d95f0e",),
    2: ("#fec44f", "#d95f0e"),
    3: ("#fff7bc", "#fec44f", "#d95f0e"),
    4: ("#ffffd4", "#fed98e", "#fe9929", "#cc4c02"),
    5: ("#ffffd4", "#fed98e", "#fe9929", "#d95f0e", "#993404"),
}
MAX_CLASSES = 5
NONE_STROKE = "#bdbdbd"
NONE_FILL = "#f2f2f2"
TILE_COLUMNS_MAX = 8
TILE = 96
TILE_GAP = 6
TILE_LABEL_CHARS = 14


@dataclass(frozen=True)
class Area:
    """One region on a map: its code (as in the boundary file), label, link and class.

    `band` is the index of its colour class, or None for "nothing to show" (hatched grey);
    `value` is the figure a tile shows.
    """

    code: str
    name: str
    url: str
    title: str
    band: int | None
    value: int | None = None


@dataclass(frozen=True)
class Band:
    """One colour class of the legend: values from `low` (exclusive, unless first) to `high`."""

    low: int
    high: int
    fill: str


@dataclass(frozen=True)
class Shape:
    path: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Boundaries:
    """The projected, simplified outlines of one boundary file, by region code."""

    width: float
    height: float
    shapes: dict[str, Shape]


# --- colour classes ----------------------------------------------------------------------


def quantile_bands(values: Sequence[int]) -> list[Band]:
    """Up to five quantile classes of `values` (each an upper bound taken from the data)."""
    ordered = sorted(values)
    if not ordered:
        return []
    count = min(MAX_CLASSES, len(set(ordered)))
    highs = []
    for index in range(1, count + 1):
        high = ordered[math.ceil(index * len(ordered) / count) - 1]
        if not highs or high > highs[-1]:
            highs.append(high)
    palette = PALETTES[len(highs)]
    lows = [ordered[0], *highs[:-1]]
    return [Band(low, high, fill) for low, high, fill in zip(lows, highs, palette, strict=True)]


def band_of(value: int | None, bands: Sequence[Band]) -> int | None:
    """The index of the class `value` falls in; None for no value."""
    if value is None or not bands:
        return None
    return next((i for i, band in enumerate(bands) if value <= band.high), len(bands) - 1)


# --- boundaries --------------------------------------------------------------------------


def load_boundaries(path: Path) -> Boundaries | None:
    """The boundaries of a GeoJSON file, computed once per file and process; None if missing."""
    return _load(str(path))


@lru_cache(maxsize=8)
def _load(path: str) -> Boundaries | None:
    try:
        with open(path, encoding="utf-8") as handle:
            collection = json.load(handle)
    except (OSError, ValueError):
        return None
    rings_by_code = defaultdict(list)
    for feature in collection.get("features", []):
        code = str((feature.get("properties") or {}).get("code", ""))
        for ring in _rings(feature.get("geometry") or {}):
            rings_by_code[code].append([tuple(point[:2]) for point in ring])
    all_rings = [ring for rings in rings_by_code.values() for ring in rings]
    if not all_rings:
        return None
    project, width, height = _projection(all_rings)
    simplified = _simplify([[project(p) for p in _open(ring)] for ring in all_rings])
    shapes, index = {}, 0
    for code, rings in rings_by_code.items():
        outlines = simplified[index : index + len(rings)]
        index += len(rings)
        x, y = _label_point(max(outlines, key=_area))
        shapes[code] = Shape(_path(outlines), round(x, 1), round(y, 1))
    return Boundaries(width, height, shapes)


def _rings(geometry):
    if geometry.get("type") == "Polygon":
        return geometry["coordinates"]
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def _open(ring):
    """A ring without its closing point, which repeats the first."""
    return ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring


def _projection(rings):
    lons = [lon for ring in rings for lon, _lat in ring]
    lats = [lat for ring in rings for _lon, lat in ring]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    x_factor = math.cos(math.radians((north + south) / 2))
    scale = (WIDTH - 2 * MARGIN) / max((east - west) * x_factor, 1e-9)
    height = round((north - south) * scale + 2 * MARGIN, 1)

    def project(point):
        lon, lat = point
        return ((lon - west) * x_factor * scale + MARGIN, (north - lat) * scale + MARGIN)

    return project, WIDTH, height


def _simplify(rings):
    """Douglas-Peucker on each stretch between junctions (points with more than two
    neighbours), in one direction whichever ring walks it: neighbours keep identical edges."""
    neighbours = defaultdict(set)
    for ring in rings:
        for i, point in enumerate(ring):
            neighbours[point].update((ring[i - 1], ring[(i + 1) % len(ring)]))
    result = []
    for ring in rings:
        junctions = [i for i, point in enumerate(ring) if len(neighbours[point]) > 2]
        if not junctions:  # an island: cut it at two far-apart points
            far = max(range(len(ring)), key=lambda i: _distance2(ring[0], ring[i]))
            junctions = [0, far] if far else [0]
        start = junctions[0]
        turned = ring[start:] + ring[:start]
        cuts = [i - start for i in junctions] + [len(ring)]
        kept = []
        for a, b in zip(cuts, cuts[1:], strict=False):
            stretch = turned[a : b + 1] if b < len(ring) else [*turned[a:], turned[0]]
            kept.extend(_douglas_peucker(stretch)[:-1])
        result.append(kept if len(kept) >= 3 else ring)
    return result


def _douglas_peucker(points):
    if points[0] > points[-1]:  # the same stretch simplifies the same both ways round
        return _douglas_peucker(points[::-1])[::-1]
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, worst_at = 0.0, None
        for i in range(first + 1, last):
            d = _segment_distance(points[i], points[first], points[last])
            if d > worst:
                worst, worst_at = d, i
        if worst_at is not None and worst > TOLERANCE:
            keep[worst_at] = True
            stack.extend(((first, worst_at), (worst_at, last)))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _distance2(a, b):
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


def _segment_distance(p, a, b):
    length2 = _distance2(a, b)
    if length2 == 0:
        return math.sqrt(_distance2(p, a))
    t = max(
        0.0, min(1.0, ((p[0] - a[0]) * (b[0] - a[0]) + (p[1] - a[1]) * (b[1] - a[1])) / length2)
    )
    return math.sqrt(_distance2(p, (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))))


def _area(ring):
    return abs(_signed_area(ring))


def _edges(ring):
    """Each side of the ring as (start, end), the last one closing it."""
    return list(zip(ring, ring[1:] + ring[:1], strict=True))


def _signed_area(ring):
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in _edges(ring)) / 2


def _label_point(ring):
    """A point inside the ring near its centroid: the middle of the widest stretch of the
    horizontal line through the centroid (a centroid can fall outside a bent shape)."""
    area = _signed_area(ring) or 1e-9
    pairs = _edges(ring)
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs) / (6 * area)
    crossings = sorted(
        x0 + (cy - y0) * (x1 - x0) / (y1 - y0)
        for (x0, y0), (x1, y1) in pairs
        if (y0 <= cy < y1) or (y1 <= cy < y0)
    )
    spans = list(zip(crossings[::2], crossings[1::2], strict=False))
    if not spans:
        return ring[0]
    left, right = max(spans, key=lambda span: span[1] - span[0])
    return (left + right) / 2, cy


def _path(rings):
    return "".join(
        "M" + "L".join(f"{_number(x)} {_number(y)}" for x, y in ring) + "Z" for ring in rings
    )


def _number(value):
    return f"{value:.1f}".removesuffix(".0")


# --- drawing -----------------------------------------------------------------------------


def _fill(area: Area, bands, map_id):
    return f"url(#{map_id}-none)" if area.band is None else bands[area.band].fill


def _none_pattern(pattern_id):
    return format_html(
        '<pattern id="{}" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="{}"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="{}" stroke-width="2"/></pattern>',
        pattern_id,
        NONE_FILL,
        NONE_STROKE,
    )


def _svg(*, map_id, title, description, width, height, css_class, body, bands):
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="group" class="{css_class}" '
        'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'aria-labelledby="{id}-title {id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "<defs>{pattern}</defs>{body}</svg>",
        css_class=css_class,
        width=width,
        height=height,
        id=map_id,
        title=title,
        desc=description,
        pattern=_none_pattern(f"{map_id}-none"),
        body=body,
    )


def region_map(
    *,
    map_id: str,
    title: str,
    description: str,
    areas: Sequence[Area],
    bands: Sequence[Band],
    boundaries: Path,
    labels: bool = False,
    format_value: Callable[[int], str] = str,
) -> SafeString:
    """The areas on their boundaries, each a link; a tile grid when the boundaries are
    missing or match none of the areas. `labels` writes the names on the shapes."""
    outlines = load_boundaries(boundaries)
    if outlines is None or not any(area.code in outlines.shapes for area in areas):
        return tile_map(
            map_id=map_id,
            title=title,
            description=description,
            areas=areas,
            bands=bands,
            format_value=format_value,
        )
    drawn = [area for area in areas if area.code in outlines.shapes]
    known = {area.code for area in drawn}
    # Shapes without a region in the database stay on the map, unlinked, so the city is whole.
    others = format_html_join(
        "",
        '<path class="map-blank" d="{}" fill="{}"/>',
        (
            (shape.path, f"url(#{map_id}-none)")
            for code, shape in outlines.shapes.items()
            if code not in known
        ),
    )
    links = format_html_join(
        "",
        '<a href="{}" class="map-area"><title>{}</title><path d="{}" fill="{}"/></a>',
        (
            (area.url, area.title, outlines.shapes[area.code].path, _fill(area, bands, map_id))
            for area in drawn
        ),
    )
    names = ""
    if labels:
        names = format_html(
            '<g class="map-labels" aria-hidden="true">{}</g>',
            format_html_join(
                "",
                '<text x="{}" y="{}" text-anchor="middle">{}</text>',
                (
                    (shape.label_x, shape.label_y, area.name)
                    for area in drawn
                    for shape in [outlines.shapes[area.code]]
                ),
            ),
        )
    return _svg(
        map_id=map_id,
        title=title,
        description=description,
        width=outlines.width,
        height=outlines.height,
        css_class="region-map",
        body=mark_safe(others + links + names),  # each part built by format_html
        bands=bands,
    )


def tile_map(
    *,
    map_id: str,
    title: str,
    description: str,
    areas: Sequence[Area],
    bands: Sequence[Band],
    format_value: Callable[[int], str] = str,
) -> SafeString:
    """The areas as a grid of equal labelled tiles, in the order given, each a link showing
    the area's name and value."""
    columns = max(1, min(TILE_COLUMNS_MAX, math.ceil(math.sqrt(len(areas) or 1))))
    rows = max(1, math.ceil(len(areas) / columns))
    step = TILE + TILE_GAP
    tiles = []
    for index, area in enumerate(areas):
        x, y = (index % columns) * step, (index // columns) * step
        tiles.append(
            format_html(
                '<a href="{url}" class="map-area"><title>{title}</title>'
                '<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="6" fill="{fill}"/>'
                '<text class="tile-text" x="{cx}" y="{ty}" text-anchor="middle" aria-hidden="true">'
                '<tspan x="{cx}">{name}</tspan><tspan x="{cx}" dy="18">{figure}</tspan>'
                "</text></a>",
                url=area.url,
                title=area.title,
                x=x,
                y=y,
                size=TILE,
                fill=_fill(area, bands, map_id),
                cx=x + TILE // 2,
                ty=y + TILE // 2 - 4,
                name=_shorten(area.name),
                figure="–" if area.value is None else format_value(area.value),
            )
        )
    return _svg(
        map_id=map_id,
        title=title,
        description=description,
        width=columns * step - TILE_GAP,
        height=rows * step - TILE_GAP,
        css_class="region-map tile-map",
        body=mark_safe("".join(tiles)),  # each tile built by format_html
        bands=bands,
    )


def legend_swatch(map_id: str, fill: str | None) -> SafeString:
    """A small square of a legend entry: a class's colour, or the hatch of None."""
    if fill is None:
        pattern_id = f"{map_id}-legend-none"
        return format_html(
            '<svg class="swatch" width="16" height="16" aria-hidden="true"><defs>{}</defs>'
            '<rect width="16" height="16" fill="url(#{})" stroke="{}"/></svg>',
            _none_pattern(pattern_id),
            pattern_id,
            NONE_STROKE,
        )
    return format_html(
        '<svg class="swatch" width="16" height="16" aria-hidden="true">'
        '<rect width="16" height="16" fill="{}" stroke="#8a6d3b" stroke-width=".5"/></svg>',
        fill,
    )


def _shorten(name: str) -> str:
    """Long names are cut to fit a tile; the full name is in the tile's <title> and the table."""
    return name if len(name) <= TILE_LABEL_CHARS else name[: TILE_LABEL_CHARS - 1].rstrip() + "…"
