"""Needs and pledges added in the admin are made by the workflow functions, as on the portal."""

import pytest

from programs.models import Commitment, Opportunity
from tests.admin_helpers import admin_url
from tests.factories import (
    make_agency,
    make_commitment,
    make_company,
    make_opportunity,
    make_theme,
)


@pytest.fixture(autouse=True)
def _english(settings):
    # Messages are checked in English; the Indonesian ones come from the translation files.
    settings.LANGUAGE_CODE = "en"


def _pledge_form(**fields):
    data = {
        "title": "Bantuan kursi roda",
        "kind": "goods",
        "quantity": "10",
        "unit": "unit",
        "value": "25000000",
        "start_date": "2026-02-01",
        "end_date": "2026-06-30",
        "realizations-TOTAL_FORMS": "0",
        "realizations-INITIAL_FORMS": "0",
    }
    data.update(fields)
    return data


def test_staff_add_a_need_as_a_draft_of_the_agency(client, staff):
    agency, theme = make_agency(), make_theme()
    client.force_login(staff)

    response = client.post(
        admin_url(Opportunity, "add"),
        {
            "title": "Perahu karet",
            "theme": theme.pk,
            "agency": agency.pk,
            "year": "2026",
            "kind": "cash",
            "budget": "75000000",
            "commitments-TOTAL_FORMS": "0",
            "commitments-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    need = Opportunity.objects.get(title="Perahu karet")
    assert need.status == Opportunity.Status.DRAFT
    assert need.created_by == staff
    assert need.history.get().history_user == staff


def test_staff_record_a_pledge_to_a_need_as_proposed(client, staff):
    need = make_opportunity()
    partner = make_company()
    client.force_login(staff)

    response = client.post(
        admin_url(Commitment, "add"),
        _pledge_form(partner=partner.pk, theme=need.theme.pk, opportunity=need.pk),
    )

    assert response.status_code == 302
    pledge = Commitment.objects.get()
    assert pledge.status == Commitment.Status.PROPOSED
    assert pledge.agency == need.agency  # taken from the need
    assert pledge.created_by == staff


def test_a_pledge_of_an_unverified_partner_is_refused_on_the_form(client, staff):
    partner = make_company(name="PT Belum Diverifikasi", is_verified=False)
    client.force_login(staff)

    response = client.post(
        admin_url(Commitment, "add"), _pledge_form(partner=partner.pk, theme=make_theme().pk)
    )

    assert response.status_code == 200
    assert "must be verified by Bappeda" in response.content.decode()
    assert not Commitment.objects.exists()
    assert not Commitment.history.exists()  # the check left nothing behind


def test_a_pledge_to_a_closed_need_is_refused_on_the_form(client, staff):
    need = make_opportunity(status=Opportunity.Status.COMPLETED)
    client.force_login(staff)

    response = client.post(
        admin_url(Commitment, "add"),
        _pledge_form(partner=make_company().pk, theme=need.theme.pk, opportunity=need.pk),
    )

    assert "no longer accepts pledges" in response.content.decode()
    assert not Commitment.objects.exists()


def test_an_approved_pledge_keeps_its_value_in_the_form(client, staff):
    pledge = make_commitment(status=Commitment.Status.APPROVED)
    client.force_login(staff)
    response = client.get(admin_url(Commitment, "change", pledge.pk))

    form = response.context["adminform"].form
    assert "value" not in form.fields
    assert "partner" not in form.fields
    assert "title" in form.fields


def test_a_pledge_to_a_need_keeps_the_needs_agency_in_the_form(client, staff):
    pledge = make_commitment(opportunity=make_opportunity())
    client.force_login(staff)
    response = client.get(admin_url(Commitment, "change", pledge.pk))

    form = response.context["adminform"].form
    assert not {"agency", "kecamatan", "kelurahan"} & set(form.fields)
