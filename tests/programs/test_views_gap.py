"""The gap map page: where help is still needed, per kecamatan and kelurahan, on maps and tables."""

import re
from html import unescape
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import Commitment, Opportunity, Realization
from programs.statistics import statistics_figures
from regions.models import Kecamatan, Kelurahan
from tests.factories import (
    make_agency,
    make_commitment,
    make_kecamatan,
    make_kelurahan,
    make_opportunity,
    make_realization,
)
from tests.programs.test_views_statistics import tables

pytestmark = pytest.mark.django_db

URL = reverse("programs:gap_map")
LIST_URL = reverse("programs:opportunity_list")
Status = Opportunity.Status
Pledge = Commitment.Status
SHAPE = re.compile(r'<a href="([^"]*)" class="map-area"><title>([^<]*)</title><(path|rect) ')


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def regions():
    """Depok's 11 kecamatan and 63 kelurahan from the reference data."""
    call_command("load_reference_data", stdout=StringIO())


def get(client, language="en", path=URL, **params):
    client.cookies["django_language"] = language
    response = client.get(path, params)
    assert response.status_code == 200
    return response.content.decode()


def svg(html, level):
    match = re.search(rf'<svg[^>]*aria-labelledby="map-{level}-title.*?</svg>', html, re.S)
    assert match, level
    return match.group(0)


def shapes(html, level):
    """[(link, title, 'path' or 'rect')] of the regions on the level's map."""
    return [
        (unescape(url), unescape(title), kind)
        for url, title, kind in SHAPE.findall(svg(html, level))
    ]


def region_url(**filters):
    query = "&".join(f"{name}={value}" for name, value in filters.items())
    return f"{LIST_URL}?{query}&status=published"


def test_kecamatan_map_draws_each_of_the_11_kecamatan_as_a_link_to_its_open_needs(client, regions):
    html = get(client)

    drawn = shapes(html, "kecamatan")
    assert len(drawn) == Kecamatan.objects.count() == 11
    assert {kind for _url, _title, kind in drawn} == {"path"}
    expected = {region_url(kecamatan=k.slug) for k in Kecamatan.objects.all()}
    assert {url for url, _title, _kind in drawn} == expected
    assert "Beji: no open needs" in {title for _url, title, _kind in drawn}


def test_kelurahan_map_draws_each_of_the_63_kelurahan_with_its_kecamatan_in_the_label(
    client, regions
):
    drawn = shapes(get(client), "kelurahan")

    assert len(drawn) == Kelurahan.objects.count() == 63
    expected = {region_url(kelurahan=k.code) for k in Kelurahan.objects.all()}
    assert {url for url, _title, _kind in drawn} == expected
    titles = {title for _url, title, _kind in drawn}
    # Two kelurahan are called Curug: the label says which kecamatan each is in.
    assert {"Curug (Bojongsari): no open needs", "Curug (Cimanggis): no open needs"} <= titles


def test_each_map_is_a_described_group_of_links_with_a_legend_and_no_inline_style(client, regions):
    make_opportunity(kecamatan=Kecamatan.objects.get(slug="beji"), budget=70_000_000)

    html = get(client)

    kecamatan_map = svg(html, "kecamatan")
    assert re.match(
        r'<svg[^>]*role="group"[^>]*aria-labelledby="map-kecamatan-title', kecamatan_map
    )
    assert '<title id="map-kecamatan-title">Still missing by kecamatan</title>' in kecamatan_map
    assert '<desc id="map-kecamatan-desc">Map of the 11 kecamatan' in kecamatan_map
    assert "Beji: Rp 70.000.000 still missing for 1 open need" in kecamatan_map
    assert "No open needs" in html and "Rp 70.000.000</li>" in html  # the legend's classes
    assert " style=" not in html and "<script" not in html
    assert "cahyadsn/wilayah_boundaries" in html and "MIT" in html


