"""
datapackage.json describes the CSV downloads so that a Frictionless validator accepts them.

The package and its CSV files are fetched from the portal with the demo partnership; the files
are saved side by side (frictionless cannot fetch from the test client) and the validator checks
every row against its Table Schema: types, required values, allowed values, minimum 0 for money,
unique primary keys and foreign keys between the files.
"""

import json
from html.parser import HTMLParser

import frictionless
import pytest
from django.urls import reverse

from companies.models import Organization
from opendata.datasets import DATASETS
from programs.models import Commitment, ContributionKind, Opportunity

pytestmark = pytest.mark.usefixtures("demo_data")


@pytest.fixture
def package(client, db, tmp_path):
    """The descriptor as served, and a copy pointing at the CSV files saved in `tmp_path`."""
    served = client.get(reverse("opendata:datapackage")).json()
    local = json.loads(json.dumps(served))
    for resource in local["resources"]:
        response = client.get(resource["path"])
        assert response.status_code == 200, resource["path"]
        (tmp_path / f"{resource['name']}.csv").write_bytes(b"".join(response.streaming_content))
        resource["path"] = f"{resource['name']}.csv"
    (tmp_path / "datapackage.json").write_text(json.dumps(local))
    return served, tmp_path


def resources(descriptor):
    return {resource["name"]: resource for resource in descriptor["resources"]}


def test_the_demo_data_package_validates_without_an_error(package):
    served, folder = package

    report = frictionless.validate(str(folder / "datapackage.json"))

    errors = [
        (task.name, error.type, error.message) for task in report.tasks for error in task.errors
    ]
    assert errors == []
    assert report.valid
    assert {task.name: task.stats["rows"] > 0 for task in report.tasks} == dict.fromkeys(
        DATASETS, True
    )


def test_every_resource_is_a_live_csv_download_under_cc_by(package):
    served, _folder = package

    assert served["licenses"][0]["name"] == "CC-BY-4.0"
    assert len(served["sources"]) == 4
    assert {name: resource["path"] for name, resource in resources(served).items()} == {
        name: "http://testserver" + reverse("opendata:download", args=[name, "csv"])
        for name in DATASETS
    }


class FieldTables(HTMLParser):
    """{dataset: [field names]}: the row headers of the open data page's field tables."""

    def __init__(self):
        super().__init__()
        self.tables, self._dataset, self._in_row_header = {}, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-dataset" in attrs:
            self._dataset = attrs["data-dataset"]
            self.tables[self._dataset] = []
        self._in_row_header = bool(self._dataset) and (
            (tag == "th" and attrs.get("scope") == "row") or (tag == "code" and self._in_row_header)
        )

    def handle_data(self, data):
        if self._in_row_header and data.strip():
            self.tables[self._dataset].append(data.strip())

    def handle_endtag(self, tag):
        if tag == "th":
            self._in_row_header = False
        elif tag == "table":
            self._dataset = None


def test_every_csv_header_matches_its_schema_and_the_open_data_page(package, client):
    served, folder = package
    page = FieldTables()
    page.feed(client.get(reverse("open_data")).content.decode())

    for name, resource in resources(served).items():
        header = (folder / f"{name}.csv").read_text(encoding="utf-8-sig").splitlines()[0]
        schema_names = [field["name"] for field in resource["schema"]["fields"]]
        assert header.split(",") == schema_names == page.tables[name], name


def test_the_schemas_hold_the_fixed_values_keys_and_money_rules(package):
    served, _folder = package
    schemas = {name: resource["schema"] for name, resource in resources(served).items()}

    def field(dataset, name):
        [found] = [f for f in schemas[dataset]["fields"] if f["name"] == name]
        return found

    def enum(dataset, name):
        return field(dataset, name)["constraints"]["enum"]

    assert enum("organizations", "kind") == ["company", "zakat_institution", "regional_agency"]
    assert enum("opportunities", "status") == list(Opportunity.PUBLIC_STATUSES)
    assert enum("commitments", "status") == list(Commitment.COUNTED_STATUSES)
    assert enum("commitments", "kind") == ContributionKind.values == ["cash", "goods", "services"]
    assert enum("commitments", "partner_kind") == list(Organization.PARTNER_KINDS)
    assert set(enum("opportunities", "status")) <= set(Opportunity.Status.values)
    money = [
        ("opportunities", "budget"),
        ("opportunities", "missing_value"),
        ("commitments", "value"),
        ("realizations", "value"),
    ]
    for dataset, name in money:
        assert field(dataset, name)["type"] == "integer"
        assert field(dataset, name)["constraints"] == {"required": True, "minimum": 0}
    assert all(schema["primaryKey"] == ["id"] for schema in schemas.values())
    keys = {
        (name, key["fields"][0]): (key["reference"]["resource"], key["reference"]["fields"][0])
        for name, schema in schemas.items()
        for key in schema["foreignKeys"]
    }
    assert keys[("commitments", "partner_id")] == ("organizations", "id")
    assert keys[("commitments", "opportunity_id")] == ("opportunities", "id")
    assert keys[("realizations", "commitment_id")] == ("commitments", "id")
    assert keys[("opportunities", "agency_id")] == ("organizations", "id")
    assert keys[("opportunities", "kecamatan_code")] == ("kecamatan", "code")
