"""
A dataset's rows as CSV, XLSX or JSON, without the whole table in memory.

CSV and JSON stream row by row as the database cursor yields them. XLSX cannot stream (it is a
zip archive with an index at its end): openpyxl's write-only mode writes each row to disk as it
comes and the finished file is sent from a temporary file.
"""

import json
import tempfile

from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from depok_csr.downloads import csv_download

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv_value(value):
    # Table Schema's and most programs' spelling of booleans.
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def as_csv(filename, header, rows):
    """UTF-8 with a header row; text that would run as a formula is defused."""
    return csv_download(filename, header, ([_csv_value(v) for v in row] for row in rows))


def _xlsx_cell(sheet, value):
    if not isinstance(value, str):
        return value
    # Control characters are not allowed in the file format; partners may paste them.
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value.startswith("="):
        return value
    # openpyxl would store "=..." as a formula: keep it as the text it is.
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    return cell


def as_xlsx(filename, sheet_title, header, rows):
    """One sheet with a header row; every cell holds the stored value, never a formula."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    # Deleted when the response, having sent it, closes it.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )


def as_json(filename, records):
    """A JSON array of objects, one per row, streamed."""

    def chunks():
        separator = "[\n"
        for record in records:
            yield separator + json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False)
            separator = ",\n"
        yield "[]\n" if separator == "[\n" else "\n]\n"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
