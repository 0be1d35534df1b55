"""Two decisions on the same pledge at the same moment end in one consistent state.

Each decision runs in its own thread with its own database connection, released together by a
barrier, so the two transactions really overlap. On PostgreSQL the row locks
(`select_for_update`, the need's first, then the pledge's) make the second wait and then read
what the first committed; on SQLite the IMMEDIATE transaction mode serialises the writers.
Whichever comes second is judged on the state the first left, never on a stale copy.
"""

import threading

import pytest
from django.db import connection

from programs.models import Commitment, Opportunity
from programs.services import (
    TransitionError,
    commitment_approve,
    commitment_cancel,
    commitment_reject,
)
from tests.factories import make_commitment, make_opportunity
from tests.programs.test_concurrency import migration_data_put_back  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migration_data_put_back"),
]


def run_together(**steps):
    """Run each step in its own thread, released together; what each returned or raised."""
    barrier = threading.Barrier(len(steps))
    outcomes = {}

    def run(name, step):
        try:
            barrier.wait(timeout=10)
            step()
        except Exception as error:  # the test looks at every outcome
            outcomes[name] = error
        else:
            outcomes[name] = "done"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in steps.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a decision never finished"
    return outcomes


def _history(pledge):
    """The pledge's history, oldest first: (status, who)."""
    return [
        (entry.status, entry.history_user)
        for entry in pledge.history.order_by("history_date", "history_id")
    ]


@pytest.fixture
def need(db):
    return make_opportunity(budget=100_000_000)


@pytest.fixture
def pledge(need, company_a):
    """A proposed pledge that, once approved, fills the need."""
    return make_commitment(opportunity=need, partner=company_a, value=100_000_000)


def test_approving_and_cancelling_at_once_leave_a_cancelled_pledge_and_an_honest_history(
    need, pledge, staff, partner_a
):
    before = _history(pledge)

    outcomes = run_together(
        approve=lambda: commitment_approve(commitment=pledge, actor=staff),
        cancel=lambda: commitment_cancel(commitment=pledge, actor=partner_a, reason="Batal."),
    )

    # The partner may cancel a proposed or an approved pledge, so the cancellation always
    # succeeds; the approval succeeds only if it came first.
    assert outcomes["cancel"] == "done"
    pledge.refresh_from_db()
    assert pledge.status == Commitment.Status.CANCELLED
    assert pledge.cancellation_reason == "Batal."
    need.refresh_from_db()
    assert need.status == Opportunity.Status.PUBLISHED  # nothing pledged stands
    if outcomes["approve"] == "done":
        assert pledge.approved_at is not None
        assert _history(pledge)[len(before) :] == [
            (Commitment.Status.APPROVED, staff),
            (Commitment.Status.CANCELLED, partner_a),
        ]
        assert need.history.filter(status=Opportunity.Status.FULLY_COMMITTED).count() == 1
    else:
        assert isinstance(outcomes["approve"], TransitionError)
        assert pledge.approved_at is None
        assert _history(pledge)[len(before) :] == [(Commitment.Status.CANCELLED, partner_a)]
        assert not need.history.filter(status=Opportunity.Status.FULLY_COMMITTED).exists()


def test_approving_and_rejecting_at_once_let_exactly_one_decision_stand(pledge, staff):
    before = _history(pledge)

    outcomes = run_together(
        approve=lambda: commitment_approve(commitment=pledge, actor=staff),
        reject=lambda: commitment_reject(commitment=pledge, actor=staff, reason="Ganda."),
    )

    done = [name for name, outcome in outcomes.items() if outcome == "done"]
    assert len(done) == 1, outcomes
    (refused,) = [outcome for outcome in outcomes.values() if outcome != "done"]
    assert isinstance(refused, TransitionError)
    pledge.refresh_from_db()
    expected = {"approve": Commitment.Status.APPROVED, "reject": Commitment.Status.REJECTED}
    assert pledge.status == expected[done[0]]
    assert (pledge.approved_at is not None) == (done[0] == "approve")
    assert (pledge.rejection_reason == "Ganda.") == (done[0] == "reject")
    assert _history(pledge)[len(before) :] == [(expected[done[0]], staff)]
