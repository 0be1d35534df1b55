"""The public list and pages of pledges, their verified reports and the evidence files."""

import csv
import io
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import Commitment, Evidence, Opportunity, Realization
from tests.factories import (
    make_agency,
    make_commitment,
    make_company,
    make_kecamatan,
    make_opportunity,
    make_realization,
    make_theme,
    make_user,
    make_zakat_institution,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("programs:commitment_list")
DATASET_URL = reverse("opendata:download", args=["commitments", "csv"])
Status = Commitment.Status
PRIVATE_STATUSES = (Status.PROPOSED, Status.REJECTED, Status.CANCELLED)
# The smallest valid PNG: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000185d31d0e0000000049454e44ae426082"
)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def detail_url(commitment):
    return reverse("programs:commitment_detail", args=[commitment.pk])


def evidence_url(evidence):
    return reverse("programs:evidence_file", args=[evidence.pk])


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def private_pledges():
    return [
        make_commitment(title=f"Rahasia {status}", status=status, rejection_reason="Tidak sesuai.")
        for status in PRIVATE_STATUSES
    ]


def make_evidence(realization, *, name="serah-terima.png", content=PNG, **fields):
    fields.setdefault("content_type", "image/png")
    upload = SimpleUploadedFile(name, content, content_type=fields["content_type"])
    return Evidence.objects.create(realization=realization, file=upload, **fields)


# --- the list ---------------------------------------------------------------------------------


def test_list_shows_approved_running_and_realised_pledges_only(client):
    for status in Commitment.COUNTED_STATUSES:
        make_commitment(title=f"Publik {status}", status=status)
    private_pledges()

    html = page(client, LIST_URL)

    for status in Commitment.COUNTED_STATUSES:
        assert f"Publik {status}" in html
    assert "Rahasia" not in html


def test_each_row_links_the_pledge_and_its_partner_and_shows_its_period_and_status(client):
    partner = make_company(name="PT Aktif Contoh")
    closed = make_company(name="PT Sudah Tutup Contoh", is_active=False)
    running = make_commitment(
        title="Janji Berjalan",
        partner=partner,
        status=Status.IN_PROGRESS,
        start_date=date(2025, 3, 10),
        end_date=date(2026, 2, 28),
    )
    make_commitment(title="Janji Mitra Tutup", partner=closed, status=Status.APPROVED)
    client.cookies["django_language"] = "en"

    html = page(client, LIST_URL)

    assert f'<a href="{detail_url(running)}">Janji Berjalan</a>' in html
    partner_url = reverse("companies:organization_detail", args=[partner.slug])
    assert f'<a href="{partner_url}">PT Aktif Contoh</a>' in html
    assert "PT Sudah Tutup Contoh" in html
    assert reverse("companies:organization_detail", args=[closed.slug]) not in html
    assert ">Mar 2025 – Feb 2026<" in html
    assert ">In progress<" in html and ">Approved<" in html


@pytest.mark.parametrize(
    ("field", "value_of"),
    [
        ("theme", lambda pledge: pledge.theme.slug),
        ("partner_kind", lambda pledge: "zakat_institution"),
        ("kecamatan", lambda pledge: pledge.kecamatan.slug),
        ("year", lambda pledge: "2024"),
        ("status", lambda pledge: "realized"),
        ("q", lambda pledge: "sembako"),
    ],
)
def test_each_filter_narrows_the_list(client, field, value_of):
    wanted = make_commitment(
        title="Paket sembako",
        partner=make_zakat_institution(),
        kecamatan=make_kecamatan(),
        start_date=date(2024, 3, 1),
        end_date=date(2024, 12, 31),
        status=Status.REALIZED,
    )
    other = make_commitment(title="Beasiswa", kecamatan=make_kecamatan(), status=Status.APPROVED)

    html = page(client, LIST_URL, **{field: value_of(wanted)})

    assert wanted.title in html
    assert other.title not in html


def test_search_finds_the_partners_name(client):
    make_commitment(title="Komitmen A", partner=make_zakat_institution(name="LAZ Peduli Depok"),
                    status=Status.APPROVED)  # fmt: skip
    make_commitment(title="Komitmen B", status=Status.APPROVED)

    html = page(client, LIST_URL, q="peduli")

    assert "Komitmen A" in html and "Komitmen B" not in html


def test_year_choices_are_only_years_with_public_pledges(client):
    make_commitment(start_date=date(2023, 1, 1), end_date=date(2023, 12, 31), status="approved")
    make_commitment(start_date=date(2021, 1, 1), end_date=date(2021, 12, 31), status="proposed")

    response = client.get(LIST_URL)

    years = [value for value, _ in response.context["filterset"].form.fields["year"].choices]
    assert 2023 in years and 2021 not in years


