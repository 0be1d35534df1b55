"""The Indonesian catalogue is complete, compiled, and used by the pages.

Indonesian (`id`) is the portal's default language; the source strings are English. When code or
templates gain strings, refresh the catalogue from the project folder with:

    DEBUG=1 .venv/bin/python manage.py makemessages -l id --ignore='.venv/*' \
        --ignore='staticfiles/*' --ignore='var/*' --no-obsolete
    # translate every entry `msgattrib --untranslated` or `msgattrib --only-fuzzy` lists, and
    # delete the `#, fuzzy` flag (and the `#| msgid` lines) of each entry once it is checked
    DEBUG=1 .venv/bin/python manage.py compilemessages -l id --ignore='.venv/*'

and commit both `locale/id/LC_MESSAGES/django.po` and `django.mo`.
"""

import gettext as gnu_gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from companies.models import Organization
from programs.models import Commitment, Opportunity, Realization

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"


# --- a small .po reader (polib is not a dependency) --------------------------------------------


@dataclass
class Entry:
    line: int
    flags: set = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict = field(default_factory=dict)  # index -> text; a singular entry uses 0

    @property
    def label(self):
        return f"{PO_FILE.name}:{self.line} {self.msgid!r}"


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(text):
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), text
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text[1:-1])


def read_po(path=PO_FILE):
    """Every entry of the catalogue, the header included; obsolete (#~) entries are skipped."""
    entries, entry, target = [], None, None

    def finish():
        if entry is not None and (entry.msgid or entry.msgstr):
            entries.append(entry)

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            entry, target = None, None
            continue
        if line.startswith("#~"):
            continue
        if entry is None:
            entry = Entry(line=number)
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            kind, key = target
            if kind == "msgstr":
                entry.msgstr[key] += _unquote(line)
            else:
                setattr(entry, kind, getattr(entry, kind) + _unquote(line))
        else:
            keyword, _space, value = line.partition(" ")
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if match or keyword == "msgstr":
                key = int(match.group(1)) if match else 0
                entry.msgstr[key] = _unquote(value)
                target = ("msgstr", key)
            elif keyword in ("msgid", "msgid_plural", "msgctxt"):
                setattr(entry, keyword, _unquote(value))
                target = (keyword, None)
            else:
                raise AssertionError(f"{path.name}:{number}: cannot read {raw!r}")
    finish()
    return entries


def messages():
    return [entry for entry in read_po() if entry.msgid]


def header():
    (entry,) = [entry for entry in read_po() if not entry.msgid]
    return entry


# --- (a) the committed .po is complete ----------------------------------------------------------


def test_the_catalogue_has_a_proper_indonesian_header():
    entry = header()
    assert "fuzzy" not in entry.flags
    assert "Language: id\n" in entry.msgstr[0]
    assert "charset=UTF-8" in entry.msgstr[0]
    assert "Plural-Forms: nplurals=1; plural=0;" in entry.msgstr[0]


def test_the_catalogue_is_not_empty():
    assert len(messages()) > 100


def test_every_entry_is_translated():
    untranslated = [
        entry.label
        for entry in messages()
        if not entry.msgstr or any(not text.strip() for text in entry.msgstr.values())
    ]
    assert untranslated == []


def test_no_entry_is_fuzzy():
    # A fuzzy entry is a guess by msgmerge; compilemessages leaves it out of the .mo.
    assert [entry.label for entry in messages() if "fuzzy" in entry.flags] == []


def test_plural_entries_have_the_single_indonesian_form():
    plural = [entry for entry in messages() if entry.msgid_plural is not None]
    assert [entry.label for entry in plural if set(entry.msgstr) != {0}] == []


_PLACEHOLDER = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


@pytest.mark.parametrize("pattern", [_PLACEHOLDER, _TAG], ids=["placeholders", "html-tags"])
def test_translations_keep_placeholders_and_tags(pattern):
    def found(text):
        return sorted(pattern.findall(text.replace("%%", "")))

    wrong = []
    for entry in messages():
        if pattern is _PLACEHOLDER and "python-format" not in entry.flags:
            continue
        source = entry.msgid_plural if entry.msgid_plural is not None else entry.msgid
        # One Indonesian form serves every count, so it follows the English plural.
        expected = sorted(set(found(source)))
        for text in entry.msgstr.values():
            if sorted(set(found(text))) != expected:
                wrong.append((entry.label, text))
    assert wrong == []


