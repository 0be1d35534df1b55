"""What must always hold is kept by the database, even for a row written around the services."""

from contextlib import contextmanager
from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from companies.models import Organization
from programs.models import Commitment, Opportunity, ReportingPeriod
from tests.factories import (
    make_agency,
    make_commitment,
    make_company,
    make_event,
    make_kecamatan,
    make_kelurahan,
    make_membership,
    make_opportunity,
    make_organization,
    make_realization,
    make_sector,
    make_theme,
    make_user,
    make_zakat_institution,
)

pytestmark = pytest.mark.django_db


@contextmanager
def refused_by_the_database():
    # The savepoint keeps the test's transaction usable after the error (PostgreSQL needs it).
    with pytest.raises(IntegrityError), transaction.atomic():
        yield


# --- money, quantities and periods -----------------------------------------------------------


@pytest.mark.parametrize(
    "make, field",
    [(make_opportunity, "budget"), (make_commitment, "value"), (make_realization, "value")],
)
def test_a_negative_amount_of_rupiah_is_refused(make, field):
    row = make()
    with refused_by_the_database():
        type(row).objects.filter(pk=row.pk).update(**{field: -1})
    with refused_by_the_database():
        make(**{field: -1})


def test_a_pledge_that_ends_before_it_starts_is_refused():
    with refused_by_the_database():
        make_commitment(start_date=date(2026, 12, 31), end_date=date(2026, 1, 1))


def test_a_reporting_period_that_ends_before_it_starts_is_refused():
    with refused_by_the_database():
        ReportingPeriod.objects.create(
            name="Semester I 2026", start_date=date(2026, 6, 30), end_date=date(2026, 1, 1)
        )


@pytest.mark.parametrize("make", [make_opportunity, make_commitment])
@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "goods"},
        {"kind": "goods", "quantity": 2},
        {"kind": "goods", "unit": "unit"},
        {"kind": "goods", "quantity": 0, "unit": "unit"},
        {"kind": "services", "unit": "jam"},
        {"kind": "cash", "quantity": 500, "unit": "paket"},
    ],
    ids=[
        "goods-without-quantity-or-unit",
        "goods-without-unit",
        "goods-with-a-unit-but-no-quantity",
        "goods-of-nothing",
        "services-with-a-unit-but-no-quantity",
        "cash-with-a-quantity",
    ],
)
def test_a_quantity_that_does_not_match_the_kind_is_refused(make, fields):
    with refused_by_the_database():
        make(**fields)


@pytest.mark.parametrize("make", [make_opportunity, make_commitment])
def test_goods_with_a_quantity_and_a_unit_are_accepted(make):
    row = make(kind="goods", quantity=500, unit="paket")
    assert row.pk


# --- statuses and the records they need ------------------------------------------------------


def test_a_rejected_pledge_without_a_reason_is_refused():
    with refused_by_the_database():
        make_commitment(status=Commitment.Status.REJECTED, rejection_reason="")


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "confirmed", "bast_number": "", "bast_date": date(2026, 6, 2)},
        {"status": "confirmed", "bast_number": "BAST/001/2026", "bast_date": None},
        {"status": "verified", "bast_number": "", "bast_date": None},
    ],
    ids=["confirmed-without-number", "confirmed-without-date", "verified-without-bast"],
)
def test_a_confirmed_report_without_a_handover_record_is_refused(fields):
    with refused_by_the_database():
        make_realization(**fields)


def test_a_verified_report_without_a_verification_time_is_refused():
    report = make_realization(status="confirmed")
    with refused_by_the_database():
        type(report).objects.filter(pk=report.pk).update(status="verified", verified_at=None)


@pytest.mark.parametrize(
    "make, field",
    [
        (make_opportunity, "status"),
        (make_commitment, "status"),
        (make_realization, "status"),
        (make_organization, "kind"),
        (make_membership, "status"),
    ],
    ids=["opportunity", "commitment", "realization", "organization-kind", "membership"],
)
def test_an_unknown_status_value_is_refused(make, field):
    row = make()
    with refused_by_the_database():
        type(row).objects.filter(pk=row.pk).update(**{field: "archived"})


# --- organisations ---------------------------------------------------------------------------


