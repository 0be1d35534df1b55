"""
A dataset's rows as CSV, XLSX or JSON, without the whole table in memory.

CSV, JSON and XLSX stream row by row as the database cursor yields them (XLSX: a zip archive
whose sheet is deflated as it is written, see xlsx.py).
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse

from depok_csr.downloads import csv_download

from . import xlsx


def _csv_value(value):
    # Table Schema's and most programs' spelling of booleans.
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def as_csv(filename, header, rows):
    """UTF-8 with a header row; text that would run as a formula is defused."""
    return csv_download(filename, header, ([_csv_value(v) for v in row] for row in rows))


def as_xlsx(filename, sheet_title, header, rows):
    """One sheet with a header row; every cell holds the stored value, never a formula.
    Streamed while it is written (opendata/xlsx.py)."""
    response = StreamingHttpResponse(
        xlsx.stream(sheet_title, header, rows), content_type=xlsx.CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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
