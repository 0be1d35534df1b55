"""The agency contact directory: names for everyone signed in, numbers for trusted partners."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import ContactPerson, Membership, Organization
from tests.factories import (
    make_agency,
    make_company,
    make_member,
    make_membership,
    make_opportunity,
    make_theme,
    make_user,
)

URL = reverse("companies:agency_contacts")
PHONE, EMAIL = "0812-9999-0001", "rina@dinsos.example"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def contact(agency):
    return ContactPerson.objects.create(
        organization=agency, name="Rina Kusuma", position="Kepala Bidang", phone=PHONE, email=EMAIL
    )


@pytest.fixture
def unverified_partner(db):
    return make_member(make_company(is_verified=False), username="unverified")


@pytest.fixture
def pending_partner(company_a):
    user = make_user(username="pending")
    make_membership(user=user, organization=company_a)
    return user


def test_a_visitor_is_sent_to_sign_in(client, contact):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={URL}"


@pytest.mark.parametrize(
    ("persona", "sees_numbers"),
    [
        ("partner_a", True),  # a verified company's representative
        ("agency_officer", True),
        ("other_agency_officer", True),
        ("staff", True),
        ("unverified_partner", False),
        ("pending_partner", False),
    ],
)
def test_who_sees_phone_numbers_and_emails(client, contact, request, persona, sees_numbers):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Rina Kusuma" in page and "Kepala Bidang" in page
    assert (PHONE in page) is sees_numbers
    assert (EMAIL in page) is sees_numbers
    assert (f'href="tel:{PHONE}"' in page) is sees_numbers


def test_a_partner_whose_membership_was_declined_sees_no_numbers(client, contact, company_a):
    user = make_user()
    make_membership(user=user, organization=company_a, status=Membership.Status.DECLINED)
    client.force_login(user)
    assert PHONE not in client.get(URL).content.decode()


def test_a_member_of_an_archived_verified_company_sees_no_numbers(client, contact, partner_a):
    Organization.objects.filter(memberships__user=partner_a).update(is_active=False)
    client.force_login(partner_a)
    assert PHONE not in client.get(URL).content.decode()


def test_the_agency_office_number_is_shown_only_with_the_contacts_numbers(
    client, agency, unverified_partner, partner_a
):
    Organization.objects.filter(pk=agency.pk).update(phone="021-7777-888")
    client.force_login(unverified_partner)
    assert "021-7777-888" not in client.get(URL).content.decode()
    client.force_login(partner_a)
    assert "021-7777-888" in client.get(URL).content.decode()


def test_contacts_kept_off_public_pages_are_shown_only_to_those_who_see_numbers(
    client, agency, unverified_partner, partner_a
):
    ContactPerson.objects.create(organization=agency, name="Petugas Internal", is_public=False)
    client.force_login(unverified_partner)
    assert "Petugas Internal" not in client.get(URL).content.decode()
    client.force_login(partner_a)
    assert "Petugas Internal" in client.get(URL).content.decode()


def test_only_active_regional_agencies_are_listed(client, partner_a, company_b, agency):
    archived = make_agency(name="Dinas Lama Contoh", is_active=False)
    client.force_login(partner_a)
    page = client.get(URL).content.decode()
    assert agency.name in page
    assert archived.name not in page
    assert company_b.name not in page


def test_searching_by_agency_name(client, partner_a, agency):
    other = make_agency(name="Dinas Perhubungan Contoh", short_name="Dishub")
    client.force_login(partner_a)

    page = client.get(URL, {"q": "dishub"}).content.decode()

    assert other.name in page
    assert agency.name not in page
    assert "1 agency found" in page


def test_filtering_by_a_theme_the_agency_has_public_needs_in(client, partner_a, agency):
    theme = make_theme()
    asking = make_agency(name="Dinas Kesehatan Contoh")
    make_opportunity(theme=theme, agency=asking)
    make_opportunity(theme=theme, agency=agency, status="draft")  # not public: not counted
    client.force_login(partner_a)

    page = client.get(URL, {"theme": theme.slug}).content.decode()

    assert asking.name in page
    assert agency.name not in page


def test_a_bad_filter_value_shows_the_whole_list(client, partner_a, agency):
    client.force_login(partner_a)
    response = client.get(URL, {"theme": "not-a-theme", "page": "x"})
    assert response.status_code == 200
    assert agency.name in response.content.decode()


def test_the_directory_is_paginated(client, partner_a):
    for n in range(30):
        make_agency(name=f"Dinas Contoh {n:02d}")
    client.force_login(partner_a)

    first = client.get(URL).content.decode()
    second = client.get(URL, {"page": 2}).content.decode()

    assert "Dinas Contoh 00" in first and "Dinas Contoh 29" not in first
    assert "Dinas Contoh 29" in second
    assert "Page 2 of 2" in second


def _queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["partner_a", "unverified_partner", "staff"])
def test_the_directory_takes_the_same_queries_with_many_agencies_and_contacts(
    client, request, persona
):
    client.force_login(request.getfixturevalue(persona))
    ContactPerson.objects.create(organization=make_agency(), name="Satu")
    few = _queries(client)
    for n in range(10):
        agency = make_agency()
        ContactPerson.objects.bulk_create(
            ContactPerson(organization=agency, name=f"Kontak {n}-{m}") for m in range(4)
        )
    assert _queries(client) == few
