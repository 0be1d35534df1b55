"""Bappeda imports organisations from a spreadsheet: the whole file, or nothing of it."""

import io

import pytest
from openpyxl import load_workbook

from companies.models import Organization
from tests.admin_helpers import (
    CSV_FORMAT,
    XLSX_FORMAT,
    admin_url,
    csv_upload,
    import_confirm,
    import_preview,
    xlsx_upload,
)
from tests.factories import make_kecamatan, make_sector

HEADER = ["kind", "name", "short_name", "slug", "kecamatan", "sector", "agency_type", "is_verified"]


@pytest.fixture(autouse=True)
def _english(settings):
    # Messages are checked in English; the Indonesian ones come from the translation files.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def beji(db):
    return make_kecamatan(code="32.76.06", name="Beji", slug="beji")


@pytest.fixture
def banking(db):
    return make_sector(name="Perbankan", slug="perbankan")


def _rows(beji, banking):
    return [
        HEADER,
        ["company", "PT Bank Contoh", "Bank Contoh", "", beji.code, banking.slug, "", "1"],
        ["zakat_institution", "LAZ Peduli Contoh", "", "laz-peduli", beji.code, "", "", "0"],
        ["regional_agency", "Dinas Contoh", "", "dinas-contoh", "", "", "dinas", "1"],
    ]


@pytest.mark.parametrize(
    ("make_file", "file_format"), [(csv_upload, CSV_FORMAT), (xlsx_upload, XLSX_FORMAT)]
)
def test_staff_import_organisations_after_a_preview(
    client, staff, beji, banking, make_file, file_format
):
    client.force_login(staff)
    preview = import_preview(client, Organization, make_file(_rows(beji, banking)), file_format)

    assert preview.status_code == 200
    assert preview.context["confirm_form"] is not None
    assert Organization.objects.count() == 0  # the preview saves nothing

    import_confirm(client, Organization, preview)

    bank = Organization.objects.get(slug="pt-bank-contoh")  # the slug is made from the name
    assert bank.kind == "company"
    assert bank.kecamatan == beji
    assert bank.sector == banking
    assert bank.is_verified
    assert Organization.objects.get(slug="dinas-contoh").agency_type == "dinas"
    assert Organization.objects.count() == 3
    assert bank.history.first().history_user == staff


def test_importing_the_same_file_again_updates_rather_than_duplicates(client, staff, beji, banking):
    client.force_login(staff)
    import_confirm(
        client,
        Organization,
        import_preview(client, Organization, csv_upload(_rows(beji, banking)), CSV_FORMAT),
    )
    rows = _rows(beji, banking)
    rows[3][1] = "Dinas Contoh (nama baru)"
    import_confirm(
        client, Organization, import_preview(client, Organization, csv_upload(rows), CSV_FORMAT)
    )

    assert Organization.objects.count() == 3
    assert Organization.objects.get(slug="dinas-contoh").name == "Dinas Contoh (nama baru)"


@pytest.mark.parametrize(
    ("make_file", "file_format"), [(csv_upload, CSV_FORMAT), (xlsx_upload, XLSX_FORMAT)]
)
@pytest.mark.parametrize(
    ("column", "bad_value", "message"),
    [
        (0, "perusahaan", "not a valid choice"),
        (4, "99.99.99", "No kecamatan with code “99.99.99”"),
    ],
    ids=["unknown kind", "unknown kecamatan"],
)
def test_a_file_with_one_bad_row_shows_its_line_and_saves_nothing(
    client, staff, beji, banking, make_file, file_format, column, bad_value, message
):
    rows = _rows(beji, banking)
    rows[2][column] = bad_value  # line 3 of the file, counting the header
    client.force_login(staff)
    response = import_preview(client, Organization, make_file(rows), file_format)

    page = response.content.decode()
    assert "Line 3" in page
    assert message in page
    assert "confirm_form" not in response.context or not response.context["confirm_form"]
    assert Organization.objects.count() == 0


def test_the_confirm_step_saves_nothing_when_a_row_has_become_invalid(client, staff, beji, banking):
    client.force_login(staff)
    preview = import_preview(client, Organization, csv_upload(_rows(beji, banking)), CSV_FORMAT)
    beji.delete()  # between preview and confirm, the kecamatan code stops existing

    response = import_confirm(client, Organization, preview)

    assert Organization.objects.count() == 0
    assert any("Nothing was imported" in str(m) for m in response.context["messages"])


def test_a_company_row_with_an_agency_type_breaks_a_rule_and_saves_nothing(
    client, staff, beji, banking
):
    rows = _rows(beji, banking)
    rows[1][6] = "dinas"  # only regional agencies have an agency type
    client.force_login(staff)
    response = import_preview(client, Organization, csv_upload(rows), CSV_FORMAT)

    assert "Line 2" in response.content.decode()
    assert Organization.objects.count() == 0


def test_staff_export_organisations_as_xlsx_in_the_import_columns(client, staff, beji):
    Organization.objects.create(kind="company", name="PT Ekspor", slug="pt-ekspor", kecamatan=beji)
    client.force_login(staff)
    chosen = {f"organizationresource_{column}": "on" for column in ("kind", "slug", "kecamatan")}
    response = client.post(
        admin_url(Organization, "export"), {"format": XLSX_FORMAT, "resource": "0", **chosen}
    )

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert list(sheet.values) == [
        ("kind", "slug", "kecamatan"),
        ("company", "pt-ekspor", beji.code),
    ]
