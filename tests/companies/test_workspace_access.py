"""Signed-in pages know which organisation a user acts for, and refuse everyone else."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from companies.decorators import member_of, officer_required, partner_required
from companies.models import Membership, Organization
from tests.factories import make_company, make_member, make_membership, make_user


@partner_required
def partner_page(request):
    return HttpResponse(request.organization.slug)


@officer_required
def officer_page(request):
    return HttpResponse(request.organization.slug)


def _get(view, user, path="/workspace/"):
    request = RequestFactory().get(path)
    request.user = user
    request.session = {}
    return view(request)


def test_a_partner_page_acts_for_the_representatives_company(partner_a, company_a):
    response = _get(partner_page, partner_a)
    assert response.status_code == 200
    assert response.content.decode() == company_a.slug


def test_an_officer_page_acts_for_the_officers_agency(agency_officer, agency):
    assert _get(officer_page, agency_officer).content.decode() == agency.slug


def test_an_anonymous_visitor_is_sent_to_sign_in(db):
    response = _get(partner_page, AnonymousUser())
    assert response.status_code == 302
    assert "next=/workspace/" in response["Location"]


@pytest.mark.parametrize(
    ("view", "user"),
    [(partner_page, "agency_officer"), (officer_page, "partner_a"), (partner_page, "staff")],
)
def test_a_member_of_the_wrong_kind_of_organisation_is_refused(view, user, request):
    response = _get(view, request.getfixturevalue(user))
    assert response.status_code == 403


def test_a_pending_request_gives_no_access_and_the_refusal_says_it_waits(company_a, settings):
    settings.LANGUAGE_CODE = "en"
    user = make_user()
    make_membership(user=user, organization=company_a)

    response = _get(partner_page, user)

    assert response.status_code == 403
    page = response.content.decode()
    assert "waiting for Bappeda" in page
    assert company_a.name in page


def test_a_declined_request_or_an_inactive_organisation_gives_no_access(company_a, partner_a):
    declined = make_user()
    make_membership(user=declined, organization=company_a, status=Membership.Status.DECLINED)
    assert _get(partner_page, declined).status_code == 403

    Organization.objects.filter(pk=company_a.pk).update(is_active=False)
    assert _get(partner_page, partner_a).status_code == 403


def test_a_deactivated_user_acts_for_nobody(partner_a):
    partner_a.is_active = False
    assert not member_of(partner_a).exists()


def test_someone_in_two_companies_gets_the_first_by_name_and_may_choose_the_other(db):
    zeta = make_company(name="PT Zeta", slug="pt-zeta")
    user = make_member(zeta)
    alfa = make_company(name="PT Alfa", slug="pt-alfa")
    Membership.objects.create(user=user, organization=alfa, status=Membership.Status.APPROVED)

    assert _get(partner_page, user).content.decode() == "pt-alfa"
    assert _get(partner_page, user, "/workspace/?org=pt-zeta").content.decode() == "pt-zeta"
    assert list(member_of(user)) == [alfa, zeta]


def test_choosing_another_companys_slug_is_a_404(partner_a, company_b):
    with pytest.raises(Http404):
        _get(partner_page, partner_a, f"/workspace/?org={company_b.slug}")


def test_member_of_filters_by_kind(partner_a, company_a, agency):
    Membership.objects.create(
        user=partner_a, organization=agency, status=Membership.Status.APPROVED
    )
    assert list(member_of(partner_a, kinds=Organization.PARTNER_KINDS)) == [company_a]
    assert list(member_of(partner_a, kinds=[Organization.Kind.REGIONAL_AGENCY])) == [agency]
