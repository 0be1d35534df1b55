"""
The downloads and the API add up to the statistics page's figures, on the demo partnership.

A program summing the commitments and realizations it downloads, or reading the API, gets the
numbers the statistics page shows: by theme, by year, by kecamatan, by kind of partner, the top
contributors and the funding gap of the open needs.
"""

import csv
import io
from collections import defaultdict

import pytest
from django.urls import reverse

from companies.models import Organization
from programs.models import Theme
from programs.statistics import statistics_figures
from regions.models import Kecamatan

pytestmark = pytest.mark.usefixtures("demo_data")


def download(client, name):
    response = client.get(reverse("opendata:download", args=[name, "csv"]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def api_list(client, name):
    items, path = [], f"/api/{name}?limit=500"
    while path:
        page = client.get(path).json()
        items += page["items"]
        path = page["next"]
    return items


def page_figures():
    """{figure: [row values, ...]} as the statistics page shows them."""
    return {figure.key: [row.values for row in figure.rows] for figure in statistics_figures()}


def sums(rows, key, field="value"):
    totals = defaultdict(int)
    for row in rows:
        totals[row[key] or None] += int(row[field])
    return totals


def figures_from(commitments, realizations, opportunities, organizations):
    """The statistics page's figures computed from downloaded rows (every value a string)."""
    kind_of = {row["id"]: row["partner_kind"] for row in commitments}
    for row in realizations:
        row["partner_kind"] = kind_of[row["commitment_id"]]
    open_needs = [row for row in opportunities if row["status"] == "published"]
    theme_ids = [str(pk) for pk in Theme.objects.order_by("number").values_list("pk", flat=True)]
    kecamatan = list(Kecamatan.objects.values_list("code", flat=True))  # the page's order
    pledged = {key: sums(commitments, key) for key in ("theme_id", "year", "kecamatan_code")}
    realized = {key: sums(realizations, key) for key in ("theme_id", "year", "kecamatan_code")}
    pledged["partner_kind"] = sums(commitments, "partner_kind")
    realized["partner_kind"] = sums(realizations, "partner_kind")
    budget, promised = (
        sums(open_needs, "theme_id", "budget"),
        sums(open_needs, "theme_id", "pledged_value"),
    )
    years = sorted(set(pledged["year"]) | set(realized["year"]))
    places = kecamatan + ([None] if None in pledged["kecamatan_code"] else [])
    by_partner = sums(realizations, "partner_id")
    partners = sorted(
        (row for row in organizations if row["pledged"] and int(row["pledged"]) > 0),
        key=lambda row: (-int(row["pledged"]), row["name"]),
    )[:10]

    def both(key, group):
        return [pledged[key][group], realized[key][group]]

    return {
        "theme": [both("theme_id", theme) for theme in theme_ids],
        "gap": [[budget[t], promised[t], budget[t] - promised[t]] for t in theme_ids],
        "year": [both("year", str(year)) for year in years],
        "kecamatan": [both("kecamatan_code", code) for code in places],
        "kind": [both("partner_kind", kind) for kind in Organization.PARTNER_KINDS],
        "top": [[int(row["pledged"]), by_partner[row["id"]]] for row in partners],
    }


def test_the_demo_has_figures_worth_comparing(db):
    figures = page_figures()

    assert all(figures[key] for key in ("theme", "gap", "year", "kecamatan", "kind", "top"))
    assert sum(values[1] for values in figures["theme"]) > 0  # something was realised
    assert len(figures["year"]) >= 2


def test_totals_of_the_downloads_equal_the_statistics_page(client, db):
    downloaded = {
        name: download(client, name)
        for name in ("commitments", "realizations", "opportunities", "organizations")
    }

    assert figures_from(**downloaded) == page_figures()


def test_totals_of_the_api_lists_equal_the_statistics_page(client, db):
    def as_text(items):
        return [{k: "" if v is None else str(v) for k, v in item.items()} for item in items]

    listed = {
        name: as_text(api_list(client, name))
        for name in ("commitments", "realizations", "opportunities", "organizations")
    }

    assert figures_from(**listed) == page_figures()


def test_the_api_statistics_are_the_statistics_page_figures(client, db):
    figures = page_figures()
    themes = client.get("/api/statistics/themes").json()
    kecamatan = client.get("/api/statistics/kecamatan").json()

    def both(rows):
        return [[row["pledged"], row["realized"]] for row in rows]

    assert both(themes) == figures["theme"]
    assert [[t["open_budget"], t["open_pledged"], t["open_gap"]] for t in themes] == figures["gap"]
    assert both(client.get("/api/statistics/years").json()) == figures["year"]
    assert both(kecamatan) == figures["kecamatan"]
    assert both(client.get("/api/statistics/partner-kinds").json()) == figures["kind"]
    summary = client.get("/api/statistics").json()
    assert [summary["pledged"], summary["realized"]] == [
        sum(values[i] for values in figures["theme"]) for i in (0, 1)
    ]
    assert summary["commitments"] == sum(row["commitments"] for row in themes)
    assert summary["open_gap"] == sum(values[2] for values in figures["gap"])
