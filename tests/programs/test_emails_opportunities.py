"""Emails about needs: the agency's officers hear when Bappeda publishes or returns a need."""

import pytest
from django.utils import translation

from programs.models import Opportunity
from programs.notifications import portal_link
from programs.services import opportunity_publish, opportunity_return, opportunity_submit
from tests.factories import make_opportunity
from tests.programs.email_helpers import addressees, team, the_message


@pytest.fixture
def agency_mail(agency, company_a):
    team(company_a, "andi@alfa.example")  # partners hear nothing of needs
    return team(agency, "budi@dinsos.example", "sari@dinsos.example")


@pytest.fixture
def need(agency, agency_mail):
    return make_opportunity(
        agency=agency,
        title="Ambulans desa",
        budget=1_500_000_000,
        status=Opportunity.Status.SUBMITTED,
    )


def test_a_published_need_is_emailed_to_the_agencys_officers_in_indonesian(
    need, staff, agency_mail, mailoutbox, django_capture_on_commit_callbacks
):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        opportunity_publish(opportunity=need, actor=staff)

    assert addressees(mailoutbox) == agency_mail
    message = the_message(mailoutbox)
    assert message.subject.startswith("[Portal CSR Depok] ")
    assert "Ambulans desa" in message.subject
    assert "Rp 1.500.000.000" in message.body
    assert "Status: Dipublikasikan" in message.body


def test_a_need_returned_to_draft_tells_the_officers_what_to_change(
    need, staff, agency_mail, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        opportunity_return(opportunity=need, actor=staff, note="Tambahkan spesifikasi ambulans.")

    assert addressees(mailoutbox) == agency_mail
    message = the_message(mailoutbox)
    assert "Tambahkan spesifikasi ambulans." in message.body
    assert "Status: Draf" in message.body


def test_the_email_links_to_the_page_when_the_portal_knows_its_address(
    need, staff, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.PORTAL_URL = "https://csr.depok.go.id/"
    with django_capture_on_commit_callbacks(execute=True):
        opportunity_return(opportunity=need, actor=staff, note="Lengkapi.")

    link = "https://csr.depok.go.id" + f"/dasbor/perangkat-daerah/peluang/{need.pk}/"
    assert portal_link("programs:agency_opportunity", need.pk) == link
    assert link in the_message(mailoutbox).body


def test_submitting_a_draft_emails_nobody(
    agency, agency_officer, agency_mail, mailoutbox, django_capture_on_commit_callbacks
):
    draft = make_opportunity(agency=agency, status=Opportunity.Status.DRAFT)

    with django_capture_on_commit_callbacks(execute=True):
        opportunity_submit(opportunity=draft, actor=agency_officer)

    assert mailoutbox == []
