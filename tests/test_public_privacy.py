"""
Nothing private appears on any public page or download.

One item of every private state carries marker texts (and a rupiah amount no public total can
make). A crawler then reads every page a visitor can reach from the home page, the lists, the
sitemap and the feeds - every profile and detail, every filter of every list, the CSV
downloads - and no marker may appear anywhere.
"""

import re
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from companies.models import ContactPerson, Organization
from events.models import Event
from programs.models import Commitment, Evidence, Opportunity, Realization, Theme
from tests.crawler import SEARCH_TERM, XLSX, crawl
from tests.factories import (
    make_agency,
    make_commitment,
    make_company,
    make_event,
    make_kecamatan,
    make_member,
    make_opportunity,
    make_realization,
    make_registration,
    make_sector,
    make_theme,
    make_zakat_institution,
)

START_PAGES = [
    "home",
    "companies:organization_list",
    "programs:theme_list",
    "programs:opportunity_list",
    "programs:commitment_list",
    "programs:statistics",
    "programs:gap_map",
    "events:event_list",
    "open_data",
    "sitemap",
    "programs:opportunity_feed",
]

CRAWL_LIMIT = 600

# Every public amount is a whole multiple of Rp 10.000.000, and so are their sums and gaps. A
# private amount carries its own bit in the thousands, so a total it slipped into shows which.
UNIT = 10_000_000
PRIVATE_AMOUNT_BITS = {
    "draft opportunity": 1,
    "submitted opportunity": 2,
    "withdrawn opportunity": 4,
    "proposed commitment": 8,
    "rejected commitment": 16,
    "cancelled commitment": 32,
    "submitted realization": 64,
    "confirmed realization": 128,
    "returned realization": 256,
}
RUPIAH = re.compile(r"Rp\s?(\d{1,3}(?:\.\d{3})+)(?![\d.])")
PLAIN_NUMBER = re.compile(r"(?<![\d.])(\d{7,})(?![\d.])")


def private_amount(name, units):
    return units * UNIT + PRIVATE_AMOUNT_BITS[name] * 1_000


class PrivateTexts(dict):
    """name → private text; `private_texts("x")` makes a marker no page would show by chance."""

    def __call__(self, name, text=None):
        # Markers start with the crawler's search term, so a search that looks at private rows
        # finds them; the search term echoed in the form is not a marker.
        self[name] = text or f"{SEARCH_TERM}-{name.replace(' ', '-')}"
        return self[name]


def evidence_file(name):
    return ContentFile(b"\xff\xd8\xff\xe0 not really a photo", name=name)


