"""The partnership directory: who takes part, filtered, sorted, paginated and downloadable."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import ContactPerson, Organization
from programs.models import Commitment, Opportunity
from tests.factories import (
    make_agency,
    make_commitment,
    make_company,
    make_kecamatan,
    make_opportunity,
    make_sector,
    make_theme,
    make_zakat_institution,
)

pytestmark = pytest.mark.django_db

URL = reverse("companies:organization_list")
CSV_URL = reverse("companies:organization_list_csv")
DATASET_URL = reverse("opendata:download", args=["organizations", "csv"])


def listed(response):
    """Names of the organisations on the page, in order."""
    return [organization.name for organization in response.context["page_obj"]]


def download(client, query=""):
    response = client.get(f"{DATASET_URL}?{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def queries_to_render(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# --- what the directory shows ----------------------------------------------------------------


def test_directory_lists_companies_zakat_institutions_and_agencies(client):
    make_company(name="PT Alfa Contoh")
    make_zakat_institution(name="LAZ Amanah Contoh")
    make_agency(name="Dinas Sosial Contoh")

    response = client.get(URL)

    assert response.status_code == 200
    assert listed(response) == ["Dinas Sosial Contoh", "LAZ Amanah Contoh", "PT Alfa Contoh"]
    for organization in response.context["page_obj"]:
        detail = reverse("companies:organization_detail", args=[organization.slug])
        assert f'href="{detail}"' in response.content.decode()


def test_a_row_shows_kind_sector_or_agency_type_and_kecamatan(client):
    beji = make_kecamatan(name="Beji", slug="beji")
    make_company(
        name="PT Alfa Contoh",
        sector=make_sector(name="Perbankan", name_en="Banking"),
        kecamatan=beji,
    )
    make_agency(name="Badan Contoh", agency_type="badan")
    client.cookies["django_language"] = "en"

    content = client.get(URL).content.decode()

    assert "Banking" in content
    assert "Beji" in content
    assert "Agency (badan)" in content
    assert "Regional agency" in content


def test_a_partner_shows_what_it_pledged_publicly(client):
    partner = make_company(name="PT Alfa Contoh")
    make_commitment(partner=partner, value=10_000_000, status=Commitment.Status.APPROVED)
    make_commitment(partner=partner, value=5_000_000, status=Commitment.Status.REALIZED)
    make_commitment(partner=partner, value=900_000_000, status=Commitment.Status.PROPOSED)
    make_commitment(partner=partner, value=800_000_000, status=Commitment.Status.CANCELLED)

    response = client.get(URL)

    assert response.context["page_obj"][0].pledged_total == 15_000_000
    assert "Rp 15.000.000" in response.content.decode()


def test_inactive_organisations_are_not_in_the_directory(client):
    make_company(name="PT Aktif Contoh")
    make_company(name="PT Arsip Contoh", is_active=False)
    make_agency(name="Dinas Lama Contoh", is_active=False)

    response = client.get(URL)

    assert listed(response) == ["PT Aktif Contoh"]
    assert "PT Arsip Contoh" not in response.content.decode()


# --- filters -----------------------------------------------------------------------------------


def test_filter_by_kind_narrows_the_list(client):
    make_company(name="PT Alfa Contoh")
    make_zakat_institution(name="LAZ Amanah Contoh")
    make_agency(name="Dinas Sosial Contoh")

    assert listed(client.get(URL, {"kind": "zakat_institution"})) == ["LAZ Amanah Contoh"]
    assert listed(client.get(URL, {"kind": "regional_agency"})) == ["Dinas Sosial Contoh"]


def test_filter_by_kecamatan_narrows_the_list(client):
    beji = make_kecamatan(name="Beji", slug="beji")
    tapos = make_kecamatan(name="Tapos", slug="tapos")
    make_company(name="PT Beji Contoh", kecamatan=beji)
    make_company(name="PT Tapos Contoh", kecamatan=tapos)
    make_company(name="PT Tanpa Wilayah Contoh")

    assert listed(client.get(URL, {"kecamatan": "beji"})) == ["PT Beji Contoh"]


def test_filter_by_sector_narrows_the_list(client):
    banking = make_sector(name="Perbankan", slug="perbankan")
    make_company(name="PT Bank Contoh", sector=banking)
    make_company(name="PT Pabrik Contoh", sector=make_sector(name="Manufaktur"))

    assert listed(client.get(URL, {"sector": "perbankan"})) == ["PT Bank Contoh"]


def test_search_finds_by_name_short_name_and_description(client):
    make_company(name="PT Sinar Terang Contoh")
    make_company(name="PT Lain Contoh", short_name="Bintang")
    make_company(name="PT Ketiga Contoh", description="Program beasiswa untuk siswa.")
    make_company(name="PT Tidak Cocok Contoh")

    assert listed(client.get(URL, {"q": "sinar"})) == ["PT Sinar Terang Contoh"]
    assert listed(client.get(URL, {"q": "bintang"})) == ["PT Lain Contoh"]
    assert listed(client.get(URL, {"q": "beasiswa"})) == ["PT Ketiga Contoh"]


def test_theme_filter_finds_partners_pledging_and_agencies_asking_in_that_theme(client):
    disaster = make_theme(slug="penanggulangan-bencana")
    other = make_theme()
    pledging = make_company(name="PT Tangguh Contoh")
    make_commitment(partner=pledging, theme=disaster, status=Commitment.Status.APPROVED)
    make_commitment(partner=pledging, theme=disaster, status=Commitment.Status.IN_PROGRESS)
    only_proposed = make_company(name="PT Baru Usul Contoh")
    make_commitment(partner=only_proposed, theme=disaster, status=Commitment.Status.PROPOSED)
    elsewhere = make_company(name="PT Tema Lain Contoh")
    make_commitment(partner=elsewhere, theme=other, status=Commitment.Status.APPROVED)
    asking = make_agency(name="BPBD Contoh")
    make_opportunity(agency=asking, theme=disaster, status=Opportunity.Status.PUBLISHED)
    drafting = make_agency(name="Dinas Draf Contoh")
    make_opportunity(agency=drafting, theme=disaster, status=Opportunity.Status.DRAFT)

    response = client.get(URL, {"theme": "penanggulangan-bencana"})

    # Two pledges in the theme still make one row.
    assert listed(response) == ["BPBD Contoh", "PT Tangguh Contoh"]
    assert response.context["page_obj"].paginator.count == 2


def test_filters_combine(client):
    beji = make_kecamatan(slug="beji")
    make_company(name="PT Beji Contoh", kecamatan=beji)
    make_agency(name="Kecamatan Beji Contoh", kecamatan=beji)
    make_company(name="PT Luar Contoh")

    assert listed(client.get(URL, {"kind": "company", "kecamatan": "beji"})) == ["PT Beji Contoh"]


def test_bad_filter_values_show_the_whole_list_with_the_errors(client):
    make_company(name="PT Alfa Contoh")
    make_agency(name="Dinas Sosial Contoh")
    client.cookies["django_language"] = "en"

    response = client.get(URL, {"kind": "nonsense", "kecamatan": "abc", "theme": "x", "sort": "id"})

    assert response.status_code == 200
    assert listed(response) == ["Dinas Sosial Contoh", "PT Alfa Contoh"]
    errors = response.context["filterset"].form.errors
    assert set(errors) == {"kind", "kecamatan", "theme", "sort"}
    content = response.content.decode()
    assert "Select a valid choice" in content
    assert "is-invalid" in content
    assert "Some filters could not be used" in content


def test_a_bad_value_leaves_the_other_filters_working(client):
    make_company(name="PT Alfa Contoh")
    make_agency(name="Dinas Sosial Contoh")

    response = client.get(URL, {"kind": "company", "kecamatan": "abc"})

    assert response.status_code == 200
    assert listed(response) == ["PT Alfa Contoh"]


def test_no_match_says_so(client):
    make_company(name="PT Alfa Contoh")
    client.cookies["django_language"] = "en"

    response = client.get(URL, {"q": "tidak ada"})

    assert listed(response) == []
    assert "No organisation matches these filters." in response.content.decode()


# --- sorting and pagination ------------------------------------------------------------------


def test_sort_by_kind_and_by_largest_pledges(client):
    small = make_company(name="PT Alfa Contoh")
    make_commitment(partner=small, value=1_000_000, status=Commitment.Status.APPROVED)
    big = make_company(name="PT Zeta Contoh")
    make_commitment(partner=big, value=9_000_000, status=Commitment.Status.APPROVED)
    make_agency(name="Dinas Sosial Contoh")

    by_kind = listed(client.get(URL, {"sort": "kind"}))
    by_pledges = listed(client.get(URL, {"sort": "pledged"}))

    assert by_kind == ["PT Alfa Contoh", "PT Zeta Contoh", "Dinas Sosial Contoh"]
    assert by_pledges == ["PT Zeta Contoh", "PT Alfa Contoh", "Dinas Sosial Contoh"]


def test_sort_by_newest(client):
    make_company(name="PT Lama Contoh")
    make_company(name="PT Baru Contoh")

    assert listed(client.get(URL, {"sort": "newest"})) == ["PT Baru Contoh", "PT Lama Contoh"]


def test_the_list_has_25_rows_a_page_and_the_next_page_keeps_the_filters(client):
    for n in range(30):
        make_company(name=f"PT Contoh {n:02d}")
    make_agency(name="Dinas Sosial Contoh")

    first = client.get(URL, {"kind": "company", "sort": "name"})
    second = client.get(URL, {"kind": "company", "sort": "name", "page": 2})

    assert len(listed(first)) == 25
    assert 'href="?kind=company&amp;sort=name&amp;page=2"' in first.content.decode()
    assert listed(second) == [f"PT Contoh {n}" for n in range(25, 30)]
    assert 'href="?kind=company&amp;sort=name&amp;page=1"' in second.content.decode()


def _a_directory_of_sixty():
    """60 organisations of every kind over three pages, some with one name, some pledging."""
    theme = make_theme()
    pledged_by = {}
    makers = [make_company, make_agency, make_zakat_institution]
    for n in range(60):
        # Every fifth shares one name: only the id tells them apart, on every page.
        name = "Sama Contoh" if n % 5 == 0 else f"Contoh {(n * 37) % 60:02d}"
        organization = makers[n % 3](name=name)
        pledged = 0
        if organization.is_partner and n % 4:
            make_commitment(
                partner=organization, theme=theme, value=n % 7 * 1_000_000, status="approved"
            )
            pledged = n % 7 * 1_000_000
        pledged_by[organization.pk] = pledged
    make_company(name="Nonaktif Contoh", is_active=False)
    return pledged_by


@pytest.mark.parametrize("sort", ["", "name", "kind", "newest", "pledged"])
def test_every_sort_lists_each_organisation_once_across_the_pages_in_its_order(client, sort):
    pledged = _a_directory_of_sixty()
    keys = {
        "": lambda o: (o.name, o.pk),
        "name": lambda o: (o.name, o.pk),
        "kind": lambda o: (o.kind, o.name, o.pk),
        "newest": lambda o: (-o.created_at.timestamp(), o.name, o.pk),
        "pledged": lambda o: (-pledged[o.pk], o.name, o.pk),
    }
    expected = sorted(Organization.objects.active(), key=keys[sort])

    pages = [client.get(URL, {"sort": sort, "page": page}) for page in (1, 2, 3)]

    assert pages[0].context["page_obj"].paginator.num_pages == 3
    assert [len(page.context["page_obj"]) for page in pages] == [25, 25, 10]
    shown = [o for page in pages for o in page.context["page_obj"]]
    assert [o.pk for o in shown] == [o.pk for o in expected]
    assert [o.pledged_total for o in shown] == [pledged[o.pk] for o in expected]


def test_a_page_number_out_of_range_shows_the_last_page(client):
    make_company(name="PT Alfa Contoh")

    response = client.get(URL, {"page": "99"})

    assert response.status_code == 200
    assert listed(response) == ["PT Alfa Contoh"]


# --- download ------------------------------------------------------------------------------------


def test_the_download_link_keeps_the_filters(client):
    make_kecamatan(slug="beji")

    content = client.get(URL, {"kind": "company", "kecamatan": "beji", "page": "1"}).content

    assert f'href="{DATASET_URL}?kind=company&amp;kecamatan=beji"' in content.decode()


def test_the_former_csv_address_leads_to_the_open_dataset_with_the_filters(client):
    response = client.get(CSV_URL, {"kind": "company", "kecamatan": "beji"})

    assert response.status_code == 301
    assert response["Location"] == f"{DATASET_URL}?kind=company&kecamatan=beji"


def test_download_has_a_header_row_and_the_filtered_rows(client):
    beji = make_kecamatan(name="Beji", slug="beji")
    partner = make_company(
        name="PT Alfa Contoh",
        short_name="Alfa",
        kecamatan=beji,
        sector=make_sector(name="Perbankan", name_en="Banking"),
        legal_form="pt",
        address="Jl. Margonda 1",
        website="https://alfa.example.org",
    )
    make_commitment(partner=partner, value=12_500_000, status=Commitment.Status.APPROVED)
    make_company(name="PT Luar Contoh")
    make_agency(name="Dinas Beji Contoh", kecamatan=beji)
    client.cookies["django_language"] = "en"

    header, *rows = download(client, "kind=company&kecamatan=beji")

    assert header[:3] == ["id", "slug", "name"]
    assert [dict(zip(header, row, strict=True)) for row in rows] == [
        {
            "id": str(partner.pk),
            "slug": partner.slug,
            "name": "PT Alfa Contoh",
            "short_name": "Alfa",
            "kind": "company",
            "sector": partner.sector.slug,
            "legal_form": "pt",
            "agency_type": "",
            "kecamatan_code": beji.code,
            "kecamatan": "Beji",
            "address": "Jl. Margonda 1",
            "website": "https://alfa.example.org",
            "description": "",
            "is_verified": "true",
            "is_demo": "false",
            "pledged": "12500000",
            "url": "http://testserver/direktori/" + partner.slug + "/",
        }
    ]


def test_download_holds_no_phone_email_or_inactive_organisation(client):
    partner = make_company(name="PT Alfa Contoh", phone="021-7777777", email="kantor@alfa.example")
    ContactPerson.objects.create(
        organization=partner, name="Rina", phone="0812-1111-2222", email="rina@alfa.example"
    )
    make_company(name="PT Arsip Contoh", is_active=False)

    header, *rows = download(client)
    text = repr([header, *rows])

    assert [row[2] for row in rows] == ["PT Alfa Contoh"]
    for private in ("021-7777777", "kantor@alfa.example", "0812-1111-2222", "rina@alfa.example"):
        assert private not in text
    assert "PT Arsip Contoh" not in text


def test_a_download_with_bad_filter_values_gives_the_whole_list(client):
    make_company(name="PT Alfa Contoh")

    header, *rows = download(client, "kind=nonsense")

    assert [row[2] for row in rows] == ["PT Alfa Contoh"]


# --- languages and queries ---------------------------------------------------------------------


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_directory_renders_in_both_languages(client, language):
    make_company(name="PT Alfa Contoh")
    client.cookies["django_language"] = language

    response = client.get(URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in content
    assert "PT Alfa Contoh" in content
    assert content.count("<h1") == 1


def test_the_directory_in_english_says_what_it_is(client):
    client.cookies["django_language"] = "en"

    content = client.get(URL).content.decode()

    assert "<h1>Partnership directory</h1>" in content
    assert "Download this list:" in content


def test_the_directory_runs_the_same_few_queries_for_few_or_many_rows(client):
    theme = make_theme(slug="bencana")
    beji = make_kecamatan(slug="beji")
    url = f"{URL}?kind=company&kecamatan=beji&theme=bencana&sector=&q=contoh&sort=pledged"
    partner = make_company(kecamatan=beji, sector=make_sector())
    make_commitment(partner=partner, theme=theme, status=Commitment.Status.APPROVED)
    few = queries_to_render(client, url)

    for _ in range(30):
        partner = make_company(kecamatan=beji, sector=make_sector())
        make_commitment(partner=partner, theme=theme, status=Commitment.Status.APPROVED)
        make_commitment(partner=partner, theme=theme, status=Commitment.Status.REALIZED)
    many = queries_to_render(client, url)

    assert few == many
    assert many <= 10


def test_the_plain_directory_runs_a_handful_of_queries(client, django_assert_max_num_queries):
    for _ in range(30):
        make_agency()
        make_commitment(status=Commitment.Status.APPROVED)

    with django_assert_max_num_queries(5):
        client.get(URL)
