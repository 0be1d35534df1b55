"""The Atom feeds of newly published needs, for all themes and for one."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import Opportunity
from tests.factories import make_opportunity, make_theme

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEED_URL = reverse("programs:opportunity_feed")
Status = Opportunity.Status


def feed(client, url=FEED_URL, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


def entries(root):
    return root.findall(f"{ATOM}entry")


def titles(root):
    return [entry.findtext(f"{ATOM}title") for entry in entries(root)]


def published(title, days_ago=0, **fields):
    moment = timezone.now() - timedelta(days=days_ago)
    return make_opportunity(title=title, published_at=moment, **fields)


def test_feed_is_atom_and_every_entry_has_id_title_updated_and_link(client):
    need = published("Perahu karet", budget=80_000_000, description="Untuk banjir.")

    root = feed(client)

    assert root.findtext(f"{ATOM}title")
    assert root.findtext(f"{ATOM}updated")
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    (entry,) = entries(root)
    for child in ("id", "title", "updated"):
        assert entry.findtext(f"{ATOM}{child}"), child
    link = entry.find(f"{ATOM}link").get("href")
    assert link.endswith(reverse("programs:opportunity_detail", args=[need.pk]))
    assert entry.findtext(f"{ATOM}updated").startswith(str(need.published_at.year))
    assert "Rp 80.000.000" in entry.findtext(f"{ATOM}summary")
    assert "Untuk banjir." in entry.findtext(f"{ATOM}summary")


def test_feed_summary_shows_an_agencys_text_as_text_never_as_markup(client):
    published("Perahu", description="Ukuran <b>besar</b> & kuat")

    summary = entries(feed(client))[0].findtext(f"{ATOM}summary")

    assert "Ukuran &lt;b&gt;besar&lt;/b&gt; &amp; kuat" in summary


def test_feed_lists_only_public_needs_newest_published_first(client):
    published("Lama", days_ago=10)
    published("Baru", days_ago=1)
    published("Penuh", days_ago=5, status=Status.FULLY_COMMITTED)
    for status in (Status.DRAFT, Status.SUBMITTED, Status.WITHDRAWN):
        published(f"Rahasia {status}", status=status)

    assert titles(feed(client)) == ["Baru", "Penuh", "Lama"]


def test_feed_entries_carry_their_theme_as_category_in_the_page_language(client):
    theme = make_theme(short_name="Bencana", short_name_en="Disasters")
    published("Perahu karet", theme=theme)

    indonesian = feed(client)
    english = feed(client, HTTP_ACCEPT_LANGUAGE="en")

    assert entries(indonesian)[0].find(f"{ATOM}category").get("term") == "Bencana"
    assert entries(english)[0].find(f"{ATOM}category").get("term") == "Disasters"


def test_theme_feed_lists_only_that_themes_published_needs(client):
    theme = make_theme(slug="penanggulangan-bencana")
    published("Perahu karet", theme=theme)
    published("Draf perahu", theme=theme, status=Status.DRAFT)
    published("Beasiswa")

    root = feed(client, reverse("programs:theme_opportunity_feed", args=[theme.slug]))

    assert titles(root) == ["Perahu karet"]
    assert (
        root.find(f"{ATOM}link")
        .get("href")
        .endswith(reverse("programs:theme_detail", args=[theme.slug]))
    )


def test_feed_of_an_unknown_theme_is_404(client):
    url = reverse("programs:theme_opportunity_feed", args=["tidak-ada"])
    assert client.get(url).status_code == 404


def test_feed_runs_the_same_queries_for_few_and_many_needs(client, django_assert_num_queries):
    published("Satu")
    with django_assert_num_queries(1):
        client.get(FEED_URL)
    for n in range(20):
        published(f"Kebutuhan {n}")
    with django_assert_num_queries(1):
        client.get(FEED_URL)
