"""Realization reports: the partner reports, the agency confirms the handover, Bappeda verifies."""

from datetime import date

import pytest

from programs.models import Commitment, Realization
from programs.services import (
    TransitionError,
    realization_confirm,
    realization_resubmit,
    realization_return,
    realization_submit,
    realization_verify,
)
from tests.factories import make_commitment, make_opportunity, make_realization

Status = Realization.Status


@pytest.fixture
def pledge(company_a, agency):
    """Company A's approved pledge to a need of `agency`."""
    need = make_opportunity(agency=agency)
    return make_commitment(partner=company_a, opportunity=need, status=Commitment.Status.APPROVED)


@pytest.fixture
def report_of_a(pledge):
    """A report on company A's pledge, in the given status."""
    Commitment.objects.filter(pk=pledge.pk).update(status=Commitment.Status.IN_PROGRESS)

    def make(status, **fields):
        return make_realization(commitment=pledge, status=status, **fields)

    return make


HANDOVER = {"bast_number": "BAST/027/DINSOS/2026", "bast_date": date(2026, 6, 3)}


# --- submit ----------------------------------------------------------------------------------


def test_a_partner_reports_on_an_approved_pledge_which_is_then_in_progress(
    pledge, partner_a, stamped
):
    report = realization_submit(
        commitment=pledge, actor=partner_a, date=date(2026, 6, 1), value=95_000_000
    )

    assert report.status == Status.SUBMITTED
    assert report.commitment == pledge
    stamped(report, partner_a, by=("submitted_by",), at=("submitted_at",))
    assert pledge.realizations.get() == report
    stamped(pledge, partner_a)
    assert pledge.status == Commitment.Status.IN_PROGRESS


def test_a_partner_reports_again_on_a_pledge_in_progress(pledge, partner_a):
    Commitment.objects.filter(pk=pledge.pk).update(status=Commitment.Status.IN_PROGRESS)

    realization_submit(commitment=pledge, actor=partner_a, date=date(2026, 9, 1), value=1)

    pledge.refresh_from_db()
    assert pledge.status == Commitment.Status.IN_PROGRESS


@pytest.mark.parametrize("actor", ["partner_b", "agency_officer", "staff"])
def test_nobody_but_the_partner_reports_on_its_pledge(pledge, actor, request, refused):
    with refused(pledge):
        realization_submit(
            commitment=pledge,
            actor=request.getfixturevalue(actor),
            date=date(2026, 6, 1),
            value=95_000_000,
        )
    assert not Realization.objects.exists()


@pytest.mark.parametrize(
    "status",
    [
        Commitment.Status.PROPOSED,
        Commitment.Status.REJECTED,
        Commitment.Status.CANCELLED,
        Commitment.Status.REALIZED,
    ],
)
def test_a_pledge_that_is_not_running_takes_no_report(pledge, partner_a, status, refused):
    Commitment.objects.filter(pk=pledge.pk).update(status=status, rejection_reason="-")
    with refused(pledge):
        realization_submit(
            commitment=pledge, actor=partner_a, date=date(2026, 6, 1), value=95_000_000
        )
    assert not Realization.objects.exists()


# --- confirm ---------------------------------------------------------------------------------


def test_the_receiving_agency_confirms_the_handover(report_of_a, agency_officer, stamped):
    report = realization_confirm(
        realization=report_of_a(Status.SUBMITTED), actor=agency_officer, **HANDOVER
    )

    assert report.status == Status.CONFIRMED
    assert (report.bast_number, report.bast_date) == (
        HANDOVER["bast_number"],
        HANDOVER["bast_date"],
    )
    stamped(report, agency_officer, by=("confirmed_by",), at=("confirmed_at",))


def test_the_need_s_agency_confirms_when_the_pledge_names_none(pledge, report_of_a, agency_officer):
    Commitment.objects.filter(pk=pledge.pk).update(agency=None)

    report = realization_confirm(
        realization=report_of_a(Status.SUBMITTED), actor=agency_officer, **HANDOVER
    )

    assert report.status == Status.CONFIRMED


@pytest.mark.parametrize("actor", ["staff", "partner_a", "other_agency_officer"])
def test_only_the_receiving_agency_confirms_a_handover(report_of_a, actor, request, refused):
    report = report_of_a(Status.SUBMITTED)
    with refused(report):
        realization_confirm(realization=report, actor=request.getfixturevalue(actor), **HANDOVER)


@pytest.mark.parametrize(
    "handover",
    [
        {"bast_number": "", "bast_date": date(2026, 6, 3)},
        {"bast_number": "   ", "bast_date": date(2026, 6, 3)},
        {"bast_number": "BAST/027/DINSOS/2026", "bast_date": None},
    ],
    ids=["no-number", "blank-number", "no-date"],
)
def test_a_handover_is_not_confirmed_without_its_bast(
    report_of_a, agency_officer, handover, refused
):
    report = report_of_a(Status.SUBMITTED)
    with refused(report):
        realization_confirm(realization=report, actor=agency_officer, **handover)


@pytest.mark.parametrize("status", [Status.CONFIRMED, Status.VERIFIED, Status.RETURNED])
def test_only_a_submitted_report_is_confirmed(report_of_a, agency_officer, status, refused):
    report = report_of_a(status)
    with refused(report):
        realization_confirm(realization=report, actor=agency_officer, **HANDOVER)


