"""Emails about pledges: the partner hears Bappeda's decision, the agency hears of new and
cancelled pledges. Sent only once the decision is committed, written in Indonesian."""

from datetime import date

import pytest
from django.db import transaction
from django.utils import translation

from programs.models import Commitment
from programs.services import (
    TransitionError,
    commitment_approve,
    commitment_cancel,
    commitment_propose,
    commitment_reject,
)
from tests.factories import make_commitment, make_opportunity, make_theme
from tests.programs.email_helpers import addressees, team, the_message


@pytest.fixture
def partner_mail(company_a):
    return team(company_a, "andi@alfa.example", "rina@alfa.example")


@pytest.fixture
def agency_mail(agency):
    return team(agency, "budi@dinsos.example", "sari@dinsos.example")


@pytest.fixture
def pledge(company_a, agency, partner_mail, agency_mail):
    need = make_opportunity(agency=agency, title="Ambulans desa")
    return make_commitment(
        partner=company_a, opportunity=need, title="Dua ambulans", value=900_000_000
    )


def test_an_approval_is_emailed_to_the_partners_representatives_in_indonesian(
    pledge, staff, partner_mail, mailoutbox, django_capture_on_commit_callbacks
):
    # Staff use the admin in English; the partner still reads Indonesian.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        commitment_approve(commitment=pledge, actor=staff)

    assert addressees(mailoutbox) == partner_mail
    message = the_message(mailoutbox)
    assert message.subject.startswith("[Portal CSR Depok] ")
    assert "Dua ambulans" in message.subject
    assert "Rp 900.000.000" in message.body
    assert "Status: Disetujui" in message.body
    assert "1 Januari 2026" in message.body


def test_a_rejection_tells_the_partner_the_reason(
    pledge, staff, partner_mail, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        commitment_reject(commitment=pledge, actor=staff, reason="Nilai belum sesuai RAB.")

    assert addressees(mailoutbox) == partner_mail
    message = the_message(mailoutbox)
    assert "Nilai belum sesuai RAB." in message.body
    assert "Status: Ditolak" in message.body


def test_a_partners_cancellation_is_emailed_to_the_agencys_officers(
    pledge, partner_a, agency_mail, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        commitment_cancel(commitment=pledge, actor=partner_a, reason="Anggaran dialihkan.")

    assert addressees(mailoutbox) == agency_mail
    message = the_message(mailoutbox)
    assert "Anggaran dialihkan." in message.body
    assert "Ambulans desa" in message.body
    assert "Status: Dibatalkan" in message.body


def test_a_cancellation_by_bappeda_is_emailed_to_the_agency_and_the_partner(
    pledge, staff, agency_mail, partner_mail, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        commitment_cancel(commitment=pledge, actor=staff, reason="Mitra tidak aktif.")

    assert addressees(mailoutbox) == agency_mail | partner_mail
    assert "Bappeda" in the_message(mailoutbox).body


def test_a_new_pledge_to_a_need_is_emailed_to_the_agencys_officers(
    company_a,
    partner_a,
    agency,
    agency_mail,
    partner_mail,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    need = make_opportunity(agency=agency, title="Paket sembako")

    with django_capture_on_commit_callbacks(execute=True):
        commitment_propose(
            partner=company_a,
            actor=partner_a,
            opportunity=need,
            title="500 paket",
            value=75_000_000,
            start_date=need.created_at.date(),
            end_date=need.created_at.date(),
        )

    assert addressees(mailoutbox) == agency_mail
    message = the_message(mailoutbox)
    assert company_a.name in message.subject
    assert "Paket sembako" in message.body
    assert "Status: Diusulkan" in message.body


def test_a_pledge_to_a_theme_without_an_agency_emails_nobody(
    company_a, partner_a, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        commitment_propose(
            partner=company_a,
            actor=partner_a,
            theme=make_theme(),
            title="Beasiswa",
            value=10_000_000,
            start_date=date(2026, 1, 1),
            end_date=date(2026, 12, 31),
        )

    assert mailoutbox == []


def test_nothing_is_sent_before_the_decision_is_committed(
    pledge, staff, partner_mail, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        commitment_approve(commitment=pledge, actor=staff)
        assert mailoutbox == []

    assert mailoutbox == []  # not executed: the test's transaction never commits

    for callback in callbacks:  # what the commit would run
        callback()
    assert addressees(mailoutbox) == partner_mail


def test_a_decision_rolled_back_sends_nothing(
    pledge, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        commitment_approve(commitment=pledge, actor=staff)
        raise RuntimeError("the request failed after the approval")

    assert callbacks == []
    assert mailoutbox == []
    pledge.refresh_from_db()
    assert pledge.status == Commitment.Status.PROPOSED


def test_a_refused_decision_sends_nothing(
    pledge, partner_a, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionError):
        commitment_approve(commitment=pledge, actor=partner_a)

    assert mailoutbox == []


def test_a_mail_server_failure_does_not_undo_or_break_the_decision(
    pledge, staff, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "tests.programs.email_helpers.FailingBackend"

    with django_capture_on_commit_callbacks(execute=True):
        commitment_approve(commitment=pledge, actor=staff)

    pledge.refresh_from_db()
    assert pledge.status == Commitment.Status.APPROVED
    assert "commitment_approved" in caplog.text
