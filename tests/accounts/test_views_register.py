"""A representative who never used the portal registers and asks to join, or proposes, a partner."""

import re

import pytest
from django.urls import reverse

from accounts.models import User
from companies.decorators import member_of
from companies.models import Membership, Organization
from tests.factories import (
    make_agency,
    make_company,
    make_sector,
    make_staff,
    make_zakat_institution,
)

REGISTER = reverse("accounts:register")


@pytest.fixture(autouse=True)
def _english(settings):
    # Messages are checked in English; the Indonesian ones come from the translation files.
    settings.LANGUAGE_CODE = "en"


def _account(**overrides):
    data = {
        "first_name": "Dewi",
        "last_name": "Lestari",
        "email": "dewi@alfa.example",
        "username": "dewi",
        "password1": "kopi-tubruk-pagi-hari",
        "password2": "kopi-tubruk-pagi-hari",
    }
    data.update(overrides)
    return {f"account-{name}": value for name, value in data.items()}


def _joining(organization, **overrides):
    return {
        **_account(**overrides),
        "membership-intent": "join",
        "membership-organization": organization.pk,
    }


def _proposing(**fields):
    data = {"intent": "propose", "name": "PT Gamma Baru", "kind": "company", **fields}
    return {**_account(), **{f"membership-{name}": value for name, value in data.items()}}


def _counts():
    return User.objects.count(), Organization.objects.count(), Membership.objects.count()


def test_the_registration_page_offers_active_partners_and_agencies_to_join(client, db):
    company = make_company(name="PT Alfa Contoh")
    zakat = make_zakat_institution(name="LAZ Contoh Amanah")
    agency = make_agency(name="Dinas Contoh Pendidikan")
    archived = make_company(name="PT Sudah Tutup", is_active=False)

    page = client.get(REGISTER).content.decode()

    for organization in (company, zakat, agency):
        assert f'value="{organization.pk}"' in page
    assert archived.name not in page
    assert 'label="Regional agency"' in page  # grouped by kind


def test_joining_an_existing_company_makes_an_account_and_a_pending_request(client, company_a):
    response = client.post(REGISTER, _joining(company_a))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account")
    user = User.objects.get(username="dewi")
    assert (user.email, user.get_full_name()) == ("dewi@alfa.example", "Dewi Lestari")
    assert user.check_password("kopi-tubruk-pagi-hari")
    membership = user.memberships.get()
    assert membership.organization == company_a
    assert membership.status == Membership.Status.PENDING
    assert membership.role == Membership.Role.REPRESENTATIVE
    # Signed in, and told the request waits for Bappeda.
    account = client.get(response["Location"]).content.decode()
    assert "is sent to Bappeda" in account
    assert "waiting for Bappeda" in account


def test_nothing_is_usable_until_bappeda_approves(client, company_a):
    client.post(REGISTER, _joining(company_a))
    user = User.objects.get(username="dewi")

    assert not company_a.has_member(user)
    assert not member_of(user).exists()


def test_an_officer_asks_to_join_a_regional_agency(client, agency):
    client.post(REGISTER, _joining(agency))

    membership = Membership.objects.get(user__username="dewi")
    assert (membership.organization, membership.role) == (agency, Membership.Role.OFFICER)
    assert membership.status == Membership.Status.PENDING


def test_bappeda_hears_of_a_new_request_once_it_is_saved(
    client, company_a, mailoutbox, django_capture_on_commit_callbacks
):
    make_staff(email="siti@bappeda.example")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REGISTER, _joining(company_a))

    (message,) = mailoutbox
    assert message.to == ["siti@bappeda.example"]
    assert company_a.name in message.subject
    assert "dewi@alfa.example" in message.body


def test_proposing_a_new_company_makes_it_inactive_and_unverified(client, db):
    sector = make_sector()
    response = client.post(
        REGISTER,
        _proposing(sector=sector.pk, address="Jl. Margonda 1", website="gamma.example"),
    )

    assert response.status_code == 302
    organization = Organization.objects.get(name="PT Gamma Baru")
    assert organization.kind == Organization.Kind.COMPANY
    assert (organization.is_active, organization.is_verified, organization.is_demo) == (
        False,
        False,
        False,
    )
    assert organization.sector == sector
    assert organization.website == "https://gamma.example"
    assert organization.slug == "pt-gamma-baru"
    assert "dewi" in organization.source
    membership = organization.memberships.get()
    assert membership.user.username == "dewi"
    assert membership.status == Membership.Status.PENDING
    # Not public until Bappeda approves.
    assert (
        client.get(reverse("companies:organization_detail", args=["pt-gamma-baru"])).status_code
        == 404
    )
    assert (
        "PT Gamma Baru" not in client.get(reverse("companies:organization_list")).content.decode()
    )


