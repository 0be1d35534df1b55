"""Emails about realization reports as they pass from partner to agency to Bappeda and back."""

from datetime import date

import pytest
from django.utils import translation

from companies.models import Membership
from programs.models import Commitment, Realization
from programs.services import (
    realization_confirm,
    realization_resubmit,
    realization_return,
    realization_submit,
    realization_verify,
)
from tests.factories import make_commitment, make_member, make_opportunity, make_realization
from tests.programs.email_helpers import addressees, team, the_message

Status = Realization.Status


@pytest.fixture
def partner_mail(company_a):
    return team(company_a, "andi@alfa.example", "rina@alfa.example")


@pytest.fixture
def agency_mail(agency):
    return team(agency, "budi@dinsos.example")


@pytest.fixture
def pledge(company_a, agency, partner_mail, agency_mail):
    need = make_opportunity(agency=agency, title="Ambulans desa")
    return make_commitment(
        partner=company_a,
        opportunity=need,
        title="Dua ambulans",
        status=Commitment.Status.IN_PROGRESS,
    )


@pytest.fixture
def report(pledge):
    def make(status, **fields):
        return make_realization(
            commitment=pledge, status=status, date=date(2026, 6, 1), value=450_000_000, **fields
        )

    return make


def test_a_new_report_is_emailed_to_the_receiving_agency(
    pledge, partner_a, agency_mail, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        realization_submit(commitment=pledge, actor=partner_a, date=date(2026, 6, 1), value=1)

    assert addressees(mailoutbox) == agency_mail
    message = the_message(mailoutbox)
    assert "PT Alfa Contoh" in message.subject
    assert "1 Juni 2026" in message.body
    assert "Status: Diajukan" in message.body


def test_a_corrected_report_is_emailed_to_the_agency_again(
    report, partner_a, agency_mail, mailoutbox, django_capture_on_commit_callbacks
):
    returned = report(Status.RETURNED, return_note="Foto kurang.")

    with django_capture_on_commit_callbacks(execute=True):
        realization_resubmit(realization=returned, actor=partner_a, narrative="Foto lengkap.")

    assert addressees(mailoutbox) == agency_mail


def test_the_agencys_confirmation_is_emailed_to_the_partner_with_the_bast(
    report, agency_officer, partner_mail, mailoutbox, django_capture_on_commit_callbacks
):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        realization_confirm(
            realization=report(Status.SUBMITTED),
            actor=agency_officer,
            bast_number="027/BAST/2026",
            bast_date=date(2026, 6, 3),
        )

    assert addressees(mailoutbox) == partner_mail
    message = the_message(mailoutbox)
    assert "Dinas Sosial Contoh" in message.body
    assert "027/BAST/2026" in message.body
    assert "3 Juni 2026" in message.body
    assert "Status: Dikonfirmasi perangkat daerah" in message.body


def test_a_report_the_agency_returns_is_emailed_to_the_partner_with_the_note(
    report, agency_officer, partner_mail, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        realization_return(
            realization=report(Status.SUBMITTED), actor=agency_officer, note="Foto buram."
        )

    assert addressees(mailoutbox) == partner_mail
    message = the_message(mailoutbox)
    assert "Foto buram." in message.body
    assert "Status: Dikembalikan untuk perbaikan" in message.body


@pytest.mark.parametrize("status", [Status.CONFIRMED, Status.VERIFIED])
def test_a_report_bappeda_returns_is_emailed_to_the_agencys_officers(
    report, staff, agency_mail, mailoutbox, django_capture_on_commit_callbacks, status
):
    with django_capture_on_commit_callbacks(execute=True):
        realization_return(realization=report(status), actor=staff, note="BAST tidak terbaca.")

    assert addressees(mailoutbox) == agency_mail
    assert "BAST tidak terbaca." in the_message(mailoutbox).body


def test_a_verified_report_is_emailed_to_the_partner_and_the_agency(
    report, staff, partner_mail, agency_mail, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        realization_verify(realization=report(Status.CONFIRMED), actor=staff)

    assert addressees(mailoutbox) == partner_mail | agency_mail
    message = the_message(mailoutbox)
    assert "Rp 450.000.000" in message.body
    assert "Status: Terverifikasi oleh Bappeda" in message.body


def test_someone_in_both_organisations_gets_one_message(
    report, staff, company_a, agency, mailoutbox, django_capture_on_commit_callbacks
):
    both = make_member(company_a, email="dua-peran@example.org")
    Membership.objects.create(
        user=both, organization=agency, status=Membership.Status.APPROVED, role="officer"
    )

    with django_capture_on_commit_callbacks(execute=True):
        realization_verify(realization=report(Status.CONFIRMED), actor=staff)

    assert [m.to for m in mailoutbox].count(["dua-peran@example.org"]) == 1
