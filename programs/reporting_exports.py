"""The compliance list of a reporting period for Bappeda staff, as CSV and XLSX."""

import io
from datetime import date

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from depok_csr.downloads import csv_download

from .models import ReportingPeriod
from .reporting import STATUS_LABELS, compliance_rows, compliance_summary

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def header() -> list[str]:
    return [
        _("Partner"),
        _("Partner kind"),
        _("Pledge"),
        _("Theme"),
        _("Receiving agency"),
        _("Pledge status"),
        _("Pledge start"),
        _("Pledge end"),
        _("In this period"),
        _("Reported at"),
    ]


def rows(period: ReportingPeriod, today: date):
    for commitment in compliance_rows(period, today).iterator(chunk_size=1000):
        agency = commitment.agency or (
            commitment.opportunity.agency if commitment.opportunity else None
        )
        reported = commitment.reported_at
        yield [
            commitment.partner.name,
            commitment.partner.get_kind_display(),
            commitment.title,
            str(commitment.theme),
            agency.name if agency else "",
            commitment.get_status_display(),
            commitment.start_date.isoformat(),
            commitment.end_date.isoformat(),
            str(STATUS_LABELS[commitment.compliance]),
            timezone.localtime(reported).strftime("%Y-%m-%d %H:%M") if reported else "",
        ]


def _filename(period: ReportingPeriod, extension: str) -> str:
    return f"kepatuhan-{slugify(period.name) or period.pk}.{extension}"


def compliance_csv(period: ReportingPeriod, today: date):
    return csv_download(_filename(period, "csv"), header(), rows(period, today))


def _bold_first_row(sheet):
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def _clean(value):
    # Control characters are not allowed in the file format; partners may paste them.
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _text_stays_text(sheet):
    """Text typed by people is text in the workbook, never a formula that runs."""
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"


def compliance_xlsx(period: ReportingPeriod, today: date) -> HttpResponse:
    """Two sheets: the counts (in total and by partner kind, theme and agency), then the list."""
    book = Workbook()
    summary = compliance_summary(period, today)
    counts = book.active
    counts.title = _("Summary")[:31]
    labels = [str(label) for label in STATUS_LABELS.values()]
    counts.append([_("Breakdown"), _("Name"), *labels, _("Total")])
    totals = [status["count"] for status in summary["statuses"]]
    counts.append([_("All pledges"), period.name, *totals, summary["total"]])
    for title, key in (
        (_("Partner kind"), "by_kind"),
        (_("Theme"), "by_theme"),
        (_("Receiving agency"), "by_agency"),
    ):
        for row in summary[key]:
            counts.append([title, _clean(str(row["name"])), *row["counts"], row["total"]])
    _bold_first_row(counts)
    _text_stays_text(counts)
    counts.column_dimensions["A"].width = 18
    counts.column_dimensions["B"].width = 48

    listing = book.create_sheet(_("Pledges")[:31])
    listing.append(header())
    for row in rows(period, today):
        listing.append([_clean(value) for value in row])
    _bold_first_row(listing)
    _text_stays_text(listing)
    for column, width in zip("ABCDEFGHIJ", (40, 18, 48, 30, 36, 14, 12, 12, 16, 18), strict=True):
        listing.column_dimensions[column].width = width

    content = io.BytesIO()
    book.save(content)
    response = HttpResponse(content.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(period, "xlsx")}"'
    return response
