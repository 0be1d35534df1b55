"""Two approvals at the same moment: the need's row lock keeps the ledger right.

Each approval runs in its own thread with its own database connection, so the two transactions
really overlap. On PostgreSQL the need's row lock (`select_for_update`) makes the second wait;
on SQLite the IMMEDIATE transaction mode serialises the writers. Either way the second approval
must see the first one and fill the need.
"""

import threading

import pytest
from django.db import connection

from programs.models import Commitment, Opportunity
from programs.services import commitment_approve
from tests.factories import make_commitment, make_opportunity


@pytest.fixture(scope="module")
def migration_data_put_back(django_db_blocker):
    """After this module, put back the rows migrations made (the Bappeda group, permissions).

    A transactional test ends by emptying every table; the tests that run after it (pytest-django
    runs them last) still expect what the migrations left there. `serialized_rollback` kept a copy
    when the test database was made; a module fixture's teardown runs after that flush.
    """
    yield
    with django_db_blocker.unblock():
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


def approve_together(pledges, actor):
    """Approve each pledge in its own thread, released together by a barrier."""
    barrier = threading.Barrier(len(pledges))
    errors = []

    def approve(pledge):
        try:
            barrier.wait(timeout=10)
            commitment_approve(commitment=pledge, actor=actor)
        except Exception as error:  # the test asserts there were none
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(pledge,)) for pledge in pledges]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "an approval never finished"
    return errors


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("migration_data_put_back")
def test_two_partners_pledging_the_last_of_a_need_approved_at_once_fill_it(
    company_a, company_b, staff
):
    need = make_opportunity(budget=100_000_000)
    make_commitment(opportunity=need, value=60_000_000, status=Commitment.Status.APPROVED)
    # Together, and only together, the two pledges cover the last Rp 40.000.000.
    pledges = [
        make_commitment(opportunity=need, partner=company, value=20_000_000)
        for company in (company_a, company_b)
    ]

    errors = approve_together(pledges, staff)

    assert errors == []
    need = Opportunity.objects.with_ledger().get(pk=need.pk)
    assert need.status == Opportunity.Status.FULLY_COMMITTED
    assert need.pledged_value == 100_000_000
    assert need.gap_value == 0
    assert set(
        Commitment.objects.filter(pk__in=[p.pk for p in pledges]).values_list("status", flat=True)
    ) == {Commitment.Status.APPROVED}
