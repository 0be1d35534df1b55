"""The SDGs of each theme in the open data: the themes download, the API, the data package and
the field table of the open-data page."""

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import make_theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes():
    return make_theme(number=6, slug="bencana"), make_theme(number=42, slug="tanpa-peta")


def test_the_themes_download_gives_each_themes_sdg_numbers(client, themes):
    response = client.get(reverse("opendata:download", args=["themes", "csv"]))

    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(body.decode("utf-8-sig")))}
    assert rows["bencana"]["sdg_numbers"] == "11,13,1"
    assert rows["tanpa-peta"]["sdg_numbers"] == ""  # not in the mapping: empty, not invented


def test_the_api_gives_a_themes_sdg_numbers(client, themes):
    bencana, unmapped = themes

    one = client.get(f"/api/themes/{bencana.pk}").json()
    listed = {item["slug"]: item for item in client.get("/api/themes").json()["items"]}

    assert one["sdg_numbers"] == "11,13,1"
    assert listed["tanpa-peta"]["sdg_numbers"] is None


def test_the_data_package_and_the_field_table_document_the_field(client, settings):
    settings.LANGUAGE_CODE = "en"
    package = client.get(reverse("opendata:datapackage")).json()
    [resource] = [r for r in package["resources"] if r["name"] == "themes"]
    html = client.get(reverse("open_data"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    [field] = [f for f in resource["schema"]["fields"] if f["name"] == "sdg_numbers"]
    assert field["type"] == "string" and "portal's own mapping" in field["description"]
    assert "<code>sdg_numbers</code>" in html
