"""The home page: headline figures, the themes, the newest open needs and the next event."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programs import ledger
from programs.models import Commitment, Opportunity, Realization
from tests.factories import (
    make_agency,
    make_commitment,
    make_company,
    make_event,
    make_opportunity,
    make_realization,
    make_theme,
    make_zakat_institution,
)

pytestmark = pytest.mark.django_db

HOME = reverse("home")
THIS_YEAR = timezone.localdate().year


def figure(html, label):
    """The number shown under a headline label, as text."""
    match = re.search(rf"<dt>{re.escape(label)}</dt>\s*<dd>(.*?)</dd>", html, re.S)
    assert match, label
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def home(client, language="en"):
    client.cookies["django_language"] = language
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def test_home_counts_active_partners_and_agencies_by_kind(client):
    for _ in range(3):
        make_company()
    make_company(is_active=False)
    make_zakat_institution()
    make_agency()
    make_agency(is_active=False)

    html = home(client)

    assert figure(html, "Companies") == "3"
    assert figure(html, "Zakat institutions") == "1"
    assert figure(html, "Regional agencies") == "1"


def test_home_counts_only_needs_open_for_pledges(client):
    theme, agency = make_theme(), make_agency()
    for status in Opportunity.Status.values:
        make_opportunity(theme=theme, agency=agency, status=status)
    make_opportunity(theme=theme, agency=agency)

    assert figure(home(client), "Needs open for pledges") == "2"


def test_home_shows_rupiah_pledged_and_realised_this_year(client):
    start = date(THIS_YEAR, 3, 1)
    counted = make_commitment(status=Commitment.Status.APPROVED, value=25_000_000, start_date=start)
    make_commitment(status=Commitment.Status.IN_PROGRESS, value=5_000_000, start_date=start)
    for status in ("proposed", "rejected", "cancelled"):
        make_commitment(status=status, value=1_000_000, start_date=start, rejection_reason="x")
    last_year = date(THIS_YEAR - 1, 3, 1)
    make_commitment(status=Commitment.Status.APPROVED, value=7_000_000, start_date=last_year)
    verified = Realization.Status.VERIFIED
    make_realization(commitment=counted, value=4_000_000, date=start, status=verified)
    make_realization(commitment=counted, value=300_000, date=start)
    make_realization(commitment=counted, value=2_000_000, date=last_year, status=verified)

    html = home(client)

    assert figure(html, f"Pledged in {THIS_YEAR}") == "Rp 30.000.000"
    assert figure(html, f"Realised in {THIS_YEAR}") == "Rp 4.000.000"


def test_home_links_the_seven_themes_with_their_open_needs(client):
    disaster = make_theme(number=6, name="Penanggulangan bencana", name_en="Disaster management")
    quiet = make_theme(number=7, name="Pemberdayaan PMKS", name_en="Empowering PMKS")
    agency = make_agency()
    make_opportunity(theme=disaster, agency=agency)
    make_opportunity(theme=disaster, agency=agency)
    make_opportunity(theme=disaster, agency=agency, status=Opportunity.Status.DRAFT)

    html = home(client)

    assert f'href="{reverse("programs:theme_detail", args=[disaster.slug])}"' in html
    assert re.search(r"Disaster management</a>\s*<span[^>]*>2 open needs</span>", html)
    assert re.search(r"Empowering PMKS</a>\s*<span[^>]*>0 open needs</span>", html)
    assert f'href="{reverse("programs:theme_detail", args=[quiet.slug])}"' in html


def test_home_lists_the_five_newest_open_needs_with_budget_and_what_is_missing(client):
    theme, agency = make_theme(), make_agency()
    now = timezone.now()
    for days in range(6):
        make_opportunity(
            title=f"Kebutuhan terbuka {days}",
            theme=theme,
            agency=agency,
            published_at=now - timedelta(days=days + 1),
        )
    newest = make_opportunity(
        title="Ambulans kelurahan", theme=theme, agency=agency, budget=100_000_000, published_at=now
    )
    make_commitment(opportunity=newest, status=Commitment.Status.APPROVED, value=40_000_000)
    make_commitment(opportunity=newest, status=Commitment.Status.PROPOSED, value=50_000_000)
    for status in ("draft", "submitted", "withdrawn", "fully_committed"):
        make_opportunity(title=f"Kebutuhan {status}", theme=theme, agency=agency, status=status)

    html = home(client)

    assert "Ambulans kelurahan" in html
    assert f'href="{reverse("programs:opportunity_detail", args=[newest.pk])}"' in html
    assert "Rp 100.000.000" in html
    assert 'still missing <span class="money">Rp 60.000.000</span>' in html
    assert [f"Kebutuhan terbuka {n}" in html for n in range(6)] == [True] * 4 + [False] * 2
    for status in ("draft", "submitted", "withdrawn", "fully_committed"):
        assert f"Kebutuhan {status}" not in html


def test_home_shows_the_next_published_event(client):
    today = timezone.localdate()
    make_event(name="Forum yang lalu", date=today - timedelta(days=3))
    make_event(name="Forum tertutup", date=today + timedelta(days=2), is_published=False)
    later = make_event(name="Forum berikutnya lagi", date=today + timedelta(days=40))
    soon = make_event(name="Forum berikutnya", date=today + timedelta(days=10))

    html = home(client)

    assert f'href="{reverse("events:event_detail", args=[soon.slug])}"' in html
    for name in ("Forum yang lalu", "Forum tertutup", later.name):
        assert name not in html


def test_home_dates_and_themes_in_the_page_language(client):
    make_theme(name="Penanggulangan bencana", name_en="Disaster management")
    make_event(name="Forum Agustus", date=date(THIS_YEAR + 1, 8, 20))

    indonesian, english = home(client, "id"), home(client, "en")

    assert '<html lang="id">' in indonesian and '<html lang="en">' in english
    assert "Penanggulangan bencana" in indonesian and "Disaster management" in english
    assert f"20 Agu {THIS_YEAR + 1}" in indonesian
    assert f"Aug. 20, {THIS_YEAR + 1}" in english


def test_home_says_so_when_nothing_is_open_or_planned(client):
    html = home(client)

    assert "No needs are open for pledges right now." in html
    assert "No event is planned yet." in html


def _arrange(count):
    agency = make_agency()
    for n in range(count):
        theme = make_theme()
        need = make_opportunity(theme=theme, agency=agency, published_at=timezone.now())
        pledge = make_commitment(opportunity=need, status=Commitment.Status.APPROVED)
        make_realization(commitment=pledge, status=Realization.Status.VERIFIED)
        make_event(date=timezone.localdate() + timedelta(days=n + 1))
        make_company()


@pytest.mark.parametrize("summed", [True, False], ids=["ledger-summed", "change-waiting"])
def test_home_runs_the_same_few_queries_for_few_and_many_rows(
    client, django_assert_num_queries, summed
):
    """Summed: the ledger's sums are current (as after every commit); else summed live."""
    _arrange(1)
    if summed:
        ledger.rebuild()
    with CaptureQueriesContext(connection) as few:
        home(client)
    _arrange(20)
    if summed:
        ledger.rebuild()

    with django_assert_num_queries(len(few)):
        home(client)
    assert len(few) <= (7 if summed else 8)
