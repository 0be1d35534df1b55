"""A partner's own pledge in the workspace: its reports with statuses, notes and evidence, and
cancelling it while it is not realised. Another partner's pledge is not found."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import Commitment, Evidence, Opportunity
from tests.factories import make_commitment, make_opportunity, make_realization
from tests.programs.uploads import image_bytes

pytestmark = pytest.mark.django_db

Status = Commitment.Status


def detail_url(commitment):
    return reverse("programs:workspace_commitment", args=[commitment.pk])


def cancel_url(commitment):
    return reverse("programs:commitment_cancel", args=[commitment.pk])


@pytest.fixture
def as_partner_a(client, partner_a):
    client.force_login(partner_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def pledge(company_a, agency):
    return make_commitment(
        partner=company_a,
        opportunity=make_opportunity(agency=agency, budget=10_000_000),
        value=10_000_000,
        title="Ambulans Beji",
        status=Status.IN_PROGRESS,
    )


def add_evidence(realization):
    return Evidence.objects.create(
        realization=realization,
        file=ContentFile(image_bytes("PNG"), name="x.png"),
        content_type="image/png",
    )


# --- the pledge's page --------------------------------------------------------------------------


def test_the_page_shows_every_report_with_its_status_note_and_evidence(as_partner_a, pledge):
    returned = make_realization(
        commitment=pledge, status="returned", return_note="Tambahkan foto serah terima."
    )
    verified = make_realization(commitment=pledge, status="verified")
    photo = add_evidence(returned)

    html = as_partner_a.get(detail_url(pledge)).content.decode()

    assert "Returned for correction" in html and "Verified by Bappeda" in html
    assert "Tambahkan foto serah terima." in html
    assert reverse("programs:realization_resubmit", args=[returned.pk]) in html
    assert f'<img src="{reverse("programs:evidence_file", args=[photo.pk])}"' in html
    assert reverse("programs:realization_resubmit", args=[verified.pk]) not in html
    assert "Only representatives of PT Alfa Contoh approved by Bappeda see this page." in html


def test_a_running_pledge_offers_a_report_and_a_cancel(as_partner_a, pledge):
    html = as_partner_a.get(detail_url(pledge)).content.decode()

    assert reverse("programs:realization_create", args=[pledge.pk]) in html
    assert cancel_url(pledge) in html


def test_a_rejected_pledge_shows_the_reason_and_offers_nothing(as_partner_a, company_a):
    rejected = make_commitment(partner=company_a, status="rejected", rejection_reason="Dobel.")

    html = as_partner_a.get(detail_url(rejected)).content.decode()

    assert "Bappeda rejected this pledge:" in html and "Dobel." in html
    assert cancel_url(rejected) not in html
    assert reverse("programs:realization_create", args=[rejected.pk]) not in html


def test_partner_b_does_not_find_the_pledge_of_partner_a(client, partner_b, pledge):
    client.force_login(partner_b)

    assert client.get(detail_url(pledge)).status_code == 404


def test_the_page_runs_the_same_queries_for_few_and_many_reports(
    as_partner_a, pledge, django_assert_num_queries
):
    add_evidence(make_realization(commitment=pledge))
    with CaptureQueriesContext(connection) as few:
        as_partner_a.get(detail_url(pledge))
    for status in ["submitted", "confirmed", "verified", "returned"] * 3:
        report = make_realization(commitment=pledge, status=status)
        add_evidence(report)
        add_evidence(report)

    with django_assert_num_queries(len(few)):
        as_partner_a.get(detail_url(pledge))
    assert len(few) <= 6


# --- cancelling ---------------------------------------------------------------------------------


def test_cancelling_asks_for_confirmation_and_a_reason_first(as_partner_a, pledge):
    html = as_partner_a.get(cancel_url(pledge)).content.decode()

    assert "Do you really want to cancel “Ambulans Beji”" in html
    assert 'name="reason"' in html and 'method="post"' in html
    pledge.refresh_from_db()
    assert pledge.status == Status.IN_PROGRESS


def test_partner_cancels_its_pledge_with_a_reason_and_the_need_opens_again(
    as_partner_a, partner_a, pledge
):
    Opportunity.objects.filter(pk=pledge.opportunity_id).update(status="fully_committed")

    response = as_partner_a.post(cancel_url(pledge), {"reason": "Anggaran dialihkan."})

    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == Status.CANCELLED
    assert pledge.cancellation_reason == "Anggaran dialihkan."
    assert pledge.history.first().history_user == partner_a
    assert pledge.opportunity.status == Opportunity.Status.PUBLISHED


def test_cancelling_without_a_reason_is_refused(as_partner_a, pledge):
    response = as_partner_a.post(cancel_url(pledge), {"reason": "  "})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.status == Status.IN_PROGRESS


@pytest.mark.parametrize("status", ["realized", "rejected", "cancelled"])
def test_a_realised_rejected_or_cancelled_pledge_cannot_be_cancelled(
    as_partner_a, company_a, status
):
    done = make_commitment(
        partner=company_a, status=status, rejection_reason="Tidak sesuai.", title="Selesai"
    )

    response = as_partner_a.post(cancel_url(done), {"reason": "Coba."}, follow=True)

    assert "This pledge can no longer be cancelled." in response.content.decode()
    done.refresh_from_db()
    assert done.status == status


def test_partner_b_cannot_cancel_the_pledge_of_partner_a(client, partner_b, pledge):
    client.force_login(partner_b)

    assert client.get(cancel_url(pledge)).status_code == 404
    assert client.post(cancel_url(pledge), {"reason": "Iseng."}).status_code == 404
    pledge.refresh_from_db()
    assert pledge.status == Status.IN_PROGRESS


def test_a_pledge_realised_while_the_form_was_open_is_not_cancelled(as_partner_a, pledge):
    form_page = as_partner_a.get(cancel_url(pledge))
    Commitment.objects.filter(pk=pledge.pk).update(status="realized")

    response = as_partner_a.post(cancel_url(pledge), {"reason": "Terlambat."}, follow=True)

    assert form_page.status_code == 200
    assert "This pledge can no longer be cancelled." in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.status == Status.REALIZED
