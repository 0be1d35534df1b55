"""Maps drawn on the server: boundaries simplified without gaps, colour classes from the data."""

import re
from collections import Counter, defaultdict

from django.conf import settings

from depok_csr.maps import band_of, load_boundaries, quantile_bands

GEO = settings.REFERENCE_DATA_DIR / "geo"


def _edges(path):
    for ring in re.findall(r"M([^Z]*)Z", path):
        points = [tuple(point.split()) for point in ring.split("L")]
        for a, b in zip(points, points[1:] + points[:1], strict=True):
            yield frozenset((a, b))


def test_simplified_neighbours_still_share_their_edges_so_only_the_city_outline_is_unshared():
    for name in ("kecamatan", "kelurahan"):
        shapes = load_boundaries(GEO / f"{name}.geojson").shapes
        edges = Counter(edge for shape in shapes.values() for edge in _edges(shape.path))
        outline = [edge for edge, count in edges.items() if count == 1]
        degree = defaultdict(int)
        for edge in outline:
            for point in edge:
                degree[point] += 1

        assert max(edges.values()) == 2, name  # no edge drawn twice by the same pair
        # The unshared edges form one closed line: the city's outline, with no slivers inside.
        assert set(degree.values()) == {2}, name
        assert _pieces(outline) == 1, name


def _pieces(edges):
    """How many connected lines the edges make."""
    parent = {}

    def root(point):
        while parent.setdefault(point, point) != point:
            point = parent[point]
        return point

    for a, b in (tuple(edge) for edge in edges):
        parent[root(a)] = root(b)
    return len({root(point) for point in list(parent)})


def test_boundaries_are_read_once_and_a_missing_file_gives_none(tmp_path):
    first = load_boundaries(GEO / "kecamatan.geojson")

    assert load_boundaries(GEO / "kecamatan.geojson") is first
    assert len(first.shapes) == 11
    assert load_boundaries(tmp_path / "kecamatan.geojson") is None


def test_quantile_bands_split_the_values_into_at_most_five_classes_of_about_equal_size():
    bands = quantile_bands([0, 10, 20, 30, 40, 50, 60, 70, 80, 90])

    assert [(band.low, band.high) for band in bands] == [
        (0, 10), (10, 30), (30, 50), (50, 70), (70, 90),
    ]  # fmt: skip
    assert [band_of(value, bands) for value in (0, 10, 11, 90)] == [0, 0, 1, 4]
    assert band_of(None, bands) is None


def test_few_distinct_values_make_few_classes():
    assert [(band.low, band.high) for band in quantile_bands([5, 5, 9])] == [(5, 5), (5, 9)]
    assert quantile_bands([]) == []
