"""Also active here: the other needs and pledges in the same kelurahan, theme and year, on the
partner's and agency's pages and the admin's, and the staff page of overlaps per year."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import Commitment
from programs.overlaps import also_active_here, overlap_groups
from tests.factories import (
    make_commitment,
    make_company,
    make_kelurahan,
    make_opportunity,
    make_theme,
)

pytestmark = pytest.mark.django_db

Status = Commitment.Status
OVERLAPS_URL = reverse("admin:programs_commitment_overlaps")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def place():
    """Kelurahan Mekarsari, theme 6, where the pledges and needs of the tests are."""
    kelurahan = make_kelurahan(name="Mekarsari")
    return {"kelurahan": kelurahan, "kecamatan": kelurahan.kecamatan, "theme": make_theme()}


def pledge(place, partner, *, year=2026, **fields):
    return make_commitment(
        partner=partner,
        start_date=date(year, 3, 1),
        end_date=date(year, 12, 31),
        **{"status": Status.APPROVED, **place, **fields},
    )


def need(place, agency, **fields):
    return make_opportunity(agency=agency, **{**place, **fields})


def titles(items):
    return [item.title for item in items]


def workspace(client, user, commitment):
    client.force_login(user)
    return client.get(reverse("programs:workspace_commitment", args=[commitment.pk]))


# --- what is listed ----------------------------------------------------------------------------


def test_two_pledges_in_the_same_kelurahan_theme_and_year_list_each_other(
    place, company_a, company_b, staff
):
    alfa = pledge(place, company_a, title="Sumur bor Alfa")
    beta = pledge(place, company_b, title="Sumur bor Beta", status=Status.IN_PROGRESS)

    assert titles(also_active_here(alfa, staff)) == ["Sumur bor Beta"]
    assert titles(also_active_here(beta, staff)) == ["Sumur bor Alfa"]


def test_the_partner_sees_the_other_partners_pledge_on_its_own_pledges_page(
    client, place, company_a, company_b, partner_a
):
    alfa = pledge(place, company_a, title="Sumur bor Alfa")
    pledge(place, company_b, title="Sumur bor Beta", value=25_000_000)

    html = workspace(client, partner_a, alfa).content.decode()

    assert "Also active here" in html
    assert "Sumur bor Beta" in html and "PT Beta Contoh" in html and "Rp 25.000.000" in html
    assert "Kelurahan Mekarsari" in html


def test_other_years_kelurahan_and_themes_are_not_listed(place, company_a, company_b, staff):
    alfa = pledge(place, company_a)
    pledge(place, company_b, year=2027, title="Tahun depan")
    pledge({**place, "kelurahan": make_kelurahan()}, company_b, title="Kelurahan lain")
    pledge({**place, "theme": make_theme()}, company_b, title="Tema lain")
    need(place, make_opportunity().agency, year=2025, title="Kebutuhan 2025")

    assert also_active_here(alfa, staff) == []


def test_a_need_and_a_pledge_in_the_same_place_list_each_other(place, company_a, agency, staff):
    # A pledge to the theme, not to the need: the partner may not know the need exists.
    well = need(place, agency, title="Sumur warga", year=2026)
    theme_pledge = pledge(place, company_a, title="Air bersih Alfa")

    assert titles(also_active_here(well, staff)) == ["Air bersih Alfa"]
    assert titles(also_active_here(theme_pledge, staff)) == ["Sumur warga"]


def test_pledges_to_the_same_need_are_its_co_funders_not_an_overlap(
    place, company_a, company_b, agency, staff
):
    well = need(place, agency, title="Sumur warga")
    alfa = pledge(place, company_a, opportunity=well, agency=agency)
    pledge(place, company_b, opportunity=well, agency=agency)

    assert also_active_here(well, staff) == []
    assert also_active_here(alfa, staff) == []


def test_without_a_kelurahan_nothing_is_listed_not_even_in_the_same_kecamatan(
    place, company_a, company_b, staff
):
    kecamatan_wide = {**place, "kelurahan": None}
    alfa = pledge(kecamatan_wide, company_a)
    pledge(kecamatan_wide, company_b)
    pledge(place, company_b)

    assert also_active_here(alfa, staff) == []


def test_private_needs_and_rejected_or_cancelled_pledges_are_never_listed(
    place, company_a, company_b, agency, staff
):
    alfa = pledge(place, company_a)
    for status in ("draft", "withdrawn"):
        need(place, agency, status=status, title=f"Kebutuhan {status}")
    pledge(place, company_b, status=Status.REJECTED, rejection_reason="Tidak sesuai.")
    pledge(place, company_b, status=Status.CANCELLED)

    assert also_active_here(alfa, staff) == []


def test_a_partner_never_sees_another_partners_proposed_pledge(
    client, place, company_a, company_b, partner_a, staff
):
    alfa = pledge(place, company_a)
    pledge(place, company_b, title="Usulan Beta", status=Status.PROPOSED)
    pledge(place, company_a, title="Usulan Alfa sendiri", status=Status.PROPOSED)

    html = workspace(client, partner_a, alfa).content.decode()

    assert "Usulan Beta" not in html
    assert "Usulan Alfa sendiri" in html  # its own proposal it knows
    assert "Usulan Beta" in titles(also_active_here(alfa, staff))


def test_an_agency_officer_sees_public_items_and_what_its_agency_receives(
    place, company_a, company_b, agency, agency_officer
):
    well = need(place, agency)
    need(place, agency, title="Kebutuhan lain dinas", status="submitted")
    pledge(place, company_a, title="Usulan ke dinas", status=Status.PROPOSED, agency=agency)
    pledge(place, company_b, title="Usulan ke dinas lain", status=Status.PROPOSED)
    need(place, make_opportunity().agency, title="Diajukan dinas lain", status="submitted")

    shown = titles(also_active_here(well, agency_officer))

    assert sorted(shown) == ["Kebutuhan lain dinas", "Usulan ke dinas"]


# --- the pages ----------------------------------------------------------------------------------


def test_the_agency_page_of_a_need_lists_what_else_is_active_there(
    client, place, company_b, agency, agency_officer
):
    well = need(place, agency, status="draft")
    pledge(place, company_b, title="Air bersih Beta")

    client.force_login(agency_officer)
    html = client.get(reverse("programs:agency_opportunity", args=[well.pk])).content.decode()

    assert "Also active here" in html and "Air bersih Beta" in html


def test_the_pledge_form_of_a_need_lists_what_else_is_active_there(
    client, place, company_b, agency, partner_a
):
    well = need(place, agency)
    pledge(place, company_b, title="Air bersih Beta")

    client.force_login(partner_a)
    html = client.get(reverse("programs:opportunity_pledge", args=[well.pk])).content.decode()

    assert "Also active here" in html and "Air bersih Beta" in html


def test_the_admin_change_pages_list_what_else_is_active_there(
    client, place, company_a, company_b, agency, staff
):
    well = need(place, agency, title="Sumur warga")
    proposed = pledge(place, company_b, title="Usulan Beta", status=Status.PROPOSED)
    client.force_login(staff)

    need_page = client.get(reverse("admin:programs_opportunity_change", args=[well.pk]))
    pledge_page = client.get(reverse("admin:programs_commitment_change", args=[proposed.pk]))

    assert "Usulan Beta" in need_page.content.decode()
    assert reverse("admin:programs_commitment_change", args=[proposed.pk]) in (
        need_page.content.decode()
    )
    assert reverse("admin:programs_opportunity_change", args=[well.pk]) in (
        pledge_page.content.decode()
    )


def test_staff_overlaps_page_shows_the_group_and_not_singletons(
    client, place, company_a, company_b, agency, staff
):
    alfa = pledge(place, company_a, title="Sumur bor Alfa")
    beta = pledge(place, company_b, title="Sumur bor Beta", status=Status.PROPOSED)
    lonely_place = {**place, "kelurahan": make_kelurahan(name="Sepi")}
    pledge(lonely_place, company_a, title="Sendirian")
    # A need and the pledge to it are one effort: no overlap.
    funded = need({**place, "theme": make_theme()}, agency, title="Didanai satu")
    pledge({**place, "theme": funded.theme}, company_a, opportunity=funded, title="Untuk itu")
    client.force_login(staff)

    response = client.get(OVERLAPS_URL, {"year": 2026})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Sumur bor Alfa" in html and "Sumur bor Beta" in html and "Mekarsari" in html
    assert reverse("admin:programs_commitment_change", args=[alfa.pk]) in html
    assert reverse("admin:programs_commitment_change", args=[beta.pk]) in html
    assert "Sendirian" not in html and "Sepi" not in html
    assert "Didanai satu" not in html
    assert len(response.context["groups"]) == 1


def test_staff_overlaps_page_shows_the_year_chosen(client, place, company_a, company_b, staff):
    pledge(place, company_a, year=2025, title="Lama Alfa")
    pledge(place, company_b, year=2025, title="Lama Beta")
    client.force_login(staff)

    chosen = client.get(OVERLAPS_URL, {"year": 2025}).content.decode()
    other = client.get(OVERLAPS_URL, {"year": 2026}).content.decode()

    assert "Lama Alfa" in chosen and '<option value="2025" selected>' in chosen
    assert "Lama Alfa" not in other


def test_staff_overlaps_page_explains_a_year_it_does_not_know(client, staff):
    client.force_login(staff)

    response = client.get(OVERLAPS_URL, {"year": "dua ribu"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("who", ["partner_a", "agency_officer"])
def test_the_overlaps_page_is_for_staff_only(client, request, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get(OVERLAPS_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_the_changelists_link_to_the_overlaps_page(client, staff):
    client.force_login(staff)

    for model in ("commitment", "opportunity"):
        html = client.get(reverse(f"admin:programs_{model}_changelist")).content.decode()
        assert OVERLAPS_URL in html, model


# --- queries ------------------------------------------------------------------------------------


def crowd(place, agency, n):
    """n more partners and needs active in the place."""
    for _ in range(n):
        partner = make_company()
        pledge(place, partner)
        pledge(place, partner, status=Status.PROPOSED)
        need(place, agency)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("partner_a", "workspace"),
        ("partner_a", "pledge_form"),
        ("agency_officer", "agency"),
        ("staff", "admin_need"),
        ("staff", "admin_pledge"),
        ("staff", "overlaps"),
    ],
)
def test_pages_with_the_list_run_the_same_queries_for_few_and_many_rows(
    client, request, place, company_a, agency, who, page
):
    well = need(place, agency)
    alfa = pledge(place, company_a)
    pledge(place, make_company())
    url = {
        "workspace": reverse("programs:workspace_commitment", args=[alfa.pk]),
        "pledge_form": reverse("programs:opportunity_pledge", args=[well.pk]),
        "agency": reverse("programs:agency_opportunity", args=[well.pk]),
        "admin_need": reverse("admin:programs_opportunity_change", args=[well.pk]),
        "admin_pledge": reverse("admin:programs_commitment_change", args=[alfa.pk]),
        "overlaps": f"{OVERLAPS_URL}?year=2026",
    }[page]
    client.force_login(request.getfixturevalue(who))
    few = queries(client, url)

    crowd(place, agency, 8)
    crowd({**place, "kelurahan": make_kelurahan()}, agency, 4)

    assert queries(client, url) == few
    assert len(overlap_groups(year=2026, viewer=request.getfixturevalue("staff"))) == 2