@pytest.fixture
def private_texts(db, settings, tmp_path):
    """A small partnership: public items, and one item of every private state, whose private
    texts (name → text) it returns."""
    settings.MEDIA_ROOT = tmp_path
    secret = PrivateTexts()
    now = timezone.now()
    theme = make_theme(name="Penanggulangan bencana", name_en="Disaster management")
    kecamatan = make_kecamatan(name="Beji", slug="beji")
    agency = make_agency(name="Dinas Pemadam Kebakaran Contoh", kecamatan=kecamatan)
    company = make_company(name="PT Terbuka Contoh", kecamatan=kecamatan, sector=make_sector())
    zakat = make_zakat_institution(name="LAZ Terbuka Contoh", kecamatan=kecamatan)
    user = make_member(
        company,
        username=secret("username"),
        email=secret("user email", "zzpriv.user@example.org"),
        first_name=secret("user first name"),
        last_name=secret("user last name"),
    )
    for organization, phone in ((company, "0813-1111-7701"), (agency, "0813-2222-7701")):
        ContactPerson.objects.create(
            organization=organization,
            name=f"Kontak Terbuka {organization.pk}",
            position="Kepala Bidang",
            phone=secret(f"phone of {organization.kind} contact", phone),
            email=secret(f"email of {organization.kind} contact", f"zzpriv.{phone}@example.org"),
        )
    ContactPerson.objects.create(
        organization=company,
        name=secret("hidden contact name"),
        position=secret("hidden contact position"),
        is_public=False,
    )

    # Public: needs in every public state, pledges in every counted state, a verified report.
    need = make_opportunity(
        title="Mobil pemadam untuk Beji",
        theme=theme,
        agency=agency,
        kecamatan=kecamatan,
        budget=30 * UNIT,
        published_at=now,
        created_by=user,
    )
    for status in (Opportunity.Status.FULLY_COMMITTED, Opportunity.Status.COMPLETED):
        make_opportunity(theme=theme, agency=agency, budget=10 * UNIT, status=status)
    pledge = make_commitment(
        opportunity=need,
        partner=company,
        value=10 * UNIT,
        status=Commitment.Status.IN_PROGRESS,
        created_by=user,
        status_changed_by=user,
    )
    make_commitment(opportunity=need, partner=zakat, value=10 * UNIT, status="approved")
    make_commitment(partner=company, theme=theme, agency=agency, value=10 * UNIT, status="realized")
    verified = make_realization(
        commitment=pledge,
        value=5 * UNIT,
        status=Realization.Status.VERIFIED,
        narrative="Mobil pemadam diserahkan kepada dinas.",
        submitted_by=user,
        verified_by=user,
    )
    Evidence.objects.create(
        realization=verified, file=evidence_file("serah-terima.jpg"), content_type="image/jpeg"
    )
    event = make_event(name="Forum Terbuka Contoh", date=date(2026, 12, 1))
    make_registration(
        event=event,
        organization=company,
        representative_name=secret("representative name"),
        phone=secret("representative phone", "0813-5566-7702"),
        email=secret("representative email", "zzpriv.representative@example.org"),
        checkin_code=secret("check-in code", "QZXW7K2M"),
        registered_by=user,
    )
    event.announced_commitments.add(pledge)

    # Private: each state once, tied to the public theme, agency, partner, need and event.
    for status in ("draft", "submitted", "withdrawn"):
        name = f"{status} opportunity"
        make_opportunity(
            title=secret(f"{name} title"),
            description=secret(f"{name} description"),
            withdrawal_reason=secret(f"{name} reason"),
            theme=theme,
            agency=agency,
            kecamatan=kecamatan,
            budget=private_amount(name, 10),
            status=status,
            created_by=user,
        )
    for status in ("proposed", "rejected", "cancelled"):
        name = f"{status} commitment"
        commitment = make_commitment(
            opportunity=need,
            partner=company,
            title=secret(f"{name} title"),
            description=secret(f"{name} description"),
            rejection_reason=secret(f"{name} rejection reason"),
            cancellation_reason=secret(f"{name} cancellation reason"),
            value=private_amount(name, 5),
            status=status,
            created_by=user,
        )
        event.announced_commitments.add(commitment)
    for status in ("submitted", "confirmed", "returned"):
        name = f"{status} realization"
        realization = make_realization(
            commitment=pledge,
            value=private_amount(name, 2),
            narrative=secret(f"{name} narrative"),
            return_note=secret(f"{name} return note"),
            bast_number=secret(f"{name} BAST number"),
            status=status,
            submitted_by=user,
        )
        Evidence.objects.create(
            realization=realization,
            file=evidence_file(f"{secret(f'{name} evidence file')}.jpg"),
            content_type="image/jpeg",
            caption=secret(f"{name} evidence caption"),
        )
    make_company(
        name=secret("inactive organization name"),
        slug=secret("inactive organization slug"),
        description=secret("inactive organization description"),
        kecamatan=kecamatan,
        is_active=False,
    )
    make_event(
        name=secret("unpublished event name"),
        slug=secret("unpublished event slug"),
        description=secret("unpublished event description"),
        is_published=False,
    )
    return secret


