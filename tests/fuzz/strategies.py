"""
What the fuzz tests type into the portal: hostile text, odd numbers and dates, missing fields.

A submission starts from a valid one (so the deep paths behind a form's checks are reached)
and then changes one field, or several at once: a field kept, left out, emptied, repeated or
given hostile text. Every hostile markup payload is embedded whole in the value, so a page can
be searched for it: raw, it must never be there; escaped, it is where the page echoes the value.
"""

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from hypothesis import strategies as st

from tests.programs.uploads import image_bytes, pdf_bytes

# Markup that would run or change the page if it were shown unescaped.
MARKUP = (
    "<script>alert('fz')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(2)>",
    "'><b>fz</b>",
    '<a href="javascript:alert(3)">fz</a>',
    "</textarea><script>alert(4)</script>",
)
# Text that other layers might interpret: SQL, templates, spreadsheets, paths, control bytes.
INJECTION = (
    "' OR '1'='1' -- ",
    "1; DROP TABLE programs_commitment; --",
    "%' OR 1=1 --",
    "\\' \\\" \\\\ %_",
    "{{ 7*7 }}",
    "{% debug %}",
    "${7*7}",
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "../../../../etc/passwd",
    "%00",
    "%2e%2e%2f",
    "a\x00b",
    "\x00",
    "\r\n\r\nSet-Cookie: fz=1",
    "\u202eevil\u202c",  # right-to-left override
    "\u200f\u200e\u200b\ufeff",  # RTL and LTR marks, zero-width space, byte order mark
    "مرحبا بالعالم",
    "😀👨‍👩‍👧‍👦🇮🇩",
    "Z̷̢̛͓a̵l̸g̶o̴",
    "\ufffd\uffff",
    "ǅungla İstanbul ß ﬁ",
    "null",
    "None",
    "undefined",
    "[]",
    '{"a": 1}',
)
NUMBERS = (
    "0",
    "-0",
    "-1",
    "1",
    "00001",
    "2147483647",
    "2147483648",
    "4294967296",
    "-2147483649",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    "1" + "0" * 40,
    "-" + "9" * 40,
    "9" * 500,
    "1e309",
    "-1e309",
    "1e-400",
    "1.5",
    "1,5",
    "1.000.000",
    "1.000.000.000.000.000.000",
    "Rp -1",
    "NaN",
    "nan",
    "Infinity",
    "-inf",
    "0x1F",
    "1_000",
    "١٢٣",  # Arabic-Indic digits: Python's int() reads them
    "²",  # a digit for str.isdigit(), not for int()
    "½",
    " 42 ",
)
DATES = (
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2026-02-30",
    "2026-13-01",
    "-1-01-01",
    "01/02/2026",
    "2026-06-01T25:61:00",
    "1970-01-01",
)

# Long values: far beyond every max_length, in one and in many bytes per character.
LONG = (
    "x" * 10_000,
    "😀" * 3_000,
    "<script>alert('fz')</script>" * 200,
    # Just over the lengths columns and forms commonly allow.
    *("y" * n for n in (101, 151, 201, 256, 301, 1_999, 2_001)),
)

# Tried on every field and filter one by one, beside the random examples: each broke a page once
# (PostgreSQL refuses NUL; "²" is a digit to str.isdigit() but no number; 2**63 fits no column).
SHARP = ("a\x00b", "²", "9223372036854775808", "-1", "y" * 2_001)


@st.composite
def hostile_text(draw):
    """Text of any kind with, often, a payload embedded whole."""
    alphabet = st.characters(exclude_categories=("Cs",))  # lone surrogates: no client sends them
    around = st.text(alphabet=alphabet, max_size=12)
    core = draw(
        st.one_of(
            st.sampled_from(MARKUP),
            st.sampled_from(INJECTION),
            st.text(alphabet=alphabet, max_size=40),
        )
    )
    if draw(st.booleans()):
        return core
    return draw(around) + core + draw(around)


