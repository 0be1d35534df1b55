"""sitemap.xml lists every public page with an absolute address, and nothing private."""

from datetime import UTC, datetime
from urllib.parse import urlsplit
from xml.etree import ElementTree

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import Organization
from events.models import Event
from programs.models import Commitment, Opportunity
from tests.factories import (
    make_agency,
    make_commitment,
    make_company,
    make_event,
    make_opportunity,
    make_theme,
)

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
FIXED_PAGES = [
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


def sitemap(client, **request):
    """{address: lastmod or None} of every <url> in the sitemap (which must be valid XML)."""
    response = client.get(reverse("sitemap"), **request)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ElementTree.fromstring(response.content)
    return {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }


def address(view_name, *args):
    return "http://testserver" + reverse(view_name, args=args)


def profile(organization):
    return address("companies:organization_detail", organization.slug)


def need_page(opportunity):
    return address("programs:opportunity_detail", opportunity.pk)


def pledge_page(commitment):
    return address("programs:commitment_detail", commitment.pk)


def event_page(event):
    return address("events:event_detail", event.slug)


def test_the_sitemap_lists_the_fixed_pages_and_every_public_profile_theme_need_pledge_and_event(
    client, db
):
    theme, agency, partner = make_theme(), make_agency(), make_company()
    needs = [
        make_opportunity(theme=theme, agency=agency, status=status)
        for status in ("published", "fully_committed", "completed")
    ]
    pledges = [
        make_commitment(opportunity=needs[0], partner=partner, status=status)
        for status in ("approved", "in_progress", "realized")
    ]
    event = make_event()

    assert set(sitemap(client)) == {
        *(address(name) for name in FIXED_PAGES),
        profile(agency),
        profile(partner),
        address("programs:theme_detail", theme.slug),
        *(need_page(need) for need in needs),
        *(pledge_page(pledge) for pledge in pledges),
        event_page(event),
    }


def test_the_sitemap_leaves_out_everything_private(client, db):
    private = {
        "draft need": need_page(make_opportunity(status="draft")),
        "submitted need": need_page(make_opportunity(status="submitted")),
        "withdrawn need": need_page(make_opportunity(status="withdrawn")),
        "proposed pledge": pledge_page(make_commitment(status="proposed")),
        "rejected pledge": pledge_page(
            make_commitment(status="rejected", rejection_reason="Di luar tema.")
        ),
        "cancelled pledge": pledge_page(make_commitment(status="cancelled")),
        "inactive organisation": profile(make_company(is_active=False)),
        "unpublished event": event_page(make_event(is_published=False)),
    }
    public = need_page(make_opportunity(status="published"))

    listed = sitemap(client)

    assert public in listed
    assert {name: url for name, url in private.items() if url in listed} == {}


def test_the_addresses_use_the_host_and_scheme_of_the_request(client, db, settings):
    settings.ALLOWED_HOSTS = ["csr.depok.go.id"]
    make_opportunity()

    listed = sitemap(client, HTTP_HOST="csr.depok.go.id", secure=True)

    assert len(listed) > len(FIXED_PAGES)
    assert {urlsplit(url)[:2] for url in listed} == {("https", "csr.depok.go.id")}


def test_profiles_needs_pledges_and_events_say_the_day_they_last_changed(client, db):
    # 20:00 UTC is already the next day in Depok (UTC+7).
    changed = datetime(2026, 3, 4, 20, 0, tzinfo=UTC)
    need = make_opportunity()
    pledge = make_commitment(opportunity=need, status="approved")
    event = make_event()
    for model in (Organization, Opportunity, Commitment, Event):
        model.objects.update(updated_at=changed)

    listed = sitemap(client)

    for url in (
        profile(need.agency),
        profile(pledge.partner),
        need_page(need),
        pledge_page(pledge),
    ):
        assert listed[url] == "2026-03-05", url
    assert listed[event_page(event)] == "2026-03-05"
    assert listed[address("programs:theme_detail", need.theme.slug)] is None
    assert listed[address("home")] is None


def test_every_address_in_the_sitemap_opens(client, db):
    need = make_opportunity()
    make_commitment(opportunity=need, status="in_progress")
    make_event()

    statuses = {url: client.get(urlsplit(url).path).status_code for url in sitemap(client)}

    assert set(statuses.values()) == {200}, statuses


def test_the_sitemap_runs_the_same_few_queries_however_many_pages_there_are(client, db):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            sitemap(client)
        return len(captured)

    make_commitment(opportunity=make_opportunity(), status="approved")
    make_event()
    few = queries()
    for _ in range(20):
        make_commitment(opportunity=make_opportunity(theme=make_theme()), status="approved")
        make_event()

    assert queries() == few <= 10
