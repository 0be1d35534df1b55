"""The themes and a theme's page: open needs, pledges, realised value and the funding gap."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs import ledger
from programs.models import Commitment, Opportunity
from tests.factories import (
    make_commitment,
    make_opportunity,
    make_realization,
    make_theme,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("programs:theme_list")
Status = Commitment.Status


def detail_url(theme):
    return reverse("programs:theme_detail", args=[theme.slug])


def page(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def bencana():
    return make_theme(
        number=6,
        name="Penanggulangan bencana alam",
        name_en="Managing natural disasters",
        short_name="Penanggulangan bencana",
        short_name_en="Disaster management",
        slug="penanggulangan-bencana",
    )


def test_theme_list_shows_each_theme_with_its_open_needs(client, bencana):
    make_opportunity(theme=bencana)
    make_opportunity(theme=bencana)
    make_opportunity(theme=bencana, status=Opportunity.Status.COMPLETED)
    make_opportunity(theme=bencana, status=Opportunity.Status.DRAFT)

    response = client.get(LIST_URL)

    shown = {theme.slug: theme for theme in response.context["themes"]}
    assert shown["penanggulangan-bencana"].open_count == 2
    html = response.content.decode()
    assert "Penanggulangan bencana" in html and "Penanggulangan bencana alam" in html
    assert detail_url(bencana) in html


def test_theme_list_in_english_names_the_themes_in_english(client, bencana):
    english = page(client, LIST_URL, HTTP_ACCEPT_LANGUAGE="en")

    assert '<html lang="en">' in english
    assert "Disaster management" in english and "Managing natural disasters" in english
    assert "Penanggulangan bencana" not in english


@pytest.mark.parametrize("summed", [True, False], ids=["ledger-summed", "change-waiting"])
def test_theme_list_runs_the_same_two_queries_however_many_themes(
    client, django_assert_num_queries, summed
):
    """Summed: the ledger's sums are current (as after every commit); else summed live."""
    make_theme()
    if summed:
        ledger.rebuild()
    with CaptureQueriesContext(connection) as few:
        client.get(LIST_URL)
    for _ in range(10):
        theme = make_theme()
        make_commitment(opportunity=make_opportunity(theme=theme), status=Status.APPROVED)
    if summed:
        ledger.rebuild()

    with django_assert_num_queries(len(few)):
        client.get(LIST_URL)
    assert len(few) == 2  # is the ledger current, the themes with their counts


def _a_theme_with_needs_pledges_and_reports(theme):
    boats = make_opportunity(theme=theme, title="Perahu karet", budget=80_000_000)
    drill = make_opportunity(theme=theme, title="Simulasi bencana", budget=20_000_000)
    done = make_opportunity(
        theme=theme, title="Selesai", budget=50_000_000, status=Opportunity.Status.COMPLETED
    )
    on_boats = make_commitment(opportunity=boats, value=30_000_000, status=Status.IN_PROGRESS)
    make_commitment(opportunity=done, value=50_000_000, status=Status.REALIZED)
    make_commitment(opportunity=drill, value=20_000_000, status=Status.PROPOSED)
    make_commitment(theme=theme, value=7_000_000, status=Status.APPROVED)  # to no need
    make_realization(commitment=on_boats, value=10_000_000, status="verified")
    make_realization(commitment=on_boats, value=5_000_000)  # submitted: not counted
    make_opportunity(theme=theme, title="Draf rahasia", status=Opportunity.Status.DRAFT)


def test_themes_and_a_theme_page_show_the_same_numbers_from_the_kept_sums_as_summed_live(
    client, bencana, settings
):
    settings.PAGE_CACHE = False  # each page read twice: once summed live, once from the ledger
    _a_theme_with_needs_pledges_and_reports(bencana)
    empty = make_theme()

    def numbers():
        themes = client.get(LIST_URL).context["themes"]
        return (
            {theme.pk: (theme.open_count, theme.pledged_value) for theme in themes},
            client.get(detail_url(bencana)).context["ledger"],
            client.get(detail_url(empty)).context["ledger"],
        )

    live = numbers()
    ledger.rebuild()
    assert ledger.is_current()
    kept = numbers()

    assert kept == live
    assert live[0][bencana.pk] == (2, 87_000_000)
    assert live[1]["commitment_count"] == 3 and live[1]["realized"] == 10_000_000
    assert live[2] == {
        "open_count": 0,
        "open_budget": 0,
        "open_pledged": 0,
        "gap": 0,
        "commitment_count": 0,
        "pledged": 0,
        "realized": 0,
    }


