"""The partner's dashboard shows, per open reporting period, which pledges must report in it, by
when, whether they did, and where to report."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from programs.models import Commitment, ReportingPeriod
from tests.factories import make_commitment, make_opportunity, make_realization

pytestmark = pytest.mark.django_db

Status = Commitment.Status
TODAY = timezone.localdate()
URL = reverse("programs:dashboard")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def open_period(name="Semester ini", days_left=20):
    return ReportingPeriod.objects.create(
        name=name, start_date=TODAY - timedelta(days=60), end_date=TODAY + timedelta(days=days_left)
    )


def dashboard(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def period_table(html, period):
    return re.search(rf'<table[^>]*aria-labelledby="period-{period.pk}".*?</table>', html, re.S)


def rows(table):
    return dict(
        re.findall(
            r'<th scope="row"><a [^>]*>(.*?)</a></th>.*?<span class="badge[^"]*">(.*?)</span>',
            table,
            re.S,
        )
    )


def test_each_pledge_of_the_period_shows_its_deadline_and_whether_it_reported(
    client, partner_a, company_a
):
    period = open_period(days_left=20)
    due = make_commitment(partner=company_a, status=Status.APPROVED, title="Belum lapor")
    done = make_commitment(partner=company_a, status=Status.IN_PROGRESS, title="Sudah lapor")
    make_realization(commitment=done, submitted_at=timezone.now())
    make_commitment(partner=company_a, status=Status.PROPOSED, title="Masih diusulkan")
    make_commitment(
        partner=company_a,
        status=Status.APPROVED,
        title="Mulai nanti",
        start_date=period.end_date + timedelta(days=1),
        end_date=period.end_date + timedelta(days=90),
    )
    old_report = make_commitment(partner=company_a, status=Status.APPROVED, title="Lapor dulu")
    make_realization(
        commitment=old_report,
        submitted_at=timezone.make_aware(
            datetime.combine(period.start_date - timedelta(days=1), time(12))
        ),
    )

    html = dashboard(client, partner_a)

    table = period_table(html, period)
    assert table, "no table for the open period"
    table = table.group(0)
    assert "Semester ini: what to report (20 days left)" in table
    assert rows(table) == {
        "Belum lapor": "Not reported yet",
        "Sudah lapor": "Reported",
        "Lapor dulu": "Not reported yet",  # a report from before the period is for another
    }
    assert date_format(period.end_date, "DATE_FORMAT") in table
    assert reverse("programs:realization_create", args=[due.pk]) in table
    assert reverse("programs:realization_create", args=[done.pk]) not in table


def test_a_closed_period_and_another_partners_pledges_are_not_shown(
    client, partner_a, company_a, company_b
):
    ReportingPeriod.objects.create(
        name="Semester lalu",
        start_date=TODAY - timedelta(days=200),
        end_date=TODAY - timedelta(days=20),
    )
    period = open_period()
    make_commitment(partner=company_a, status=Status.APPROVED, title="Milik A")
    make_commitment(partner=company_b, status=Status.APPROVED, title="Milik B")

    html = dashboard(client, partner_a)

    assert "Semester lalu" not in html
    assert rows(period_table(html, period).group(0)) == {"Milik A": "Not reported yet"}


def test_the_dashboard_runs_the_same_queries_for_few_and_many_pledges_to_report(
    client, partner_a, company_a
):
    open_period("Semester I")
    open_period("Triwulan IV", days_left=5)
    make_commitment(partner=company_a, status=Status.APPROVED)
    client.force_login(partner_a)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(15):
        pledge = make_commitment(
            partner=company_a,
            status=[Status.APPROVED, Status.IN_PROGRESS, Status.REALIZED][n % 3],
            opportunity=make_opportunity(),
        )
        make_realization(commitment=pledge, submitted_at=timezone.now())

    with CaptureQueriesContext(connection) as many:
        html = client.get(URL).content.decode()

    assert html.count("Report now") == 2 and html.count(">Reported</span>") == 30
    assert len(many) == len(few)
