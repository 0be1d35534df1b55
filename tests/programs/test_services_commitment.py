"""Pledges: a partner proposes, Bappeda approves or rejects, then they run, are realised or end."""

from datetime import date

import pytest

from programs.models import Commitment, Opportunity, Realization
from programs.services import (
    commitment_approve,
    commitment_cancel,
    commitment_complete,
    commitment_propose,
    commitment_reject,
    commitment_start,
)
from tests.factories import (
    make_agency,
    make_commitment,
    make_kecamatan,
    make_kelurahan,
    make_member,
    make_opportunity,
    make_realization,
    make_theme,
    make_zakat_institution,
)

Status = Commitment.Status


@pytest.fixture
def need(agency):
    """An open need of `agency` in a kelurahan."""
    kelurahan = make_kelurahan()
    return make_opportunity(
        agency=agency,
        kecamatan=kelurahan.kecamatan,
        kelurahan=kelurahan,
        budget=300_000_000,
        status=Opportunity.Status.PUBLISHED,
    )


@pytest.fixture
def pledge_of_a(company_a, need):
    """Company A's pledge to `need`, in the given status."""

    def make(status):
        # A rejected pledge needs its reason (a database rule); the others ignore it.
        return make_commitment(
            partner=company_a, opportunity=need, status=status, rejection_reason="-"
        )

    return make


def pledge_terms():
    return {
        "title": "Dana ambulans",
        "value": 100_000_000,
        "start_date": date(2026, 2, 1),
        "end_date": date(2026, 11, 30),
    }


# --- propose ---------------------------------------------------------------------------------


def test_a_partner_pledges_to_an_open_need_which_gives_theme_agency_and_place(
    company_a, partner_a, need, stamped
):
    pledge = commitment_propose(
        partner=company_a, actor=partner_a, opportunity=need, theme=make_theme(), **pledge_terms()
    )

    assert pledge.status == Status.PROPOSED
    assert pledge.partner == company_a
    assert pledge.opportunity == need
    assert pledge.theme == need.theme
    assert pledge.agency == need.agency
    assert pledge.kecamatan == need.kecamatan
    assert pledge.kelurahan == need.kelurahan
    stamped(pledge, partner_a, by=("created_by",), at=("created_at",))


def test_a_pledge_to_a_need_goes_to_the_need_s_agency_even_when_another_is_named(
    company_a, partner_a, need
):
    pledge = commitment_propose(
        partner=company_a,
        actor=partner_a,
        opportunity=need,
        agency=make_agency(),
        kecamatan=make_kecamatan(),
        **pledge_terms(),
    )

    assert pledge.agency == need.agency
    assert pledge.kecamatan == need.kecamatan


def test_a_zakat_institution_pledges_to_a_theme_without_a_need(db, stamped):
    institution = make_zakat_institution()
    representative = make_member(institution)
    theme = make_theme()

    pledge = commitment_propose(
        partner=institution, actor=representative, theme=theme, **pledge_terms()
    )

    assert pledge.status == Status.PROPOSED
    assert pledge.theme == theme
    assert pledge.opportunity is None
    stamped(pledge, representative, by=("created_by",), at=("created_at",))


def test_an_unverified_partner_cannot_pledge(company_a, partner_a, need, refused):
    company_a.is_verified = False
    company_a.save()
    with refused(need):
        commitment_propose(partner=company_a, actor=partner_a, opportunity=need, **pledge_terms())
    assert not Commitment.objects.exists()


def test_a_regional_agency_cannot_pledge(agency, agency_officer, refused):
    with refused():
        commitment_propose(
            partner=agency, actor=agency_officer, theme=make_theme(), **pledge_terms()
        )
    assert not Commitment.objects.exists()


@pytest.mark.parametrize("actor", ["partner_b", "agency_officer"])
def test_only_a_member_pledges_for_a_partner(company_a, actor, request, need, refused):
    with refused(need):
        commitment_propose(
            partner=company_a,
            actor=request.getfixturevalue(actor),
            opportunity=need,
            **pledge_terms(),
        )
    assert not Commitment.objects.exists()


