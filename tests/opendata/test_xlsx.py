"""The streamed XLSX writer: every kind of value reads back as itself, and rows leave as they
are written."""

import io
from datetime import UTC, date, datetime, time
from decimal import Decimal

import openpyxl

from opendata import xlsx


def read(chunks):
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(chunks)))
    return workbook, list(workbook.active.iter_rows(values_only=True))


def test_values_read_back_as_what_they_are(settings):
    settings.TIME_ZONE = "Asia/Jakarta"
    row = [
        'Perahu <karet> & "pelampung"',
        '=HYPERLINK("http://x")',
        "bel\x07l",
        12_500_000,
        2.5,
        Decimal("1.25"),
        True,
        None,
        date(2026, 3, 1),
        datetime(2026, 3, 1, 1, 30, tzinfo=UTC),
        time(8, 15),
    ]

    workbook, rows = read(xlsx.stream("commitments", [f"c{i}" for i in range(len(row))], [row]))

    assert workbook.sheetnames == ["commitments"]
    assert rows[0] == tuple(f"c{i}" for i in range(len(row)))
    assert rows[1] == (
        'Perahu <karet> & "pelampung"',
        '=HYPERLINK("http://x")',
        "bell",
        12_500_000,
        2.5,
        1.25,
        True,
        None,
        datetime(2026, 3, 1),
        datetime(2026, 3, 1, 8, 30),  # in the portal's time zone
        time(8, 15),
    )
    assert workbook.active["B2"].data_type == "s"  # text, not a formula


def test_rows_leave_in_chunks_while_they_are_read():
    read_so_far = []

    def rows():
        for n in range(3 * xlsx.ROWS_PER_CHUNK):
            read_so_far.append(n)
            yield [n, f"baris {n}"]

    chunks = xlsx.stream("rows", ["n", "text"], rows())
    first = next(chunks)

    assert first and len(read_so_far) < xlsx.ROWS_PER_CHUNK
    _workbook, found = read([first, *chunks])
    assert len(found) == 1 + 3 * xlsx.ROWS_PER_CHUNK
    assert found[-1] == (3 * xlsx.ROWS_PER_CHUNK - 1, f"baris {3 * xlsx.ROWS_PER_CHUNK - 1}")
