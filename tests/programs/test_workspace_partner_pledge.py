"""A partner pledges to an open need or to a theme; bad input is refused and nothing is saved."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import Commitment, Opportunity
from tests.factories import (
    make_commitment,
    make_company,
    make_kecamatan,
    make_kelurahan,
    make_member,
    make_opportunity,
    make_theme,
)

pytestmark = pytest.mark.django_db

Status = Commitment.Status


def pledge_url(need):
    return reverse("programs:opportunity_pledge", args=[need.pk])


def theme_pledge_url(theme):
    return reverse("programs:pledge_create") + f"?theme={theme.slug}"


def signed_in(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def as_partner_a(client, partner_a):
    return signed_in(client, partner_a)


@pytest.fixture
def need(agency):
    return make_opportunity(
        title="Ambulans untuk Puskesmas", agency=agency, budget=100_000_000, kecamatan=None
    )


def cash_pledge(**overrides):
    data = {
        "title": "Dukungan ambulans",
        "kind": "cash",
        "value": "25.000.000",
        "start_date": "2026-02-01",
        "end_date": "2026-11-30",
        "description": "Dana untuk satu ambulans.",
    }
    data.update(overrides)
    return data


def refused_page(response, message):
    """The form came back with the message and no pledge was saved."""
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Commitment.objects.filter(status=Status.PROPOSED).exists()


# --- pledging to a need -------------------------------------------------------------------------


def test_the_form_is_prefilled_with_the_need_and_shows_what_is_still_missing(as_partner_a, need):
    make_commitment(opportunity=need, value=30_000_000, status=Status.APPROVED)

    html = as_partner_a.get(pledge_url(need)).content.decode()

    assert 'value="Ambulans untuk Puskesmas"' in html
    assert "PT Alfa Contoh" in html
    assert "Rp 70.000.000" in html and "Rp 30.000.000" in html


def test_partner_pledges_to_an_open_need_and_the_pledge_waits_for_bappeda(
    as_partner_a, partner_a, company_a, need
):
    response = as_partner_a.post(pledge_url(need), cash_pledge())

    assert response.status_code == 302
    assert response["Location"] == reverse("programs:dashboard")
    pledge = Commitment.objects.get()
    assert pledge.status == Status.PROPOSED
    assert (pledge.partner, pledge.opportunity, pledge.agency) == (company_a, need, need.agency)
    assert pledge.theme == need.theme
    assert pledge.value == 25_000_000
    assert (pledge.start_date, pledge.end_date) == (date(2026, 2, 1), date(2026, 11, 30))
    assert pledge.created_by == partner_a
    assert pledge.history.first().history_user == partner_a
    assert "Dukungan ambulans" in str(list(get_messages(response.wsgi_request))[0])


@pytest.mark.parametrize(
    ("typed", "rupiah"),
    [
        ("1.500.000", 1_500_000),
        ("1500000", 1_500_000),
        ("Rp 1.500.000", 1_500_000),
        ("Rp1.500.000,00", 1_500_000),
        (" 2.000 ", 2_000),
    ],
)
def test_value_written_the_indonesian_way_is_read_as_whole_rupiah(
    as_partner_a, need, typed, rupiah
):
    as_partner_a.post(pledge_url(need), cash_pledge(value=typed))

    assert Commitment.objects.get().value == rupiah


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0", "The amount must be more than Rp 0."),
        ("-5.000", "The amount must be more than Rp 0."),
        ("lima juta", "Enter an amount in whole rupiah, for example 1.500.000."),
        ("1,5", "Enter an amount in whole rupiah, for example 1.500.000."),
        ("1.50.000", "Enter an amount in whole rupiah, for example 1.500.000."),
        ("", "This field is required."),
        ("9" * 20, "This amount is too large."),
    ],
)
def test_a_value_that_is_not_a_positive_amount_is_refused(as_partner_a, need, typed, message):
    response = as_partner_a.post(pledge_url(need), cash_pledge(value=typed))

    refused_page(response, message)


def test_what_was_typed_stays_in_the_form_when_it_comes_back(as_partner_a, need):
    response = as_partner_a.post(pledge_url(need), cash_pledge(value="lima juta"))

    html = response.content.decode()
    assert 'value="lima juta"' in html and "Dana untuk satu ambulans." in html


def test_a_period_ending_before_it_starts_is_refused(as_partner_a, need):
    response = as_partner_a.post(
        pledge_url(need), cash_pledge(start_date="2026-06-01", end_date="2026-05-31")
    )

    refused_page(response, "The period cannot end before it starts.")


def test_a_date_that_is_not_a_date_is_refused(as_partner_a, need):
    response = as_partner_a.post(pledge_url(need), cash_pledge(start_date="besok"))

    refused_page(response, "Enter a valid date.")


def test_goods_need_a_quantity_and_a_unit(as_partner_a, need):
    response = as_partner_a.post(pledge_url(need), cash_pledge(kind="goods"))

    refused_page(response, "Say how many for goods and services.")
    assert "Say in what unit" in response.content.decode()


def test_goods_are_pledged_with_their_quantity_and_a_cash_pledge_keeps_none(as_partner_a, agency):
    boats = make_opportunity(kind="goods", quantity=10, unit="unit", budget=500_000_000)

    as_partner_a.post(pledge_url(boats), cash_pledge(kind="goods", quantity="4", unit="unit"))
    as_partner_a.post(pledge_url(boats), cash_pledge(kind="cash", quantity="4", unit="unit"))

    goods, cash = Commitment.objects.order_by("pk")
    assert (goods.kind, goods.quantity, goods.unit) == ("goods", 4, "unit")
    assert (cash.kind, cash.quantity, cash.unit) == ("cash", None, "")


def test_a_pledge_above_what_is_missing_asks_for_confirmation_first(as_partner_a, need):
    make_commitment(opportunity=need, value=90_000_000, status=Status.APPROVED)

    response = as_partner_a.post(pledge_url(need), cash_pledge(value="25.000.000"))

    refused_page(response, "more than what the need still misses (Rp 10.000.000)")
    html = response.content.decode()
    assert 'type="checkbox" name="confirm_over"' in html
    assert "I understand this exceeds what is still missing" in html


def test_a_confirmed_pledge_above_what_is_missing_is_accepted(as_partner_a, need):
    make_commitment(opportunity=need, value=90_000_000, status=Status.APPROVED)

    as_partner_a.post(pledge_url(need), cash_pledge(value="25.000.000", confirm_over="on"))

    assert Commitment.objects.filter(status=Status.PROPOSED).get().value == 25_000_000


def test_a_quantity_above_what_is_missing_also_asks_for_confirmation(as_partner_a):
    boats = make_opportunity(kind="goods", quantity=10, unit="unit", budget=500_000_000)

    response = as_partner_a.post(
        pledge_url(boats), cash_pledge(kind="goods", quantity="12", unit="unit", value="1.000")
    )

    refused_page(response, "(10 unit)")


def test_a_pledge_within_what_is_missing_shows_no_confirmation_box(as_partner_a, need):
    html = as_partner_a.get(pledge_url(need)).content.decode()

    assert 'type="checkbox" name="confirm_over"' not in html


@pytest.mark.parametrize("status", [Opportunity.Status.FULLY_COMMITTED, "completed"])
def test_a_closed_need_says_so_and_takes_no_pledge(as_partner_a, status):
    closed = make_opportunity(status=status)

    page = as_partner_a.get(pledge_url(closed)).content.decode()
    response = as_partner_a.post(pledge_url(closed), cash_pledge())

    assert "This need no longer accepts pledges." in page and 'name="value"' not in page
    refused_page(response, "This need no longer accepts pledges.")


@pytest.mark.parametrize("status", ["draft", "submitted", "withdrawn"])
def test_a_need_that_is_not_public_is_not_found(as_partner_a, status):
    hidden = make_opportunity(status=status)

    assert as_partner_a.get(pledge_url(hidden)).status_code == 404
    assert as_partner_a.post(pledge_url(hidden), cash_pledge()).status_code == 404
    assert not Commitment.objects.exists()


def test_an_unverified_organisation_is_told_it_must_be_verified_and_cannot_pledge(client, need):
    newcomer = make_company(name="PT Baru Contoh", is_verified=False)
    as_newcomer = signed_in(client, make_member(newcomer))

    page = as_newcomer.get(pledge_url(need)).content.decode()
    response = as_newcomer.post(pledge_url(need), cash_pledge())

    assert "PT Baru Contoh must be verified by Bappeda before it can pledge." in page
    assert 'name="value"' not in page
    refused_page(response, "PT Baru Contoh must be verified by Bappeda before it can pledge.")


def test_the_need_closing_while_the_form_is_open_refuses_the_pledge(as_partner_a, need):
    as_partner_a.get(pledge_url(need))
    Opportunity.objects.filter(pk=need.pk).update(status=Opportunity.Status.COMPLETED)

    response = as_partner_a.post(pledge_url(need), cash_pledge())

    refused_page(response, "This need no longer accepts pledges.")


def test_the_dashboard_address_with_a_need_opens_the_same_form(as_partner_a, need):
    url = reverse("programs:pledge_create") + f"?opportunity={need.pk}"

    as_partner_a.post(url, cash_pledge())

    assert Commitment.objects.get().opportunity == need
    assert as_partner_a.get(reverse("programs:pledge_create") + "?opportunity=x").status_code == 404


# --- pledging to a theme ------------------------------------------------------------------------


def test_without_a_theme_the_partner_chooses_one(as_partner_a):
    theme = make_theme(short_name_en="Disasters")

    html = as_partner_a.get(reverse("programs:pledge_create")).content.decode()

    assert f'href="?theme={theme.slug}"' in html and "Disasters" in html


def test_partner_pledges_to_a_theme_with_its_place_and_agency(as_partner_a, company_a, agency):
    theme = make_theme()
    kelurahan = make_kelurahan()

    response = as_partner_a.post(
        theme_pledge_url(theme),
        cash_pledge(kelurahan=kelurahan.pk, agency=agency.pk, title="Pelatihan UMKM"),
    )

    assert response.status_code == 302
    pledge = Commitment.objects.get()
    assert (pledge.theme, pledge.opportunity, pledge.partner) == (theme, None, company_a)
    assert (pledge.kelurahan, pledge.kecamatan) == (kelurahan, kelurahan.kecamatan)
    assert pledge.agency == agency and pledge.status == Status.PROPOSED


def test_a_kelurahan_outside_the_chosen_kecamatan_is_refused(as_partner_a):
    data = cash_pledge(kecamatan=make_kecamatan().pk, kelurahan=make_kelurahan().pk)

    response = as_partner_a.post(theme_pledge_url(make_theme()), data)

    refused_page(response, "This kelurahan is not in the kecamatan chosen.")


def test_an_unknown_theme_is_not_found(as_partner_a):
    url = reverse("programs:pledge_create") + "?theme=tidak-ada"

    assert as_partner_a.get(url).status_code == 404


# --- who may pledge -----------------------------------------------------------------------------


def test_a_visitor_is_sent_to_sign_in_and_an_agency_officer_may_not_pledge(
    client, agency_officer, need
):
    response = client.get(pledge_url(need))
    assert response.status_code == 302 and "next=" in response["Location"]

    client.force_login(agency_officer)
    assert client.post(pledge_url(need), cash_pledge()).status_code == 403
    assert not Commitment.objects.exists()


def test_a_partner_cannot_pledge_for_an_organisation_it_does_not_belong_to(
    as_partner_a, company_b, need
):
    response = as_partner_a.post(pledge_url(need) + f"?org={company_b.slug}", cash_pledge())

    assert response.status_code == 404
    assert not Commitment.objects.exists()


def test_someone_acting_for_two_partners_pledges_for_the_one_chosen(client, company_b, need):
    both = make_member(make_company(name="PT Awal Contoh"))
    company_b.memberships.create(user=both, status="approved")
    signed_in(client, both)

    client.post(pledge_url(need) + f"?org={company_b.slug}", cash_pledge())

    assert Commitment.objects.get().partner == company_b


# --- the call to pledge on public pages ---------------------------------------------------------


def detail_url(need):
    return reverse("programs:opportunity_detail", args=[need.pk])


def test_a_verified_partner_sees_pledge_to_this_need_on_an_open_need(as_partner_a, need):
    html = as_partner_a.get(detail_url(need)).content.decode()

    assert f'href="{pledge_url(need)}"' in html and "Pledge to this need" in html


def test_a_visitor_is_offered_to_sign_in_to_pledge(client, need):
    html = client.get(detail_url(need), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Sign in to pledge" in html
    assert f"?next={pledge_url(need).replace('/', '%2F')}" in html
    assert f'href="{pledge_url(need)}"' not in html


def test_a_closed_need_offers_no_pledge(as_partner_a):
    closed = make_opportunity(status=Opportunity.Status.FULLY_COMMITTED)

    html = as_partner_a.get(detail_url(closed)).content.decode()

    assert "Pledge to this need" not in html and "Sign in to pledge" not in html


def test_an_agency_officer_sees_no_pledge_button(client, agency_officer, need):
    html = signed_in(client, agency_officer).get(detail_url(need)).content.decode()

    assert "Pledge to this need" not in html and "Sign in to pledge" not in html


def test_an_unverified_partner_is_told_why_it_cannot_pledge_yet(client, need):
    newcomer = make_company(name="PT Baru Contoh", is_verified=False)

    html = signed_in(client, make_member(newcomer)).get(detail_url(need)).content.decode()

    assert "Pledge to this need" not in html
    assert "PT Baru Contoh can pledge once Bappeda has verified it." in html


def test_a_theme_page_offers_pledge_to_this_theme(as_partner_a, client):
    theme = make_theme()
    url = reverse("programs:theme_detail", args=[theme.slug])

    html = as_partner_a.get(url).content.decode()

    assert "Pledge to this theme" in html
    assert f'href="{theme_pledge_url(theme)}"' in html


def test_the_public_pages_keep_their_query_count_for_visitors_and_partners(
    client, partner_a, need, django_assert_num_queries
):
    theme_url = reverse("programs:theme_detail", args=[need.theme.slug])
    with django_assert_num_queries(3):
        client.get(detail_url(need))
    with CaptureQueriesContext(connection) as theme_page:
        client.get(theme_url)
    signed_in(client, partner_a)
    with CaptureQueriesContext(connection) as few:
        client.get(detail_url(need))
    for _ in range(5):
        make_member(make_company())
        make_commitment(opportunity=need, status=Status.APPROVED, value=1_000_000)

    with django_assert_num_queries(len(few)):
        client.get(detail_url(need))
    with django_assert_num_queries(len(theme_page) + 3):  # session, user, partner
        client.get(theme_url)
    assert len(few) == 3 + 3


def test_choices_that_do_not_exist_or_are_not_offered_are_refused(as_partner_a, company_b):
    data = cash_pledge(kind="emas", kecamatan="abc", agency=company_b.pk, kelurahan=999999)

    response = as_partner_a.post(theme_pledge_url(make_theme()), data)

    refused_page(response, "Select a valid choice.")
    assert response.content.decode().count("Select a valid choice.") == 4


def test_the_form_runs_the_same_queries_however_many_pledges_the_need_has(
    as_partner_a, need, django_assert_num_queries
):
    make_commitment(opportunity=need, status=Status.APPROVED, value=1_000_000)
    with CaptureQueriesContext(connection) as few:
        as_partner_a.get(pledge_url(need))
    for _ in range(10):
        make_commitment(opportunity=need, status=Status.APPROVED, value=1_000_000)

    with django_assert_num_queries(len(few)):
        as_partner_a.get(pledge_url(need))
    assert len(few) <= 4