def test_year_choices_list_every_year_with_a_public_pledge_newest_first(client):
    for day in (date(2020, 6, 1), date(2023, 1, 1), date(2023, 12, 31), date(2026, 3, 1)):
        make_commitment(start_date=day, end_date=date(2026, 12, 31), status="in_progress")
    make_commitment(start_date=date(2025, 1, 1), end_date=date(2025, 12, 31), status="proposed")

    html = page(client, LIST_URL, year="2023")

    select = html[html.index('<select name="year"') :]
    select = select[: select.index("</select>")]
    assert re.findall(r'<option value="(\d+)"', select) == ["2026", "2023", "2020"]
    assert '<option value="2023" selected>' in select


@pytest.mark.parametrize(
    "params",
    [
        {"status": "proposed"},
        {"theme": "999"},
        {"year": "abc"},
        {"partner_kind": "regional_agency"},
    ],
)
def test_bad_filter_values_show_the_whole_list_with_the_error_and_nothing_private(client, params):
    make_commitment(title="Publik", status=Status.APPROVED)
    private_pledges()

    response = client.get(LIST_URL, params)

    assert response.status_code == 200
    assert response.context["filterset"].form.errors
    html = response.content.decode()
    assert "Publik" in html and "Rahasia" not in html
    assert "is-invalid" in html


def test_sorting_by_value_puts_the_largest_first(client):
    make_commitment(title="Kecil", value=1_000_000, status=Status.APPROVED)
    make_commitment(title="Besar", value=900_000_000, status=Status.APPROVED)

    html = page(client, LIST_URL, sort="value")

    assert html.index("Besar") < html.index("Kecil")


def test_pagination_keeps_the_filters(client):
    theme = make_theme()
    for n in range(27):
        make_commitment(title=f"Janji tema {n}", theme=theme, status=Status.APPROVED)
    make_commitment(title="Di luar tema", status=Status.APPROVED)

    first = client.get(LIST_URL, {"theme": theme.slug})
    second = page(client, LIST_URL, theme=theme.slug, page=2)

    assert first.context["page_obj"].paginator.count == 27
    assert f"?theme={theme.slug}&amp;page=2" in first.content.decode()
    assert second.count("Janji tema") == 2
    assert "Di luar tema" not in second


@pytest.mark.parametrize("sort", ["", "newest", "value", "partner"])
def test_every_sort_lists_each_pledge_once_across_the_pages_in_its_order(client, sort):
    theme = make_theme()
    # Few partners, values and months: most rows tie on the sort and only the id orders them.
    partners = [make_company(name=name) for name in ("PT Beta", "PT Alfa", "PT Beta")]
    for n in range(30):
        make_commitment(
            partner=partners[n % 3],
            theme=theme,
            value=(n % 4) * 1_000_000,
            start_date=date(2026, n % 3 + 1, 1),
            status=Status.APPROVED if n % 5 else Status.REALIZED,
        )
    private_pledges()
    keys = {
        "": lambda c: (-c.start_date.toordinal(), -c.pk),
        "newest": lambda c: (-c.start_date.toordinal(), -c.pk),
        "value": lambda c: (-c.value, -c.pk),
        "partner": lambda c: (c.partner.name, -c.pk),
    }
    expected = sorted(Commitment.objects.public(), key=keys[sort])

    pages = [client.get(LIST_URL, {"sort": sort, "page": number}) for number in (1, 2)]

    assert [len(response.context["page_obj"]) for response in pages] == [25, 5]
    shown = [row for response in pages for row in response.context["page_obj"]]
    assert [row.pk for row in shown] == [c.pk for c in expected]
    last = pages[1].content.decode()
    assert all(c.title in last for c in expected[25:])


def test_list_runs_the_same_few_queries_for_few_and_many_pledges(client, django_assert_num_queries):
    make_commitment(status=Status.APPROVED)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST_URL)
    for _ in range(30):
        make_commitment(
            opportunity=make_opportunity(agency=make_agency()),
            kecamatan=make_kecamatan(),
            status=Status.IN_PROGRESS,
        )

    with django_assert_num_queries(len(few)):
        client.get(LIST_URL)
    assert len(few) <= 6


