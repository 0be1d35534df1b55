import csv
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from accounts.models import User
from companies.models import Membership, Organization
from events.models import Event
from programs.models import Commitment, Opportunity, Realization, ReportingPeriod
from programs.reporting import (
    DUE,
    REPORTED,
    compliance_summary,
    open_periods,
    partner_obligations,
)

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module", autouse=True)
def seeded(django_db_setup, django_db_blocker):
    """seed_demo once for the whole module, inside a transaction rolled back at its end.

    Each test runs in a savepoint of that transaction, so it sees the demo data, may change
    it, and leaves the database as it found it for the next module.
    """
    out = StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=FAST_HASHER):
            call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def every_count():
    """Rows in every table of the project's apps, history tables included."""
    labels = ["accounts", "regions", "companies", "programs", "events"]
    return {
        model._meta.label: model._default_manager.count()
        for label in labels
        for model in apps.get_app_config(label).get_models()
    }


def gathering_2023():
    return Event.objects.get(slug="gathering-csr-forum-kemitraan-depok-2023")


def test_94_fictional_companies_are_marked_as_demo(db):
    companies = Organization.objects.filter(kind="company")
    assert companies.count() == companies.filter(is_demo=True).count() == 94
    for company in companies:
        assert "Contoh" in company.name and "(Demo)" in company.name
        assert "fiktif" in company.description
    assert companies.filter(is_verified=True).count() > 80
    assert companies.exclude(sector=None).count() == 94


def test_placeholders_fill_47_agencies_and_8_zakat_institutions(db):
    agencies = Organization.objects.agencies()
    zakat = Organization.objects.filter(kind="zakat_institution")
    assert agencies.count() == 47
    assert zakat.count() == 8
    placeholders = Organization.objects.filter(is_demo=True).exclude(kind="company")
    assert placeholders.count() == 10
    assert all("Contoh" in organisation.name for organisation in placeholders)
    assert agencies.get(slug="perangkat-daerah-contoh-47").name == "Perangkat Daerah Contoh 47"
    assert zakat.get(slug="lembaga-amil-zakat-contoh-8").is_demo


def test_reference_organisations_stay_real_and_their_contacts_are_visibly_fictional(db):
    real = Organization.objects.filter(is_demo=False)
    assert not real.filter(kind="company").exists()
    for organisation in real.prefetch_related("contacts"):
        for contact in organisation.contacts.all():
            assert contact.name.startswith("Petugas Contoh")
            assert contact.email.endswith("@example.org")
            assert contact.phone.startswith("0812-0000-")


def test_demo_company_contacts_are_fictional(db):
    for company in Organization.objects.filter(kind="company").prefetch_related("contacts"):
        contacts = company.contacts.all()
        assert len(contacts) == 2
        assert all(c.email.endswith("@example.org") for c in contacts)
        assert all(c.phone.startswith("0812-0000-") for c in contacts)


def test_2023_attendance_is_what_the_report_states(db):
    path = settings.REFERENCE_DATA_DIR / "events" / "attendance_2023.csv"
    with path.open(newline="", encoding="utf-8") as f:
        reported = {row["kind"]: int(row["count"]) for row in csv.DictReader(f)}

    assert gathering_2023().attendance_by_kind() == reported


def test_2023_participants_checked_in_on_the_day_in_depok_time(db):
    registrations = gathering_2023().registrations.all()
    assert registrations.count() == registrations.values("organization").distinct().count()
    for registration in registrations:
        assert registration.checked_in_at is not None
        assert timezone.localtime(registration.checked_in_at).date().isoformat() == "2023-11-20"
    assert str(timezone.get_current_timezone()) == "Asia/Jakarta"


def test_some_pledges_were_announced_at_the_2023_gathering(db):
    announced = gathering_2023().announced_commitments.all()
    assert announced.exists()
    assert all(pledge.is_public for pledge in announced)


def test_an_upcoming_demo_forum_is_open_for_registration(db):
    forum = Event.objects.upcoming().get()
    assert forum.name.endswith("(Demo)")
    assert forum.date.month == 12 and forum.date.year >= 2026
    assert forum.capacity
    assert forum.registration_closes_at > timezone.now()
    assert forum.registrations.exists()


@pytest.mark.parametrize("model", [Opportunity, Commitment, Realization])
def test_every_status_is_present(db, model):
    present = set(model.objects.values_list("status", flat=True))
    assert present == set(model.Status.values)


