"""The JSON API: pages by id, the list pages' filters, errors in JSON, cache headers and CORS."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opendata.datasets import DATASETS
from tests.factories import (
    make_agency,
    make_commitment,
    make_company,
    make_event,
    make_kecamatan,
    make_opportunity,
    make_realization,
    make_registration,
    make_theme,
    make_zakat_institution,
)

pytestmark = pytest.mark.django_db


def ok(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def refused(response, status, parameter):
    """A 4xx answer in JSON naming the bad query parameter."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    assert parameter in [error["loc"][-1] for error in response.json()["detail"]]


@pytest.fixture
def pledges(db):
    """Seven public pledges in two themes and two years, and one that is only proposed."""
    floods = make_theme(slug="banjir")
    beji = make_kecamatan(slug="beji")
    company, zakat = make_company(), make_zakat_institution()
    for n in range(5):
        make_commitment(partner=company, theme=floods, kecamatan=beji, status="approved",
                        title=f"Perahu {n}", start_date=date(2026, 1, 1 + n))  # fmt: skip
    for n in range(2):
        make_commitment(partner=zakat, status="realized", start_date=date(2025, 5, 1 + n))
    make_commitment(partner=company, theme=floods, status="proposed")
    return floods


def test_a_list_comes_in_pages_by_id_each_naming_the_next(pledges, client):
    first = ok(client.get("/api/commitments", {"limit": 3}))
    second = ok(client.get(first["next"]))
    last = ok(client.get(second["next"]))

    ids = [item["id"] for page in (first, second, last) for item in page["items"]]
    assert [len(page["items"]) for page in (first, second, last)] == [3, 3, 1]
    assert ids == sorted(ids) and len(set(ids)) == 7
    assert first["next"] == f"http://testserver/api/commitments?limit=3&after={ids[2]}"
    assert last["next"] is None


def test_a_page_after_an_id_starts_after_it(pledges, client):
    ids = [item["id"] for item in ok(client.get("/api/commitments"))["items"]]

    after = ok(client.get("/api/commitments", {"after": ids[3], "limit": 2}))

    assert [item["id"] for item in after["items"]] == ids[4:6]


def test_a_page_holds_at_most_500_rows(client, db):
    refused(client.get("/api/commitments", {"limit": 501}), 422, "limit")
    refused(client.get("/api/commitments", {"limit": 0}), 422, "limit")
    refused(client.get("/api/commitments", {"after": -1}), 422, "after")
    refused(client.get("/api/commitments", {"after": "abc"}), 422, "after")
    refused(client.get("/api/commitments", {"after": 2**63}), 422, "after")


def test_lists_take_the_filters_of_the_list_pages(pledges, client):
    def titles(**params):
        return sorted(item["title"] for item in ok(client.get("/api/commitments", params))["items"])

    assert titles(theme="banjir", year=2026) == [f"Perahu {n}" for n in range(5)]
    assert len(titles(kecamatan="beji", q="perahu")) == 5
    assert titles(q="ambulans") == []
    assert len(titles(partner_kind="zakat_institution", status="realized")) == 2
    assert titles(theme="banjir", year=2025) == []


def test_a_filter_value_the_page_would_refuse_is_a_422_naming_it(pledges, client):
    refused(client.get("/api/commitments", {"theme": "no-such-theme"}), 422, "theme")
    refused(client.get("/api/commitments", {"status": "proposed"}), 422, "status")
    refused(client.get("/api/commitments", {"year": 1999}), 422, "year")
    refused(client.get("/api/opportunities", {"budget_min": -5}), 422, "budget_min")
    refused(client.get("/api/organizations", {"kind": "person"}), 422, "kind")
    refused(client.get("/api/organizations", {"q": "a\x00b"}), 422, "q")


def test_a_detail_gives_the_row_or_a_json_404(pledges, client):
    item = ok(client.get("/api/commitments"))["items"][0]

    assert ok(client.get(f"/api/commitments/{item['id']}")) == item
    response = client.get("/api/commitments/999999")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Not Found")
    refused(client.get(f"/api/commitments/{2**63}"), 422, "id")