@pytest.fixture
def ledger(regions):
    """Open needs in Beji (one in Kukusan) and Tapos, one city-wide; pledges approved and not,
    reports verified and not; needs the public may not see and needs no longer open."""
    beji, tapos = Kecamatan.objects.get(slug="beji"), Kecamatan.objects.get(slug="tapos")
    kukusan = Kelurahan.objects.get(name="Kukusan")
    agency = make_agency()
    well = make_opportunity(
        title="Sumur Kukusan", agency=agency, kecamatan=beji, kelurahan=kukusan,
        budget=100_000_000,
    )  # fmt: skip
    approved = make_commitment(opportunity=well, status=Pledge.APPROVED, value=30_000_000)
    make_commitment(opportunity=well, status=Pledge.IN_PROGRESS, value=20_000_000)
    for status in (Pledge.PROPOSED, Pledge.REJECTED, Pledge.CANCELLED):
        make_commitment(
            opportunity=well, status=status, value=7_000_000, rejection_reason="Tidak sesuai"
        )
    verified = Realization.Status.VERIFIED
    make_realization(commitment=approved, value=10_000_000, status=verified)
    make_realization(commitment=approved, value=3_000_000)  # not verified yet
    # Goods: the money is pledged, four of the ten wheelchairs are not.
    chairs = make_opportunity(
        title="Kursi roda Beji", agency=agency, kecamatan=beji, budget=40_000_000,
        kind="goods", quantity=10, unit="unit",
    )  # fmt: skip
    make_commitment(
        opportunity=chairs, status=Pledge.APPROVED, value=40_000_000, kind="goods",
        quantity=6, unit="unit",
    )  # fmt: skip
    make_opportunity(title="Perahu Tapos", agency=agency, kecamatan=tapos, budget=80_000_000)
    make_opportunity(title="Sirene kota", agency=agency, budget=25_000_000)
    for status in (Status.DRAFT, Status.SUBMITTED, Status.WITHDRAWN, Status.FULLY_COMMITTED):
        make_opportunity(
            title=f"Tidak terbuka {status}", agency=agency, kecamatan=tapos, kelurahan=None,
            budget=55_000_000, status=status,
        )  # fmt: skip
    return {"beji": beji, "kukusan": kukusan}


def _row(rows, name):
    return next(row for row in rows if row[0] == name)


def test_kecamatan_table_holds_the_ledger_of_open_public_needs_only(client, ledger):
    rows = tables(get(client))["kecamatan"]

    assert rows[0] == [
        "Kecamatan", "Open needs", "Needed", "Pledged", "Realised", "Still missing",
        "Needs missing something",
    ]  # fmt: skip
    assert _row(rows, "Beji") == [
        "Beji", "2", "Rp 140.000.000", "Rp 90.000.000", "Rp 10.000.000", "Rp 50.000.000", "2",
    ]  # fmt: skip
    assert _row(rows, "Tapos") == [
        "Tapos", "1", "Rp 80.000.000", "Rp 0", "Rp 0", "Rp 80.000.000", "1"
    ]  # fmt: skip
    assert _row(rows, "Cinere") == ["Cinere", "0", "Rp 0", "Rp 0", "Rp 0", "Rp 0", "0"]
    assert _row(rows, "City-wide or not tied to a kecamatan") == [
        "City-wide or not tied to a kecamatan", "1", "Rp 25.000.000", "Rp 0", "Rp 0",
        "Rp 25.000.000", "1",
    ]  # fmt: skip
    assert rows[-1] == [
        "All of the city", "4", "Rp 245.000.000", "Rp 90.000.000", "Rp 10.000.000",
        "Rp 155.000.000", "4",
    ]  # fmt: skip
    assert len(rows) == 1 + 11 + 1 + 1


def test_kelurahan_table_and_the_city_total_match_the_open_needs(client, ledger):
    rows = tables(get(client))["kelurahan"]

    assert _row(rows, "Kukusan") == [
        "Kukusan", "Beji", "1", "Rp 100.000.000", "Rp 50.000.000", "Rp 10.000.000",
        "Rp 50.000.000", "1",
    ]  # fmt: skip
    assert _row(rows, "Not tied to a kelurahan")[2:] == [
        "3", "Rp 145.000.000", "Rp 40.000.000", "Rp 0", "Rp 105.000.000", "3",
    ]  # fmt: skip
    assert rows[-1][:3] == ["All of the city", "4", "Rp 245.000.000"]
    assert len(rows) == 1 + 63 + 1 + 1


def test_city_total_equals_the_statistics_pages_funding_gap(client, ledger):
    gap = next(figure for figure in statistics_figures() if figure.key == "gap")
    budget, pledged, missing = (sum(row.values[i] for row in gap.rows) for i in range(3))

    total = tables(get(client))["kecamatan"][-1]

    assert total[2:6:3] == [f"Rp {budget:,}".replace(",", "."), f"Rp {missing:,}".replace(",", ".")]
    assert total[3] == f"Rp {pledged:,}".replace(",", ".")


