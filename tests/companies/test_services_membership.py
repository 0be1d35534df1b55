"""Memberships: a user asks to act for an organisation, and Bappeda approves or declines."""

import pytest

from companies.models import Membership
from companies.services import TransitionError, membership_approve, membership_decline
from tests.factories import make_membership, make_user

Status = Membership.Status


@pytest.fixture
def request_to_join(company_a):
    """A new user's pending request to act for company A."""
    return make_membership(user=make_user(username="calon"), organization=company_a)


def test_bappeda_approves_a_request_and_the_user_may_act_for_the_organisation(
    request_to_join, company_a, staff, stamped
):
    membership = membership_approve(membership=request_to_join, actor=staff)

    assert membership.status == Status.APPROVED
    stamped(membership, staff, by=("decided_by",), at=("decided_at",))
    assert company_a.has_member(membership.user)


def test_bappeda_declines_a_request_and_the_user_may_not_act(
    request_to_join, company_a, staff, stamped
):
    membership = membership_decline(membership=request_to_join, actor=staff)

    assert membership.status == Status.DECLINED
    stamped(membership, staff, by=("decided_by",), at=("decided_at",))
    assert not company_a.has_member(membership.user)


@pytest.mark.parametrize("decide", [membership_approve, membership_decline])
@pytest.mark.parametrize("actor", ["partner_a", "agency_officer", "applicant"])
def test_nobody_but_bappeda_decides_a_request(request_to_join, decide, actor, request, refused):
    actor = request_to_join.user if actor == "applicant" else request.getfixturevalue(actor)
    with refused(request_to_join, error=TransitionError):
        decide(membership=request_to_join, actor=actor)


@pytest.mark.parametrize("decide", [membership_approve, membership_decline])
@pytest.mark.parametrize("decided", [Status.APPROVED, Status.DECLINED])
def test_a_request_already_decided_is_not_decided_again(
    request_to_join, decided, decide, staff, refused
):
    Membership.objects.filter(pk=request_to_join.pk).update(status=decided)
    with refused(request_to_join, error=TransitionError):
        decide(membership=request_to_join, actor=staff)
