"""The agency dashboard: the needs, the pledges to the agency and the reports to confirm."""

from datetime import date

import pytest
from django.urls import reverse

from companies.models import Membership
from programs.models import Commitment, Opportunity, Realization
from tests.factories import (
    make_agency,
    make_commitment,
    make_membership,
    make_opportunity,
    make_realization,
)
from tests.programs.agency_helpers import queries_to_get

URL = reverse("programs:agency_dashboard")


@pytest.fixture
def officer_client(client, agency_officer):
    client.force_login(agency_officer)
    return client


def test_an_officer_sees_the_agencys_needs_with_what_is_pledged_and_missing(officer_client, agency):
    need = make_opportunity(agency=agency, title="Ambulans desa", budget=300_000_000)
    make_commitment(opportunity=need, value=120_000_000, status=Commitment.Status.APPROVED)
    make_commitment(opportunity=need, value=50_000_000)  # proposed: not yet counted
    make_opportunity(agency=agency, title="Rehab posyandu", status=Opportunity.Status.DRAFT)
    make_opportunity(title="Kebutuhan dinas lain")

    page = officer_client.get(URL).content.decode()

    assert "Ambulans desa" in page
    assert "Rp 300.000.000" in page
    assert "Rp 120.000.000" in page
    assert "Rp 180.000.000" in page
    assert "Rehab posyandu" in page
    assert "Kebutuhan dinas lain" not in page


def test_pledges_made_to_the_agency_show_partner_value_and_status(officer_client, agency):
    need = make_opportunity(agency=agency)
    make_commitment(opportunity=need, title="Paket sembako", value=25_000_000)
    # A pledge naming the agency without a need is made to the agency too.
    make_commitment(agency=agency, title="Beasiswa yatim", status=Commitment.Status.APPROVED)
    make_commitment(title="Pledge to someone else")
    make_commitment(
        opportunity=need, title="Ditolak", status=Commitment.Status.REJECTED, rejection_reason="x"
    )

    response = officer_client.get(URL)
    page = response.content.decode()

    assert [p.title for p in response.context["pledges"]] == ["Beasiswa yatim", "Paket sembako"]
    assert "Rp 25.000.000" in page
    assert "Pledge to someone else" not in page
    assert "Ditolak" not in page


def test_a_pledge_naming_another_agency_goes_to_that_agency_not_the_needs(officer_client, agency):
    need = make_opportunity(agency=agency)
    make_commitment(opportunity=need, agency=make_agency(), title="Diterima dinas lain")

    response = officer_client.get(URL)

    assert response.context["pledges"] == []


def test_reports_waiting_for_confirmation_and_returned_ones_are_listed_apart(
    officer_client, agency
):
    pledge = make_commitment(
        opportunity=make_opportunity(agency=agency), status=Commitment.Status.IN_PROGRESS
    )
    waiting = make_realization(commitment=pledge)
    returned = make_realization(commitment=pledge, status=Realization.Status.RETURNED)
    make_realization(commitment=pledge, status=Realization.Status.CONFIRMED)
    make_realization()  # another agency's

    response = officer_client.get(URL)

    assert response.context["waiting"] == [waiting]
    assert response.context["returned"] == [returned]
    page = response.content.decode()
    assert reverse("programs:agency_realization", args=[waiting.pk]) in page


@pytest.mark.parametrize("persona", ["partner_a", "staff", "other_agency_officer"])
def test_only_the_agencys_officers_see_its_dashboard(client, request, agency, persona):
    make_opportunity(agency=agency, title="Rahasia dinas")
    client.force_login(request.getfixturevalue(persona))

    response = client.get(URL)

    assert "Rahasia dinas" not in response.content.decode()
    if persona != "other_agency_officer":
        assert response.status_code == 403


def test_a_visitor_is_sent_to_sign_in(anonymous):
    response = anonymous.get(URL)

    assert response.status_code == 302
    assert f"next={URL}" in response.url


def test_an_officer_of_two_agencies_switches_between_them(client, agency, agency_officer):
    second = make_agency(name="Zeta Dinas", slug="zeta-dinas")
    make_membership(user=agency_officer, organization=second, status=Membership.Status.APPROVED)
    make_opportunity(agency=second, title="Kebutuhan Zeta")
    client.force_login(agency_officer)

    assert "Kebutuhan Zeta" not in client.get(URL).content.decode()
    assert "Kebutuhan Zeta" in client.get(URL, {"org": second.slug}).content.decode()


def _make_rows(agency, count):
    for n in range(count):
        need = make_opportunity(agency=agency, status=list(Opportunity.Status)[n % 4])
        pledge = make_commitment(opportunity=need, status=Commitment.Status.IN_PROGRESS)
        make_realization(commitment=pledge, date=date(2026, 5, 1))
        make_realization(commitment=pledge, status=Realization.Status.RETURNED)


def test_the_dashboard_takes_as_many_queries_with_many_rows_as_with_few(officer_client, agency):
    _make_rows(agency, 2)
    few = queries_to_get(officer_client, URL)
    _make_rows(agency, 15)
    many = queries_to_get(officer_client, URL)

    # Session, user, the officer's agencies, then needs, pledges and reports: one query each.
    assert many == few == 6
