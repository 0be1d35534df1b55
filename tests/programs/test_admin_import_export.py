"""Agencies' yearly plans of needs come in as spreadsheets; needs and pledges go out as ones."""

import csv
import io

import pytest

from programs.models import Commitment, Opportunity
from programs.resources import CommitmentResource, OpportunityResource
from tests.admin_helpers import CSV_FORMAT, admin_url, csv_upload, import_confirm, import_preview
from tests.factories import (
    make_agency,
    make_commitment,
    make_company,
    make_kecamatan,
    make_opportunity,
    make_theme,
)

HEADER = ["title", "theme", "agency", "kecamatan", "kind", "budget", "quantity", "unit", "year"]


@pytest.fixture(autouse=True)
def _english(settings):
    # Messages are checked in English; the Indonesian ones come from the translation files.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def plan(db):
    theme = make_theme(number=6)  # needs name their theme by its number
    agency = make_agency(slug="dinas-damkar")
    kecamatan = make_kecamatan(code="32.76.01")
    rows = [
        HEADER + ["status"],
        [
            "Mobil pemadam",
            str(theme.number),
            agency.slug,
            kecamatan.code,
            "goods",
            "900000000",
            "1",
            "unit",
            "2026",
            "published",
        ],
        ["Pelatihan relawan", "6", agency.slug, "", "cash", "50000000", "", "", "2026", ""],
    ]
    return rows


def _import(client, rows):
    """Upload the plan and confirm it, or stop at the preview when it shows errors."""
    preview = import_preview(client, Opportunity, csv_upload(rows))
    if not preview.context.get("confirm_form"):
        return preview
    return import_confirm(client, Opportunity, preview)


def test_imported_needs_are_drafts_whatever_the_file_says(client, staff, plan):
    client.force_login(staff)
    _import(client, plan)

    needs = Opportunity.objects.order_by("title")
    assert [need.title for need in needs] == ["Mobil pemadam", "Pelatihan relawan"]
    assert {need.status for need in needs} == {Opportunity.Status.DRAFT}
    assert needs[0].quantity == 1
    assert needs[0].created_by == staff


def test_importing_a_plan_again_updates_its_drafts(client, staff, plan):
    client.force_login(staff)
    _import(client, plan)
    plan[2][5] = "60000000"
    _import(client, plan)

    assert Opportunity.objects.count() == 2
    assert Opportunity.objects.get(title="Pelatihan relawan").budget == 60_000_000


def test_a_published_need_is_not_changed_by_an_import(client, staff, plan):
    client.force_login(staff)
    _import(client, plan)
    Opportunity.objects.filter(title="Pelatihan relawan").update(
        status=Opportunity.Status.PUBLISHED
    )
    plan[2][5] = "1"

    response = _import(client, plan)

    assert "only drafts can be imported again" in response.content.decode()
    assert Opportunity.objects.get(title="Pelatihan relawan").budget == 50_000_000


def test_goods_without_a_quantity_are_refused_with_their_line(client, staff, plan):
    plan[1][6] = plan[1][7] = ""  # goods need a quantity and its unit
    client.force_login(staff)

    response = _import(client, plan)

    assert "Line 2" in response.content.decode()
    assert not Opportunity.objects.exists()


def test_a_need_of_a_company_is_refused(client, staff, plan):
    plan[1][2] = make_company(slug="pt-bukan-dinas").slug
    client.force_login(staff)

    response = _import(client, plan)

    assert "No organization with slug “pt-bukan-dinas”" in response.content.decode()
    assert not Opportunity.objects.exists()


def _export_csv(client, model, resource):
    columns = resource().get_export_order()
    chosen = {f"{resource.__name__.lower()}_{column}": "on" for column in columns}
    response = client.post(
        admin_url(model, "export"), {"format": CSV_FORMAT, "resource": "0", **chosen}
    )
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_need_export_carries_status_and_the_ledger(client, staff):
    need = make_opportunity(budget=100_000_000)
    make_commitment(opportunity=need, value=30_000_000, status=Commitment.Status.APPROVED)
    client.force_login(staff)

    [row] = _export_csv(client, Opportunity, OpportunityResource)

    assert row["status"] == "published"
    assert row["pledged_value"] == "30000000"
    assert row["gap_value"] == "70000000"
    assert row["agency"] == need.agency.slug


def test_the_pledge_export_names_partner_agency_and_status(client, staff):
    need = make_opportunity()
    pledge = make_commitment(opportunity=need, status=Commitment.Status.APPROVED)
    client.force_login(staff)

    [row] = _export_csv(client, Commitment, CommitmentResource)

    assert row["partner"] == pledge.partner.name
    assert row["partner_kind"] == "company"
    assert row["agency"] == need.agency.name
    assert row["status"] == "approved"
    assert row["value"] == str(pledge.value)


PLEDGE_HEADER = [
    "partner",
    "theme",
    "opportunity",
    "title",
    "kind",
    "value",
    "start_date",
    "end_date",
    "quantity",
    "unit",
]


def _import_pledges(client, rows):
    preview = import_preview(client, Commitment, csv_upload(rows))
    if not preview.context.get("confirm_form"):
        return preview
    return import_confirm(client, Commitment, preview)


def test_pledges_announced_on_paper_are_imported_as_proposals_to_decide(client, staff):
    client.force_login(staff)
    need = make_opportunity(budget=300_000_000)
    make_company(slug="pt-alfa")
    make_theme(number=6)
    rows = [
        PLEDGE_HEADER + ["status"],
        [
            "pt-alfa",
            "",
            str(need.pk),
            "Perahu karet",
            "cash",
            "100000000",
            "2026-01-01",
            "2026-12-31",
            "",
            "",
            "approved",
        ],
        [
            "pt-alfa",
            "6",
            "",
            "Tenda darurat",
            "goods",
            "15000000",
            "2026-02-01",
            "2026-06-30",
            "20",
            "unit",
            "",
        ],
    ]

    _import_pledges(client, rows)

    imported = Commitment.objects.order_by("pk")
    assert [p.title for p in imported] == ["Perahu karet", "Tenda darurat"]
    assert {p.status for p in imported} == {Commitment.Status.PROPOSED}
    assert imported[0].agency == need.agency and imported[0].theme == need.theme
    assert imported[0].created_by == staff
    assert imported[0].history.first().history_user == staff


def test_a_pledge_file_with_one_refused_row_imports_nothing_and_names_the_line(client, staff):
    client.force_login(staff)
    make_company(slug="pt-alfa")
    make_company(slug="pt-belum", is_verified=False)
    make_theme(number=6)
    rows = [
        PLEDGE_HEADER,
        [
            "pt-alfa",
            "6",
            "",
            "Tenda darurat",
            "cash",
            "15000000",
            "2026-02-01",
            "2026-06-30",
            "",
            "",
        ],
        ["pt-belum", "6", "", "Perahu", "cash", "5000000", "2026-02-01", "2026-06-30", "", ""],
    ]

    response = _import_pledges(client, rows)

    assert Commitment.objects.count() == 0
    html = response.content.decode()
    assert "must be verified by Bappeda" in html
    assert "3" in html  # the spreadsheet line of the refused row