def test_list_in_english_and_indonesian(client):
    theme = make_theme(short_name="Bencana", short_name_en="Disasters")
    make_commitment(title="Perahu karet", theme=theme, status=Status.APPROVED)

    indonesian = page(client, LIST_URL)
    english = client.get(LIST_URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="id">' in indonesian and "Bencana" in indonesian
    assert '<html lang="en">' in english and "Disasters" in english
    assert "Perahu karet" in indonesian and "Commitments" in english


def test_csv_download_keeps_the_filters_and_lists_public_pledges_only(client):
    theme = make_theme()
    pledge = make_commitment(title="Perahu karet", theme=theme, value=40_000_000,
                             status=Status.APPROVED)  # fmt: skip
    make_commitment(title="Tema lain", status=Status.APPROVED)
    for private in private_pledges():
        private.theme = theme
        private.save()

    html = page(client, LIST_URL, theme=theme.slug)
    assert f'href="{DATASET_URL}?theme={theme.slug}"' in html
    response = client.get(DATASET_URL, {"theme": theme.slug})

    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["title"], row["partner"], row["value"], row["status"]) == (
        "Perahu karet", pledge.partner.name, "40000000", "approved",
    )  # fmt: skip
    assert "Rahasia" not in text


def test_csv_does_not_name_a_need_that_is_not_public(client):
    need = make_opportunity(title="Kebutuhan ditarik", status=Opportunity.Status.PUBLISHED)
    make_commitment(opportunity=need, status=Status.APPROVED)
    Opportunity.objects.filter(pk=need.pk).update(status=Opportunity.Status.WITHDRAWN)

    response = client.get(DATASET_URL)

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Kebutuhan ditarik" not in text
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["opportunity_id"] == ""


def test_the_former_csv_address_leads_to_the_open_dataset_with_the_filters(client):
    response = client.get(LIST_URL, {"year": "2026", "format": "csv", "sort": "value"})

    assert response.status_code == 301
    assert response["Location"] == f"{DATASET_URL}?year=2026&sort=value"


# --- the detail page --------------------------------------------------------------------------


def test_detail_shows_the_pledge_and_links_its_public_need(client):
    need = make_opportunity(title="Ambulans")
    pledge = make_commitment(opportunity=need, title="Ambulans dari PT", kind="goods",
                             quantity=1, unit="unit", value=450_000_000,
                             status=Status.APPROVED)  # fmt: skip

    html = page(client, detail_url(pledge))

    assert "<h1>Ambulans dari PT</h1>" in html
    assert "Rp 450.000.000" in html and "1 unit" in html
    assert reverse("programs:opportunity_detail", args=[need.pk]) in html
    assert reverse("companies:organization_detail", args=[pledge.partner.slug]) in html
    assert need.agency.name in html


def test_detail_does_not_link_a_need_that_is_not_public(client):
    need = make_opportunity(title="Kebutuhan ditarik")
    pledge = make_commitment(opportunity=need, status=Status.APPROVED)
    Opportunity.objects.filter(pk=need.pk).update(status=Opportunity.Status.WITHDRAWN)

    html = page(client, detail_url(pledge))

    assert "Kebutuhan ditarik" not in html
    assert reverse("programs:opportunity_detail", args=[need.pk]) not in html


def test_detail_shows_verified_reports_with_agency_and_bappeda_but_no_users(client):
    officer = make_user(first_name="Budi", last_name="Petugas", email="budi@dinas.example")
    verifier = make_user(first_name="Siti", last_name="Verifikator", email="siti@bappeda.example")
    pledge = make_commitment(opportunity=make_opportunity(), status=Status.IN_PROGRESS)
    make_realization(commitment=pledge, status="verified", value=12_500_000, beneficiaries=4321,
                     narrative="Diserahkan kepada warga.", bast_number="BAST/042/2026",
                     confirmed_by=officer, verified_by=verifier)  # fmt: skip

    html = page(client, detail_url(pledge))

    assert "Rp 12.500.000" in html and "4.321" in html and "Diserahkan kepada warga." in html
    assert "BAST/042/2026" in html
    assert pledge.agency.name in html and "Bappeda" in html
    for private in ("Budi", "Petugas", "budi@dinas.example", "Siti", "Verifikator", "siti@"):
        assert private not in html, private


def test_unverified_reports_and_their_evidence_stay_hidden(client):
    pledge = make_commitment(status=Status.IN_PROGRESS)
    hidden = []
    for status in (Realization.Status.SUBMITTED, Realization.Status.CONFIRMED, "returned"):
        report = make_realization(
            commitment=pledge, status=status, narrative=f"Narasi rahasia {status}"
        )
        hidden.append(make_evidence(report, caption=f"Foto {status}"))

    html = page(client, detail_url(pledge))

    for evidence in hidden:
        assert evidence.caption not in html
        assert evidence_url(evidence) not in html
        assert client.get(evidence_url(evidence)).status_code == 404
    assert "Narasi rahasia" not in html


