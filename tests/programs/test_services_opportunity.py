"""Needs: an agency drafts and submits them, Bappeda publishes or returns them, then they close."""

import pytest

from programs.models import Commitment, Opportunity
from programs.services import (
    TransitionError,
    opportunity_complete,
    opportunity_create,
    opportunity_publish,
    opportunity_return,
    opportunity_submit,
    opportunity_withdraw,
)
from tests.factories import make_commitment, make_opportunity, make_theme

Status = Opportunity.Status


@pytest.fixture
def need_of(agency):
    """A need of `agency` in the given status."""

    def make(status):
        return make_opportunity(agency=agency, status=status)

    return make


def new_need_fields():
    return {"title": "Ambulans desa", "theme": make_theme(), "budget": 750_000_000}


# --- create ----------------------------------------------------------------------------------


def test_an_agency_officer_posts_a_need_as_a_draft(agency, agency_officer, stamped):
    need = opportunity_create(agency=agency, actor=agency_officer, **new_need_fields())

    assert need.status == Status.DRAFT
    assert need.agency == agency
    stamped(need, agency_officer, by=("created_by",), at=("created_at",))


def test_a_partner_cannot_post_a_need_for_an_agency(agency, partner_a, refused):
    with refused():
        opportunity_create(agency=agency, actor=partner_a, **new_need_fields())
    assert not Opportunity.objects.exists()


@pytest.mark.parametrize("actor", ["partner_a", "staff"])
def test_a_need_cannot_be_posted_for_a_company(company_a, actor, request, refused):
    with refused():
        opportunity_create(
            agency=company_a, actor=request.getfixturevalue(actor), **new_need_fields()
        )
    assert not Opportunity.objects.exists()


def test_a_new_need_cannot_skip_bappeda_by_being_created_published(agency, agency_officer, refused):
    with refused(error=(TransitionError, TypeError)):
        opportunity_create(
            agency=agency, actor=agency_officer, status=Status.PUBLISHED, **new_need_fields()
        )
    assert not Opportunity.objects.exists()


# --- submit ----------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["agency_officer", "staff"])
def test_a_draft_need_is_submitted_by_its_officer_or_bappeda(need_of, actor, request, stamped):
    actor = request.getfixturevalue(actor)
    need = opportunity_submit(opportunity=need_of(Status.DRAFT), actor=actor)

    assert need.status == Status.SUBMITTED
    stamped(need, actor)


@pytest.mark.parametrize("actor", ["partner_a", "other_agency_officer"])
def test_a_need_is_not_submitted_by_someone_outside_its_agency(need_of, actor, request, refused):
    need = need_of(Status.DRAFT)
    with refused(need):
        opportunity_submit(opportunity=need, actor=request.getfixturevalue(actor))


def test_a_published_need_cannot_be_submitted_again(need_of, agency_officer, refused):
    need = need_of(Status.PUBLISHED)
    with refused(need):
        opportunity_submit(opportunity=need, actor=agency_officer)


# --- publish ---------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED])
def test_bappeda_publishes_a_need(need_of, status, staff, stamped):
    need = opportunity_publish(opportunity=need_of(status), actor=staff)

    assert need.status == Status.PUBLISHED
    stamped(need, staff, at=("status_changed_at", "published_at"))


@pytest.mark.parametrize("actor", ["agency_officer", "partner_a"])
def test_only_bappeda_publishes_a_need(need_of, actor, request, refused):
    need = need_of(Status.SUBMITTED)
    with refused(need):
        opportunity_publish(opportunity=need, actor=request.getfixturevalue(actor))


@pytest.mark.parametrize(
    "status", [Status.PUBLISHED, Status.FULLY_COMMITTED, Status.COMPLETED, Status.WITHDRAWN]
)
def test_a_need_past_review_cannot_be_published_again(need_of, status, staff, refused):
    need = need_of(status)
    with refused(need):
        opportunity_publish(opportunity=need, actor=staff)


# --- return ----------------------------------------------------------------------------------


def test_bappeda_returns_a_submitted_need_to_the_agency_with_a_note(need_of, staff, stamped):
    need = opportunity_return(
        opportunity=need_of(Status.SUBMITTED), actor=staff, note="Lengkapi lokasi."
    )

    assert need.status == Status.DRAFT
    stamped(need, staff)
    assert need.history.first().history_change_reason == "Lengkapi lokasi."


