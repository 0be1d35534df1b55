"""
Nothing private in any dataset, in any format, nor in any answer of the API.

The partnership of tests/test_public_privacy.py holds one item of every private state with
marker texts and rupiah amounts no public total can make. Every download and every API answer
(each list page by page, each row's detail, the statistics, the OpenAPI document) is read and
no marker may appear; the private rows' own ids are not found.
"""

import json

import pytest
from django.urls import reverse

from opendata.datasets import DATASETS
from tests.crawler import Page, _body
from tests.test_public_privacy import private_amounts_in, texts_in

FORMATS = ("csv", "xlsx", "json")
STATISTICS = ["", "/themes", "/years", "/kecamatan", "/partner-kinds"]


def read(client, path):
    response = client.get(path)
    return Page(path, response.status_code, response.get("Content-Type", ""), _body(response))


def leaks(pages, private_texts):
    """{path: [private item names]} of the pages showing a marker text or a private amount."""
    return {
        page.path: names
        for page in pages
        if (names := texts_in(page, private_texts) + private_amounts_in(page))
    }


def api_pages(client, dataset):
    """Every page of an API list, one row a page, following each answer's `next`."""
    path = f"/api/{dataset.name}?limit=1"
    while path:
        page = read(client, path)
        assert page.status == 200, page.text
        yield page
        path = json.loads(page.text)["next"]


def test_no_dataset_in_any_format_holds_a_private_item(private_texts, client):
    downloads = [
        read(client, reverse("opendata:download", args=[name, fmt]))
        for name in DATASETS
        for fmt in FORMATS
    ]

    assert {page.path: page.status for page in downloads if page.status != 200} == {}
    assert leaks(downloads, private_texts) == {}
    # The public items are there, so a private one would have had a place to show.
    everything = "\n".join(page.text for page in downloads)
    for public in ("Mobil pemadam untuk Beji", "PT Terbuka Contoh", "Forum Terbuka Contoh"):
        assert everything.count(public) >= 3, public


@pytest.mark.parametrize("name", list(DATASETS))
def test_each_api_list_page_by_page_holds_only_the_public_rows(private_texts, client, name):
    dataset = DATASETS[name]
    pages = list(api_pages(client, dataset))

    assert leaks(pages, private_texts) == {}
    listed = [item["id"] for page in pages for item in json.loads(page.text)["items"]]
    assert listed == sorted(dataset.queryset().values_list("pk", flat=True))


@pytest.mark.parametrize("name", list(DATASETS))
def test_the_api_gives_each_public_row_and_not_found_for_a_private_one(private_texts, client, name):
    dataset = DATASETS[name]
    public = set(dataset.queryset().values_list("pk", flat=True))
    every_id = dataset.queryset().model.objects.values_list("pk", flat=True)
    details = [read(client, f"/api/{name}/{pk}") for pk in every_id]

    assert {page.path: page.status for page in details} == {
        f"/api/{name}/{pk}": 200 if pk in public else 404 for pk in every_id
    }
    assert leaks(details, private_texts) == {}


def test_the_statistics_and_the_api_document_hold_no_private_item(private_texts, client):
    pages = [read(client, f"/api/statistics{path}") for path in STATISTICS]
    pages += [read(client, "/api/openapi.json"), read(client, reverse("opendata:datapackage"))]

    assert {page.path: page.status for page in pages} == dict.fromkeys(
        [page.path for page in pages], 200
    )
    assert leaks(pages, private_texts) == {}
    # The totals count the public pledges (3 × Rp 100.000.000) and the verified report.
    summary = json.loads(pages[0].text)
    assert (summary["commitments"], summary["pledged"]) == (3, 300_000_000)
    assert (summary["realizations"], summary["realized"]) == (1, 50_000_000)