@pytest.fixture
def pages(private_texts, client):
    """Every page a visitor reaches from the home page, the lists, the sitemap and the feed."""
    return crawl(client, [reverse(name) for name in START_PAGES], limit=CRAWL_LIMIT)


def detail_pages():
    """Each kind of detail page: its view, the field in its address, and its public rows."""
    return [
        ("companies:organization_detail", "slug", Organization.objects.active()),
        ("programs:theme_detail", "slug", Theme.objects.all()),
        ("programs:opportunity_detail", "pk", Opportunity.objects.public()),
        ("programs:commitment_detail", "pk", Commitment.objects.public()),
        ("programs:evidence_file", "pk", Evidence.objects.filter(realization__status="verified")),
        ("events:event_detail", "slug", Event.objects.published()),
    ]


def detail_paths(view_name, field, rows):
    return {reverse(view_name, args=[getattr(row, field)]) for row in rows}


def public_detail_paths():
    return {view: detail_paths(view, field, rows) for view, field, rows in detail_pages()}


def private_detail_paths():
    """Addresses of every row that is not public: no page may link to them."""
    paths = set()
    for view, field, rows in detail_pages():
        private_rows = rows.model.objects.exclude(pk__in=rows.values("pk"))
        paths |= detail_paths(view, field, private_rows)
    return paths


def texts_in(page, texts):
    content = page.text.lower()
    return [name for name, text in texts.items() if text.lower() in content]


def private_amounts_in(page):
    """The private items whose amount shows in a rupiah figure (or a number in a download)."""
    amounts = [int(found.replace(".", "")) for found in RUPIAH.findall(page.text)]
    if not (page.is_html or "xml" in page.content_type):
        amounts += [int(found) for found in PLAIN_NUMBER.findall(page.text)]
    bits = 0
    for amount in amounts:
        thousands, rest = divmod(amount % UNIT, 1_000)
        # Whole thousands below the sum of all bits: a private amount, not a rounded average.
        if not rest and thousands < 2 * max(PRIVATE_AMOUNT_BITS.values()):
            bits |= thousands
    return [name for name, bit in PRIVATE_AMOUNT_BITS.items() if bits & bit]


def test_nothing_private_shows_on_any_public_page_or_download(pages, private_texts):
    private_paths = private_detail_paths()
    found = {
        "texts": {
            path: names for path, page in pages.items() if (names := texts_in(page, private_texts))
        },
        "amounts": {
            path: names for path, page in pages.items() if (names := private_amounts_in(page))
        },
        "links": {
            path: links for path, page in pages.items() if (links := page.links & private_paths)
        },
    }
    assert found == {"texts": {}, "amounts": {}, "links": {}}


def test_the_private_items_own_addresses_are_not_found(private_texts, client):
    paths = private_detail_paths()
    assert len(paths) == 11
    assert {path: client.get(path).status_code for path in paths} == dict.fromkeys(paths, 404)


def test_the_crawl_reads_every_public_page_and_download_and_each_opens(pages):
    assert len(pages) < CRAWL_LIMIT, "the crawl stopped before it had read everything"
    assert {path: page.status for path, page in pages.items() if page.status != 200} == {}
    for view_name, paths in public_detail_paths().items():
        assert paths, view_name
        assert paths <= set(pages), view_name
    content_types = {page.content_type.split(";")[0] for page in pages.values()}
    assert {"text/html", "text/csv", "application/atom+xml", "application/xml"} <= content_types
    # The open data: spreadsheets, JSON downloads and the API's answers were read too.
    assert {XLSX, "application/json"} <= content_types
    assert {"opendata:download", "api:commitments_list", "api:openapi-json"} <= {
        page.view_name for page in pages.values()
    }
    # The public items are on the pages read, so private ones would have had a place to show.
    everything = "\n".join(page.text for page in pages.values())
    assert "Mobil pemadam untuk Beji" in everything
    assert "Rp 300.000.000" in everything
