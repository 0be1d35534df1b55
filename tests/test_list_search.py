"""The public lists' text search: which rows a search finds, in which order, at what cost.

On PostgreSQL the search of a pledge's partner name is restated so trigram indexes can serve
it (programs/filters.py); these tests hold it to what the plain "every word in any searched
column" search finds, on both databases.
"""

import pytest
from django.db import connection
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.filters import OrganizationFilter
from companies.models import Organization
from companies.selectors import directory_organizations
from programs import selectors
from programs.filters import CommitmentFilter, OpportunityFilter
from programs.models import Commitment, Opportunity
from tests.factories import (
    make_agency,
    make_commitment,
    make_company,
    make_opportunity,
    make_zakat_institution,
)

pytestmark = pytest.mark.django_db

Status = Commitment.Status


def _searched_as_before(queryset, fields, value):
    """The search as it always read: each word in any of `fields`, joins included."""
    for word in value.split():
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(match)
    return queryset


@pytest.fixture
def pledges():
    """Public pledges whose words sit in the title, the description or the partner's name,
    with accents, a literal % and _, and a private pledge that matches everything."""
    makmur = make_company(name="PT Makmur Sentosa")
    peduli = make_zakat_institution(name="LAZ Péduli Umat")
    other = make_company(name="CV Lain Lagi")
    rows = [
        ("Paket sembako Ramadan", "", makmur, Status.APPROVED, 1),
        ("Beasiswa anak yatim", "Diberikan bersama Makmur Group", other, Status.IN_PROGRESS, 2),
        ("Renovasi posyandu", "Gotong royong warga", peduli, Status.REALIZED, 3),
        ("Diskon 50% sembako", "", other, Status.APPROVED, 4),
        ("Diskon 500 sembako", "", other, Status.APPROVED, 5),
        ("Kode_A1 pelatihan", "", other, Status.APPROVED, 6),
        ("KodeXA1 pelatihan", "", other, Status.APPROVED, 7),
        ("Kafe séhat", "Menu séhat untuk lansia", other, Status.REALIZED, 8),
        ("Makmur sembako rahasia", "Makmur 50% Kode_A1", makmur, Status.PROPOSED, 9),
    ]
    for title, description, partner, status, month in rows:
        make_commitment(
            title=title,
            description=description,
            partner=partner,
            status=status,
            value=month * 1_000_000,
            start_date=f"2026-{month:02d}-01",
        )


# Value searched: titles of the public pledges it must find (every other public one not).
PLEDGE_SEARCHES = [
    ("makmur", {"Paket sembako Ramadan", "Beasiswa anak yatim"}),  # partner, description
    ("SEMBAKO", {"Paket sembako Ramadan", "Diskon 50% sembako", "Diskon 500 sembako"}),
    ("gotong", {"Renovasi posyandu"}),  # description only
    ("péduli", {"Renovasi posyandu"}),  # partner's name, with an accent
    ("séhat", {"Kafe séhat"}),
    ("50%", {"Diskon 50% sembako"}),  # % is a character, not "anything"
    ("kode_a1", {"Kode_A1 pelatihan"}),  # so is _
    ("%", {"Diskon 50% sembako"}),
    ("_", {"Kode_A1 pelatihan"}),
    ("makmur sembako", {"Paket sembako Ramadan"}),  # every word, each in any column
    ("sentosa ramadan", {"Paket sembako Ramadan"}),
    ("ma", {"Paket sembako Ramadan", "Beasiswa anak yatim", "Renovasi posyandu"}),  # 2 letters
    ("tidakada", set()),
]


@pytest.mark.parametrize(("value", "titles"), PLEDGE_SEARCHES)
def test_pledge_search_finds_the_same_pledges_in_the_same_order_as_before(pledges, value, titles):
    fields = ["title", "description", "partner__name"]
    found = CommitmentFilter({"q": value}, queryset=selectors.public_commitments()).qs
    before = _searched_as_before(selectors.public_commitments(), fields, value)

    assert {pledge.title for pledge in found} == titles
    assert list(found.values_list("pk", flat=True)) == list(before.values_list("pk", flat=True))
    totals = {"count": Count("pk"), "value": Coalesce(Sum("value"), 0)}
    assert found.aggregate(**totals) == before.aggregate(**totals)


@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_pledge_search_lists_every_public_pledge(pledges, value):
    found = CommitmentFilter({"q": value}, queryset=selectors.public_commitments()).qs

    assert list(found) == list(selectors.public_commitments())
    assert found.count() == 8


def test_pledge_list_page_shows_what_the_search_finds_with_its_count(client, pledges):
    response = client.get(reverse("programs:commitment_list"), {"q": "makmur", "sort": "value"})

    assert [row.title for row in response.context["page_obj"]] == [
        "Beasiswa anak yatim",
        "Paket sembako Ramadan",
    ]
    assert response.context["totals"] == {"count": 2, "value": 3_000_000}