# --- verify ----------------------------------------------------------------------------------


def test_bappeda_verifies_a_confirmed_report(report_of_a, staff, stamped):
    report = realization_verify(realization=report_of_a(Status.CONFIRMED), actor=staff)

    assert report.status == Status.VERIFIED
    assert report.is_public
    stamped(report, staff, by=("verified_by",), at=("verified_at",))


@pytest.mark.parametrize("actor", ["agency_officer", "partner_a"])
def test_only_bappeda_verifies_a_report(report_of_a, actor, request, refused):
    report = report_of_a(Status.CONFIRMED)
    with refused(report):
        realization_verify(realization=report, actor=request.getfixturevalue(actor))


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.RETURNED, Status.VERIFIED])
def test_bappeda_cannot_verify_what_the_agency_has_not_confirmed(
    report_of_a, staff, status, refused
):
    report = report_of_a(status)
    with refused(report):
        realization_verify(realization=report, actor=staff)


# --- return ----------------------------------------------------------------------------------


def test_the_agency_returns_a_submitted_report_to_the_partner_with_its_note(
    report_of_a, agency_officer, stamped
):
    report = realization_return(
        realization=report_of_a(Status.SUBMITTED), actor=agency_officer, note="Foto kurang."
    )

    assert report.status == Status.RETURNED
    assert report.return_note == "Foto kurang."
    stamped(report, agency_officer, by=("returned_by",), at=("returned_at",))


def test_bappeda_returns_a_confirmed_report_to_the_agency(report_of_a, staff, stamped):
    report = realization_return(
        realization=report_of_a(Status.CONFIRMED), actor=staff, note="Nomor BAST salah."
    )

    assert report.status == Status.SUBMITTED
    assert report.return_note == "Nomor BAST salah."
    assert report.confirmed_by is None
    assert report.confirmed_at is None
    stamped(report, staff, by=("returned_by",), at=("returned_at",))


def test_bappeda_returns_a_verified_report_to_confirmed(report_of_a, staff, stamped):
    report = realization_return(
        realization=report_of_a(Status.VERIFIED), actor=staff, note="Nilai perlu dicek."
    )

    assert report.status == Status.CONFIRMED
    assert report.verified_by is None
    assert report.verified_at is None
    assert not report.is_public
    stamped(report, staff, by=("returned_by",), at=("returned_at",))


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.CONFIRMED, Status.VERIFIED])
def test_a_partner_cannot_return_a_report(report_of_a, partner_a, status, refused):
    report = report_of_a(status)
    with refused(report):
        realization_return(realization=report, actor=partner_a, note="Salah ketik.")


def test_bappeda_cannot_return_a_report_the_agency_has_not_seen(report_of_a, staff, refused):
    report = report_of_a(Status.SUBMITTED)
    with refused(report):
        realization_return(realization=report, actor=staff, note="Foto kurang.")


@pytest.mark.parametrize("status", [Status.CONFIRMED, Status.VERIFIED])
def test_the_agency_cannot_return_what_it_has_confirmed(
    report_of_a, agency_officer, status, refused
):
    report = report_of_a(status)
    with refused(report):
        realization_return(realization=report, actor=agency_officer, note="Salah ketik.")


@pytest.mark.parametrize("note", ["", "   "])
def test_a_report_is_not_returned_without_a_note(report_of_a, agency_officer, note, refused):
    report = report_of_a(Status.SUBMITTED)
    with refused(report):
        realization_return(realization=report, actor=agency_officer, note=note)


def test_a_returned_report_is_not_returned_again(report_of_a, staff, refused):
    report = report_of_a(Status.RETURNED)
    with refused(report):
        realization_return(realization=report, actor=staff, note="Lagi.")


# --- resubmit --------------------------------------------------------------------------------


def test_the_partner_resubmits_a_returned_report_with_corrected_values(
    report_of_a, partner_a, stamped
):
    report = realization_resubmit(
        realization=report_of_a(Status.RETURNED, return_note="Nilai salah."),
        actor=partner_a,
        value=90_000_000,
        narrative="Nilai dikoreksi sesuai kuitansi.",
    )

    assert report.status == Status.SUBMITTED
    assert report.value == 90_000_000
    assert report.narrative == "Nilai dikoreksi sesuai kuitansi."
    stamped(report, partner_a, by=("submitted_by",), at=("submitted_at",))


def test_another_partner_cannot_resubmit_a_report(report_of_a, partner_b, refused):
    report = report_of_a(Status.RETURNED)
    with refused(report):
        realization_resubmit(realization=report, actor=partner_b, value=1)


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.CONFIRMED, Status.VERIFIED])
def test_only_a_returned_report_is_resubmitted(report_of_a, partner_a, status, refused):
    report = report_of_a(status)
    with refused(report):
        realization_resubmit(realization=report, actor=partner_a, value=1)


def test_a_resubmitted_report_cannot_move_to_another_partner_s_pledge(
    report_of_a, partner_a, company_b, refused
):
    report = report_of_a(Status.RETURNED)
    pledge_of_b = make_commitment(partner=company_b, status=Commitment.Status.IN_PROGRESS)
    with refused(report, error=(TransitionError, TypeError)):
        realization_resubmit(realization=report, actor=partner_a, commitment=pledge_of_b)