def test_shapes_are_coloured_by_what_is_missing_and_hatched_without_open_needs(client, ledger):
    kecamatan_map = svg(get(client), "kecamatan")

    fills = dict(
        re.findall(
            r"<title>([^:<]+):[^<]*</title><path d=\"[^\"]*\" fill=\"([^\"]+)\"", kecamatan_map
        )
    )
    assert fills["Cinere"] == "url(#map-kecamatan-none)"
    assert fills["Beji"].startswith("#") and fills["Tapos"].startswith("#")
    assert fills["Beji"] != fills["Tapos"]  # Rp 50.000.000 and Rp 80.000.000 missing


def test_a_region_link_lists_exactly_its_open_needs(client, ledger):
    html = get(client)
    beji_link = next(
        url for url, title, _ in shapes(html, "kecamatan") if title.startswith("Beji:")
    )
    kukusan_link = next(
        url for url, title, _ in shapes(html, "kelurahan") if title.startswith("Kukusan")
    )

    beji = get(client, path=beji_link)
    kukusan = get(client, path=kukusan_link)

    assert "Sumur Kukusan" in beji and "Kursi roda Beji" in beji
    assert "Perahu Tapos" not in beji and "Sirene kota" not in beji
    assert "2 opportunities found" in beji
    assert "Sumur Kukusan" in kukusan and "Kursi roda Beji" not in kukusan
    assert "1 opportunity found" in kukusan


def test_kelurahan_filter_is_offered_on_the_opportunity_list(client, regions):
    html = get(client, path=LIST_URL)

    assert 'name="kelurahan"' in html
    assert '<option value="32.76.06.1002">Kukusan (Beji)</option>' in html


def test_missing_boundary_files_give_labelled_tile_maps(client, regions, settings, tmp_path):
    make_opportunity(kecamatan=Kecamatan.objects.get(slug="tapos"), budget=80_000_000)
    settings.REFERENCE_DATA_DIR = tmp_path  # no geo/ folder there

    html = get(client)

    tiles = shapes(html, "kecamatan")
    assert len(tiles) == 11 and {kind for _url, _title, kind in tiles} == {"rect"}
    assert "tile-map" in svg(html, "kecamatan")
    assert "Tapos: Rp 80.000.000 still missing for 1 open need" in {t for _u, t, _k in tiles}
    assert '<tspan x="' in svg(html, "kecamatan") and ">Pancoran Mas</tspan>" in html
    assert ">Rp 80 m</tspan>" in html  # the tile shows what is missing, in short
    assert len(shapes(html, "kelurahan")) == 63


def test_regions_missing_from_the_boundary_files_are_shown_as_tiles(client):
    need = make_opportunity(kecamatan=make_kecamatan(name="Kecamatan Baru"), budget=5_000_000)

    html = get(client)

    assert "tile-map" in svg(html, "kecamatan")
    assert [title for _u, title, _k in shapes(html, "kecamatan")] == [
        "Kecamatan Baru: Rp 5.000.000 still missing for 1 open need"
    ]
    assert need.kecamatan.name in html


def test_gap_map_in_indonesian_and_english(client, ledger):
    indonesian, english = get(client, "id"), get(client, "en")

    assert '<html lang="id">' in indonesian and '<html lang="en">' in english
    for html in (indonesian, english):
        assert len(shapes(html, "kecamatan")) == 11
        assert _row(tables(html)["kecamatan"], "Beji")[5] == "Rp 50.000.000"


def test_home_and_statistics_link_to_the_gap_map(client):
    assert f'href="{URL}"' in get(client, path=reverse("home"))
    assert f'href="{URL}"' in get(client, path=reverse("programs:statistics"))


def _arrange(count):
    agency = make_agency()
    for _ in range(count):
        kelurahan = make_kelurahan()
        need = make_opportunity(agency=agency, kecamatan=kelurahan.kecamatan, kelurahan=kelurahan)
        pledge = make_commitment(opportunity=need, status=Pledge.APPROVED)
        make_realization(commitment=pledge, status=Realization.Status.VERIFIED)
        make_opportunity(agency=agency, kecamatan=kelurahan.kecamatan, status=Status.COMPLETED)


def test_gap_map_runs_the_same_few_queries_for_few_and_many_rows(
    client, regions, django_assert_num_queries
):
    _arrange(1)
    with CaptureQueriesContext(connection) as few:
        get(client)
    _arrange(25)

    with django_assert_num_queries(len(few)):
        get(client)
    assert len(few) <= 5


def test_open_data_api_takes_the_kelurahan_filter_too(client, ledger):
    response = client.get(reverse("api:opportunities_list"), {"kelurahan": "32.76.06.1002"})

    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["Sumur Kukusan"]