@pytest.mark.parametrize(
    "status",
    [
        Opportunity.Status.DRAFT,
        Opportunity.Status.SUBMITTED,
        Opportunity.Status.WITHDRAWN,
        Opportunity.Status.FULLY_COMMITTED,
        Opportunity.Status.COMPLETED,
    ],
)
def test_a_need_that_is_not_open_takes_no_pledge(company_a, partner_a, need, status, refused):
    Opportunity.objects.filter(pk=need.pk).update(status=status)
    with refused(need):
        commitment_propose(partner=company_a, actor=partner_a, opportunity=need, **pledge_terms())
    assert not Commitment.objects.exists()


def test_a_pledge_without_a_need_needs_a_theme(company_a, partner_a, refused):
    with refused():
        commitment_propose(partner=company_a, actor=partner_a, **pledge_terms())
    assert not Commitment.objects.exists()


# --- approve ---------------------------------------------------------------------------------


def test_bappeda_approves_a_proposed_pledge(pledge_of_a, staff, stamped):
    pledge = commitment_approve(commitment=pledge_of_a(Status.PROPOSED), actor=staff)

    assert pledge.status == Status.APPROVED
    stamped(pledge, staff, at=("status_changed_at", "approved_at"))


def test_bappeda_approves_a_pledge_to_a_theme(company_a, staff, stamped):
    pledge = commitment_approve(commitment=make_commitment(partner=company_a), actor=staff)

    assert pledge.status == Status.APPROVED
    stamped(pledge, staff, at=("status_changed_at", "approved_at"))


@pytest.mark.parametrize("actor", ["partner_a", "agency_officer"])
def test_only_bappeda_approves_a_pledge(pledge_of_a, actor, request, refused):
    pledge = pledge_of_a(Status.PROPOSED)
    with refused(pledge, pledge.opportunity):
        commitment_approve(commitment=pledge, actor=request.getfixturevalue(actor))


@pytest.mark.parametrize("status", [Status.APPROVED, Status.REJECTED, Status.CANCELLED])
def test_a_pledge_that_was_decided_is_not_approved_again(pledge_of_a, status, staff, refused):
    pledge = pledge_of_a(status)
    with refused(pledge, pledge.opportunity):
        commitment_approve(commitment=pledge, actor=staff)


@pytest.mark.parametrize("status", [Opportunity.Status.WITHDRAWN, Opportunity.Status.COMPLETED])
def test_a_pledge_to_a_closed_need_is_not_approved(pledge_of_a, need, status, staff, refused):
    pledge = pledge_of_a(Status.PROPOSED)
    Opportunity.objects.filter(pk=need.pk).update(status=status)
    with refused(pledge, need):
        commitment_approve(commitment=pledge, actor=staff)


# --- reject ----------------------------------------------------------------------------------


def test_bappeda_rejects_a_pledge_with_a_reason(pledge_of_a, staff, stamped):
    pledge = commitment_reject(
        commitment=pledge_of_a(Status.PROPOSED), actor=staff, reason="Di luar tema."
    )

    assert pledge.status == Status.REJECTED
    assert pledge.rejection_reason == "Di luar tema."
    stamped(pledge, staff)


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_pledge_is_not_rejected_without_a_reason(pledge_of_a, staff, reason, refused):
    pledge = pledge_of_a(Status.PROPOSED)
    with refused(pledge):
        commitment_reject(commitment=pledge, actor=staff, reason=reason)


def test_a_partner_cannot_reject_a_pledge(pledge_of_a, partner_a, refused):
    pledge = pledge_of_a(Status.PROPOSED)
    with refused(pledge):
        commitment_reject(commitment=pledge, actor=partner_a, reason="Berubah pikiran.")


def test_an_approved_pledge_is_not_rejected(pledge_of_a, staff, refused):
    pledge = pledge_of_a(Status.APPROVED)
    with refused(pledge):
        commitment_reject(commitment=pledge, actor=staff, reason="Di luar tema.")


# --- start -----------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["partner_a", "staff"])
def test_an_approved_pledge_is_started_by_its_partner_or_bappeda(
    pledge_of_a, actor, request, stamped
):
    actor = request.getfixturevalue(actor)
    pledge = commitment_start(commitment=pledge_of_a(Status.APPROVED), actor=actor)

    assert pledge.status == Status.IN_PROGRESS
    stamped(pledge, actor)


