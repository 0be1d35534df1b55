"""The filter bar of the public lists: every field labelled, its help and errors announced."""

from html.parser import HTMLParser

import pytest

from tests.factories import make_agency, make_commitment, make_company, make_opportunity

LISTS = ["/direktori/", "/peluang/", "/komitmen/"]


class FilterBar(HTMLParser):
    """The search form's labels, fields (by id) and the text of every element with an id."""

    def __init__(self):
        super().__init__()
        self.in_form = False
        self.labels = {}  # for -> label text
        self.fields = {}  # id -> attributes
        self.texts = {}  # id -> text inside the element
        self._open = []  # (id or None, tag) of the open elements in the form
        self._label = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("role") == "search":
            self.in_form = True
        if not self.in_form:
            return
        if tag == "label":
            self._label = attrs["for"]
            self.labels[self._label] = ""
        if tag in ("input", "select"):
            self.fields[attrs["id"]] = attrs
        if tag != "input":
            self._open.append((attrs.get("id"), tag))
            if attrs.get("id"):
                self.texts[attrs["id"]] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        if not self.in_form:
            return
        if tag == "label":
            self._label = None
        while self._open and self._open.pop()[1] != tag:
            pass

    def handle_data(self, data):
        if not self.in_form:
            return
        if self._label:
            self.labels[self._label] += data
        for element_id, tag in self._open:
            if element_id and tag != "select":
                self.texts[element_id] += data


def filter_bar(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    parser = FilterBar()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def lists(db):
    company = make_company(name="PT Alfa Contoh")
    agency = make_agency(name="Dinas Sosial Contoh")
    make_opportunity(agency=agency)
    make_commitment(partner=company, agency=agency)


@pytest.mark.parametrize("url", LISTS)
def test_every_filter_has_a_label_tied_to_it_and_its_help_is_announced(client, lists, url):
    client.cookies["django_language"] = "en"

    bar = filter_bar(client, url)

    assert bar.fields, "no filter fields"
    for field_id, attrs in bar.fields.items():
        assert bar.labels.get(field_id, "").strip(), f"{field_id} has no label"
        assert "aria-invalid" not in attrs
        for described_by in attrs.get("aria-describedby", "").split():
            assert bar.texts[described_by].strip()
    assert bar.texts[bar.fields["id_q"]["aria-describedby"]].strip().endswith(".")


def test_a_bad_filter_value_marks_its_field_and_says_what_is_wrong(client, lists):
    client.cookies["django_language"] = "en"

    bar = filter_bar(client, "/peluang/", budget_min="abc", kecamatan="nowhere")

    budget = bar.fields["id_budget_min"]
    assert budget["aria-invalid"] == "true"
    assert "is-invalid" in budget["class"].split()
    assert budget["value"] == "abc"
    assert "Enter a number." in bar.texts[budget["aria-describedby"]]
    kecamatan = bar.fields["id_kecamatan"]
    assert kecamatan["aria-invalid"] == "true"
    assert "Select a valid choice" in bar.texts[kecamatan["aria-describedby"]]
    assert "aria-invalid" not in bar.fields["id_theme"]
