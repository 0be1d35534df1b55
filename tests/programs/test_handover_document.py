"""The scan of a handover record (BAST) opens for whoever may read the report in full: the
pledging partner's members, the receiving agency's officers and Bappeda staff; for nobody else,
and the admin, the agency's report page and the partner's pledge page link to it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.db.models.functions import Now
from django.urls import reverse

from companies.models import Membership
from programs import selectors
from programs.models import Commitment, Evidence, Realization
from tests.factories import (
    make_commitment,
    make_membership,
    make_opportunity,
    make_realization,
    make_user,
)
from tests.programs.uploads import image_bytes, pdf_bytes

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()


def scan_url(report):
    return reverse("programs:handover_document", args=[report.pk])


@pytest.fixture
def pledge(company_a, agency):
    """A's pledge to a need of `agency`."""
    return make_commitment(
        partner=company_a, opportunity=make_opportunity(agency=agency), status="in_progress"
    )


@pytest.fixture
def scanned():
    """`scanned(report, content, name)`: the report with a handover scan, removed at the end."""
    stored = []

    def attach(report, content=PDF, name="bast.pdf"):
        report.bast_document.save(name, ContentFile(content))
        stored.append(report.bast_document)
        return report

    yield attach
    for document in stored:
        document.delete(save=False)


@pytest.fixture
def report(pledge, scanned):
    return scanned(make_realization(commitment=pledge, status="confirmed"))


def status_for(client, user, report):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(scan_url(report)).status_code


@pytest.fixture
def people(staff, agency_officer, other_agency_officer, partner_a, partner_b):
    return {
        "anonymous": None,
        "partner of A": partner_a,
        "partner of B": partner_b,
        "officer of the receiving agency": agency_officer,
        "officer of another agency": other_agency_officer,
        "staff": staff,
    }


@pytest.mark.parametrize("report_status", ["confirmed", "verified", "returned"])
def test_the_scan_opens_for_the_partner_the_receiving_agency_and_staff_only(
    client, people, report, report_status
):
    Realization.objects.filter(pk=report.pk).update(status=report_status, verified_at=Now())

    statuses = {who: status_for(client, user, report) for who, user in people.items()}

    assert statuses == {
        "anonymous": 302,
        "partner of A": 200,
        "partner of B": 404,
        "officer of the receiving agency": 200,
        "officer of another agency": 404,
        "staff": 200,
    }


def test_a_visitor_is_asked_to_sign_in_first(client, report):
    response = client.get(scan_url(report))

    assert response.url == f"{reverse('accounts:login')}?next={scan_url(report)}"


def test_a_report_without_a_scan_is_not_found_for_anybody(client, people, pledge):
    report = make_realization(commitment=pledge, status="confirmed")

    statuses = {status_for(client, user, report) for user in people.values() if user}

    assert statuses == {404}


def test_a_scan_missing_from_the_storage_is_not_found(client, staff, report):
    report.bast_document.storage.delete(report.bast_document.name)
    client.force_login(staff)

    assert client.get(scan_url(report)).status_code == 404


def test_a_pledge_without_its_own_agency_goes_to_the_needs_agency(
    client, agency_officer, report, pledge
):
    Commitment.objects.filter(pk=pledge.pk).update(agency=None)

    assert status_for(client, agency_officer, report) == 200


def test_a_request_waiting_for_bappeda_or_declined_or_an_archived_partner_gives_no_access(
    client, company_a, partner_a, report
):
    waiting, declined = make_user(), make_user()
    make_membership(user=waiting, organization=company_a)
    make_membership(user=declined, organization=company_a, status=Membership.Status.DECLINED)
    assert status_for(client, waiting, report) == 404
    assert status_for(client, declined, report) == 404

    company_a.is_active = False
    company_a.save()
    assert status_for(client, partner_a, report) == 404


FILES = {
    "pdf": (PDF, "application/pdf", "inline"),
    "jpeg": (image_bytes("JPEG"), "image/jpeg", "inline"),
    "png": (image_bytes("PNG"), "image/png", "inline"),
    # Named .pdf, but not one: downloaded, never shown as what its name claims.
    "html named .pdf": (b"<html><script>alert(1)</script></html>", None, "attachment"),
}


