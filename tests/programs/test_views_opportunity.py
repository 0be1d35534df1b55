"""The public list and pages of needs: filters, the ledger, contacts, CSV and query counts."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import ContactPerson
from programs.models import Commitment, Opportunity
from tests.factories import (
    make_agency,
    make_commitment,
    make_kecamatan,
    make_kelurahan,
    make_opportunity,
    make_realization,
    make_theme,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("programs:opportunity_list")
DATASET_URL = reverse("opendata:download", args=["opportunities", "csv"])
NEVER = datetime(2000, 1, 1, tzinfo=UTC)
Status = Opportunity.Status
PRIVATE_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.WITHDRAWN)


def detail_url(need):
    return reverse("programs:opportunity_detail", args=[need.pk])


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def private_needs():
    return [
        make_opportunity(title=f"Rahasia {status}", status=status) for status in PRIVATE_STATUSES
    ]


# --- the list ---------------------------------------------------------------------------------


def test_list_shows_public_needs_and_never_drafts_submitted_or_withdrawn(client):
    for status in Opportunity.PUBLIC_STATUSES:
        make_opportunity(title=f"Terbuka {status}", status=status)
    private_needs()

    html = page(client, LIST_URL)

    for status in Opportunity.PUBLIC_STATUSES:
        assert f"Terbuka {status}" in html
    assert "Rahasia" not in html


def test_list_rows_show_needed_pledged_and_still_missing_in_money_and_quantity(client):
    need = make_opportunity(
        title="Paket sembako", kind="goods", quantity=500, unit="paket", budget=100_000_000
    )
    make_commitment(opportunity=need, kind="goods", quantity=200, unit="paket", value=40_000_000,
                    status=Commitment.Status.APPROVED)  # fmt: skip

    html = page(client, LIST_URL)

    assert "Rp 100.000.000" in html and "500 paket" in html
    assert "Rp 40.000.000" in html and "200 paket" in html
    assert "Rp 60.000.000" in html and "300 paket" in html


def test_list_groups_large_quantities_the_visitors_way_and_names_an_oversubscription(client):
    need = make_opportunity(
        title="Bibit pohon", kind="goods", quantity=12_500, unit="bibit", budget=50_000_000
    )
    make_commitment(opportunity=need, kind="goods", quantity=14_000, unit="bibit", value=60_000_000,
                    status=Commitment.Status.APPROVED)  # fmt: skip

    indonesian = page(client, LIST_URL)
    client.cookies["django_language"] = "en"
    english = page(client, LIST_URL)

    assert "12.500 bibit" in indonesian and "14.000 bibit" in indonesian
    assert "1.500 bibit" in indonesian
    assert "12,500 bibit" in english and "14,000 bibit" in english
    assert "oversubscribed by 1,500 bibit" in english


@pytest.mark.parametrize(
    ("field", "value_of"),
    [
        ("theme", lambda need: need.theme.slug),
        ("agency", lambda need: need.agency.slug),
        ("kecamatan", lambda need: need.kecamatan.slug),
        ("status", lambda need: need.status),
        ("q", lambda need: "ambulans"),
    ],
)
def test_each_filter_narrows_the_list(client, field, value_of):
    wanted = make_opportunity(
        title="Mobil ambulans", kecamatan=make_kecamatan(), status=Status.FULLY_COMMITTED
    )
    other = make_opportunity(title="Beasiswa sekolah", kecamatan=make_kecamatan())

    html = page(client, LIST_URL, **{field: value_of(wanted)})

    assert wanted.title in html
    assert other.title not in html


def test_the_agency_filter_offers_every_active_agency_and_keeps_the_chosen_one(client):
    chosen = make_agency(name="Dinas Sosial & <Pemberdayaan>")
    other = make_agency(name="Dinas Pendidikan Contoh")
    gone = make_agency(name="Dinas Lama Contoh", is_active=False)
    make_opportunity(agency=chosen)

    html = page(client, LIST_URL, agency=chosen.slug)

    select = html[html.index('<select name="agency"') :]
    select = select[: select.index("</select>")]
    assert (
        f'<option value="{chosen.slug}" selected>Dinas Sosial &amp; &lt;Pemberdayaan&gt;</option>'
        in select
    )
    assert f'<option value="{other.slug}">Dinas Pendidikan Contoh</option>' in select
    assert gone.slug not in select
    assert select.count(" selected") == 1


def test_search_finds_words_in_the_description(client):
    make_opportunity(title="Kebutuhan A", description="Perahu karet untuk banjir")
    make_opportunity(title="Kebutuhan B", description="Laptop sekolah")

    html = page(client, LIST_URL, q="banjir")

    assert "Kebutuhan A" in html and "Kebutuhan B" not in html


def test_budget_range_keeps_needs_between_the_two_amounts(client):
    for budget in (10_000_000, 50_000_000, 90_000_000):
        make_opportunity(title=f"Anggaran {budget}", budget=budget)

    html = page(client, LIST_URL, budget_min=20_000_000, budget_max=60_000_000)

    assert "Anggaran 50000000" in html
    assert "Anggaran 10000000" not in html and "Anggaran 90000000" not in html


def test_sorting_by_budget_and_by_gap(client):
    small = make_opportunity(title="Kecil", budget=10_000_000)
    big = make_opportunity(title="Besar", budget=90_000_000)
    make_commitment(opportunity=big, value=85_000_000, status=Commitment.Status.APPROVED)

    by_budget = page(client, LIST_URL, sort="budget")
    by_gap = page(client, LIST_URL, sort="gap")

    assert by_budget.index(big.title) < by_budget.index(small.title)
    assert by_gap.index(small.title) < by_gap.index(big.title)  # 10 million missing vs 5 million


@pytest.mark.parametrize("sort", ["", "newest", "budget", "gap"])
def test_every_sort_lists_each_need_once_across_the_pages_in_its_order(client, sort):
    theme, agency = make_theme(), make_agency()
    gaps = {}
    for n in range(30):
        # Few budgets, dates and pledges: most rows tie on the sort and only the id orders them.
        need = make_opportunity(
            theme=theme,
            agency=agency,
            budget=(n % 3 + 1) * 10_000_000,
            published_at=None if n % 7 == 0 else datetime(2026, n % 2 + 1, 1, tzinfo=UTC),
        )
        pledged = (n % 4) * 5_000_000
        if pledged:
            make_commitment(opportunity=need, value=pledged, status=Commitment.Status.APPROVED)
        gaps[need.pk] = need.budget - pledged
    make_opportunity(title="Draf", status=Opportunity.Status.DRAFT)
    keys = {
        "": lambda o: (o.published_at is None, -(o.published_at or NEVER).timestamp(), -o.pk),
        "newest": lambda o: (o.published_at is None, -(o.published_at or NEVER).timestamp(), -o.pk),
        "budget": lambda o: (-o.budget, -o.pk),
        "gap": lambda o: (-gaps[o.pk], -o.pk),
    }
    expected = sorted(Opportunity.objects.public(), key=keys[sort])

    pages = [client.get(LIST_URL, {"sort": sort, "page": number}) for number in (1, 2)]

    assert [len(response.context["page_obj"]) for response in pages] == [25, 5]
    shown = [row for response in pages for row in response.context["page_obj"]]
    assert [row.pk for row in shown] == [o.pk for o in expected]
    assert [row.gap_value for row in shown] == [gaps[o.pk] for o in expected]


@pytest.mark.parametrize(
    "params",
    [{"budget_min": "abc"}, {"theme": "999"}, {"status": "draft"}, {"sort": "pk"}],
)
def test_bad_filter_values_show_the_whole_list_with_the_error_and_never_a_draft(client, params):
    make_opportunity(title="Terbuka")
    private_needs()

    response = client.get(LIST_URL, params)

    assert response.status_code == 200
    assert response.context["filterset"].form.errors
    html = response.content.decode()
    assert "Terbuka" in html
    assert "Rahasia" not in html
    assert "is-invalid" in html


def test_a_bad_value_in_one_filter_leaves_the_others_working(client):
    theme = make_theme()
    make_opportunity(title="Dalam tema", theme=theme)
    make_opportunity(title="Tema lain")

    html = page(client, LIST_URL, theme=theme.slug, budget_min="abc")

    assert "Dalam tema" in html and "Tema lain" not in html


def test_pagination_keeps_the_filters(client):
    theme = make_theme()
    for n in range(30):
        make_opportunity(title=f"Kebutuhan tema {n}", theme=theme)
    make_opportunity(title="Di luar tema")

    first = client.get(LIST_URL, {"theme": theme.slug})
    second = page(client, LIST_URL, theme=theme.slug, page=2)

    assert first.context["page_obj"].paginator.count == 30
    assert f"?theme={theme.slug}&amp;page=2" in first.content.decode()
    assert "Di luar tema" not in second
    assert second.count("Kebutuhan tema") == 5


def test_list_runs_the_same_few_queries_for_few_and_many_needs(client, django_assert_num_queries):
    make_commitment(opportunity=make_opportunity(), status=Commitment.Status.APPROVED)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST_URL)
    for _ in range(30):
        need = make_opportunity(kecamatan=make_kecamatan(), agency=make_agency())
        make_commitment(opportunity=need, status=Commitment.Status.APPROVED)

    with django_assert_num_queries(len(few)):
        client.get(LIST_URL, {"sort": "gap"})
    assert len(few) <= 6


def test_list_in_english_and_indonesian(client):
    make_opportunity(
        title="Perahu karet", theme=make_theme(short_name="Bencana", short_name_en="Disasters")
    )

    indonesian = page(client, LIST_URL)
    english = client.get(LIST_URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="id">' in indonesian and "Bencana" in indonesian
    assert '<html lang="en">' in english and "Disasters" in english
    assert "Perahu karet" in indonesian and "Perahu karet" in english
    assert "Opportunities" in english and "Still missing" in english


# --- the CSV download -------------------------------------------------------------------------


def test_csv_download_keeps_the_filters_and_has_the_ledger_columns(client):
    theme = make_theme()
    need = make_opportunity(title="Perahu karet", theme=theme, budget=80_000_000,
                            kind="goods", quantity=4, unit="unit")  # fmt: skip
    make_commitment(opportunity=need, kind="goods", quantity=1, unit="unit", value=20_000_000,
                    status=Commitment.Status.APPROVED)  # fmt: skip
    make_opportunity(title="Tema lain")
    private_needs()

    html = page(client, LIST_URL, theme=theme.slug, page=1)
    assert f'href="{DATASET_URL}?theme={theme.slug}"' in html
    rows = csv_rows(client.get(DATASET_URL, {"theme": theme.slug}))

    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["title"] == "Perahu karet"
    assert (row["budget"], row["pledged_value"], row["missing_value"]) == (
        "80000000", "20000000", "60000000",
    )  # fmt: skip
    assert (row["quantity"], row["pledged_quantity"], row["missing_quantity"]) == ("4", "1", "3")
    assert row["url"].endswith(detail_url(need))


def test_the_former_csv_address_leads_to_the_open_dataset_with_the_filters(client):
    response = client.get(LIST_URL, {"theme": "bencana", "format": "csv"})

    assert response.status_code == 301
    assert response["Location"] == f"{DATASET_URL}?theme=bencana"


def test_csv_download_has_no_private_needs_and_no_contact_details(client):
    need = make_opportunity(title="Terbuka")
    ContactPerson.objects.create(organization=need.agency, name="Ibu Kontak",
                                 phone="0812-9999-0000", email="kontak@example.org")  # fmt: skip
    private_needs()

    response = client.get(DATASET_URL)
    text = "\n".join(",".join(row) for row in csv_rows(response))

    assert "Terbuka" in text
    assert "Rahasia" not in text
    assert "0812-9999-0000" not in text and "kontak@example.org" not in text


# --- the detail page --------------------------------------------------------------------------


def test_detail_ledger_counts_two_co_funding_partners_approved_and_not_the_proposed_one(client):
    need = make_opportunity(title="Paket sembako", kind="goods", quantity=500, unit="paket",
                            budget=100_000_000)  # fmt: skip
    first = make_commitment(opportunity=need, kind="goods", quantity=200, unit="paket",
                            value=40_000_000, status=Commitment.Status.APPROVED)  # fmt: skip
    second = make_commitment(opportunity=need, kind="goods", quantity=100, unit="paket",
                             value=20_000_000, status=Commitment.Status.IN_PROGRESS)  # fmt: skip
    proposed = make_commitment(opportunity=need, kind="goods", quantity=150, unit="paket",
                               value=30_000_000, status=Commitment.Status.PROPOSED)  # fmt: skip
    make_realization(commitment=second, value=15_000_000, quantity=70,
                     status="verified")  # fmt: skip
    make_realization(commitment=second, value=5_000_000, quantity=30)  # submitted only

    response = client.get(detail_url(need))
    html = response.content.decode()
    shown = response.context["opportunity"]

    assert (shown.pledged_value, shown.pledged_quantity) == (60_000_000, 300)
    assert (shown.realized_value, shown.realized_quantity) == (15_000_000, 70)
    assert (shown.gap_value, shown.gap_quantity) == (40_000_000, 200)
    for text in ("Rp 100.000.000", "500 paket", "Rp 60.000.000", "300 paket",
                 "Rp 15.000.000", "70 paket", "Rp 40.000.000", "200 paket"):  # fmt: skip
        assert text in html, text
    assert first.partner.name in html and second.partner.name in html
    assert proposed.partner.name not in html
    assert '<progress id="pledged-progress"' in html and 'value="60000000"' in html
    assert "60%" in html


def test_detail_shows_oversubscription_plainly(client):
    need = make_opportunity(budget=50_000_000)
    make_commitment(opportunity=need, value=30_000_000, status=Commitment.Status.APPROVED)
    make_commitment(opportunity=need, value=30_000_000, status=Commitment.Status.REALIZED)

    html = page(client, detail_url(need))
    english = client.get(detail_url(need), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Rp 10.000.000" in html
    assert "-Rp" not in html
    assert "oversubscribed by" in english


def test_detail_shows_facts_and_links_to_agency_and_theme(client):
    kecamatan = make_kecamatan(name="Cimanggis")
    need = make_opportunity(title="Ambulans", kecamatan=kecamatan, kind="goods", quantity=2,
                            unit="unit", beneficiaries_target=3000,
                            needed_by=date(2026, 12, 31))  # fmt: skip

    html = page(client, detail_url(need))

    assert "<h1>Ambulans</h1>" in html
    assert reverse("companies:organization_detail", args=[need.agency.slug]) in html
    assert reverse("programs:theme_detail", args=[need.theme.slug]) in html
    assert "Cimanggis" in html and "2 unit" in html and "3.000" in html and "2026" in html


def test_detail_shows_public_contact_names_but_never_phone_or_email(client):
    need = make_opportunity()
    ContactPerson.objects.create(organization=need.agency, name="Ibu Sari", position="Kasubag",
                                 phone="0812-3456-7890", email="sari@dinas.example")  # fmt: skip
    ContactPerson.objects.create(organization=need.agency, name="Pak Tersembunyi",
                                 is_public=False, phone="0813-0000-1111")  # fmt: skip

    html = page(client, detail_url(need))

    assert "Ibu Sari" in html and "Kasubag" in html
    assert "0812-3456-7890" not in html and "sari@dinas.example" not in html
    assert "Pak Tersembunyi" not in html and "0813-0000-1111" not in html


def test_detail_of_an_unknown_or_private_need_is_404(client):
    assert client.get(reverse("programs:opportunity_detail", args=[99999])).status_code == 404
    for need in private_needs():
        assert client.get(detail_url(need)).status_code == 404


def test_detail_runs_the_same_few_queries_for_few_and_many_partners(
    client, django_assert_num_queries
):
    kelurahan = make_kelurahan()
    need = make_opportunity(kecamatan=kelurahan.kecamatan, kelurahan=kelurahan)
    make_commitment(opportunity=need, status=Commitment.Status.APPROVED)
    with CaptureQueriesContext(connection) as few:
        client.get(detail_url(need))
    for _ in range(20):
        make_commitment(opportunity=need, value=1_000_000, status=Commitment.Status.APPROVED)
    ContactPerson.objects.create(organization=need.agency, name="Ibu Sari")

    with django_assert_num_queries(len(few)):
        client.get(detail_url(need))
    assert len(few) <= 3


def test_detail_in_english_and_indonesian(client):
    theme = make_theme(short_name="Bencana", short_name_en="Disasters")
    need = make_opportunity(title="Perahu karet", theme=theme)

    indonesian = page(client, detail_url(need))
    english = client.get(detail_url(need), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="id">' in indonesian and "Bencana" in indonesian
    assert '<html lang="en">' in english and "Disasters" in english
    assert "Contributing partners" in english and "Perahu karet" in english
