"""The attendee list of an event for Bappeda staff: CSV, XLSX and the printed attendance sheet."""

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from depok_csr.downloads import csv_download

from .models import Event

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attendees(event: Event):
    """Registrations that stand, by organisation and representative, with what the list shows."""
    return (
        event.registrations.active()
        .select_related("organization")
        .order_by("organization__name", "representative_name", "pk")
    )


def header() -> list[str]:
    return [
        _("Organisation"),
        _("Kind"),
        _("Representative"),
        _("Position"),
        _("Phone"),
        _("Email"),
        _("Check-in code"),
        _("Checked in at"),
    ]


def rows(event: Event):
    for registration in attendees(event):
        checked_in = registration.checked_in_at
        yield [
            registration.organization.name,
            registration.organization.get_kind_display(),
            registration.representative_name,
            registration.position,
            registration.phone,
            registration.email,
            registration.checkin_code,
            timezone.localtime(checked_in).strftime("%Y-%m-%d %H:%M") if checked_in else "",
        ]


def attendee_csv(event: Event):
    return csv_download(f"peserta-{event.slug}.csv", header(), rows(event))


def attendee_xlsx(event: Event) -> HttpResponse:
    """Built in memory: an event's attendee list is a few hundred rows at most."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Attendees")[:31]
    sheet.append(header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(event):
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            # Text typed by partners is text in the workbook, never a formula that runs.
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGH", (40, 20, 28, 24, 18, 30, 14, 18), strict=True):
        sheet.column_dimensions[column].width = width
    content = io.BytesIO()
    book.save(content)
    response = HttpResponse(content.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="peserta-{event.slug}.xlsx"'
    return response