@pytest.mark.parametrize(("content", "content_type", "disposition"), FILES.values(), ids=FILES)
def test_the_scan_is_served_as_what_its_content_is(
    client, partner_a, pledge, scanned, content, content_type, disposition
):
    report = scanned(make_realization(commitment=pledge, status="confirmed"), content)
    client.force_login(partner_a)

    response = client.get(scan_url(report))

    assert response["Content-Type"] == (content_type or "application/octet-stream")
    assert response["Content-Disposition"].startswith(disposition)
    assert f'filename="bast-{report.pk}.' in response["Content-Disposition"]
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == content


# --- the one rule -------------------------------------------------------------------------------


def test_reports_open_to_a_user_are_those_of_their_pledges_and_pledges_to_their_agency(
    pledge, partner_a, partner_b, agency_officer, other_agency_officer, staff, agency
):
    need_report = make_realization(commitment=pledge)
    theme_pledge = make_commitment(partner=pledge.partner, agency=agency, status="in_progress")
    theme_report = make_realization(commitment=theme_pledge)
    others_report = make_realization()

    def open_to(user):
        return set(selectors.reports_open_to(user))

    assert open_to(partner_a) == {need_report, theme_report}
    assert open_to(agency_officer) == {need_report, theme_report}
    assert open_to(partner_b) == set()
    assert open_to(other_agency_officer) == set()
    assert open_to(AnonymousUser()) == set()
    assert open_to(staff) == {need_report, theme_report, others_report}


def test_unverified_evidence_follows_the_same_rule(pledge, partner_b, agency_officer):
    report = make_realization(commitment=pledge)
    evidence = Evidence.objects.create(realization=report, file="evidence/x.png")

    assert evidence in selectors.evidence_visible_to(agency_officer)
    assert evidence not in selectors.evidence_visible_to(partner_b)


# --- where it is linked -------------------------------------------------------------------------


def test_the_admin_links_the_scan_and_the_evidence_through_the_portal(client, staff, report):
    evidence = Evidence.objects.create(
        realization=report, file="evidence/2026/06/foto.png", content_type="image/png"
    )
    client.force_login(staff)

    page = client.get(reverse("admin:programs_realization_change", args=[report.pk]))
    text = page.content.decode()

    assert page.status_code == 200
    assert f'href="{scan_url(report)}"' in text
    assert f'href="{reverse("programs:evidence_file", args=[evidence.pk])}"' in text
    assert "/private/" not in text
    assert client.get(scan_url(report)).status_code == 200


def test_the_admin_shows_no_link_for_a_report_without_a_scan(client, staff, pledge):
    report = make_realization(commitment=pledge, status="confirmed")
    client.force_login(staff)

    page = client.get(reverse("admin:programs_realization_change", args=[report.pk]))

    assert page.status_code == 200
    assert scan_url(report) not in page.content.decode()


def test_the_admin_evidence_page_links_the_file_through_the_portal(client, staff, pledge):
    evidence = Evidence.objects.create(
        realization=make_realization(commitment=pledge), file="evidence/2026/06/foto.png"
    )
    client.force_login(staff)

    page = client.get(reverse("admin:programs_evidence_change", args=[evidence.pk]))
    text = page.content.decode()

    assert page.status_code == 200
    assert f'href="{reverse("programs:evidence_file", args=[evidence.pk])}"' in text
    assert "/private/" not in text


def test_the_agency_report_page_links_the_scan(client, agency_officer, report):
    client.force_login(agency_officer)

    page = client.get(reverse("programs:agency_realization", args=[report.pk]))

    assert f'href="{scan_url(report)}"' in page.content.decode()


def test_the_partners_pledge_page_links_the_scan(client, partner_a, report, pledge):
    client.force_login(partner_a)

    page = client.get(reverse("programs:workspace_commitment", args=[pledge.pk]))

    assert f'href="{scan_url(report)}"' in page.content.decode()
