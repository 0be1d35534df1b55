"""Staff download the attendee list (CSV, XLSX) and print the attendance sheet."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from events.services import registration_check_in
from tests.factories import make_agency, make_company, make_registration, make_user

pytestmark = pytest.mark.django_db

HEADER = [
    "Organisation",
    "Kind",
    "Representative",
    "Position",
    "Phone",
    "Email",
    "Check-in code",
    "Checked in at",
]


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def attendees(forum, staff):
    """Rina (checked in), Sari, a cancelled one; and someone of another event."""
    rina = make_registration(
        event=forum,
        organization=make_company(name="PT Hadir"),
        representative_name="Rina",
        position="Manajer CSR",
        phone="0812-1",
        email="rina@example.org",
    )
    registration_check_in(registration=rina, actor=staff)
    make_registration(
        event=forum,
        organization=make_agency(name="Dinas Hadir"),
        representative_name='=HYPERLINK("x")',
    )
    make_registration(event=forum, representative_name="Batal", cancelled_at=timezone.now())
    make_registration(representative_name="Acara Lain")
    rina.refresh_from_db()
    return rina


def url(name, event):
    return reverse(f"events:{name}", args=[event.slug])


def test_the_csv_lists_the_registrations_that_stand(client, staff, forum, attendees):
    client.force_login(staff)

    response = client.get(url("attendee_csv", forum))

    assert response["Content-Disposition"] == f'attachment; filename="peserta-{forum.slug}.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    checked_in = f"{timezone.localtime(attendees.checked_in_at):%Y-%m-%d %H:%M}"
    assert rows == [
        HEADER,
        ["Dinas Hadir", "Regional agency", '\'=HYPERLINK("x")', "", "", "", rows[1][6], ""],
        [
            "PT Hadir",
            "Company",
            "Rina",
            "Manajer CSR",
            "0812-1",
            "rina@example.org",
            attendees.checkin_code,
            checked_in,
        ],
    ]


def test_the_xlsx_has_the_same_rows_and_never_runs_a_formula(client, staff, forum, attendees):
    client.force_login(staff)

    response = client.get(url("attendee_xlsx", forum))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADER
    assert [row[:3] for row in rows[1:]] == [
        ["Dinas Hadir", "Regional agency", '=HYPERLINK("x")'],
        ["PT Hadir", "Company", "Rina"],
    ]
    assert sheet["C2"].data_type == "s"  # text, not a formula
    assert rows[2][6:] == [
        attendees.checkin_code,
        f"{timezone.localtime(attendees.checked_in_at):%Y-%m-%d %H:%M}",
    ]


def test_the_attendance_sheet_has_a_numbered_row_and_a_signature_cell_each(
    client, staff, forum, attendees
):
    client.force_login(staff)

    page = client.get(url("attendance_sheet", forum)).content.decode()

    body = re.search(r"<tbody>.*?</tbody>", page, re.S).group(0)
    assert body.count('<td class="signature"></td>') == 2
    assert "Rina" in body and "Dinas Hadir" in body
    assert "Batal" not in body and "Acara Lain" not in body
    assert 'class="print-page attendance-sheet"' in page


@pytest.mark.parametrize("name", ["attendee_csv", "attendee_xlsx", "attendance_sheet"])
def test_only_staff_get_the_lists(client, forum, attendees, partner_a, name):
    assert client.get(url(name, forum)).status_code == 302
    for user in (partner_a, make_user(is_staff=True)):
        client.force_login(user)
        assert client.get(url(name, forum)).status_code == 403
