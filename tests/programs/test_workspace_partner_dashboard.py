"""The dashboard at /dasbor/: each role lands on its own page, and a partner sees its
organisation, its pledges by status and what waits for it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from companies.models import Membership
from programs.models import Commitment, ReportingPeriod
from tests.factories import (
    make_commitment,
    make_company,
    make_member,
    make_membership,
    make_opportunity,
    make_realization,
    make_user,
)

pytestmark = pytest.mark.django_db

URL = reverse("programs:dashboard")
Status = Commitment.Status


def signed_in(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def dashboard(client, user):
    response = signed_in(client, user).get(URL)
    assert response.status_code == 200
    return response.content.decode()


def period(name, starts_in_days, ends_in_days):
    today = timezone.localdate()
    return ReportingPeriod.objects.create(
        name=name,
        start_date=today + timedelta(days=starts_in_days),
        end_date=today + timedelta(days=ends_in_days),
    )


# --- a partner ----------------------------------------------------------------------------------


def test_partner_sees_its_organisation_verified_with_links_to_its_profile(client, partner_a):
    html = dashboard(client, partner_a)

    assert "PT Alfa Contoh" in html and "Verified by Bappeda" in html
    assert reverse("companies:organization_detail", args=["pt-alfa-contoh"]) in html
    assert reverse("programs:pledge_create") in html
    assert "Only representatives of PT Alfa Contoh approved by Bappeda see this page." in html


@pytest.mark.parametrize(
    ("view", "args", "text"),
    [
        ("companies:organization_edit", ["pt-alfa-contoh"], "Edit the profile"),
        ("companies:agency_contacts", [], "Contacts at the regional agencies"),
    ],
)
def test_the_dashboard_links_to_the_profile_editor_and_the_agency_contacts_once_they_exist(
    client, partner_a, view, args, text
):
    html = dashboard(client, partner_a)

    try:
        url = reverse(view, args=args)
    except NoReverseMatch:  # the registry's signed-in pages come in their own change
        assert text not in html
    else:
        assert f'href="{url}"' in html and text in html


def test_an_unverified_partner_is_told_and_offered_no_pledge(client):
    newcomer = make_company(name="PT Baru Contoh", is_verified=False)

    html = dashboard(client, make_member(newcomer))

    assert "Not yet verified" in html
    assert reverse("programs:pledge_create") not in html


def test_pledges_are_grouped_by_status_with_the_reasons_of_rejection_and_cancelling(
    client, partner_a, company_a
):
    for status in Status.values:
        make_commitment(
            partner=company_a,
            status=status,
            title=f"Janji {status}",
            rejection_reason="Nilai tidak wajar.",
            cancellation_reason="Anggaran dialihkan.",
        )

    html = dashboard(client, partner_a)

    headings = [f"{label} (1)" for label in ("Proposed", "Approved", "In progress", "Realised")]
    headings += ["Rejected (1)", "Cancelled (1)"]
    positions = [html.index(heading) for heading in headings]
    assert positions == sorted(positions)
    for status in Status.values:
        url = reverse(
            "programs:workspace_commitment", args=[Commitment.objects.get(status=status).pk]
        )
        assert url in html
    assert "Nilai tidak wajar." in html and "Anggaran dialihkan." in html


def test_partner_never_sees_another_organisations_pledges(client, partner_a, company_b):
    make_commitment(partner=company_b, title="Janji PT Beta", status=Status.PROPOSED)

    html = dashboard(client, partner_a)

    assert "Janji PT Beta" not in html
    assert "Your organisation has not pledged yet." in html


def test_what_waits_lists_pledges_to_report_returned_reports_and_open_periods(
    client, partner_a, company_a
):
    to_report = make_commitment(partner=company_a, status=Status.APPROVED, title="Belum lapor")
    reported = make_commitment(partner=company_a, status=Status.IN_PROGRESS, title="Sudah lapor")
    make_realization(commitment=reported, status="submitted")
    returned = make_realization(
        commitment=make_commitment(partner=company_a, status=Status.IN_PROGRESS),
        status="returned",
        return_note="Lampirkan BAST.",
    )
    period("Semester I", -10, 10)
    period("Semester lalu", -200, -20)

    html = dashboard(client, partner_a)

    assert reverse("programs:realization_create", args=[to_report.pk]) in html
    assert reverse("programs:realization_create", args=[reported.pk]) not in html
    assert reverse("programs:realization_resubmit", args=[returned.pk]) in html
    assert "Lampirkan BAST." in html
    assert "Semester I" in html and "Semester lalu" not in html
    assert "Nothing waits for you" not in html


def test_nothing_waits_when_everything_is_reported(client, partner_a, company_a):
    make_commitment(partner=company_a, status=Status.PROPOSED)

    assert "Nothing waits for you at the moment." in dashboard(client, partner_a)


def test_the_dashboard_runs_the_same_queries_for_few_and_many_pledges(
    client, partner_a, company_a, django_assert_num_queries
):
    signed_in(client, partner_a)
    make_commitment(partner=company_a, status=Status.APPROVED)
    period("Semester I", -1, 1)  # each open period costs a query for its pledges
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for status in Status.values * 3:
        pledge = make_commitment(
            partner=company_a,
            status=status,
            opportunity=make_opportunity(),
            rejection_reason="Tidak sesuai.",
        )
        make_realization(commitment=pledge, status="returned", return_note="Perbaiki.")

    with django_assert_num_queries(len(few)):
        client.get(URL)
    assert len(few) <= 9


# --- other roles --------------------------------------------------------------------------------


def test_a_visitor_is_asked_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302 and "next=" in response["Location"]


def test_an_agency_officer_goes_to_the_agencys_dashboard(client, agency_officer):
    response = signed_in(client, agency_officer).get(URL)

    assert response.status_code == 302
    assert response["Location"] == reverse("programs:agency_dashboard")


def test_staff_see_how_much_waits_in_each_review_queue_with_links_to_the_admin(client, staff):
    make_opportunity(status="submitted")
    make_opportunity(status="submitted")
    for _ in range(3):
        make_commitment(status=Status.PROPOSED)
    make_realization(status="confirmed")
    make_membership()

    html = dashboard(client, staff)

    changelist = reverse("admin:programs_opportunity_changelist")
    assert f'href="{changelist}?status__exact=submitted"' in html
    assert "?status__exact=proposed" in html and "?status__exact=confirmed" in html
    assert f"{reverse('admin:companies_membership_changelist')}?status__exact=pending" in html
    counts = [html.count(f">{n}</span>") for n in (1, 2, 3)]
    assert counts == [2, 1, 1]


def test_someone_without_an_organisation_is_told_how_to_join(client):
    html = dashboard(client, make_user())

    assert "Your account does not act for any organisation yet." in html
    assert f'href="{reverse("accounts:join")}"' in html


def test_a_pending_or_declined_request_says_so(client):
    user = make_user()
    make_membership(user=user, organization=make_company(name="PT Menunggu"))
    make_membership(
        user=user, organization=make_company(name="PT Ditolak"), status=Membership.Status.DECLINED
    )

    html = dashboard(client, user)

    assert "Your request to act for PT Menunggu is waiting for Bappeda's decision." in html
    assert "Bappeda declined your request to act for PT Ditolak." in html
