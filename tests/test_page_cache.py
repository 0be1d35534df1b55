"""
The page cache: anonymous visitors get public pages from the cache, and a change to the data
behind them (an approval, a verification, a profile edit) shows at once on every page.
"""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from depok_csr import pagecache
from programs.models import Commitment, Realization
from programs.services import commitment_approve, realization_verify
from tests.companies.test_workspace_profile_edit import post as post_profile
from tests.factories import (
    make_commitment,
    make_event,
    make_kecamatan,
    make_opportunity,
    make_realization,
    make_theme,
)

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year
SAME_HEADERS = [
    "Content-Type",
    "Content-Language",
    "Vary",
    "X-Frame-Options",
    "Content-Security-Policy",
    "Cache-Control",
    "ETag",
]


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE = True


@pytest.fixture
def world(company_a, agency):
    theme = make_theme(
        name="Air bersih",
        name_en="Clean water",
        short_name="Air bersih",
        short_name_en="Clean water",
        slug="air-bersih",
    )
    need = make_opportunity(agency=agency, theme=theme, title="Sumur bor", budget=90_000_000)
    approved = make_commitment(
        partner=company_a,
        opportunity=need,
        title="Pompa air",
        value=20_000_000,
        start_date=date(THIS_YEAR, 1, 1),
        end_date=date(THIS_YEAR, 12, 31),
        status=Commitment.Status.IN_PROGRESS,
    )
    proposed = make_commitment(
        partner=company_a,
        opportunity=need,
        title="Pipa baru",
        value=33_000_000,
        start_date=date(THIS_YEAR, 2, 1),
        end_date=date(THIS_YEAR, 12, 31),
    )
    report = make_realization(
        commitment=approved,
        value=7_500_000,
        date=date(THIS_YEAR, 3, 1),
        status=Realization.Status.CONFIRMED,
    )
    event = make_event(slug="forum-csr")
    return {
        "theme": theme,
        "need": need,
        "approved": approved,
        "proposed": proposed,
        "report": report,
        "event": event,
        "partner": company_a,
    }


def public_pages(world):
    return {
        "home": reverse("home"),
        "directory": reverse("companies:organization_list"),
        "profile": reverse("companies:organization_detail", args=[world["partner"].slug]),
        "themes": reverse("programs:theme_list"),
        "theme": reverse("programs:theme_detail", args=[world["theme"].slug]),
        "needs": reverse("programs:opportunity_list"),
        "need": reverse("programs:opportunity_detail", args=[world["need"].pk]),
        "pledges": reverse("programs:commitment_list"),
        "pledge": reverse("programs:commitment_detail", args=[world["approved"].pk]),
        "statistics": reverse("programs:statistics"),
        "events": reverse("events:event_list"),
        "event": reverse("events:event_detail", args=[world["event"].slug]),
        "open data": reverse("open_data"),
        "api": "/api/commitments",
        "api statistics": "/api/statistics",
    }


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response


def text(response):
    return response.content.decode()


def cached(client, url):
    """Asks twice; the second answer must come from the cache, without a query."""
    first = get(client, url)
    with CaptureQueriesContext(connection) as queries:
        second = get(client, url)
    assert len(queries) == 0, (url, [q["sql"] for q in queries])
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    for header in SAME_HEADERS:  # the served page skips the inner middleware: stored with it
        assert second.get(header) == first.get(header), (url, header)
    return text(second)


def committed(django_capture_on_commit_callbacks):
    """Runs what the transaction's commit runs, as a real request's commit would."""
    return django_capture_on_commit_callbacks(execute=True)


# --- what is cached ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    [
        "home",
        "directory",
        "profile",
        "themes",
        "theme",
        "needs",
        "need",
        "pledges",
        "pledge",
        "statistics",
        "events",
        "event",
        "open data",
        "api",
        "api statistics",
    ],
)
def test_a_second_anonymous_request_does_no_database_query(client, world, page):
    cached(client, public_pages(world)[page])


