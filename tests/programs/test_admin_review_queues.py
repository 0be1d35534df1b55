"""The admin's index page shows Bappeda what waits for it, one click from each queue."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import User
from companies.models import Membership
from programs.models import Commitment, Opportunity, Realization
from tests.factories import (
    make_commitment,
    make_membership,
    make_opportunity,
    make_realization,
    make_user,
)
from tests.programs.agency_helpers import queries_to_get

INDEX = reverse("admin:index")


def _queues(client):
    response = client.get(INDEX)
    assert response.status_code == 200
    return {queue["label"]: queue for queue in response.context["queues"]}


def _fill_the_queues():
    for _ in range(3):
        make_opportunity(status=Opportunity.Status.SUBMITTED)
    make_opportunity(status=Opportunity.Status.DRAFT)
    for _ in range(2):
        make_commitment()
    make_commitment(status=Commitment.Status.APPROVED)
    for status in ("confirmed", "confirmed", "confirmed", "confirmed", "submitted", "verified"):
        make_realization(status=status)
    make_membership()
    make_membership(status=Membership.Status.APPROVED)


def test_staff_see_how_many_needs_pledges_reports_and_requests_wait(client, staff, settings):
    settings.LANGUAGE_CODE = "en"
    _fill_the_queues()
    client.force_login(staff)

    queues = _queues(client)

    assert {label: queue["count"] for label, queue in queues.items()} == {
        "Needs submitted for publication": 3,
        "Pledges waiting for approval": 2,
        "Reports confirmed by the agency, to verify": 4,
        "Reports still waiting for the agency's confirmation": 1,
        "Membership requests": 1,
    }


@pytest.mark.parametrize(
    ("label", "model", "status", "count"),
    [
        ("Needs submitted for publication", Opportunity, "submitted", 3),
        ("Pledges waiting for approval", Commitment, "proposed", 2),
        ("Reports confirmed by the agency, to verify", Realization, "confirmed", 4),
        ("Membership requests", Membership, "pending", 1),
    ],
)
def test_each_queue_is_one_click_from_the_index_to_the_filtered_list(
    client, staff, settings, label, model, status, count
):
    settings.LANGUAGE_CODE = "en"
    _fill_the_queues()
    client.force_login(staff)

    queue = _queues(client)[label]
    assert queue["url"] in client.get(INDEX).content.decode()
    listing = client.get(queue["url"])

    assert listing.status_code == 200
    rows = listing.context["cl"].result_list
    assert len(rows) == count
    assert {row.status for row in rows} == {status}
    # The queue's bulk actions are offered on that list.
    assert listing.context["action_form"] is not None


def test_a_staff_member_without_a_say_sees_no_queue(client, db):
    clerk = make_user(is_staff=True)
    client.force_login(clerk)

    response = client.get(INDEX)

    assert response.status_code == 200
    assert response.context["queues"] == []
    assert 'id="review-queues"' not in response.content.decode()


def test_a_superuser_sees_every_queue(client, db):
    root = User.objects.create_superuser("root", "root@example.org", "a long password 123")
    client.force_login(root)

    assert len(_queues(client)) == 5


def test_the_index_counts_the_queues_in_a_fixed_number_of_queries(client, staff):
    client.force_login(staff)
    make_realization(status="confirmed", date=date(2026, 1, 1))
    few = queries_to_get(client, INDEX)
    _fill_the_queues()
    many = queries_to_get(client, INDEX)

    assert many == few
