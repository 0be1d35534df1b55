"""Downloads of the datasets: CSV, XLSX and JSON of the same rows, with the list pages' filters."""

import csv
import io
import json
from datetime import date

import openpyxl
import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opendata.datasets import DATASETS
from tests.factories import (
    make_agency,
    make_commitment,
    make_company,
    make_event,
    make_kecamatan,
    make_opportunity,
    make_realization,
    make_theme,
    make_zakat_institution,
)

pytestmark = pytest.mark.django_db


def url(name, fmt, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("opendata:download", args=[name, fmt]) + (f"?{query}" if query else "")


def content(response):
    assert response.status_code == 200
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def csv_records(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(content(response).decode("utf-8-sig"))))


def xlsx_rows(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(content(response)))
    return list(workbook.active.iter_rows(values_only=True)), workbook.active


def json_records(response):
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(content(response))


@pytest.fixture
def partnership(db):
    """Two themes, a need for goods co-funded by a company and a zakat institution, a report."""
    beji = make_kecamatan(name="Beji", slug="beji", code="32.76.06")
    floods = make_theme(slug="banjir", short_name="Banjir")
    other = make_theme(slug="lain")
    agency = make_agency(name="Dinas Sosial Contoh", kecamatan=beji)
    company = make_company(name="PT Alfa Contoh", kecamatan=beji)
    zakat = make_zakat_institution(name="LAZ Amanah Contoh")
    need = make_opportunity(title="Perahu karet", theme=floods, agency=agency, kecamatan=beji,
                            kind="goods", quantity=4, unit="unit", budget=80_000_000)  # fmt: skip
    pledge = make_commitment(opportunity=need, partner=company, kind="goods", quantity=1,
                             unit="unit", value=20_000_000, status="in_progress")  # fmt: skip
    make_commitment(opportunity=need, partner=zakat, kind="cash", value=10_000_000,
                    status="approved", start_date=date(2025, 3, 1))  # fmt: skip
    make_commitment(partner=company, theme=other, value=5_000_000, status="realized")
    make_realization(commitment=pledge, value=20_000_000, quantity=1, status="verified")
    make_event(name="Forum Contoh", date=date(2026, 12, 1), start_time="08:00")
    return {"need": need, "pledge": pledge, "floods": floods, "beji": beji}


@pytest.mark.parametrize("name", list(DATASETS))
def test_csv_xlsx_and_json_hold_the_same_rows_under_the_documented_field_names(
    partnership, client, name
):
    dataset = DATASETS[name]
    records = csv_records(client.get(url(name, "csv")))
    (header, *rows), _sheet = xlsx_rows(client.get(url(name, "xlsx")))
    items = json_records(client.get(url(name, "json")))

    assert list(records[0]) == list(header) == list(items[0]) == dataset.field_names
    assert len(records) == len(rows) == len(items) == dataset.queryset().count()

    def text(value):
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, float) and value.is_integer():  # a spreadsheet's whole number
            value = int(value)
        return "" if value is None else str(value).removesuffix(" 00:00:00")

    assert [[text(v) for v in row.values()] for row in records] == [
        [text(v) for v in row] for row in rows
    ]
    assert [[text(v) for v in row.values()] for row in records] == [
        [text(v) for v in item.values()] for item in items
    ]


def test_a_need_carries_its_ledger_in_money_and_quantity(partnership, client):
    [item] = json_records(client.get(url("opportunities", "json")))

    assert item["title"] == "Perahu karet"
    assert (item["kind"], item["status"], item["kecamatan_code"]) == (
        "goods",
        "published",
        "32.76.06",
    )
    assert {key: item[key] for key in item if key.endswith(("_value", "_quantity"))} == {
        "pledged_value": 30_000_000,
        "pledged_quantity": 1,
        "realized_value": 20_000_000,
        "realized_quantity": 1,
        "missing_value": 50_000_000,
        "missing_quantity": 3,
    }
    assert (item["budget"], item["quantity"]) == (80_000_000, 4)
    assert item["url"] == "http://testserver" + reverse(
        "programs:opportunity_detail", args=[partnership["need"].pk]
    )