# --- (b) the committed .mo is compiled from this .po --------------------------------------------


def test_the_mo_file_holds_exactly_the_po_translations():
    with MO_FILE.open("rb") as stream:
        compiled = gnu_gettext.GNUTranslations(stream)._catalog
    expected = {}
    for entry in messages():
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            expected[key] = entry.msgstr[0]
        else:
            for index, text in entry.msgstr.items():
                expected[(key, index)] = text
    compiled = {key: text for key, text in compiled.items() if key != ""}  # "" is the header
    assert compiled == expected, "run compilemessages: django.mo is stale"


def test_django_serves_every_po_translation_in_indonesian():
    wrong = []
    with translation.override("id"):
        for entry in messages():
            for count in (1, 2, 5) if entry.msgid_plural is not None else (None,):
                if entry.msgctxt is None and count is None:
                    got = translation.gettext(entry.msgid)
                elif entry.msgctxt is None:
                    got = translation.ngettext(entry.msgid, entry.msgid_plural, count)
                elif count is None:
                    got = translation.pgettext(entry.msgctxt, entry.msgid)
                else:
                    got = translation.npgettext(
                        entry.msgctxt, entry.msgid, entry.msgid_plural, count
                    )
                if got != entry.msgstr[0]:
                    wrong.append((entry.label, got, entry.msgstr[0]))
    assert wrong == []


# --- (c) the admin speaks Indonesian by default and English on request ---------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "id",
            [
                "Portal Kemitraan CSR Kota Depok",
                "Administrasi Bappeda",
                "Organisasi",
                "Komitmen",
                "Peluang kolaborasi",
                "Periode pelaporan",
            ],
        ),
        (
            "en",
            [
                "Depok CSR Partnership Portal",
                "Bappeda administration",
                "Organizations",
                "Commitments",
                "Opportunities",
                "Reporting periods",
            ],
        ),
    ],
)
def test_admin_index_in_each_language(client, staff, language, expected):
    client.force_login(staff)
    response = client.get("/admin/", headers={"accept-language": language})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'lang="{language}"' in page
    for text in expected:
        assert text in page, text


def test_the_admin_is_indonesian_without_any_language_preference(client, staff):
    client.force_login(staff)
    page = client.get("/admin/").content.decode()
    assert "Administrasi Bappeda" in page
    assert "Bappeda administration" not in page


def test_the_language_cookie_switches_the_admin_to_english(client, staff):
    client.force_login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/admin/", headers={"accept-language": "id"}).content.decode()
    assert "Bappeda administration" in page
    assert "Administrasi Bappeda" not in page


# --- (d) stored values stay English; only labels are translated ----------------------------------


@pytest.mark.parametrize(
    ("choice", "stored", "indonesian", "english"),
    [
        (Commitment.Status.APPROVED, "approved", "Disetujui", "Approved"),
        (Commitment.Status.IN_PROGRESS, "in_progress", "Berjalan", "In progress"),
        (Commitment.Status.REALIZED, "realized", "Terealisasi", "Realised"),
        (Opportunity.Status.FULLY_COMMITTED, "fully_committed", "Terpenuhi", "Fully committed"),
        (
            Realization.Status.RETURNED,
            "returned",
            "Dikembalikan untuk perbaikan",
            "Returned for correction",
        ),
        (
            Organization.Kind.ZAKAT_INSTITUTION,
            "zakat_institution",
            "Lembaga amil zakat",
            "Zakat institution",
        ),
    ],
    ids=str,
)
def test_choices_store_english_values_and_show_translated_labels(
    choice, stored, indonesian, english
):
    assert choice == stored
    assert choice.value == stored
    with translation.override("id"):
        assert str(choice.label) == indonesian
        assert str(choice) == stored
    with translation.override("en"):
        assert str(choice.label) == english