def test_a_cached_page_carries_no_csrf_token_and_sets_no_cookie(client, world):
    response = get(client, reverse("programs:statistics"))

    assert "csrfmiddlewaretoken" not in text(response)
    assert not response.cookies
    assert response["X-Page-Cache"] == "miss"  # stored: nobody's token is in it


def test_the_language_switch_works_without_a_csrf_token(world):
    visitor = Client(enforce_csrf_checks=True)
    url = reverse("programs:statistics")

    response = visitor.post(reverse("set_language"), {"language": "id", "next": url})

    assert response.status_code == 302 and response["Location"] == url
    assert visitor.cookies["django_language"].value == "id"
    assert '<html lang="id">' in text(get(visitor, url))


def test_the_cache_keeps_each_language_apart(client, world):
    url = reverse("programs:statistics")

    english = cached(client, url)
    client.cookies["django_language"] = "id"
    indonesian = cached(client, url)

    assert '<html lang="en">' in english and "Clean water" in english
    assert '<html lang="id">' in indonesian and "Air bersih" in indonesian


def test_the_host_is_part_of_the_key(client, world, settings):
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    url = reverse("programs:statistics")

    one = text(get(client, url, HTTP_HOST="one.example"))
    two = get(client, url, HTTP_HOST="two.example")

    assert two["X-Page-Cache"] == "miss"
    assert "one.example" in one and "two.example" in text(two)


# --- changes show at once -----------------------------------------------------------------------


def test_an_approval_shows_at_once_on_every_page_it_touches(
    client, world, staff, django_capture_on_commit_callbacks
):
    pages = public_pages(world)
    for name in ("home", "need", "pledges", "statistics", "profile"):
        assert "Rp 33.000.000" not in cached(client, pages[name])
    home_before = cached(client, pages["home"])
    pledges_before = cached(client, pages["pledges"])

    with committed(django_capture_on_commit_callbacks):
        commitment_approve(commitment=world["proposed"], actor=staff)

    # Pledged this year on the home page: 20 + 33 million.
    assert "Rp 53.000.000" in text(get(client, pages["home"])) != home_before
    # The need's ledger and list of partners, the list, the statistics and the profile.
    assert "Rp 33.000.000" in text(get(client, pages["need"]))
    pledges = text(get(client, pages["pledges"]))
    assert "Pipa baru" in pledges and "Pipa baru" not in pledges_before
    assert "Rp 53.000.000" in text(get(client, pages["statistics"]))
    assert "Pipa baru" in text(get(client, pages["profile"]))


def test_a_verification_shows_at_once(client, world, staff, django_capture_on_commit_callbacks):
    pages = public_pages(world)
    for name in ("home", "pledge", "statistics"):
        assert "Rp 7.500.000" not in cached(client, pages[name])

    with committed(django_capture_on_commit_callbacks):
        realization_verify(realization=world["report"], actor=staff)

    for name in ("home", "pledge", "statistics"):
        assert "Rp 7.500.000" in text(get(client, pages[name])), name


def test_a_profile_edit_shows_at_once_on_the_profile_and_the_directory(
    client, world, partner_a, django_capture_on_commit_callbacks
):
    pages = public_pages(world)
    beji = make_kecamatan(name="Beji", slug="beji")
    filtered = f"{pages['directory']}?kecamatan=beji"
    assert "Penyedia air bersih" not in cached(client, pages["profile"])
    assert world["partner"].name not in cached(client, filtered)
    member = Client()
    member.force_login(partner_a)

    with committed(django_capture_on_commit_callbacks):
        response = post_profile(
            member, world["partner"], description="Penyedia air bersih", kecamatan=beji.pk
        )
    assert response.status_code == 302

    assert "Penyedia air bersih" in text(get(client, pages["profile"]))
    assert world["partner"].name in text(get(client, filtered))


