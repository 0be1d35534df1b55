"""The organisation page: the registry's main form, with contacts and members inline."""

from companies.models import ContactPerson, Organization
from tests.admin_helpers import admin_url
from tests.factories import make_agency, make_opportunity


def test_an_agency_with_needs_keeps_its_kind(client, staff):
    agency = make_agency()
    make_opportunity(agency=agency)
    client.force_login(staff)

    form = client.get(admin_url(Organization, "change", agency.pk)).context["adminform"].form

    assert "kind" not in form.fields


def test_a_new_organisation_may_still_change_kind(client, staff):
    agency = make_agency()
    client.force_login(staff)

    form = client.get(admin_url(Organization, "change", agency.pk)).context["adminform"].form

    assert "kind" in form.fields


def test_contact_persons_are_shown_on_the_organisation_page(client, staff):
    agency = make_agency()
    ContactPerson.objects.create(organization=agency, name="Rina Kusuma", phone="021-777")
    client.force_login(staff)

    page = client.get(admin_url(Organization, "change", agency.pk)).content.decode()

    assert "Rina Kusuma" in page
    assert "021-777" in page
