"""Who may open an evidence file: anyone once its report is verified and public; before that
only the pledging partner's members, the receiving agency's officers and Bappeda staff."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from companies.models import Membership
from programs.models import Commitment, Evidence
from tests.factories import (
    make_commitment,
    make_membership,
    make_opportunity,
    make_realization,
    make_user,
)
from tests.programs.uploads import image_bytes

pytestmark = pytest.mark.django_db

PNG = image_bytes("PNG")
UNVERIFIED = ["submitted", "confirmed", "returned"]


def evidence_url(evidence):
    return reverse("programs:evidence_file", args=[evidence.pk])


def make_evidence(realization):
    return Evidence.objects.create(
        realization=realization,
        file=ContentFile(PNG, name="foto.png"),
        content_type="image/png",
    )


def status_for(client, user, evidence):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(evidence_url(evidence))
    return response.status_code


@pytest.fixture
def people(staff, agency_officer, other_agency_officer, partner_a, partner_b):
    return {
        "anonymous": None,
        "partner of A": partner_a,
        "partner of B": partner_b,
        "officer of the receiving agency": agency_officer,
        "officer of another agency": other_agency_officer,
        "staff": staff,
    }


@pytest.fixture
def need_pledge(company_a, agency):
    """A's pledge to the agency's need (the pledge names the need's agency)."""
    return make_commitment(
        partner=company_a, opportunity=make_opportunity(agency=agency), status="in_progress"
    )


@pytest.mark.parametrize("report_status", UNVERIFIED)
def test_unverified_evidence_opens_only_for_the_partner_the_agency_and_staff(
    client, people, need_pledge, report_status
):
    evidence = make_evidence(make_realization(commitment=need_pledge, status=report_status))

    statuses = {who: status_for(client, user, evidence) for who, user in people.items()}

    assert statuses == {
        "anonymous": 404,
        "partner of A": 200,
        "partner of B": 404,
        "officer of the receiving agency": 200,
        "officer of another agency": 404,
        "staff": 200,
    }


def test_the_partner_gets_the_file_itself(client, partner_a, need_pledge):
    evidence = make_evidence(make_realization(commitment=need_pledge))
    client.force_login(partner_a)

    response = client.get(evidence_url(evidence))

    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG


def test_a_pledge_without_its_own_agency_goes_to_the_needs_agency(
    client, agency_officer, need_pledge
):
    Commitment.objects.filter(pk=need_pledge.pk).update(agency=None)
    evidence = make_evidence(make_realization(commitment=need_pledge))

    assert status_for(client, agency_officer, evidence) == 200


def test_a_theme_pledge_goes_to_the_agency_it_names(client, company_a, agency, agency_officer):
    pledge = make_commitment(partner=company_a, agency=agency, status="in_progress")
    evidence = make_evidence(make_realization(commitment=pledge))

    assert status_for(client, agency_officer, evidence) == 200


def test_verified_evidence_of_a_public_pledge_opens_for_everyone(client, people, need_pledge):
    evidence = make_evidence(make_realization(commitment=need_pledge, status="verified"))

    statuses = {status_for(client, user, evidence) for user in people.values()}

    assert statuses == {200}


def test_a_request_waiting_for_bappeda_or_declined_gives_no_access(client, company_a, need_pledge):
    evidence = make_evidence(make_realization(commitment=need_pledge))
    waiting, declined = make_user(), make_user()
    make_membership(user=waiting, organization=company_a)
    make_membership(user=declined, organization=company_a, status=Membership.Status.DECLINED)

    assert status_for(client, waiting, evidence) == 404
    assert status_for(client, declined, evidence) == 404


def test_a_member_of_an_archived_organisation_loses_access(client, partner_a, need_pledge):
    evidence = make_evidence(make_realization(commitment=need_pledge))
    need_pledge.partner.is_active = False
    need_pledge.partner.save()

    assert status_for(client, partner_a, evidence) == 404


def test_an_unknown_evidence_is_not_found_for_staff_either(client, staff):
    client.force_login(staff)

    assert client.get(reverse("programs:evidence_file", args=[987654])).status_code == 404