@pytest.mark.parametrize("note", ["", "   "])
def test_a_need_is_not_returned_without_a_note(need_of, staff, note, refused):
    need = need_of(Status.SUBMITTED)
    with refused(need):
        opportunity_return(opportunity=need, actor=staff, note=note)


def test_an_officer_cannot_return_a_need(need_of, agency_officer, refused):
    need = need_of(Status.SUBMITTED)
    with refused(need):
        opportunity_return(opportunity=need, actor=agency_officer, note="Lengkapi lokasi.")


def test_a_published_need_is_not_returned(need_of, staff, refused):
    need = need_of(Status.PUBLISHED)
    with refused(need):
        opportunity_return(opportunity=need, actor=staff, note="Lengkapi lokasi.")


# --- withdraw --------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["agency_officer", "staff"])
@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.PUBLISHED])
def test_a_need_is_withdrawn_with_a_reason(need_of, status, actor, request, stamped):
    actor = request.getfixturevalue(actor)
    need = opportunity_withdraw(
        opportunity=need_of(status), actor=actor, reason="Sudah didanai APBD."
    )

    assert need.status == Status.WITHDRAWN
    assert need.withdrawal_reason == "Sudah didanai APBD."
    stamped(need, actor)


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_need_is_not_withdrawn_without_a_reason(need_of, agency_officer, reason, refused):
    need = need_of(Status.PUBLISHED)
    with refused(need):
        opportunity_withdraw(opportunity=need, actor=agency_officer, reason=reason)


@pytest.mark.parametrize(
    "pledge_status",
    [Commitment.Status.PROPOSED, Commitment.Status.APPROVED, Commitment.Status.IN_PROGRESS],
)
def test_a_need_is_not_withdrawn_while_pledges_to_it_stand(
    need_of, agency_officer, pledge_status, refused
):
    need = need_of(Status.PUBLISHED)
    make_commitment(opportunity=need, status=pledge_status)
    with refused(need):
        opportunity_withdraw(opportunity=need, actor=agency_officer, reason="Batal.")


@pytest.mark.parametrize("pledge_status", [Commitment.Status.REJECTED, Commitment.Status.CANCELLED])
def test_a_need_is_withdrawn_when_its_pledges_were_rejected_or_cancelled(
    need_of, agency_officer, pledge_status
):
    need = need_of(Status.PUBLISHED)
    make_commitment(opportunity=need, status=pledge_status, rejection_reason="Di luar tema.")

    need = opportunity_withdraw(opportunity=need, actor=agency_officer, reason="Batal.")

    assert need.status == Status.WITHDRAWN


def test_a_partner_cannot_withdraw_a_need(need_of, partner_a, refused):
    need = need_of(Status.PUBLISHED)
    with refused(need):
        opportunity_withdraw(opportunity=need, actor=partner_a, reason="Batal.")


@pytest.mark.parametrize("status", [Status.COMPLETED, Status.WITHDRAWN])
def test_a_closed_need_is_not_withdrawn(need_of, agency_officer, status, refused):
    need = need_of(status)
    with refused(need):
        opportunity_withdraw(opportunity=need, actor=agency_officer, reason="Batal.")


# --- complete --------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["agency_officer", "staff"])
@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.FULLY_COMMITTED])
def test_a_need_whose_help_was_delivered_is_completed(need_of, status, actor, request, stamped):
    actor = request.getfixturevalue(actor)
    need = opportunity_complete(opportunity=need_of(status), actor=actor)

    assert need.status == Status.COMPLETED
    stamped(need, actor)


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.WITHDRAWN])
def test_a_need_that_was_never_open_or_was_withdrawn_is_not_completed(
    need_of, agency_officer, status, refused
):
    need = need_of(status)
    with refused(need):
        opportunity_complete(opportunity=need, actor=agency_officer)


@pytest.mark.parametrize("actor", ["partner_a", "other_agency_officer"])
def test_a_need_is_not_completed_by_someone_outside_its_agency(need_of, actor, request, refused):
    need = need_of(Status.FULLY_COMMITTED)
    with refused(need):
        opportunity_complete(opportunity=need, actor=request.getfixturevalue(actor))