def test_a_proposed_name_taken_by_a_hidden_organisation_gets_a_free_slug(client, db):
    make_company(name="Yayasan Lain", slug="laz-peduli")
    client.post(REGISTER, _proposing(name="LAZ Peduli", kind="zakat_institution"))

    organization = Organization.objects.get(name="LAZ Peduli")
    assert organization.slug == "laz-peduli-2"
    assert organization.kind == Organization.Kind.ZAKAT_INSTITUTION


def _requesting(**fields):
    return {**_account(), **{f"membership-{name}": value for name, value in fields.items()}}


# case: (what is sent, the field marked invalid, what the message says)
BAD_INPUT = {
    "passwords-differ": (
        _account(password2="something-else-entirely"),
        "account-password2",
        "didn’t match",
    ),
    "common-password": (
        _account(password1="12345678", password2="12345678"),
        "account-password2",
        "too common",
    ),
    "no-email": (_account(email=""), "account-email", "This field is required."),
    "no-name": (_account(first_name=""), "account-first_name", "This field is required."),
    "bad-username": (_account(username="bad name!"), "account-username", "Enter a valid username"),
    "no-organisation": (
        _requesting(intent="join"),
        "membership-organization",
        "Choose the organisation you work",
    ),
    "unknown-organisation": (
        _requesting(intent="join", organization="999999"),
        "membership-organization",
        "Select a valid choice.",
    ),
    "no-proposed-name": (
        _requesting(intent="propose"),
        "membership-name",
        "Give the name of the organisation",
    ),
    "no-kind": (_proposing(kind=""), "membership-kind", "company or a zakat institution"),
    "agency-proposed": (
        _proposing(kind="regional_agency"),
        "membership-kind",
        "Select a valid choice.",
    ),
    "bad-website": (_proposing(website="not a url"), "membership-website", "Enter a valid URL."),
}


def _marked_invalid(page, field):
    tags = re.findall(rf'<(?:input|select|textarea)[^>]*name="{field}"[^>]*>', page)
    return bool(tags) and all("is-invalid" in tag for tag in tags)


@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(client, db, case):
    data, field, message = BAD_INPUT[case]
    make_company()
    before = _counts()

    response = client.post(REGISTER, data)

    assert response.status_code == 200
    assert _counts() == before
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert message in page
    assert f'name="{field}"' in page and "is-invalid" in page
    # What was typed stays in the form.
    assert 'value="dewi@alfa.example"' in page or field == "account-email"


def test_a_sector_is_refused_for_a_zakat_institution(client, db):
    before = _counts()
    response = client.post(REGISTER, _proposing(kind="zakat_institution", sector=make_sector().pk))

    assert _counts()[1:] == before[1:]
    assert "Only companies have a sector" in response.content.decode()


def test_an_email_address_already_in_use_is_refused(client, partner_a, company_b):
    partner_a.email = "Andi@Alfa.example"
    partner_a.save()
    before = _counts()

    response = client.post(REGISTER, _joining(company_b, email="andi@alfa.EXAMPLE"))

    assert _counts() == before
    assert "An account with this email address exists already" in response.content.decode()


def test_proposing_an_organisation_already_in_the_directory_points_to_joining_it(client, company_a):
    before = _counts()
    response = client.post(REGISTER, _proposing(name=company_a.name.upper()))

    assert _counts() == before
    page = response.content.decode()
    assert "is already in the directory: choose it in the list" in page
    assert 'value="dewi"' in page  # the account part is kept for the next try


def test_a_signed_in_person_is_sent_to_the_join_page(client, partner_a):
    client.force_login(partner_a)
    response = client.get(REGISTER)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:join")


def test_a_signed_in_person_asks_to_join_another_organisation(client, partner_a, company_b):
    client.force_login(partner_a)
    response = client.post(
        reverse("accounts:join"),
        {"membership-intent": "join", "membership-organization": company_b.pk},
    )

    assert response.status_code == 302
    membership = partner_a.memberships.get(organization=company_b)
    assert membership.status == Membership.Status.PENDING


def test_asking_twice_for_the_same_organisation_is_refused(client, partner_a, company_a):
    client.force_login(partner_a)
    response = client.post(
        reverse("accounts:join"),
        {"membership-intent": "join", "membership-organization": company_a.pk},
    )

    assert response.status_code == 200
    assert "You have already asked to join PT Alfa Contoh." in response.content.decode()
    assert partner_a.memberships.count() == 1


def test_the_join_page_is_for_signed_in_people(client, db):
    response = client.get(reverse("accounts:join"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
