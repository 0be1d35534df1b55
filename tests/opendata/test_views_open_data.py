"""The open data page and the API documentation page."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from opendata.datapackage import REFERENCE_SOURCES
from opendata.datasets import DATASETS

pytestmark = pytest.mark.django_db

OPEN_DATA_URL = reverse("open_data")
API_DOCS_URL = reverse("api_docs")


def english(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_says_what_is_published_under_which_licence_and_how_often(client):
    html = english(client, OPEN_DATA_URL)

    assert OPEN_DATA_URL == "/data/"
    assert "https://creativecommons.org/licenses/by/4.0/" in html and "CC BY 4.0" in html
    assert "the data is live" in html
    for dataset in DATASETS.values():
        assert str(dataset.title) in html
        for fmt in ("csv", "xlsx", "json"):
            assert reverse("opendata:download", args=[dataset.name, fmt]) in html
        assert f'href="/api/{dataset.name}"' in html
    for link in (reverse("opendata:datapackage"), API_DOCS_URL, "/api/openapi.json"):
        assert f'href="{link}"' in html


def test_the_page_names_the_sources_of_the_reference_data(client):
    html = english(client, OPEN_DATA_URL)

    for folder in ("regions", "organizations", "themes", "events"):
        assert (settings.REFERENCE_DATA_DIR / folder / "SOURCES.md").exists()
        assert f"data/{folder}/SOURCES.md" in html
    for source in REFERENCE_SOURCES:
        assert f'href="{source["path"]}"' in html
    assert "Kepmendagri (via cahyadsn/wilayah, MIT)" in html


def test_the_field_table_documents_every_field_with_its_allowed_values(client):
    html = english(client, OPEN_DATA_URL)

    for dataset in DATASETS.values():
        table = html.split(f'data-dataset="{dataset.name}"')[1].split("</table>")[0]
        names = re.findall(r'<th scope="row"><code>([a-z_]+)</code></th>', table)
        assert names == dataset.field_names, dataset.name
    commitments = html.split('data-dataset="commitments"')[1].split("</table>")[0]
    for status in ("approved", "in_progress", "realized"):
        assert f"<code>{status}</code>" in commitments
    assert "whole rupiah, 0 or more" in commitments
    assert 'a <code>id</code> of <a href="#fields-organizations">organizations</a>' in commitments


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_page_renders_in_both_languages_and_keeps_its_description(client, language):
    html = client.get(OPEN_DATA_URL, HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert f'<html lang="{language}">' in html
    if language == "en":
        assert '<meta name="description" content="Download the portal' in html
        assert "public lists as CSV: partners and agencies, needs with what is pledged" in html


class Assets(HTMLParser):
    """Scripts, stylesheets and inline code or styles of a page."""

    def __init__(self):
        super().__init__()
        self.scripts, self.stylesheets, self.inline = [], [], []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs.get("src"))
            self._in_script = True
        elif tag == "link" and attrs.get("rel") == "stylesheet":
            self.stylesheets.append(attrs["href"])
        elif tag == "style" or "style" in attrs:
            self.inline.append(tag)
        self.inline += [name for name in attrs if name.startswith("on")]

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline.append(data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


def test_the_api_documentation_loads_only_the_portals_own_static_files(client):
    assets = Assets()
    html = english(client, API_DOCS_URL)
    assets.feed(html)

    assert assets.scripts == [
        "/static/vendor/swagger-ui/swagger-ui-bundle.js",
        "/static/js/api-docs.js",
    ]
    assert "/static/vendor/swagger-ui/swagger-ui.css" in assets.stylesheets
    assert all(url.startswith("/static/") for url in assets.scripts + assets.stylesheets)
    assert assets.inline == []
    assert 'data-openapi-url="/api/openapi.json"' in html
    for path in ("vendor/swagger-ui/swagger-ui-bundle.js", "vendor/swagger-ui/swagger-ui.css",
                 "vendor/swagger-ui/LICENSE", "js/api-docs.js"):  # fmt: skip
        found = finders.find(path)
        assert found, path
        assert "sourceMappingURL" not in Path(found).read_text(encoding="utf-8"), path
    starter = Path(finders.find("js/api-docs.js")).read_text(encoding="utf-8")
    assert "http://" not in starter and "https://" not in starter


def test_the_api_documentation_lists_every_operation_without_javascript(client):
    html = english(client, API_DOCS_URL)
    paths = client.get("/api/openapi.json").json()["paths"]

    for path in paths:
        assert f"<code>{path}</code>" in html
    assert "<noscript>" in html
