"""An organisation's public profile: who it is, whom to ask, what it pledged, needs and did."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import ContactPerson
from programs.models import Commitment, Opportunity, Realization
from tests.factories import (
    make_agency,
    make_commitment,
    make_company,
    make_event,
    make_kecamatan,
    make_opportunity,
    make_realization,
    make_registration,
    make_sector,
    make_theme,
    make_zakat_institution,
)

pytestmark = pytest.mark.django_db

Status = Commitment.Status


def profile_url(organization):
    return reverse("companies:organization_detail", args=[organization.slug])


def profile(client, organization):
    client.cookies["django_language"] = "en"
    response = client.get(profile_url(organization))
    assert response.status_code == 200
    return response.content.decode()


def queries_to_render(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# --- who it is -------------------------------------------------------------------------------


def test_profile_shows_who_the_organisation_is(client):
    company = make_company(
        name="PT Alfa Sejahtera Contoh",
        short_name="Alfa",
        sector=make_sector(name="Perbankan", name_en="Banking"),
        legal_form="pt_tbk",
        kecamatan=make_kecamatan(name="Cimanggis"),
        address="Jl. Raya Bogor 10",
        website="https://alfa.example.org",
        description="Bank daerah yang mendukung UMKM.",
    )

    content = profile(client, company)

    for shown in (
        "<h1",
        "PT Alfa Sejahtera Contoh",
        "Alfa",
        "Company",
        "Banking",
        "PT Tbk (listed company)",
        "Cimanggis",
        "Jl. Raya Bogor 10",
        'href="https://alfa.example.org"',
        "Bank daerah yang mendukung UMKM.",
    ):
        assert shown in content, shown
    assert content.count("<h1") == 1


def test_an_agency_profile_shows_its_agency_type(client):
    agency = make_agency(name="Badan Penanggulangan Bencana Contoh", agency_type="badan")

    assert "Agency (badan)" in profile(client, agency)


def test_demo_entries_carry_a_demo_badge(client):
    demo = make_company(name="PT Contoh Demo", is_demo=True)
    real = make_company(name="PT Nyata Contoh")

    assert "badge" in profile(client, demo)
    assert "fictional entry" in profile(client, demo)
    assert "fictional entry" not in profile(client, real)


def test_public_contact_names_show_but_never_their_phone_or_email(client):
    company = make_company(phone="021-5555-1234", email="kantor@alfa.example")
    ContactPerson.objects.create(
        organization=company,
        name="Rina Kemitraan",
        position="Manajer CSR",
        phone="0812-3456-7890",
        email="rina@alfa.example",
    )
    ContactPerson.objects.create(
        organization=company,
        name="Budi Tersembunyi",
        position="Direktur",
        phone="0813-0000-1111",
        email="budi@alfa.example",
        is_public=False,
    )

    content = profile(client, company)

    assert "Rina Kemitraan" in content
    assert "Manajer CSR" in content
    assert "Budi Tersembunyi" not in content
    for private in (
        "0812-3456-7890",
        "rina@alfa.example",
        "0813-0000-1111",
        "budi@alfa.example",
        "021-5555-1234",
        "kantor@alfa.example",
    ):
        assert private not in content, private


def test_an_unknown_slug_is_not_found(client):
    response = client.get(reverse("companies:organization_detail", args=["tidak-ada"]))

    assert response.status_code == 404


def test_an_inactive_organisation_has_no_profile(client):
    archived = make_company(is_active=False)

    assert client.get(profile_url(archived)).status_code == 404


# --- a partner's pledges and work ------------------------------------------------------------


def test_a_partner_profile_lists_only_its_public_commitments_with_their_total(client):
    partner = make_zakat_institution(name="LAZ Amanah Contoh")
    theme = make_theme(short_name_en="Disaster management")
    agency = make_agency(name="BPBD Contoh")
    shown = [
        make_commitment(partner=partner, title="Perahu karet", status=Status.APPROVED,
                        theme=theme, agency=agency, value=30_000_000),
        make_commitment(partner=partner, title="Tenda darurat", status=Status.IN_PROGRESS,
                        value=20_000_000, start_date=date(2025, 3, 1)),
        make_commitment(partner=partner, title="Dapur umum", status=Status.REALIZED,
                        value=10_000_000),
    ]  # fmt: skip
    make_commitment(partner=partner, title="Usulan baru", status=Status.PROPOSED)
    make_commitment(
        partner=partner,
        title="Ditolak saja",
        status=Status.REJECTED,
        rejection_reason="Tidak sesuai",
    )
    make_commitment(partner=partner, title="Dibatalkan saja", status=Status.CANCELLED)
    make_commitment(title="Milik mitra lain", status=Status.APPROVED)

    content = profile(client, partner)

    for commitment in shown:
        assert commitment.title in content
        assert reverse("programs:commitment_detail", args=[commitment.pk]) in content
    for hidden in ("Usulan baru", "Ditolak saja", "Dibatalkan saja", "Milik mitra lain"):
        assert hidden not in content, hidden
    assert "Disaster management" in content
    assert "BPBD Contoh" in content
    assert "Approved" in content and "In progress" in content and "Realised" in content
    assert "2025" in content
    assert "Rp 60.000.000" in content


def test_a_partner_profile_lists_only_verified_work_with_its_total(client):
    partner = make_company()
    commitment = make_commitment(partner=partner, title="Ambulans", status=Status.IN_PROGRESS)
    make_realization(
        commitment=commitment, status=Realization.Status.VERIFIED,
        date=date(2026, 5, 17), value=7_250_000,
    )  # fmt: skip
    make_realization(commitment=commitment, status=Realization.Status.SUBMITTED, value=3_330_000)
    make_realization(commitment=commitment, status=Realization.Status.CONFIRMED, value=4_440_000)
    make_realization(commitment=commitment, status=Realization.Status.RETURNED, value=5_550_000)

    content = profile(client, partner)

    assert "May 17, 2026" in content
    assert content.count("Rp 7.250.000") >= 2  # the row and the total
    for unverified in ("Rp 3.330.000", "Rp 4.440.000", "Rp 5.550.000"):
        assert unverified not in content


def test_work_on_a_pledge_that_is_no_longer_public_is_not_shown(client):
    partner = make_company()
    cancelled = make_commitment(partner=partner, title="Batal", status=Status.IN_PROGRESS)
    make_realization(commitment=cancelled, status=Realization.Status.VERIFIED, value=8_880_000)
    Commitment.objects.filter(pk=cancelled.pk).update(status=Status.CANCELLED)

    content = profile(client, partner)

    assert "Rp 8.880.000" not in content


# --- an agency's needs and the pledges it receives ------------------------------------------


def test_an_agency_profile_lists_its_public_needs_and_not_its_drafts(client):
    agency = make_agency()
    public = {
        status: make_opportunity(agency=agency, title=f"Kebutuhan {status}", status=status)
        for status in Opportunity.PUBLIC_STATUSES
    }
    for status in ("draft", "submitted", "withdrawn"):
        make_opportunity(agency=agency, title=f"Tersembunyi {status}", status=status)

    content = profile(client, agency)

    for opportunity in public.values():
        assert opportunity.title in content
        assert reverse("programs:opportunity_detail", args=[opportunity.pk]) in content
    assert "Tersembunyi" not in content


def test_an_agency_need_shows_budget_pledged_and_what_is_still_missing(client):
    agency = make_agency()
    need = make_opportunity(agency=agency, budget=100_000_000)
    make_commitment(opportunity=need, value=40_000_000, status=Status.APPROVED)
    make_commitment(opportunity=need, value=50_000_000, status=Status.PROPOSED)

    content = profile(client, agency)

    assert "Rp 100.000.000" in content
    assert "Rp 40.000.000" in content
    assert "Rp 60.000.000" in content


def test_an_agency_profile_lists_the_public_pledges_it_receives(client):
    agency = make_agency()
    giver = make_company(name="PT Dermawan Contoh")
    make_commitment(agency=agency, partner=giver, title="Kursi roda", status=Status.APPROVED,
                    value=15_000_000)  # fmt: skip
    make_commitment(agency=agency, title="Masih usulan", status=Status.PROPOSED)

    content = profile(client, agency)

    assert "Kursi roda" in content
    assert "PT Dermawan Contoh" in content
    assert profile_url(giver) in content
    assert "Masih usulan" not in content


def test_an_agency_profile_lists_the_pledges_it_receives_a_page_at_a_time_newest_first(client):
    agency = make_agency()
    theme, partner = make_theme(), make_company()
    for month in range(1, 13):
        for day in (1, 2, 3):
            make_commitment(agency=agency, theme=theme, partner=partner, status=Status.APPROVED,
                            title=f"Janji {month:02d}-{day}", start_date=date(2025, month, day),
                            value=1_000_000)  # fmt: skip

    first = profile(client, agency)
    client.cookies["django_language"] = "en"
    second = client.get(profile_url(agency), {"page": 2}).content.decode()

    assert "Janji 12-3" in first and "Janji 04-3" in first  # the newest 25 of 36
    assert "Janji 04-2" not in first
    assert "Janji 04-2" in second and "Janji 01-1" in second
    assert "Janji 12-3" not in second
    assert "?page=2" in first
    assert "Page 1 of 2" in first
    # The total still counts every pledge received, not only the page's.
    assert "Rp 36.000.000" in first and "Rp 36.000.000" in second


def test_an_inactive_partner_is_named_without_a_link(client):
    agency = make_agency()
    gone = make_company(name="PT Sudah Tutup Contoh", is_active=False)
    make_commitment(agency=agency, partner=gone, status=Status.APPROVED)

    content = profile(client, agency)

    assert "PT Sudah Tutup Contoh" in content
    assert profile_url(gone) not in content


# --- events ------------------------------------------------------------------------------------


def test_profile_lists_the_published_events_the_organisation_attended_once_each(client):
    company = make_company()
    gathering = make_event(name="Gathering CSR Contoh 2023", date=date(2023, 11, 20))
    make_registration(event=gathering, organization=company, representative_name="A")
    make_registration(event=gathering, organization=company, representative_name="B")
    withdrawn = make_event(name="Forum Dibatalkan Contoh")
    make_registration(event=withdrawn, organization=company, cancelled_at=timezone.now())
    unpublished = make_event(name="Rapat Internal Contoh", is_published=False)
    make_registration(event=unpublished, organization=company)
    make_registration(event=make_event(name="Acara Orang Lain Contoh"))

    content = profile(client, company)

    assert content.count("Gathering CSR Contoh 2023") == 1
    assert reverse("events:event_detail", args=[gathering.slug]) in content
    for absent in ("Forum Dibatalkan Contoh", "Rapat Internal Contoh", "Acara Orang Lain Contoh"):
        assert absent not in content


def test_an_upcoming_event_is_marked_as_registered_not_attended_yet(client):
    company = make_company()
    make_registration(event=make_event(date=date(2020, 1, 1)), organization=company)
    make_registration(event=make_event(date=timezone.localdate()), organization=company)

    content = profile(client, company)

    assert content.count("Registered, upcoming") == 1


# --- languages and queries ---------------------------------------------------------------------


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_profile_renders_in_both_languages(client, language):
    company = make_company(name="PT Alfa Contoh", description="Perusahaan contoh.")
    make_commitment(partner=company, title="Beasiswa", status=Status.APPROVED)
    client.cookies["django_language"] = language

    response = client.get(profile_url(company))

    content = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in content
    assert "PT Alfa Contoh" in content
    assert "Beasiswa" in content


def _busy_partner(partner, agency, n):
    for i in range(n):
        commitment = make_commitment(partner=partner, agency=agency, status=Status.IN_PROGRESS)
        make_realization(commitment=commitment, status=Realization.Status.VERIFIED)
        ContactPerson.objects.create(organization=partner, name=f"Kontak {i}")
        make_registration(organization=partner)


def test_a_partner_profile_runs_the_same_few_queries_for_few_or_many_rows(client):
    partner, agency = make_company(), make_agency()
    _busy_partner(partner, agency, 1)
    few = queries_to_render(client, profile_url(partner))

    _busy_partner(partner, make_agency(), 20)
    many = queries_to_render(client, profile_url(partner))

    assert few == many
    assert many <= 8


def test_an_agency_profile_runs_the_same_few_queries_for_few_or_many_rows(client):
    agency = make_agency()

    def busy(n):
        for _ in range(n):
            need = make_opportunity(agency=agency, kind="goods", quantity=4, unit="unit")
            make_commitment(opportunity=need, kind="goods", quantity=1, unit="unit",
                            status=Status.APPROVED)  # fmt: skip
            ContactPerson.objects.create(organization=agency, name="Petugas")
            make_registration(organization=agency)

    busy(1)
    few = queries_to_render(client, profile_url(agency))
    busy(20)
    many = queries_to_render(client, profile_url(agency))

    assert few == many
    assert many <= 8
