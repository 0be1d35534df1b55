"""
A one-sheet XLSX file written row by row and streamed while it is written.

An XLSX file is a zip archive of XML parts. The sheet's part is deflated as its rows come, and
Python's zipfile writes to a stream that cannot seek (sizes in data descriptors after each
part), so the first bytes leave before the last row is read and memory stays flat. Text is
written as inline strings (no shared-string table to hold), and nothing is ever a formula.

Written by hand because the libraries spend most of a large download on their cell objects:
the 73,532 public pledges of the 100,000-pledge benchmark (24 columns) took 16-19 s of CPU with
openpyxl's write-only mode (13 s with lxml, 11 s with XlsxWriter's constant-memory mode) and
take 3.5 s with this, reading the database included (bench/README.md). The files open in
Excel, LibreOffice and openpyxl (tests/opendata).
"""

import datetime
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils import timezone
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel's limit for the text of one cell.
MAX_TEXT = 32767
# Rows deflated between two chunks sent.
ROWS_PER_CHUNK = 500
EPOCH = datetime.date(1899, 12, 30)  # day 0 of a spreadsheet's dates (1900 system)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Cell styles (cellXfs): 0 plain, 1 date, 2 date and time, 3 time.
DATE, DATETIME, TIME = 1, 2, 3

CONTENT_TYPES = f"""{XML}<Types xmlns="{PACKAGE}/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
</Types>"""
ROOT_RELS = f"""{XML}<Relationships xmlns="{PACKAGE}/relationships">\
<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>\
</Relationships>"""
WORKBOOK_RELS = f"""{XML}<Relationships xmlns="{PACKAGE}/relationships">\
<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" Type="{RELATIONSHIPS}/styles" Target="styles.xml"/>\
</Relationships>"""
WORKBOOK = f"""{XML}<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">\
<sheets><sheet name="{{name}}" sheetId="1" r:id="rId1"/></sheets></workbook>"""
STYLES = f"""{XML}<styleSheet xmlns="{MAIN}">\
<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>\
<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/>\
<numFmt numFmtId="166" formatCode="hh:mm"/>\
</numFmts>\
<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>"""
SHEET_START = f'{XML}<worksheet xmlns="{MAIN}"><sheetData>'
SHEET_END = "</sheetData></worksheet>"


def _text(ref, value):
    value = escape(ILLEGAL_CHARACTERS_RE.sub("", value[:MAX_TEXT]))
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{value}</t></is></c>'


def _number(ref, value):
    return f'<c r="{ref}"><v>{value}</v></c>'


def _boolean(ref, value):
    return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'


def _date(ref, value):
    return f'<c r="{ref}" s="{DATE}"><v>{(value - EPOCH).days}</v></c>'


def _datetime(ref, value):
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    serial = (value.date() - EPOCH).days + seconds / 86400
    return f'<c r="{ref}" s="{DATETIME}"><v>{serial!r}</v></c>'


def _time(ref, value):
    seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    return f'<c r="{ref}" s="{TIME}"><v>{seconds / 86400!r}</v></c>'


def _decimal(ref, value):
    return _number(ref, format(value, "f"))


# By the value's exact type (bool before int: a bool is an int).
CELLS = {
    str: _text,
    int: _number,
    float: lambda ref, value: _number(ref, repr(value)),
    bool: _boolean,
    Decimal: _decimal,
    datetime.datetime: _datetime,
    datetime.date: _date,
    datetime.time: _time,
}


def _other(ref, value):
    return _text(ref, str(value))


def _row(number, values, columns):
    cells = "".join(
        CELLS.get(type(value), _other)(f"{columns[i]}{number}", value)
        for i, value in enumerate(values)
        if value is not None
    )
    return f'<row r="{number}">{cells}</row>'


class _Chunks:
    """What the zip archive writes, kept until the response takes it."""

    def __init__(self):
        self.parts = []

    def write(self, data):
        self.parts.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def stream(sheet_name, header, rows):
    """The XLSX file's bytes, chunk by chunk: `header`, then one row per item of `rows`."""
    columns = [get_column_letter(i + 1) for i in range(len(header))]
    out = _Chunks()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK.format(name=escape(sheet_name[:31])))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", STYLES)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            lines = [SHEET_START, _row(1, header, columns)]
            for number, values in enumerate(rows, start=2):
                lines.append(_row(number, values, columns))
                if len(lines) >= ROWS_PER_CHUNK:
                    sheet.write("".join(lines).encode())
                    lines.clear()
                    yield out.take()
            lines.append(SHEET_END)
            sheet.write("".join(lines).encode())
    yield out.take()
