"""Bappeda moves needs, pledges and reports along the workflow with the admin's bulk actions."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission

from programs.models import Commitment, Opportunity, Realization
from tests.admin_helpers import admin_url, messages_of, run_action
from tests.factories import (
    make_commitment,
    make_opportunity,
    make_realization,
    make_staff,
    make_user,
)


@pytest.fixture(autouse=True)
def _english(settings):
    # Messages are checked in English; the Indonesian ones come from the translation files.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _refresh(*objects):
    for obj in objects:
        obj.refresh_from_db()


# --- pledges ----------------------------------------------------------------------------------


def test_approving_selected_pledges_approves_the_proposed_and_reports_the_others(
    staff_client, staff
):
    need = make_opportunity(budget=100_000_000)
    first = make_commitment(opportunity=need, value=10_000_000)
    second = make_commitment(opportunity=need, value=20_000_000)
    rejected = make_commitment(
        title="Sumbangan ditolak", status=Commitment.Status.REJECTED, rejection_reason="Dobel"
    )

    response = run_action(
        staff_client, Commitment, "approve_commitments", [first, second, rejected]
    )

    _refresh(first, second, rejected)
    assert first.status == second.status == Commitment.Status.APPROVED
    assert first.status_changed_by == staff
    assert rejected.status == Commitment.Status.REJECTED
    assert rejected.status_changed_at is None
    shown = messages_of(response)
    assert "2 of 3 selected commitments done." in shown
    assert any("Sumbangan ditolak" in m and "Rejected" in m for m in shown)


def test_approving_the_last_missing_pledge_makes_the_need_fully_committed(staff_client):
    need = make_opportunity(budget=30_000_000)
    pledge = make_commitment(opportunity=need, value=30_000_000)

    run_action(staff_client, Commitment, "approve_commitments", [pledge])

    need.refresh_from_db()
    assert need.status == Opportunity.Status.FULLY_COMMITTED


def test_rejecting_asks_for_a_reason_first(staff_client):
    pledge = make_commitment(title="Sumbangan meja")

    response = run_action(staff_client, Commitment, "reject_commitments", [pledge])

    assert response.status_code == 200
    assert response.templates[0].name == "admin/transition_reason.html"
    assert "Sumbangan meja" in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.status == Commitment.Status.PROPOSED


def test_rejecting_refuses_an_empty_reason(staff_client):
    pledge = make_commitment()

    response = run_action(
        staff_client, Commitment, "reject_commitments", [pledge], apply="1", reason="   "
    )

    assert response.templates[0].name == "admin/transition_reason.html"
    assert response.context["form"].errors["reason"]
    pledge.refresh_from_db()
    assert pledge.status == Commitment.Status.PROPOSED


def test_rejecting_with_a_reason_rejects_and_keeps_the_reason(staff_client):
    pledge = make_commitment()

    response = run_action(
        staff_client,
        Commitment,
        "reject_commitments",
        [pledge],
        apply="1",
        reason="Nilai tidak sesuai kebutuhan",
    )

    pledge.refresh_from_db()
    assert pledge.status == Commitment.Status.REJECTED
    assert pledge.rejection_reason == "Nilai tidak sesuai kebutuhan"
    assert "1 of 1 selected commitments done." in messages_of(response)


def test_cancelling_asks_for_a_reason_and_cancels(staff_client):
    pledge = make_commitment(status=Commitment.Status.APPROVED)

    run_action(staff_client, Commitment, "cancel_commitments", [pledge], apply="1", reason="Mundur")

    pledge.refresh_from_db()
    assert pledge.status == Commitment.Status.CANCELLED
    assert pledge.cancellation_reason == "Mundur"


def test_starting_and_realising_follow_the_workflow(staff_client):
    approved = make_commitment(status=Commitment.Status.APPROVED)
    unreported = make_commitment(status=Commitment.Status.IN_PROGRESS)
    reported = make_commitment(status=Commitment.Status.IN_PROGRESS)
    make_realization(commitment=reported, status=Realization.Status.VERIFIED)

    run_action(staff_client, Commitment, "start_commitments", [approved])
    response = run_action(staff_client, Commitment, "complete_commitments", [unreported, reported])

    _refresh(approved, unreported, reported)
    assert approved.status == Commitment.Status.IN_PROGRESS
    assert reported.status == Commitment.Status.REALIZED
    assert unreported.status == Commitment.Status.IN_PROGRESS
    assert any("verified" in m for m in messages_of(response))


# --- needs ------------------------------------------------------------------------------------


def test_publishing_selected_needs_publishes_drafts_and_submitted_ones(staff_client):
    draft = make_opportunity(status=Opportunity.Status.DRAFT)
    submitted = make_opportunity(status=Opportunity.Status.SUBMITTED)

    run_action(staff_client, Opportunity, "publish_opportunities", [draft, submitted])

    _refresh(draft, submitted)
    assert draft.status == submitted.status == Opportunity.Status.PUBLISHED
    assert draft.published_at is not None


def test_submitting_and_completing_needs(staff_client):
    draft = make_opportunity(status=Opportunity.Status.DRAFT)
    published = make_opportunity(status=Opportunity.Status.PUBLISHED)

    run_action(staff_client, Opportunity, "submit_opportunities", [draft])
    run_action(staff_client, Opportunity, "complete_opportunities", [published])

    _refresh(draft, published)
    assert draft.status == Opportunity.Status.SUBMITTED
    assert published.status == Opportunity.Status.COMPLETED


def test_withdrawing_a_need_with_standing_pledges_is_refused(staff_client):
    need = make_opportunity()
    make_commitment(opportunity=need)

    response = run_action(
        staff_client, Opportunity, "withdraw_opportunities", [need], apply="1", reason="Batal"
    )

    need.refresh_from_db()
    assert need.status == Opportunity.Status.PUBLISHED
    assert any("still stand" in m for m in messages_of(response))


# --- reports ----------------------------------------------------------------------------------


def test_verifying_selected_reports_verifies_the_confirmed_ones(staff_client, staff):
    confirmed = make_realization(status=Realization.Status.CONFIRMED)
    submitted = make_realization(status=Realization.Status.SUBMITTED)

    response = run_action(staff_client, Realization, "verify_realizations", [confirmed, submitted])

    _refresh(confirmed, submitted)
    assert confirmed.status == Realization.Status.VERIFIED
    assert confirmed.verified_by == staff
    assert submitted.status == Realization.Status.SUBMITTED
    assert "1 of 2 selected realizations done." in messages_of(response)


def test_returning_a_confirmed_report_sends_it_back_with_the_note(staff_client):
    confirmed = make_realization(
        status=Realization.Status.CONFIRMED, bast_number="BAST/9", bast_date=date(2026, 6, 2)
    )

    run_action(
        staff_client,
        Realization,
        "return_realizations",
        [confirmed],
        apply="1",
        reason="Foto serah terima kurang jelas",
    )

    confirmed.refresh_from_db()
    assert confirmed.status == Realization.Status.SUBMITTED
    assert confirmed.return_note == "Foto serah terima kurang jelas"


# --- who sees the actions ---------------------------------------------------------------------


def _action_names(client, model):
    action_form = client.get(admin_url(model, "changelist")).context["action_form"]
    if action_form is None:  # no action at all
        return set()
    return {value for value, _label in action_form.fields["action"].choices}


def test_staff_see_the_workflow_actions(staff_client):
    assert {"approve_commitments", "reject_commitments"} <= _action_names(staff_client, Commitment)
    assert "publish_opportunities" in _action_names(staff_client, Opportunity)
    assert "verify_realizations" in _action_names(staff_client, Realization)


def test_a_clerk_without_the_workflow_permissions_does_not_see_the_actions(client, db):
    clerk = make_user(is_staff=True)
    clerk.user_permissions.set(
        Permission.objects.filter(
            codename__in=["view_commitment", "view_opportunity", "view_realization"]
        )
    )
    client.force_login(clerk)

    assert not {"approve_commitments", "reject_commitments", "cancel_commitments"} & (
        _action_names(client, Commitment)
    )
    assert "publish_opportunities" not in _action_names(client, Opportunity)
    assert "verify_realizations" not in _action_names(client, Realization)


def test_an_action_posted_without_the_permission_changes_nothing(client, db):
    clerk = make_user(is_staff=True)
    clerk.user_permissions.set(Permission.objects.filter(codename="view_commitment"))
    pledge = make_commitment()
    client.force_login(clerk)

    run_action(client, Commitment, "approve_commitments", [pledge])

    pledge.refresh_from_db()
    assert pledge.status == Commitment.Status.PROPOSED


# --- history ----------------------------------------------------------------------------------


def test_the_history_page_lists_the_action_with_the_acting_staff_member(staff_client):
    pledge = make_commitment()

    run_action(staff_client, Commitment, "approve_commitments", [pledge])
    page = staff_client.get(admin_url(Commitment, "history", pledge.pk)).content.decode()

    assert "Siti Bappeda" in page
    assert "status → approved" in page


def test_an_old_version_cannot_be_restored_from_the_history(staff_client):
    pledge = make_commitment()
    proposed_version = pledge.history.earliest()
    run_action(staff_client, Commitment, "approve_commitments", [pledge])

    response = staff_client.post(
        admin_url(Commitment, "simple_history", pledge.pk, proposed_version.history_id),
        {"title": pledge.title},
    )

    assert response.status_code == 403
    pledge.refresh_from_db()
    assert pledge.status == Commitment.Status.APPROVED


def test_another_bappeda_member_is_named_in_the_history(client, db):
    colleague = make_staff(first_name="Dewi", last_name="Planolog")
    pledge = make_commitment()
    client.force_login(colleague)

    run_action(client, Commitment, "approve_commitments", [pledge])
    page = client.get(admin_url(Commitment, "history", pledge.pk)).content.decode()

    assert "Dewi Planolog" in page
