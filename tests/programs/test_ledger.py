"""The ledger of a need: what is pledged, what is delivered, and what is still missing."""

import pytest

from programs.models import Commitment, Opportunity, Realization
from programs.services import commitment_approve, commitment_cancel, commitment_reject
from tests.factories import make_commitment, make_opportunity, make_realization

pytestmark = pytest.mark.django_db

Status = Commitment.Status


def ledger_of(need):
    return Opportunity.objects.with_ledger().get(pk=need.pk)


def sembako_need(**fields):
    """500 food parcels worth Rp 100.000.000."""
    return make_opportunity(kind="goods", quantity=500, unit="paket", budget=100_000_000, **fields)


def parcels(need, quantity, value, **fields):
    """A pledge of food parcels to the need."""
    return make_commitment(
        opportunity=need, kind="goods", quantity=quantity, unit="paket", value=value, **fields
    )


# --- the numbers -----------------------------------------------------------------------------


def test_a_need_without_pledges_misses_its_whole_budget_and_quantity():
    need = ledger_of(sembako_need())

    assert (need.pledged_value, need.pledged_quantity) == (0, 0)
    assert (need.realized_value, need.realized_quantity) == (0, 0)
    assert (need.gap_value, need.gap_quantity) == (100_000_000, 500)


def test_two_partners_co_funding_a_need_add_up_in_value_and_quantity():
    need = sembako_need()
    parcels(need, 200, 40_000_000, status=Status.APPROVED)
    parcels(need, 300, 60_000_000, status=Status.IN_PROGRESS)

    need = ledger_of(need)

    assert (need.pledged_value, need.pledged_quantity) == (100_000_000, 500)
    assert (need.gap_value, need.gap_quantity) == (0, 0)


def test_proposed_rejected_and_cancelled_pledges_do_not_count():
    need = sembako_need()
    parcels(need, 100, 20_000_000, status=Status.APPROVED)
    parcels(need, 50, 10_000_000, status=Status.REALIZED)
    for status in (Status.PROPOSED, Status.REJECTED, Status.CANCELLED):
        parcels(need, 400, 80_000_000, status=status, rejection_reason="Di luar tema.")

    need = ledger_of(need)

    assert (need.pledged_value, need.pledged_quantity) == (30_000_000, 150)
    assert (need.gap_value, need.gap_quantity) == (70_000_000, 350)


def test_only_verified_reports_count_as_realised():
    need = sembako_need()
    pledge = parcels(need, 500, 100_000_000, status=Status.IN_PROGRESS)
    make_realization(commitment=pledge, status=Realization.Status.VERIFIED, value=7, quantity=1)
    make_realization(commitment=pledge, status=Realization.Status.VERIFIED, value=8, quantity=2)
    for status in (
        Realization.Status.SUBMITTED,
        Realization.Status.CONFIRMED,
        Realization.Status.RETURNED,
    ):
        make_realization(commitment=pledge, status=status, value=1_000, quantity=100)

    need = ledger_of(need)

    assert (need.realized_value, need.realized_quantity) == (15, 3)


def test_an_oversubscribed_need_shows_a_negative_gap():
    need = make_opportunity(budget=100_000_000)
    make_commitment(opportunity=need, value=70_000_000, status=Status.APPROVED)
    make_commitment(opportunity=need, value=50_000_000, status=Status.APPROVED)

    need = ledger_of(need)

    assert need.pledged_value == 120_000_000
    assert need.gap_value == -20_000_000


def test_pledges_to_another_need_stay_in_their_own_ledger():
    need, other = make_opportunity(budget=100), make_opportunity(budget=100)
    make_commitment(opportunity=other, value=60, status=Status.APPROVED)

    assert ledger_of(need).pledged_value == 0
    assert ledger_of(other).pledged_value == 60


# --- the need's status follows its pledges ---------------------------------------------------


def test_approving_the_pledge_that_covers_the_budget_fully_commits_the_need(staff):
    need = make_opportunity(budget=100_000_000)
    first = make_commitment(opportunity=need, value=60_000_000)
    last = make_commitment(opportunity=need, value=40_000_000)

    commitment_approve(commitment=first, actor=staff)
    need.refresh_from_db()
    assert need.status == Opportunity.Status.PUBLISHED

    commitment_approve(commitment=last, actor=staff)
    need.refresh_from_db()
    assert need.status == Opportunity.Status.FULLY_COMMITTED
    assert need.status_changed_by == staff
    assert need.history.first().history_user == staff


def test_cancelling_a_pledge_of_a_fully_committed_need_opens_it_again(company_a, partner_a):
    need = make_opportunity(budget=100_000_000, status=Opportunity.Status.FULLY_COMMITTED)
    make_commitment(opportunity=need, value=60_000_000, status=Status.APPROVED)
    pledge = make_commitment(
        opportunity=need, partner=company_a, value=40_000_000, status=Status.APPROVED
    )

    commitment_cancel(commitment=pledge, actor=partner_a, reason="Anggaran dialihkan.")

    need.refresh_from_db()
    assert need.status == Opportunity.Status.PUBLISHED
    assert need.history.first().history_user == partner_a
    assert ledger_of(need).gap_value == 40_000_000


def test_a_goods_need_is_not_full_while_its_quantity_is_not_covered(staff):
    need = sembako_need()
    pledge = parcels(need, 499, 100_000_000)

    commitment_approve(commitment=pledge, actor=staff)

    need.refresh_from_db()
    assert need.status == Opportunity.Status.PUBLISHED
    assert ledger_of(need).gap_quantity == 1


def test_cash_that_covers_a_goods_need_s_value_does_not_fill_it(staff):
    need = sembako_need()
    cash = make_commitment(opportunity=need, value=100_000_000)

    commitment_approve(commitment=cash, actor=staff)

    need.refresh_from_db()
    assert need.status == Opportunity.Status.PUBLISHED


def test_a_goods_need_is_full_once_value_and_quantity_are_covered(staff):
    need = sembako_need()
    parcels(need, 499, 100_000_000, status=Status.APPROVED)
    last_parcel = parcels(need, 1, 0)

    commitment_approve(commitment=last_parcel, actor=staff)

    need.refresh_from_db()
    assert need.status == Opportunity.Status.FULLY_COMMITTED


def test_rejecting_a_proposed_pledge_leaves_the_need_as_it_was(staff):
    need = make_opportunity(budget=100_000_000)
    make_commitment(opportunity=need, value=100_000_000, status=Status.APPROVED)
    Opportunity.objects.filter(pk=need.pk).update(status=Opportunity.Status.FULLY_COMMITTED)
    proposed = make_commitment(opportunity=need, value=5_000_000)

    commitment_reject(commitment=proposed, actor=staff, reason="Sudah penuh.")

    need.refresh_from_db()
    assert need.status == Opportunity.Status.FULLY_COMMITTED