def test_needs_cover_all_themes_and_kecamatan_in_cash_goods_and_services(db):
    needs = Opportunity.objects.all()
    assert needs.values("theme").distinct().count() == 7
    assert needs.values("kecamatan").distinct().count() == 11
    assert set(needs.values_list("kind", flat=True)) == {"cash", "goods", "services"}
    assert not needs.exclude(title__endswith="(Demo)").exists()
    assert not needs.filter(agency__is_demo=True).exists()


def test_pledges_are_made_only_by_fictional_partners(db):
    pledges = Commitment.objects.all()
    assert not pledges.filter(partner__is_demo=False).exists()
    assert pledges.filter(opportunity=None).exists()  # theme-only pledges
    years = set(pledges.values_list("start_date__year", flat=True))
    assert {2023, 2024, 2025, 2026} <= years


def test_some_needs_are_co_funded(db):
    co_funded = [
        need
        for need in Opportunity.objects.prefetch_related("commitments")
        if len({c.partner_id for c in need.commitments.all() if c.is_public}) > 1
    ]
    assert len(co_funded) >= 3


def test_fully_committed_needs_have_no_gap_and_open_needs_have_one(db):
    ledger = Opportunity.objects.with_ledger()
    full = ledger.filter(status="fully_committed")
    assert full.exists()
    for need in full:
        assert need.gap_value <= 0
        assert need.quantity is None or need.gap_quantity <= 0
    for need in ledger.filter(status="published"):
        assert need.gap_value > 0 or (need.quantity is not None and need.gap_quantity > 0)


def test_confirmed_and_verified_reports_carry_a_handover_number(db):
    delivered = Realization.objects.filter(status__in=["confirmed", "verified"])
    assert delivered.exists()
    assert not delivered.filter(bast_number="").exists()
    assert not delivered.filter(bast_date=None).exists()


def test_states_were_reached_through_the_workflow_with_history(db):
    staff = User.objects.get(username="bappeda")
    realised = Commitment.objects.filter(status="realized").first()
    steps = list(realised.history.order_by("history_date").values_list("status", flat=True))
    assert steps[0] == "proposed" and steps[-1] == "realized"
    assert {"approved", "in_progress"} <= set(steps)
    assert realised.status_changed_by == staff
    assert Opportunity.objects.filter(status="fully_committed").first().history.count() >= 4


def test_the_three_demo_users_exist_with_their_roles(db, settings):
    settings.PASSWORD_HASHERS = FAST_HASHER  # the hasher the fixture seeded with
    staff = User.objects.get(username="bappeda")
    assert staff.is_staff and not staff.is_superuser
    assert staff.groups.filter(name="Bappeda").exists()
    assert staff.check_password("demo-depok-2026")

    officer = Membership.objects.approved().get(user__username="dinas")
    assert officer.role == Membership.Role.OFFICER
    assert officer.organization.slug == "dinsos"
    assert not officer.organization.is_demo

    partner = Membership.objects.approved().get(user__username="mitra")
    assert partner.role == Membership.Role.REPRESENTATIVE
    assert partner.organization.is_demo and partner.organization.is_verified
    assert partner.organization.kind == "company"


def test_the_demo_users_have_work_to_show(db):
    partner_company = Membership.objects.get(user__username="mitra").organization
    assert set(partner_company.commitments.values_list("status", flat=True)) == set(
        Commitment.Status.values
    )
    assert Opportunity.objects.filter(agency__slug="dinsos").exists()


def test_an_open_reporting_period_shows_reported_and_due_pledges(db):
    today = timezone.localdate()
    [period] = open_periods(today)
    counts = {row["key"]: row["count"] for row in compliance_summary(period, today)["statuses"]}
    assert counts[REPORTED] > 0 and counts[DUE] > 0
    mitra = Membership.objects.get(user__username="mitra").organization
    [shown] = partner_obligations(mitra, [period], today)
    assert shown["commitments"], "the demo partner's dashboard has pledges to report"
    [ended] = ReportingPeriod.objects.filter(end_date__lt=period.start_date)
    assert compliance_summary(ended, today)["total"] > 0


def test_the_command_names_the_demo_users_and_password(db, seeded):
    assert (
        "Demo users (password: demo-depok-2026): bappeda (Bappeda staff, /admin/), "
        "dinas (agency officer" in seeded
    )


def test_running_it_twice_changes_no_count(db):
    before = every_count()
    call_command("seed_demo", stdout=StringIO())
    assert every_count() == before