def test_verified_evidence_photo_is_shown_with_alt_text_and_served(client):
    pledge = make_commitment(status=Status.REALIZED)
    report = make_realization(commitment=pledge, status="verified")
    photo = make_evidence(report, caption="Serah terima ambulans")

    html = page(client, detail_url(pledge))
    response = client.get(evidence_url(photo))

    assert f'<img src="{evidence_url(photo)}"' in html
    assert 'alt="Serah terima ambulans"' in html
    assert "/media/" not in html
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG


def test_verified_pdf_evidence_is_a_link(client):
    report = make_realization(commitment=make_commitment(status=Status.REALIZED), status="verified")
    pdf = make_evidence(report, name="bast.pdf", content=b"%PDF-1.4\n", caption="",
                        content_type="application/pdf")  # fmt: skip

    html = page(client, detail_url(report.commitment))
    response = client.get(evidence_url(pdf))

    assert f'<a href="{evidence_url(pdf)}">' in html
    assert f'<img src="{evidence_url(pdf)}"' not in html
    assert response["Content-Type"] == "application/pdf"


def test_evidence_of_another_kind_is_downloaded_never_shown_inline(client):
    report = make_realization(commitment=make_commitment(status=Status.REALIZED), status="verified")
    page_file = make_evidence(report, name="x.html", content=b"<script>alert(1)</script>",
                              content_type="text/html")  # fmt: skip

    response = client.get(evidence_url(page_file))

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


def test_evidence_of_a_verified_report_on_a_private_pledge_is_404(client):
    report = make_realization(commitment=make_commitment(status=Status.APPROVED), status="verified")
    photo = make_evidence(report)
    Commitment.objects.filter(pk=report.commitment_id).update(
        status=Status.CANCELLED, cancellation_reason="Dibatalkan."
    )

    assert client.get(evidence_url(photo)).status_code == 404
    assert client.get(reverse("programs:evidence_file", args=[99999])).status_code == 404


def test_evidence_whose_file_is_missing_is_404(client):
    report = make_realization(commitment=make_commitment(status=Status.REALIZED), status="verified")
    photo = make_evidence(report)
    photo.file.storage.delete(photo.file.name)

    assert client.get(evidence_url(photo)).status_code == 404


def test_detail_of_an_unknown_or_private_pledge_is_404(client):
    assert client.get(reverse("programs:commitment_detail", args=[99999])).status_code == 404
    for pledge in private_pledges():
        assert client.get(detail_url(pledge)).status_code == 404


def test_detail_runs_the_same_few_queries_for_few_and_many_reports(
    client, django_assert_num_queries
):
    pledge = make_commitment(opportunity=make_opportunity(), status=Status.IN_PROGRESS)
    make_evidence(make_realization(commitment=pledge, status="verified"))
    with CaptureQueriesContext(connection) as few:
        client.get(detail_url(pledge))
    for _ in range(10):
        report = make_realization(commitment=pledge, status="verified")
        make_evidence(report)
        make_evidence(report, name="b.pdf", content=b"%PDF", content_type="application/pdf")

    with django_assert_num_queries(len(few)):
        client.get(detail_url(pledge))
    assert len(few) <= 3


def test_detail_in_english_and_indonesian(client):
    theme = make_theme(short_name="Bencana", short_name_en="Disasters")
    pledge = make_commitment(title="Perahu karet", theme=theme, status=Status.APPROVED)

    indonesian = page(client, detail_url(pledge))
    english = client.get(detail_url(pledge), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="id">' in indonesian and "Bencana" in indonesian
    assert '<html lang="en">' in english and "Disasters" in english
    assert "Realization reports" in english and "Perahu karet" in english


def test_filtering_by_theme_and_kecamatan_tells_who_pledged_there_and_how_much_in_all(client):
    disaster = make_theme(slug="penanggulangan-bencana", short_name="Penanggulangan bencana")
    beji, limo = make_kecamatan(slug="beji"), make_kecamatan(slug="limo")
    make_commitment(
        title="Perahu karet",
        theme=disaster,
        kecamatan=beji,
        value=40_000_000,
        status=Status.APPROVED,
    )
    make_commitment(
        title="Tenda darurat",
        theme=disaster,
        kecamatan=beji,
        value=15_500_000,
        status=Status.REALIZED,
    )
    make_commitment(
        title="Di Limo", theme=disaster, kecamatan=limo, value=7_000_000, status=Status.APPROVED
    )
    make_commitment(title="Belum disetujui", theme=disaster, kecamatan=beji, value=9_000_000)

    html = page(client, LIST_URL, theme="penanggulangan-bencana", kecamatan="beji")

    assert "Perahu karet" in html and "Tenda darurat" in html
    assert "Di Limo" not in html and "Belum disetujui" not in html
    assert "Rp 55.500.000" in html