def test_the_version_changes_again_when_the_transaction_commits(
    world, staff, django_capture_on_commit_callbacks
):
    # Another process may render a page between the save and the commit, from the rows as
    # they were: its page carries the version of that moment, which the commit leaves behind.
    with django_capture_on_commit_callbacks() as callbacks:
        commitment_approve(commitment=world["proposed"], actor=staff)
        during = pagecache.current_version()
    assert callbacks

    for callback in callbacks:
        callback()

    assert pagecache.current_version() != during


def test_a_bump_in_another_process_reaches_this_ones_pages(client, world):
    # Without Redis each process has its own cache; the version is a file they all read.
    url = reverse("programs:statistics")
    cached(client, url)

    pagecache.bump()

    assert get(client, url)["X-Page-Cache"] == "miss"


# --- who gets cached pages ----------------------------------------------------------------------


def test_signed_in_users_never_get_a_cached_page(client, world, partner_a):
    url = reverse("programs:opportunity_detail", args=[world["need"].pk])
    cached(client, url)
    member = Client()
    member.force_login(partner_a)

    with CaptureQueriesContext(connection) as queries:
        response = get(member, url)

    assert "X-Page-Cache" not in response and len(queries) > 0
    assert "Andi" in text(response) and "Andi" not in text(get(client, url))


def test_signed_in_users_never_fill_the_cache(client, world, partner_a):
    url = reverse("programs:opportunity_detail", args=[world["need"].pk])
    member = Client()
    member.force_login(partner_a)
    get(member, url)
    get(member, url)

    response = get(client, url)

    assert response["X-Page-Cache"] == "miss"
    assert "Andi" not in text(response) and "Sign out" not in text(response)


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page(client, world):
    url = reverse("programs:statistics")
    cached(client, url)
    client.cookies["messages"] = "anything"

    assert "X-Page-Cache" not in get(client, url)


def test_workspace_and_account_pages_are_never_cached(client, partner_a):
    client.force_login(partner_a)
    for url in (reverse("programs:dashboard"), reverse("accounts:account")):
        client.get(url)
        assert "X-Page-Cache" not in client.get(url), url


def test_downloads_are_generated_every_time(client, world):
    url = reverse("opendata:download", args=["commitments", "csv"])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        b"".join(response.streaming_content)

    assert "X-Page-Cache" not in response and len(queries) > 0


# --- PAGE_CACHE=off ---------------------------------------------------------------------------


def test_with_the_page_cache_off_every_request_reaches_the_database(client, world, settings):
    settings.PAGE_CACHE = False
    for name, url in public_pages(world).items():
        get(client, url)
        with CaptureQueriesContext(connection) as queries:
            response = get(client, url)
        assert "X-Page-Cache" not in response
        if name != "open data":  # the only page that reads nothing from the database
            assert len(queries) > 0, url


def test_the_statistics_figures_are_kept_until_the_data_changes(client, world, settings):
    # A signed-in visitor's statistics page is rendered every time, its figures are not.
    from programs.statistics import statistics_figures

    counted = []

    def compute():
        counted.append(1)
        return statistics_figures()

    assert pagecache.figures("test", compute) == pagecache.figures("test", compute)
    assert len(counted) == 1
    make_theme()
    pagecache.figures("test", compute)
    assert len(counted) == 2
    settings.PAGE_CACHE = False
    pagecache.figures("test", compute)
    assert len(counted) == 3


def test_the_figures_keep_each_language_apart(world, partner_a):
    # Signed in: the page is rendered every time, from figures kept per language.
    url = reverse("programs:statistics")
    member = Client()
    member.force_login(partner_a)
    member.cookies["django_language"] = "en"
    english = text(get(member, url))
    member.cookies["django_language"] = "id"
    indonesian = text(get(member, url))

    assert "Clean water" in english and "Air bersih" not in english
    assert "Air bersih" in indonesian


def test_the_api_answers_a_cached_page_with_304_when_the_client_has_it(client, world):
    first = get(client, "/api/commitments")
    cached(client, "/api/commitments")

    again = client.get("/api/commitments", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304 and again["X-Page-Cache"] == "hit"
