"""CSV downloads of the public lists, streamed so a long list never sits in memory."""

import csv

from django.http import StreamingHttpResponse

# Rows sent together: one write to the socket per row cost more than writing the row.
ROWS_PER_CHUNK = 500
# A cell starting with one of these runs as a formula in spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    """Text that could run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value


def csv_download(filename: str, header: list[str], rows) -> StreamingHttpResponse:
    """Stream `rows` (an iterable of sequences) as a UTF-8 CSV file with a header row."""
    writer = csv.writer(_Echo())

    def lines():
        # A byte-order mark so spreadsheet programs read the file as UTF-8.
        batch = ["\ufeff" + writer.writerow(header)]
        for row in rows:
            batch.append(writer.writerow([_safe(value) for value in row]))
            if len(batch) >= ROWS_PER_CHUNK:
                yield "".join(batch)
                batch.clear()
        yield "".join(batch)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