@pytest.mark.parametrize("actor", ["partner_b", "agency_officer"])
def test_a_pledge_is_not_started_by_someone_else(pledge_of_a, actor, request, refused):
    pledge = pledge_of_a(Status.APPROVED)
    with refused(pledge):
        commitment_start(commitment=pledge, actor=request.getfixturevalue(actor))


@pytest.mark.parametrize("status", [Status.PROPOSED, Status.REJECTED, Status.IN_PROGRESS])
def test_only_an_approved_pledge_is_started(pledge_of_a, partner_a, status, refused):
    pledge = pledge_of_a(status)
    with refused(pledge):
        commitment_start(commitment=pledge, actor=partner_a)


# --- complete --------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.APPROVED, Status.IN_PROGRESS])
def test_bappeda_marks_a_pledge_realised_after_a_verified_report(
    pledge_of_a, status, staff, stamped
):
    pledge = pledge_of_a(status)
    make_realization(commitment=pledge, status=Realization.Status.VERIFIED)

    pledge = commitment_complete(commitment=pledge, actor=staff)

    assert pledge.status == Status.REALIZED
    stamped(pledge, staff)


@pytest.mark.parametrize(
    "report_status",
    [Realization.Status.SUBMITTED, Realization.Status.CONFIRMED, Realization.Status.RETURNED],
)
def test_a_pledge_is_not_realised_before_a_report_is_verified(
    pledge_of_a, report_status, staff, refused
):
    pledge = pledge_of_a(Status.IN_PROGRESS)
    make_realization(commitment=pledge, status=report_status)
    with refused(pledge):
        commitment_complete(commitment=pledge, actor=staff)


def test_a_pledge_without_any_report_is_not_realised(pledge_of_a, staff, refused):
    pledge = pledge_of_a(Status.IN_PROGRESS)
    with refused(pledge):
        commitment_complete(commitment=pledge, actor=staff)


def test_a_partner_cannot_mark_its_own_pledge_realised(pledge_of_a, partner_a, refused):
    pledge = pledge_of_a(Status.IN_PROGRESS)
    make_realization(commitment=pledge, status=Realization.Status.VERIFIED)
    with refused(pledge):
        commitment_complete(commitment=pledge, actor=partner_a)


@pytest.mark.parametrize("status", [Status.PROPOSED, Status.CANCELLED, Status.REALIZED])
def test_only_a_running_pledge_is_realised(pledge_of_a, status, staff, refused):
    pledge = pledge_of_a(status)
    make_realization(commitment=pledge, status=Realization.Status.VERIFIED)
    with refused(pledge):
        commitment_complete(commitment=pledge, actor=staff)


# --- cancel ----------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["partner_a", "staff"])
@pytest.mark.parametrize("status", [Status.PROPOSED, Status.APPROVED, Status.IN_PROGRESS])
def test_a_pledge_is_cancelled_by_its_partner_or_bappeda(
    pledge_of_a, status, actor, request, stamped
):
    actor = request.getfixturevalue(actor)
    pledge = commitment_cancel(
        commitment=pledge_of_a(status), actor=actor, reason="Anggaran dialihkan."
    )

    assert pledge.status == Status.CANCELLED
    assert pledge.cancellation_reason == "Anggaran dialihkan."
    stamped(pledge, actor)


@pytest.mark.parametrize("actor", ["partner_b", "agency_officer"])
def test_nobody_else_cancels_a_partner_s_pledge(pledge_of_a, actor, request, refused):
    pledge = pledge_of_a(Status.APPROVED)
    with refused(pledge, pledge.opportunity):
        commitment_cancel(
            commitment=pledge, actor=request.getfixturevalue(actor), reason="Salah input."
        )


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_pledge_is_not_cancelled_without_a_reason(pledge_of_a, partner_a, reason, refused):
    pledge = pledge_of_a(Status.APPROVED)
    with refused(pledge):
        commitment_cancel(commitment=pledge, actor=partner_a, reason=reason)


@pytest.mark.parametrize("status", [Status.REALIZED, Status.REJECTED, Status.CANCELLED])
def test_a_realised_or_ended_pledge_is_not_cancelled(pledge_of_a, status, staff, refused):
    pledge = pledge_of_a(status)
    with refused(pledge):
        commitment_cancel(commitment=pledge, actor=staff, reason="Anggaran dialihkan.")
