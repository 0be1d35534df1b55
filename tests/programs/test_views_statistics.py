"""The statistics page: sums equal to the database's, charts with their tables, query counts."""

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs import ledger
from programs.models import Commitment, Opportunity, Realization
from tests.factories import (
    make_agency,
    make_commitment,
    make_company,
    make_kecamatan,
    make_opportunity,
    make_realization,
    make_theme,
    make_zakat_institution,
)

pytestmark = pytest.mark.django_db

URL = reverse("programs:statistics")
Status = Commitment.Status


class _Tables(HTMLParser):
    """The text of each body row's cells, per statistics section."""

    def __init__(self):
        super().__init__()
        self.sections, self.section, self.row, self.cell = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and attrs.get("aria-labelledby", "").endswith("-heading"):
            self.section = self.sections.setdefault(attrs["aria-labelledby"][:-8], [])
        elif tag == "tr" and self.section is not None:
            self.row = []
        elif tag in ("th", "td") and self.row is not None:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.cell is not None:
            self.row.append(" ".join(self.cell.split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.section.append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def tables(html):
    """{section key: [header row, body rows...]} of the page's data tables."""
    parser = _Tables()
    parser.feed(html)
    return parser.sections


def get(client, language="en"):
    client.cookies["django_language"] = language
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def chart(html, key):
    match = re.search(rf'<svg[^>]*aria-labelledby="chart-{key}-title.*?</svg>', html, re.S)
    assert match, key
    return match.group(0)


@pytest.fixture
def known_data():
    """Two themes, two kecamatan, a company and a zakat institution, public and private rows."""
    water = make_theme(number=1, short_name="Air", short_name_en="Water", slug="air")
    school = make_theme(number=2, short_name="Sekolah", short_name_en="Schools", slug="sekolah")
    beji, tapos = make_kecamatan(name="Beji"), make_kecamatan(name="Tapos")
    company = make_company(name="PT Penyumbang Besar")
    zakat = make_zakat_institution(name="LAZ Penyumbang Kecil")
    private_only = make_company(name="PT Janji Belum Disetujui")
    agency = make_agency()
    well = make_opportunity(theme=water, agency=agency, budget=100_000_000, kecamatan=beji)
    make_opportunity(theme=school, agency=agency, budget=80_000_000)
    make_opportunity(theme=school, agency=agency, budget=55_000_000, status="draft")
    pledge = make_commitment(
        opportunity=well, partner=company, status=Status.APPROVED, value=30_000_000,
        kecamatan=beji, start_date=date(2024, 2, 1), end_date=date(2024, 12, 31),
    )  # fmt: skip
    make_commitment(
        theme=water, partner=zakat, status=Status.IN_PROGRESS, value=20_000_000,
        kecamatan=tapos, start_date=date(2025, 1, 1), end_date=date(2025, 12, 31),
    )  # fmt: skip
    for status in (Status.PROPOSED, Status.REJECTED, Status.CANCELLED):
        cancelled = make_commitment(
            opportunity=well, partner=private_only, status=status, value=7_000_000,
            kecamatan=beji, rejection_reason="Tidak sesuai",
        )  # fmt: skip
    verified = Realization.Status.VERIFIED
    make_realization(commitment=pledge, value=10_000_000, date=date(2025, 3, 1), status=verified)
    make_realization(commitment=pledge, value=3_000_000, date=date(2025, 4, 1))
    make_realization(commitment=cancelled, value=1_000_000, date=date(2025, 5, 1), status=verified)
    return {"water": water, "school": school, "company": company}


def test_pledged_and_realised_by_theme_are_the_database_sums(client, known_data):
    rows = tables(get(client))["theme"]

    assert rows == [
        ["Theme", "Pledged", "Realised"],
        ["Water", "Rp 50.000.000", "Rp 10.000.000"],
        ["Schools", "Rp 0", "Rp 0"],
    ]


def test_funding_gap_is_the_budget_of_open_needs_minus_their_approved_pledges(client, known_data):
    rows = tables(get(client))["gap"]

    assert rows[1:] == [
        ["Water", "Rp 100.000.000", "Rp 30.000.000", "Rp 70.000.000"],
        ["Schools", "Rp 80.000.000", "Rp 0", "Rp 80.000.000"],
    ]


def test_pledges_count_in_the_year_their_period_starts(client, known_data):
    rows = tables(get(client))["year"]

    assert rows[1:] == [
        ["2024", "Rp 30.000.000", "Rp 0"],
        ["2025", "Rp 20.000.000", "Rp 10.000.000"],
    ]


def test_value_by_kecamatan_and_by_kind_of_partner(client, known_data):
    found = tables(get(client))

    assert found["kecamatan"][1:] == [
        ["Beji", "Rp 30.000.000", "Rp 10.000.000"],
        ["Tapos", "Rp 20.000.000", "Rp 0"],
    ]
    assert found["kind"][1:] == [
        ["Companies", "Rp 30.000.000", "Rp 10.000.000"],
        ["Zakat institutions", "Rp 20.000.000", "Rp 0"],
    ]


def test_top_contributors_by_pledged_value_link_to_their_profiles(client, known_data):
    html = get(client)

    assert tables(html)["top"][1:] == [
        ["PT Penyumbang Besar", "Rp 30.000.000", "Rp 10.000.000"],
        ["LAZ Penyumbang Kecil", "Rp 20.000.000", "Rp 0"],
    ]
    profile = reverse("companies:organization_detail", args=[known_data["company"].slug])
    assert f'<a href="{profile}">PT Penyumbang Besar</a>' in html


def test_private_pledges_count_nowhere(client):
    theme = make_theme(short_name_en="Water")
    partner = make_company(name="PT Janji Pribadi")
    for status in (Status.PROPOSED, Status.REJECTED, Status.CANCELLED):
        make_commitment(
            theme=theme, partner=partner, status=status, value=7_000_000, rejection_reason="x"
        )

    html = get(client)

    assert "Rp 7.000.000" not in html and "Rp 21.000.000" not in html
    assert "PT Janji Pribadi" not in html
    assert tables(html)["theme"][1] == ["Water", "Rp 0", "Rp 0"]
    assert "Rp 0" in chart(html, "theme")


def test_an_inactive_partner_is_not_among_the_top_contributors(client):
    gone = make_company(name="PT Sudah Tidak Aktif", is_active=False)
    make_commitment(partner=gone, status=Status.APPROVED)

    assert "PT Sudah Tidak Aktif" not in get(client)


def test_each_chart_is_an_svg_image_with_a_text_alternative_and_one_bar_per_category(
    client, known_data
):
    html = get(client)

    theme_chart, gap_chart = chart(html, "theme"), chart(html, "gap")
    assert 'role="img"' in theme_chart
    assert '<title id="chart-theme-title">Pledged and realised value by theme</title>' in html
    assert re.search(r'<desc id="chart-theme-desc">[^<]*Water: Rp 50.000.000', theme_chart)
    # Two themes: a pledged and a realised bar each; the gap chart draws one bar per theme.
    assert theme_chart.count('class="bar"') == 4
    assert gap_chart.count('class="bar"') == 2
    assert " style=" not in html and "<script" not in html


def test_a_theme_name_with_markup_is_escaped_in_chart_and_table(client):
    make_theme(short_name_en="<script>alert(1)</script>")

    html = get(client)

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in chart(html, "theme")


def test_page_says_so_when_there_are_no_figures_yet(client):
    html = get(client)

    assert "No figures yet." in html
    assert "chart-year" not in html and "chart-top" not in html
    assert tables(html)["kind"][1:] == [
        ["Companies", "Rp 0", "Rp 0"],
        ["Zakat institutions", "Rp 0", "Rp 0"],
    ]


def test_statistics_in_indonesian_and_english(client, known_data):
    indonesian, english = get(client, "id"), get(client, "en")

    assert '<html lang="id">' in indonesian and '<html lang="en">' in english
    assert tables(indonesian)["theme"][1][0] == "Air"
    assert tables(english)["theme"][1][0] == "Water"
    assert "Rp 50.000.000" in indonesian and "Rp 50.000.000" in english


def _arrange(count):
    agency = make_agency()
    for _ in range(count):
        theme = make_theme()
        need = make_opportunity(theme=theme, agency=agency, kecamatan=make_kecamatan())
        pledge = make_commitment(
            opportunity=need, partner=make_zakat_institution(), status=Status.APPROVED
        )
        make_realization(commitment=pledge, status=Realization.Status.VERIFIED)
        make_opportunity(theme=theme, agency=agency, status=Opportunity.Status.COMPLETED)


@pytest.mark.parametrize("summed", [True, False], ids=["ledger-summed", "change-waiting"])
def test_statistics_run_the_same_few_queries_for_few_and_many_rows(
    client, django_assert_num_queries, summed
):
    """Summed: the ledger's sums are current (as after every commit); else summed live."""
    _arrange(1)
    if summed:
        ledger.rebuild()
    with CaptureQueriesContext(connection) as few:
        get(client)
    _arrange(25)
    if summed:
        ledger.rebuild()

    with django_assert_num_queries(len(few)):
        get(client)
    assert len(few) <= (6 if summed else 8)