def test_theme_page_shows_pledged_realised_and_the_gap_of_its_open_needs(client, bencana):
    boats = make_opportunity(theme=bencana, title="Perahu karet", budget=80_000_000)
    drill = make_opportunity(theme=bencana, title="Simulasi bencana", budget=20_000_000)
    done = make_opportunity(
        theme=bencana, title="Selesai", budget=50_000_000, status=Opportunity.Status.COMPLETED
    )
    on_boats = make_commitment(opportunity=boats, value=30_000_000, status=Status.IN_PROGRESS)
    make_commitment(opportunity=done, value=50_000_000, status=Status.REALIZED)
    make_commitment(opportunity=drill, value=20_000_000, status=Status.PROPOSED)
    make_realization(commitment=on_boats, value=10_000_000, status="verified")
    make_realization(commitment=on_boats, value=5_000_000)  # submitted: not counted
    make_opportunity(theme=bencana, title="Draf rahasia", status=Opportunity.Status.DRAFT)

    response = client.get(detail_url(bencana))
    html = response.content.decode()
    ledger = response.context["ledger"]

    assert ledger["pledged"] == 80_000_000  # both counted pledges, not the proposed one
    assert ledger["realized"] == 10_000_000
    assert ledger["open_budget"] == 100_000_000  # the two published needs
    assert ledger["gap"] == 70_000_000
    for amount in ("Rp 80.000.000", "Rp 10.000.000", "Rp 100.000.000", "Rp 70.000.000"):
        assert amount in html, amount
    assert "Perahu karet" in html and "Simulasi bencana" in html
    assert "Draf rahasia" not in html


def test_theme_page_lists_public_pledges_only(client, bencana):
    make_commitment(theme=bencana, title="Janji disetujui", status=Status.APPROVED)
    for status in (Status.PROPOSED, Status.REJECTED, Status.CANCELLED):
        make_commitment(theme=bencana, title=f"Rahasia {status}", status=status,
                        rejection_reason="Tidak sesuai.")  # fmt: skip

    html = page(client, detail_url(bencana))

    assert "Janji disetujui" in html
    assert "Rahasia" not in html


def test_theme_page_links_to_the_filtered_lists_and_its_own_feed(client, bencana):
    make_opportunity(theme=bencana)
    make_commitment(theme=bencana, status=Status.APPROVED)

    html = page(client, detail_url(bencana))

    feed_url = reverse("programs:theme_opportunity_feed", args=[bencana.slug])
    assert '<link rel="alternate" type="application/atom+xml"' in html and feed_url in html
    assert f"{reverse('programs:opportunity_list')}?theme=penanggulangan-bencana" in html


def test_theme_page_in_english_and_indonesian(client, bencana):
    indonesian = page(client, detail_url(bencana))
    english = page(client, detail_url(bencana), HTTP_ACCEPT_LANGUAGE="en")

    assert "<h1>Penanggulangan bencana</h1>" in indonesian
    assert "<h1>Disaster management</h1>" in english
    assert "Funding gap" in english


def test_unknown_theme_is_404(client):
    assert client.get(reverse("programs:theme_detail", args=["tidak-ada"])).status_code == 404


@pytest.mark.parametrize("summed", [True, False], ids=["ledger-summed", "change-waiting"])
def test_theme_page_runs_the_same_few_queries_for_few_and_many_rows(
    client, bencana, django_assert_num_queries, summed
):
    make_commitment(opportunity=make_opportunity(theme=bencana), status=Status.APPROVED)
    if summed:
        ledger.rebuild()
    with CaptureQueriesContext(connection) as few:
        client.get(detail_url(bencana))
    for _ in range(15):
        need = make_opportunity(theme=bencana)
        pledge = make_commitment(opportunity=need, status=Status.IN_PROGRESS)
        make_realization(commitment=pledge, status="verified")
    if summed:
        ledger.rebuild()

    with django_assert_num_queries(len(few)):
        client.get(detail_url(bencana))
    assert len(few) <= 7
