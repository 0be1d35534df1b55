"""Every model in the admin opens for Bappeda staff, and only for staff."""

from datetime import date

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from companies.models import ContactPerson, Membership, Organization, Sector
from events.models import Event, Registration
from programs.models import (
    Commitment,
    Evidence,
    Opportunity,
    Realization,
    ReportingPeriod,
    Theme,
)
from regions.models import Kecamatan, Kelurahan
from tests import factories
from tests.admin_helpers import admin_url


def _make_contact_person():
    return ContactPerson.objects.create(organization=factories.make_agency(), name="Rina")


def _make_membership():
    return Membership.objects.create(
        user=factories.make_user(), organization=factories.make_company()
    )


def _make_evidence():
    return Evidence.objects.create(
        realization=factories.make_realization(), file="evidence/2026/06/foto.jpg"
    )


def _make_reporting_period():
    return ReportingPeriod.objects.create(
        name="Semester 1 2026", start_date=date(2026, 1, 1), end_date=date(2026, 6, 30)
    )


# One row of each registered model, to open its change page.
MAKERS = {
    User: factories.make_user,
    Group: lambda: Group.objects.create(name="Tamu"),
    Kecamatan: factories.make_kecamatan,
    Kelurahan: factories.make_kelurahan,
    Sector: factories.make_sector,
    Organization: factories.make_organization,
    ContactPerson: _make_contact_person,
    Membership: _make_membership,
    Theme: factories.make_theme,
    Opportunity: factories.make_opportunity,
    Commitment: factories.make_commitment,
    Realization: factories.make_realization,
    Evidence: _make_evidence,
    ReportingPeriod: _make_reporting_period,
    Event: factories.make_event,
    Registration: factories.make_registration,
    AccessAttempt: factories.make_sign_in_attempt,
}
# Reports and their evidence come from partners through the portal, never from the admin;
# failed sign-ins are recorded by the sign-in page.
NOBODY_ADDS = {Realization, Evidence, AccessAttempt}
# Reference data is loaded from the data files; staff correct it but do not add to it.
STAFF_DO_NOT_ADD = {Kecamatan, Kelurahan, Theme}
# Groups and their permissions are the superuser's.
SUPERUSER_ONLY = {Group}

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def _id(model):
    return model._meta.label


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.org", "a long password 123")


@pytest.mark.parametrize("model", REGISTERED, ids=_id)
def test_every_registered_model_has_a_row_maker_here(model):
    assert model in MAKERS, f"Add a maker for {model._meta.label} to MAKERS in this test module."


@pytest.mark.parametrize("model", REGISTERED, ids=_id)
def test_staff_open_the_list_and_a_row_of_every_model(client, staff, model):
    obj = MAKERS[model]()
    client.force_login(staff)
    expected = 403 if model in SUPERUSER_ONLY else 200

    assert client.get(admin_url(model, "changelist")).status_code == expected
    assert client.get(admin_url(model, "change", obj.pk)).status_code == expected


@pytest.mark.parametrize("model", REGISTERED, ids=_id)
def test_staff_add_page_opens_unless_adding_is_not_theirs(client, staff, model):
    client.force_login(staff)
    response = client.get(admin_url(model, "add"))

    if model in NOBODY_ADDS | STAFF_DO_NOT_ADD | SUPERUSER_ONLY:
        assert response.status_code == 403
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=_id)
def test_a_superuser_opens_every_page(client, superuser, model):
    obj = MAKERS[model]()
    client.force_login(superuser)

    assert client.get(admin_url(model, "changelist")).status_code == 200
    assert client.get(admin_url(model, "change", obj.pk)).status_code == 200
    add = client.get(admin_url(model, "add"))
    assert add.status_code == (403 if model in NOBODY_ADDS else 200)


@pytest.mark.parametrize("model", REGISTERED, ids=_id)
def test_a_partner_is_sent_to_the_admin_login(client, partner_a, model):
    client.force_login(partner_a)
    response = client.get(admin_url(model, "changelist"))

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


@pytest.mark.parametrize("model", REGISTERED, ids=_id)
def test_a_visitor_is_sent_to_the_admin_login(anonymous, model):
    response = anonymous.get(admin_url(model, "changelist"))

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


WITH_STATUS = [model for model in REGISTERED if "status" in {f.name for f in model._meta.fields}]


@pytest.mark.parametrize("model", WITH_STATUS, ids=_id)
def test_no_form_lets_staff_set_a_status(client, staff, model):
    obj = MAKERS[model]()
    client.force_login(staff)

    for url in (admin_url(model, "change", obj.pk), admin_url(model, "add")):
        assert 'name="status"' not in client.get(url).content.decode()


def test_money_is_shown_the_indonesian_way_in_the_lists(client, staff):
    factories.make_opportunity(budget=150_000_000)
    client.force_login(staff)
    response = client.get(admin_url(Opportunity, "changelist"))

    assert "Rp 150.000.000" in response.content.decode()


def test_the_need_list_shows_what_is_pledged_and_missing(client, staff):
    need = factories.make_opportunity(budget=100_000_000)
    factories.make_commitment(opportunity=need, value=40_000_000, status=Commitment.Status.APPROVED)
    factories.make_commitment(opportunity=need, value=99_000_000)  # proposed: not counted
    client.force_login(staff)
    page = client.get(admin_url(Opportunity, "changelist")).content.decode()

    assert "Rp 40.000.000" in page
    assert "Rp 60.000.000" in page


# --- query counts ---------------------------------------------------------------------------


def _make_organizations(count):
    kecamatan = factories.make_kecamatan()
    sector = factories.make_sector()
    for _ in range(count):
        factories.make_company(kecamatan=kecamatan, sector=sector)


def _make_opportunities(count):
    theme, agency = factories.make_theme(), factories.make_agency()
    for _ in range(count):
        need = factories.make_opportunity(theme=theme, agency=agency)
        factories.make_commitment(opportunity=need, status=Commitment.Status.APPROVED)


def _make_commitments(count):
    need = factories.make_opportunity()
    for _ in range(count):
        factories.make_commitment(opportunity=need)


def _make_realizations(count):
    for _ in range(count):
        factories.make_realization()


def _make_registrations(count):
    event = factories.make_event()
    for _ in range(count):
        factories.make_registration(event=event)


LISTS = {
    Organization: _make_organizations,
    Opportunity: _make_opportunities,
    Commitment: _make_commitments,
    Realization: _make_realizations,
    Registration: _make_registrations,
}


def _queries_to_show(client, model):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", LISTS, ids=_id)
def test_a_longer_list_takes_no_more_queries(client, staff, model):
    client.force_login(staff)
    LISTS[model](2)
    with_two = _queries_to_show(client, model)
    LISTS[model](18)
    with_twenty = _queries_to_show(client, model)

    assert with_twenty == with_two