def junk():
    """Any value a browser, a script or a person could send for a field."""
    scalar = st.one_of(
        hostile_text(),
        st.sampled_from(NUMBERS),
        st.sampled_from(DATES),
        st.sampled_from(LONG),
        st.integers().map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.just(""),
        st.just("   "),
    )
    return st.one_of(scalar, st.lists(scalar, min_size=2, max_size=3))


# --- files ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Upload:
    """A file to send: made anew for every request (an upload is read once)."""

    name: str
    content: bytes
    content_type: str = "application/octet-stream"

    def file(self):
        return SimpleUploadedFile(self.name, self.content, content_type=self.content_type)


PHOTO = Upload("foto.jpg", image_bytes("JPEG"), "image/jpeg")
PDF = Upload("bast.pdf", pdf_bytes(), "application/pdf")


@st.composite
def hostile_upload(draw):
    name = draw(
        st.sampled_from(
            [
                "<img src=x onerror=alert(1)>.jpg",
                "<b>fz</b>.pdf",
                '"onmouseover="alert(1).png',
                "..\\..\\evil.jpg",
                "foto.jpg",
                "😀.jpg",
                "\u202egpj.exe",
                "x" * 300 + ".jpg",
            ]
        )
    )
    content, content_type = draw(
        st.sampled_from(
            [
                (b"", "image/jpeg"),
                (b"<html><script>alert(1)</script></html>", "image/png"),
                (b"%PDF-1.4\nno end marker", "application/pdf"),
                (image_bytes("GIF"), "image/gif"),
                (image_bytes("PNG")[:20], "image/png"),  # a cut-off image
                (image_bytes("JPEG"), "image/jpeg"),
                (pdf_bytes(), "text/html"),
            ]
        )
    )
    return Upload(name, content, content_type)


def upload_junk():
    return st.one_of(hostile_upload(), st.lists(hostile_upload(), min_size=2, max_size=6))


# --- submissions ------------------------------------------------------------------------------

MISSING = object()


def _changed(value_strategy):
    """A field's value replaced: left out, or junk."""
    return st.one_of(st.just(MISSING), value_strategy)


def submissions(valid, *, files=(), extra=()):
    """
    Forms of `valid` (a dict of field → value): one field changed, or each field kept or
    changed on its own. `files` names fields taking uploads; `extra` names fields the form does
    not have, which a client may send anyway.
    """
    names = [*valid, *extra]

    def junk_for(name):
        return upload_junk() if name in files else junk()

    def build(changes):
        data = {}
        for name in names:
            value = changes.get(name, valid.get(name, MISSING))
            if value is not MISSING:
                data[name] = value
        return data

    one = st.sampled_from(names).flatmap(
        lambda name: _changed(junk_for(name)).map(lambda value: {name: value})
    )
    each = st.fixed_dictionaries(
        {},
        optional={name: _changed(junk_for(name)) for name in names},
    )
    return st.one_of(one, each).map(build)


def query_params(names, valid_values=None):
    """GET parameters: each of `names` absent, a valid value or junk."""
    valid_values = valid_values or {}

    def value(name):
        choices = valid_values.get(name)
        return st.one_of(st.sampled_from(choices), junk()) if choices else junk()

    return st.fixed_dictionaries({}, optional={name: value(name) for name in names})


# --- what a request carries ------------------------------------------------------------------


def as_request_data(data):
    """Upload descriptions become fresh files; everything else is sent as it is."""

    def one(value):
        return value.file() if isinstance(value, Upload) else value

    return {
        name: [one(v) for v in value] if isinstance(value, list) else one(value)
        for name, value in data.items()
    }


def payloads_in(data):
    """Every markup payload some sent value embeds (file names included)."""
    found = set()
    for value in data.values():
        for item in value if isinstance(value, list) else [value]:
            text = item.name if isinstance(item, Upload) else item
            if isinstance(text, str):
                found.update(p for p in MARKUP if p in text)
    return found


def echoed_payloads(data, fields):
    """The payloads in `fields`, which the page shows back, as they should appear: escaped."""
    found = set()
    for name in fields:
        value = data.get(name)
        if isinstance(value, str):
            found.update(escape(p) for p in MARKUP if p in value)
    return found
