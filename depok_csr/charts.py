"""
Horizontal bar charts drawn as inline SVG on the server: no JavaScript, no chart library.

Colours and sizes are SVG presentation attributes (fill, x, width), not `style=`, so the
strict Content Security Policy holds. Every label is escaped before the markup is marked safe.
The chart scales with its viewBox; its <title> and <desc> are the text alternative, and the
page shows the same numbers in a table beside it.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from depok_csr.money import format_rupiah

WIDTH = 420
VALUE_SPACE = 140  # room right of the longest bar for its value label
LABEL_HEIGHT = 21
BAR_HEIGHT = 16
BAR_GAP = 3
GROUP_GAP = 12
LEGEND_HEIGHT = 26
MAX_LABEL_CHARS = 48
COLOURS = ("#0b5d3b", "#b35c00", "#3a5a9b")


@dataclass(frozen=True)
class Series:
    """One set of values, one per category, drawn as one bar per category."""

    name: str
    values: Sequence[int]
    colour: str = ""


def bar_chart(
    *,
    chart_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    format_value: Callable[[int], str] = format_rupiah,
) -> SafeString:
    """An accessible horizontal bar chart: `<svg role="img">` with a title and a description."""
    scale = _scale(series)
    legend = len(series) > 1
    top = LEGEND_HEIGHT if legend else 0
    group_height = LABEL_HEIGHT + len(series) * (BAR_HEIGHT + BAR_GAP) + GROUP_GAP
    height = max(top + len(categories) * group_height, LABEL_HEIGHT + GROUP_GAP)
    parts = [_legend(series)] if legend else []
    for index, category in enumerate(categories):
        parts.append(
            _group(index, category, series, top + index * group_height, scale, format_value)
        )
    if not categories:
        parts.append(format_html('<text x="0" y="{}" class="chart-empty">–</text>', LABEL_HEIGHT))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" class="bar-chart" '
        'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'aria-labelledby="{id}-title {id}-desc" font-size="14">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        width=WIDTH,
        height=height,
        id=chart_id,
        title=title,
        desc=describe(categories, series, format_value),
        body=mark_safe("".join(parts)),  # every part was built by format_html
    )


def describe(categories, series, format_value=format_rupiah) -> str:
    """The chart as one sentence per series: the text alternative in <desc>."""
    if not categories:
        return "–"
    sentences = []
    for one in series:
        pairs = ", ".join(
            f"{category}: {format_value(value)}"
            for category, value in zip(categories, one.values, strict=True)
        )
        sentences.append(f"{one.name}: {pairs}." if len(series) > 1 else f"{pairs}.")
    return " ".join(sentences)


def _scale(series) -> float:
    """Pixels per unit so that the largest value fills the bar area; a chart of zeros stays flat."""
    largest = max((value for one in series for value in one.values), default=0)
    return (WIDTH - VALUE_SPACE) / largest if largest > 0 else 0.0


def _colour(series, index) -> str:
    return series[index].colour or COLOURS[index % len(COLOURS)]


def _legend(series) -> str:
    return format_html_join(
        "",
        '<rect x="{}" y="4" width="12" height="12" fill="{}"/><text x="{}" y="15">{}</text>',
        (
            (index * 140, _colour(series, index), index * 140 + 17, one.name)
            for index, one in enumerate(series)
        ),
    )


def _group(index, category, series, y, scale, format_value) -> str:
    label = _shorten(category)
    bars = []
    bar_y = y + LABEL_HEIGHT
    for series_index, one in enumerate(series):
        value = max(one.values[index], 0)
        width = round(value * scale, 1)
        if value and width < 1:
            width = 1  # a small but real amount stays visible
        bars.append(
            format_html(
                '<rect class="bar" x="0" y="{y}" width="{w}" height="{h}" fill="{fill}"/>'
                '<text class="value" x="{tx}" y="{ty}">{text}</text>',
                y=bar_y,
                w=width,
                h=BAR_HEIGHT,
                fill=_colour(series, series_index),
                tx=round(width + 5, 1),
                ty=bar_y + BAR_HEIGHT - 3,
                text=format_value(one.values[index]),
            )
        )
        bar_y += BAR_HEIGHT + BAR_GAP
    return format_html(
        '<g class="bar-group"><title>{full}</title>'
        '<text class="category" x="0" y="{y}" font-weight="600">{label}</text>{bars}</g>',
        full=category,
        y=y + LABEL_HEIGHT - 5,
        label=label,
        bars=mark_safe("".join(bars)),  # built by format_html above
    )


def _shorten(label: str) -> str:
    """Long names are cut to fit the chart; the full name is in the group's <title> and table."""
    label = str(label)
    if len(label) <= MAX_LABEL_CHARS:
        return label
    return label[: MAX_LABEL_CHARS - 1].rstrip() + "…"