def test_values_are_the_stored_values_and_money_whole_rupiah(partnership, client):
    items = json_records(client.get(url("commitments", "json")))

    assert sorted((i["partner_kind"], i["kind"], i["status"], i["value"]) for i in items) == [
        ("company", "cash", "realized", 5_000_000),
        ("company", "goods", "in_progress", 20_000_000),
        ("zakat_institution", "cash", "approved", 10_000_000),
    ]
    [goods] = [i for i in items if i["kind"] == "goods"]
    assert (goods["quantity"], goods["unit"], goods["year"]) == (1, "unit", 2026)
    assert goods["opportunity_id"] == partnership["need"].pk


def test_a_download_keeps_the_filters_of_its_list_page(partnership, client):
    page = client.get(reverse("programs:commitment_list"), {"year": "2026", "theme": "banjir"})
    on_page = [commitment.pk for commitment in page.context["page_obj"]]

    records = csv_records(client.get(url("commitments", "csv", year=2026, theme="banjir")))

    assert [int(record["id"]) for record in records] == on_page == [partnership["pledge"].pk]
    assert url("commitments", "csv", year=2026, theme="banjir").replace("&", "&amp;") in (
        page.content.decode()
    )


def test_a_bad_filter_value_gives_the_whole_list_as_the_page_does(partnership, client):
    records = csv_records(client.get(url("opportunities", "csv", theme="no-such-theme")))

    assert [record["title"] for record in records] == ["Perahu karet"]


def test_every_list_page_offers_csv_xlsx_and_json_with_its_filters(partnership, client):
    pages = {
        "organizations": reverse("companies:organization_list"),
        "opportunities": reverse("programs:opportunity_list"),
        "commitments": reverse("programs:commitment_list"),
    }
    for name, list_url in pages.items():
        html = client.get(list_url, {"kecamatan": "beji", "page": "1"}).content.decode()
        for fmt in ("csv", "xlsx", "json"):
            assert f'href="{url(name, fmt, kecamatan="beji")}"' in html, (name, fmt)


def test_text_that_would_run_as_a_formula_stays_text_in_every_format(partnership, client):
    make_commitment(title='=HYPERLINK("http://x")', value=1_000_000, status="approved")

    records = csv_records(client.get(url("commitments", "csv")))
    (header, *rows), sheet = xlsx_rows(client.get(url("commitments", "xlsx")))
    items = json_records(client.get(url("commitments", "json")))

    assert '\'=HYPERLINK("http://x")' in [record["title"] for record in records]
    title = header.index("title") + 1
    cells = [sheet.cell(row=row, column=title) for row in range(2, sheet.max_row + 1)]
    [cell] = [cell for cell in cells if str(cell.value).startswith("=")]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x")', "s")
    assert '=HYPERLINK("http://x")' in [item["title"] for item in items]


def test_downloads_stream_and_run_the_same_queries_for_few_or_many_rows(partnership, client):
    def queries(name, fmt):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url(name, fmt))
            content(response)
        return response, len(captured)

    formats = ("csv", "json", "xlsx")
    few = {(name, fmt): queries(name, fmt)[1] for name in DATASETS for fmt in formats}
    for _ in range(30):
        make_realization(commitment=make_commitment(status="in_progress"), status="verified")
        make_opportunity(kecamatan=partnership["beji"])
        make_event()
    many = {(name, fmt): queries(name, fmt)[1] for name in DATASETS for fmt in formats}

    assert few == many
    assert isinstance(queries("commitments", "csv")[0], StreamingHttpResponse)
    assert isinstance(queries("commitments", "json")[0], StreamingHttpResponse)
    assert isinstance(queries("commitments", "xlsx")[0], StreamingHttpResponse)


def test_an_unknown_dataset_or_format_is_not_found(client):
    assert client.get("/data/users.csv").status_code == 404
    assert client.get("/data/commitments.xml").status_code == 404