@pytest.mark.parametrize("value", ["makmur", "ma", "makmur sembako péduli"])
def test_a_pledge_search_runs_the_same_queries_for_few_and_many_pledges(
    client, django_assert_num_queries, value
):
    url = reverse("programs:commitment_list")

    def pledge(n):
        partner = make_company(name=f"PT Makmur Péduli {n}")
        make_commitment(title=f"Sembako {n}", partner=partner, status=Status.APPROVED)

    pledge(0)
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"q": value})
    for n in range(1, 30):
        pledge(n)

    with django_assert_num_queries(len(few)):
        client.get(url, {"q": value})
    assert len(few) <= 6


NEEDS = [
    ("Taman asri", ""),
    ("Perbaikan jalan", "Jalan rusak di RW 05"),
    ("Kafe séhat", "Dapur lansia"),
    ("Subsidi 10% pupuk", ""),
    ("Subsidi 100 pupuk", ""),
    ("Kode a_b", ""),
    ("Kode axb", ""),
]
NEED_SEARCHES = [
    ("ASRI", {"Taman asri"}),
    ("rusak", {"Perbaikan jalan"}),  # description only
    ("séhat", {"Kafe séhat"}),
    ("10%", {"Subsidi 10% pupuk"}),
    ("a_b", {"Kode a_b"}),
    ("an", {"Taman asri", "Perbaikan jalan", "Kafe séhat"}),
    ("subsidi pupuk", {"Subsidi 10% pupuk", "Subsidi 100 pupuk"}),
    ("", {title for title, _ in NEEDS}),
    (" ", {title for title, _ in NEEDS}),
]


@pytest.mark.parametrize(("value", "titles"), NEED_SEARCHES)
def test_need_search_finds_the_same_needs_in_the_same_order_as_before(value, titles):
    agency = make_agency(name="Dinas Asri Pertamanan")  # agencies' names are not searched
    for title, description in NEEDS:
        make_opportunity(title=title, description=description, agency=agency)
    make_opportunity(title="Taman asri rahasia", status=Opportunity.Status.DRAFT)

    found = OpportunityFilter({"q": value}, queryset=selectors.public_opportunities()).qs
    before = _searched_as_before(selectors.public_opportunities(), ["title", "description"], value)

    assert {need.title for need in found} == titles
    assert list(found.values_list("pk", flat=True)) == list(before.values_list("pk", flat=True))


DIRECTORY_SEARCHES = [
    ("makmur", {"PT Makmur Sentosa", "Yayasan Sejahtera"}),  # name, description
    ("MSJ", {"CV Maju Sejahtera Jaya"}),  # short name
    ("séhat", {"Koperasi Séhat"}),
    ("50%", {"PT Diskon 50% Abadi"}),
    ("50_", set()),
    ("ab", {"PT Diskon 50% Abadi"}),
]


@pytest.mark.parametrize(("value", "names"), DIRECTORY_SEARCHES)
def test_directory_search_finds_names_short_names_and_descriptions(value, names):
    make_company(name="PT Makmur Sentosa")
    make_company(name="CV Maju Sejahtera Jaya", short_name="MSJ")
    make_zakat_institution(name="Yayasan Sejahtera", description="Mitra PT Makmur sejak 2010")
    make_company(name="Koperasi Séhat")
    make_company(name="PT Diskon 50% Abadi")
    make_company(name="PT Diskon 500 Jaya")

    found = OrganizationFilter({"q": value}, queryset=directory_organizations()).qs

    assert [organization.name for organization in found] == sorted(names)


@pytest.mark.postgresql  # trigram indexes exist on PostgreSQL only
@pytest.mark.parametrize(
    ("filterset", "model", "indexes"),
    [
        (
            CommitmentFilter,
            Commitment,
            ["commitment_title_trgm_idx", "commitment_description_trgm_idx", "org_name_trgm_idx"],
        ),
        (OpportunityFilter, Opportunity, ["opportunity_title_trgm_idx"]),
        (OrganizationFilter, Organization, ["org_name_trgm_idx", "org_short_name_trgm_idx"]),
    ],
)
def test_a_search_of_whole_words_is_served_by_the_trigram_indexes(filterset, model, indexes):
    # What makes a search cheap at 100,000 pledges (~20 ms where reading them all took 360):
    # every searched column's condition can be looked up in an index, the partner's name too.
    # Test tables are tiny, so the planner would read them whole: forbid that.
    found = filterset({"q": "makmur"}, queryset=model.objects.order_by()).qs
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = found.explain()
        cursor.execute("RESET enable_seqscan")

    assert all(index in plan for index in indexes)
    assert "Seq Scan" not in plan