def test_an_agency_type_on_a_company_is_refused():
    with refused_by_the_database():
        make_company(agency_type=Organization.AgencyType.DINAS)


@pytest.mark.parametrize("make", [make_agency, make_zakat_institution])
def test_a_sector_on_an_organisation_that_is_not_a_company_is_refused(make):
    sector = make_sector()
    with refused_by_the_database():
        make(sector=sector)


def test_the_same_user_cannot_be_a_member_of_one_organisation_twice():
    user, company = make_user(), make_company()
    make_membership(user=user, organization=company)
    with refused_by_the_database():
        make_membership(user=user, organization=company, role="manager")


# --- unique names and codes ------------------------------------------------------------------


@pytest.mark.parametrize("make", [make_organization, make_theme, make_sector, make_event])
def test_a_slug_taken_by_another_row_is_refused(make):
    make(slug="depok")
    with refused_by_the_database():
        make(slug="depok")


@pytest.mark.parametrize("make", [make_kecamatan, make_kelurahan])
def test_a_kemendagri_code_taken_by_another_area_is_refused(make):
    make(code="32.76.01")
    with refused_by_the_database():
        make(code="32.76.01")


def test_two_themes_with_the_same_number_are_refused():
    make_theme(number=1)
    with refused_by_the_database():
        make_theme(number=1)


# --- who may stand where (triggers) ----------------------------------------------------------


def test_a_pledge_whose_partner_is_a_regional_agency_is_refused():
    agency = make_agency()
    with refused_by_the_database():
        make_commitment(partner=agency)
    pledge = make_commitment()
    with refused_by_the_database():
        Commitment.objects.filter(pk=pledge.pk).update(partner=agency)


def test_a_pledge_whose_implementing_agency_is_a_company_is_refused():
    company = make_company()
    with refused_by_the_database():
        make_commitment(agency=company)
    pledge = make_commitment(agency=make_agency())
    with refused_by_the_database():
        Commitment.objects.filter(pk=pledge.pk).update(agency=company)


def test_a_pledge_by_a_zakat_institution_to_an_agency_is_accepted():
    pledge = make_commitment(partner=make_zakat_institution(), agency=make_agency())
    assert pledge.pk


def test_a_need_owned_by_a_company_is_refused():
    company = make_company()
    with refused_by_the_database():
        make_opportunity(agency=company)
    need = make_opportunity()
    with refused_by_the_database():
        Opportunity.objects.filter(pk=need.pk).update(agency=company)


def test_an_agency_that_owns_needs_cannot_become_a_company():
    need = make_opportunity()
    # agency_type is cleared too, so only the trigger stands in the way.
    with refused_by_the_database():
        Organization.objects.filter(pk=need.agency_id).update(kind="company", agency_type="")
    need.agency.refresh_from_db()
    assert need.agency.kind == Organization.Kind.REGIONAL_AGENCY


def test_an_agency_that_owns_needs_cannot_be_saved_as_a_company():
    agency = make_opportunity().agency
    agency.kind, agency.agency_type = Organization.Kind.COMPANY, ""
    with refused_by_the_database():
        agency.save()


def test_a_company_that_pledged_cannot_become_a_regional_agency():
    pledge = make_commitment()
    with refused_by_the_database():
        Organization.objects.filter(pk=pledge.partner_id).update(kind="regional_agency")


def test_an_organisation_that_owns_nothing_can_change_its_kind():
    agency = make_agency()
    Organization.objects.filter(pk=agency.pk).update(kind="company", agency_type="")
    agency.refresh_from_db()
    assert agency.kind == Organization.Kind.COMPANY


# --- what cannot be deleted while others depend on it ----------------------------------------


def test_an_organisation_with_pledges_cannot_be_deleted():
    pledge = make_commitment()
    with pytest.raises(ProtectedError):
        pledge.partner.delete()
    assert Organization.objects.filter(pk=pledge.partner_id).exists()


def test_a_theme_with_needs_cannot_be_deleted():
    need = make_opportunity()
    with pytest.raises(ProtectedError):
        need.theme.delete()


def test_a_kecamatan_with_kelurahan_cannot_be_deleted():
    kelurahan = make_kelurahan()
    with pytest.raises(ProtectedError):
        kelurahan.kecamatan.delete()
