"""Bappeda decides who may act for an organisation, from the membership list."""

import pytest

from companies.models import Membership
from tests.admin_helpers import admin_url, messages_of, run_action
from tests.factories import make_company, make_user


@pytest.fixture(autouse=True)
def _english(settings):
    # Messages are checked in English; the Indonesian ones come from the translation files.
    settings.LANGUAGE_CODE = "en"


def _request(**overrides):
    fields = {"user": make_user(), "organization": make_company()}
    fields.update(overrides)
    return Membership.objects.create(**fields)


def test_approving_selected_requests_lets_the_users_act_for_their_organisation(client, staff):
    pending = _request()
    declined = _request(status=Membership.Status.DECLINED)
    client.force_login(staff)

    response = run_action(client, Membership, "approve_memberships", [pending, declined])

    pending.refresh_from_db()
    declined.refresh_from_db()
    assert pending.status == Membership.Status.APPROVED
    assert pending.decided_by == staff
    assert pending.organization.has_member(pending.user)
    assert declined.status == Membership.Status.DECLINED
    shown = messages_of(response)
    assert "1 of 2 selected memberships done." in shown
    assert any("already been decided" in m for m in shown)


def test_declining_a_request(client, staff):
    pending = _request()
    client.force_login(staff)

    run_action(client, Membership, "decline_memberships", [pending])

    pending.refresh_from_db()
    assert pending.status == Membership.Status.DECLINED


def test_the_history_of_a_request_names_who_decided_it(client, staff):
    pending = _request()
    client.force_login(staff)

    run_action(client, Membership, "approve_memberships", [pending])
    page = client.get(admin_url(Membership, "history", pending.pk)).content.decode()

    assert "Siti Bappeda" in page


def test_an_approved_membership_cannot_be_moved_to_another_organisation(client, staff):
    membership = _request(status=Membership.Status.APPROVED)
    client.force_login(staff)
    response = client.get(admin_url(Membership, "change", membership.pk))

    form = response.context["adminform"].form
    assert "organization" not in form.fields
    assert "user" not in form.fields


def test_the_user_page_lists_the_users_memberships(client, staff, partner_a, company_a):
    client.force_login(staff)
    response = client.get(admin_url(type(partner_a), "change", partner_a.pk))

    page = response.content.decode()
    assert company_a.name in page
    inline_form = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert inline_form.fields["organization"].disabled


def test_the_organisation_page_lists_its_members(client, staff, partner_a, company_a):
    client.force_login(staff)
    response = client.get(admin_url(type(company_a), "change", company_a.pk))

    assert str(partner_a) in response.content.decode()
    inline_form = response.context["inline_admin_formsets"][1].formset.forms[0]
    assert inline_form.fields["user"].disabled