def test_an_answer_carries_an_etag_and_an_unchanged_one_is_a_304(pledges, client):
    first = client.get("/api/commitments")
    again = client.get("/api/commitments", HTTP_IF_NONE_MATCH=first["ETag"])
    make_commitment(theme=pledges, status="approved")
    changed = client.get("/api/commitments", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200 and first["ETag"]
    assert first["Cache-Control"] == "public, max-age=60"
    assert (again.status_code, again.content) == (304, b"")
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert client.get("/api/openapi.json")["ETag"]


def test_any_website_may_read_the_api_but_not_write(client, db):
    response = client.get("/api/themes", HTTP_ORIGIN="https://news.example")
    preflight = client.options(
        "/api/themes",
        HTTP_ORIGIN="https://news.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )

    assert response["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert client.post("/api/themes").status_code == 405
    # The rest of the portal stays same-origin.
    assert "Access-Control-Allow-Origin" not in client.get("/", HTTP_ORIGIN="https://x.example")


def test_the_document_lists_every_dataset_and_statistic(client, db):
    document = client.get("/api/openapi.json").json()
    paths = set(document["paths"])
    for name in ("organizations", "opportunities", "commitments", "realizations", "events",
                 "themes", "kecamatan"):  # fmt: skip
        assert {f"/api/{name}", f"/api/{name}/{{id}}"} <= paths
    assert {"/api/statistics", "/api/statistics/themes", "/api/statistics/years",
            "/api/statistics/kecamatan", "/api/statistics/partner-kinds"} <= paths  # fmt: skip
    assert {method for methods in document["paths"].values() for method in methods} == {"get"}


def test_the_openapi_document_is_the_same_in_every_language(client, db):
    indonesian = client.get("/api/openapi.json", HTTP_ACCEPT_LANGUAGE="id").json()
    english = client.get("/api/openapi.json", HTTP_ACCEPT_LANGUAGE="en").json()

    assert indonesian == english
    assert indonesian["openapi"].startswith("3.")
    status = indonesian["components"]["schemas"]["Commitments"]["properties"]["status"]
    assert status["enum"] == ["approved", "in_progress", "realized"]


def _grow(n):
    """`n` more public rows of every dataset, each with its relations."""
    kecamatan, theme = make_kecamatan(), make_theme()
    for _ in range(n):
        agency = make_agency(kecamatan=kecamatan)
        need = make_opportunity(theme=theme, agency=agency, kecamatan=kecamatan)
        pledge = make_commitment(opportunity=need, kecamatan=kecamatan, status="in_progress")
        make_realization(commitment=pledge, status="verified")
        make_registration(event=make_event(), organization=pledge.partner)


@pytest.mark.parametrize("name", list(DATASETS))
def test_a_list_runs_the_same_queries_for_few_or_many_rows(client, db, name):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            ok(client.get(f"/api/{name}", {"limit": 500}))
        return len(captured)

    _grow(2)
    few = queries()
    _grow(25)
    assert queries() == few


@pytest.mark.parametrize("summed", [True, False], ids=["ledger-summed", "change-waiting"])
@pytest.mark.parametrize(
    "path",
    ["", "/themes", "/years", "/kecamatan", "/partner-kinds"],
)
def test_the_statistics_run_the_same_few_queries_for_few_or_many_rows(
    client, db, path, summed, django_capture_on_commit_callbacks
):
    """Summed: the writes' commits sum the ledger again, as they do outside a test; else a
    change waits for it and the figures are summed live."""

    def queries():
        with CaptureQueriesContext(connection) as captured:
            rows = ok(client.get(f"/api/statistics{path}"))
        return len(captured), rows

    def grow(n):
        with django_capture_on_commit_callbacks(execute=summed):
            _grow(n)

    grow(2)
    few, before = queries()
    grow(25)
    many, after = queries()

    assert after != before  # the new pledges are in the figures
    assert many == few <= (4 if summed else 6)


def test_the_statistics_reach_the_open_needs_gap_and_count_only_public_items(pledges, client):
    make_opportunity(theme=pledges, budget=50_000_000, status="published")
    make_opportunity(theme=pledges, budget=70_000_000, status="draft")

    summary = ok(client.get("/api/statistics"))
    [floods] = [row for row in ok(client.get("/api/statistics/themes")) if row["slug"] == "banjir"]

    assert (summary["commitments"], summary["pledged"]) == (7, 70_000_000)
    assert (floods["commitments"], floods["pledged"]) == (5, 50_000_000)
    assert (floods["open_needs"], floods["open_budget"], floods["open_gap"]) == (
        1, 50_000_000, 50_000_000,
    )  # fmt: skip
    years = {row["year"]: row["pledged"] for row in ok(client.get("/api/statistics/years"))}
    assert years == {2025: 20_000_000, 2026: 50_000_000}
