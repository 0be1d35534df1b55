"""The compliance page of a reporting period for Bappeda staff: who reported, who is late, who
has not; counts by partner kind, theme and agency; the same numbers in CSV and XLSX."""

import csv
import io
import re
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from programs.models import Commitment, ReportingPeriod
from tests.factories import (
    make_agency,
    make_commitment,
    make_company,
    make_opportunity,
    make_realization,
    make_theme,
    make_zakat_institution,
)

pytestmark = pytest.mark.django_db

Status = Commitment.Status
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def on(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def reported(commitment, day, hour=10):
    return make_realization(commitment=commitment, submitted_at=on(day, hour))


@pytest.fixture
def ended():
    """A period that ended ten days ago."""
    return ReportingPeriod.objects.create(
        name="Semester lalu",
        start_date=TODAY - timedelta(days=100),
        end_date=TODAY - timedelta(days=10),
    )


@pytest.fixture
def scene(ended, agency, company_a, company_b):
    """In the ended period: A reported on one pledge and late on another; B (zakat) never did;
    C reported on its last day. Pledges that need not report are left out."""
    water = make_theme(short_name_en="Water")
    care = make_theme(short_name_en="Care")
    laz = make_zakat_institution(name="LAZ Contoh")
    other = make_agency(name="Dinas Lain")
    need = make_opportunity(agency=other, theme=care)
    on_time = make_commitment(partner=company_a, status=Status.IN_PROGRESS, theme=water)
    on_time.agency = agency
    on_time.save()
    reported(on_time, ended.start_date + timedelta(days=5))
    late = make_commitment(partner=company_a, status=Status.APPROVED, theme=water, agency=agency)
    reported(late, ended.end_date + timedelta(days=1), hour=0)
    never = make_commitment(partner=laz, status=Status.APPROVED, theme=care, opportunity=need)
    reported(never, ended.start_date - timedelta(days=1), hour=23)  # counts for an earlier one
    last_day = make_commitment(
        partner=make_company(name='=HYPERLINK("x") Contoh'),
        status=Status.REALIZED,
        theme=care,
        agency=agency,
    )
    reported(last_day, ended.end_date, hour=23)
    # Left out: not running, or running outside the period, or realised without a report.
    make_commitment(partner=company_b, status=Status.PROPOSED, theme=water)
    make_commitment(partner=company_b, status=Status.CANCELLED, theme=water)
    make_commitment(partner=company_b, status=Status.REALIZED, theme=water)
    make_commitment(
        partner=company_b,
        status=Status.APPROVED,
        start_date=ended.end_date + timedelta(days=1),
        end_date=ended.end_date + timedelta(days=60),
    )
    return {"water": water, "care": care, "other": other}


def page(client, user, period, query=""):
    client.force_login(user)
    response = client.get(reverse("programs:period_compliance", args=[period.pk]) + query)
    assert response.status_code == 200
    return response.content.decode()


def counts(html):
    return {key: int(n) for key, n in re.findall(r'data-status="(\w+)">(\d+)</strong>', html)}


def table(html, heading_id):
    """{row name: [numbers]} of a breakdown table."""
    section = re.search(rf'id="{heading_id}-heading".*?</table>', html, re.S).group(0)
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</th>(.*?)</tr>", section, re.S)
    return {name: [int(n) for n in re.findall(r">(\d+)<", cells)] for name, cells in rows}


def test_the_page_counts_reported_late_and_not_reported_pledges(client, staff, ended, scene):
    html = page(client, staff, ended)

    assert counts(html) == {"reported": 2, "late": 1, "due": 0, "not_reported": 1}
    assert "4 pledges must report" in html
    assert "3 partners: 1 reported on every pledge, 1 late, 1 still missing a report." in html


def test_breakdowns_by_partner_kind_theme_and_agency(client, staff, ended, scene):
    html = page(client, staff, ended)

    # reported, late, due, not reported, total
    assert table(html, "by-kind") == {
        "Company": [2, 1, 0, 0, 3],
        "Zakat institution": [0, 0, 0, 1, 1],
    }
    assert table(html, "by-theme") == {
        str(scene["care"]): [1, 0, 0, 1, 2],
        str(scene["water"]): [1, 1, 0, 0, 2],
    }
    assert table(html, "by-agency") == {
        "Dinas Lain": [0, 0, 0, 1, 1],
        "Dinas Sosial Contoh": [2, 1, 0, 0, 3],
    }


def test_the_list_filters_by_state_and_names_who_did_not_report(client, staff, ended, scene):
    html = page(client, staff, ended, "?status=not_reported")

    body = re.search(r"<tbody>(?:(?!</tbody>).)*Not reported</span>.*?</tbody>", html, re.S)
    assert body and "LAZ Contoh" in body.group(0)
    assert "PT Alfa Contoh" not in body.group(0)


def test_before_the_end_missing_reports_are_due(client, staff, company_a):
    period = ReportingPeriod.objects.create(
        name="Semester ini",
        start_date=TODAY - timedelta(days=30),
        end_date=TODAY + timedelta(days=30),
    )
    make_commitment(partner=company_a, status=Status.APPROVED)
    reported(make_commitment(partner=company_a, status=Status.IN_PROGRESS), TODAY)

    html = page(client, staff, period)

    assert counts(html) == {"reported": 1, "late": 0, "due": 1, "not_reported": 0}
    assert "30 days left." in html


# --- downloads ----------------------------------------------------------------------------------


def download(client, staff, period, name):
    client.force_login(staff)
    return client.get(reverse(f"programs:{name}", args=[period.pk]))


def test_the_csv_lists_every_pledge_with_its_state(client, staff, ended, scene):
    response = download(client, staff, ended, "period_compliance_csv")

    assert response["Content-Disposition"] == 'attachment; filename="kepatuhan-semester-lalu.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    states = sorted((row["Partner"], row["In this period"]) for row in rows)
    assert states == [
        ('\'=HYPERLINK("x") Contoh', "Reported"),  # defused: never runs as a formula
        ("LAZ Contoh", "Not reported"),
        ("PT Alfa Contoh", "Reported"),
        ("PT Alfa Contoh", "Reported late"),
    ]


def test_the_xlsx_opens_with_the_same_numbers_as_the_page(client, staff, ended, scene):
    html = page(client, staff, ended)

    response = download(client, staff, ended, "period_compliance_xlsx")

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    summary, listing = book.worksheets
    rows = [[cell.value for cell in row] for row in summary.iter_rows()]
    assert rows[0] == [
        "Breakdown",
        "Name",
        "Reported",
        "Reported late",
        "Due",
        "Not reported",
        "Total",
    ]
    on_page = counts(html)
    assert rows[1][2:] == [on_page[key] for key in ("reported", "late", "due", "not_reported")] + [
        4
    ]
    by_kind = {row[1]: row[2:] for row in rows if row[0] == "Partner kind"}
    assert by_kind == table(html, "by-kind")
    by_agency = {row[1]: row[2:] for row in rows if row[0] == "Receiving agency"}
    assert by_agency == table(html, "by-agency")
    pledges = [[cell.value for cell in row] for row in listing.iter_rows(min_row=2)]
    assert len(pledges) == 4
    formula_like = next(row for row in listing.iter_rows(min_row=2) if row[0].value.startswith("="))
    assert formula_like[0].data_type == "s"  # text, not a formula


# --- who may open it ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["period_compliance", "period_compliance_csv", "period_compliance_xlsx"]
)
def test_only_bappeda_staff_open_the_page_and_its_downloads(
    client, ended, partner_a, agency_officer, staff, name
):
    url = reverse(f"programs:{name}", args=[ended.pk])

    assert client.get(url).status_code == 302  # to sign in
    for refused in (partner_a, agency_officer):
        client.force_login(refused)
        assert client.get(url).status_code == 403
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_the_admin_links_the_period_to_its_page_and_shows_what_is_missing(client, staff, company_a):
    period = ReportingPeriod.objects.create(
        name="Semester ini",
        start_date=TODAY - timedelta(days=30),
        end_date=TODAY + timedelta(days=30),
    )
    for _ in range(3):
        make_commitment(partner=company_a, status=Status.APPROVED)
    client.force_login(staff)
    url = period.get_compliance_url()

    changelist = client.get(reverse("admin:programs_reportingperiod_changelist")).content.decode()
    change = client.get(
        reverse("admin:programs_reportingperiod_change", args=[period.pk])
    ).content.decode()
    index = client.get(reverse("admin:index")).content.decode()

    assert f'href="{url}"' in changelist and f'href="{url}"' in change
    box = re.search(r'id="review-queues".*?</table>', index, re.S).group(0)
    assert re.search(rf'href="{url}">.*?Semester ini.*?<strong>3</strong>', box, re.S)


# --- cost ---------------------------------------------------------------------------------------


def _pledges(count, period, agency):
    for n in range(count):
        partner = make_company() if n % 2 else make_zakat_institution()
        pledge = make_commitment(
            partner=partner,
            status=Status.APPROVED,
            opportunity=make_opportunity(agency=agency) if n % 3 else None,
            agency=None if n % 3 else agency,
        )
        if n % 4 == 0:
            reported(pledge, period.start_date + timedelta(days=n))


def test_the_page_runs_the_same_queries_for_few_and_many_pledges(client, staff, ended, agency):
    client.force_login(staff)
    url = reverse("programs:period_compliance", args=[ended.pk])
    _pledges(2, ended, agency)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _pledges(30, ended, make_agency())

    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert response.status_code == 200
    assert len(many) == len(few) <= 16
