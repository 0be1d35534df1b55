"""Every public page tells search engines its address (canonical link) and what it is about."""

from datetime import date
from html.parser import HTMLParser

import pytest
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from tests.crawler import crawl
from tests.factories import (
    make_agency,
    make_commitment,
    make_company,
    make_event,
    make_opportunity,
    make_realization,
    make_theme,
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
]
DETAIL_PAGES = {
    "companies:organization_detail",
    "programs:theme_detail",
    "programs:opportunity_detail",
    "programs:commitment_detail",
    "events:event_detail",
}


class HeadParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.canonical = []
        self.descriptions = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs.get("href") or "")
        elif tag == "meta" and attrs.get("name") == "description":
            self.descriptions.append((attrs.get("content") or "").strip())


def head_of_text(text):
    parser = HeadParser()
    parser.feed(text)
    return parser


def site_description(language):
    """The layout's own description, which a page shows when it sets none of its own."""
    with translation.override(language):
        text = Template('{% extends "base.html" %}').render(
            RequestContext(RequestFactory().get("/"))
        )
    return head_of_text(text).descriptions[0]


@pytest.fixture
def partnership(db):
    """One item of every kind of public page."""
    theme = make_theme()
    agency = make_agency()
    need = make_opportunity(theme=theme, agency=agency, published_at=timezone.now())
    pledge = make_commitment(opportunity=need, partner=make_company(), status="in_progress")
    make_realization(commitment=pledge, status="verified", narrative="Diserahkan.")
    make_event(date=date(2026, 12, 1)).announced_commitments.add(pledge)


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_public_page_has_one_canonical_address_and_one_description(
    partnership, client, language
):
    client.cookies["django_language"] = language
    pages = crawl(client, [reverse(name) for name in START_PAGES], limit=300)
    html = {path: page for path, page in pages.items() if page.is_html and page.status == 200}

    problems = {}
    for path, page in html.items():
        head = head_of_text(page.text)
        expected = "http://testserver" + path.split("?")[0]
        if head.canonical != [expected]:
            problems[path] = f"canonical {head.canonical}, expected [{expected!r}]"
        elif len(head.descriptions) != 1 or not head.descriptions[0]:
            problems[path] = f"descriptions {head.descriptions}"
    assert problems == {}
    # Profiles and details describe themselves: search results must tell them apart.
    generic = site_description(language)
    assert {
        path: page.view_name
        for path, page in html.items()
        if page.view_name in DETAIL_PAGES and generic in head_of_text(page.text).descriptions
    } == {}
    assert {page.view_name for page in html.values()} >= DETAIL_PAGES
    assert {reverse(name) for name in START_PAGES} <= set(html)
