"""`manage.py send_digests`: each agency officer hears of the pledges to their agency and the
reports on them of the last 7 days, once per ISO week, and only when something happened."""

from datetime import date, datetime, time
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from companies.models import Membership
from programs.models import Commitment, DigestSent, Realization
from tests.factories import make_commitment, make_member, make_opportunity, make_realization
from tests.programs.email_helpers import addressees, team

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 30)  # ISO week 49


def at(day: date, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def digest(day: date) -> str:
    out = StringIO()
    call_command("send_digests", "--today", day.isoformat(), stdout=out)
    return out.getvalue()


def pledged_on(day, **fields):
    pledge = make_commitment(**fields)
    Commitment.objects.filter(pk=pledge.pk).update(created_at=at(day))
    return pledge


@pytest.fixture
def officers(agency):
    return team(agency, "budi@dinsos.example", "sari@dinsos.example")


@pytest.fixture
def week(agency, company_a, officers, other_agency_officer):
    """In the week before MONDAY: A pledged to the agency's need and to the agency directly,
    and reported on an older pledge; earlier, a pledge that is old news; another agency's."""
    need = make_opportunity(agency=agency, title="Ambulans desa")
    pledged_on(date(2026, 11, 24), partner=company_a, opportunity=need, title="Satu ambulans")
    pledged_on(date(2026, 11, 29), partner=company_a, agency=agency, title="Kursi roda")
    older = pledged_on(date(2026, 11, 2), partner=company_a, agency=agency, title="Lama sekali")
    report = make_realization(commitment=older, value=7_500_000)
    Realization.objects.filter(pk=report.pk).update(submitted_at=at(date(2026, 11, 27)))
    pledged_on(date(2026, 11, 22), partner=company_a, agency=agency, title="Terlalu awal")
    pledged_on(date(2026, 11, 30), partner=company_a, agency=agency, title="Hari ini")
    pledged_on(date(2026, 11, 25), title="Untuk dinas lain")


def test_officers_get_the_week_of_pledges_and_reports_to_their_agency(week, officers, mailoutbox):
    output = digest(MONDAY)

    assert addressees(mailoutbox) == officers
    body = mailoutbox[0].body
    assert "Satu ambulans" in body and "Kursi roda" in body
    assert "Lama sekali" in body and "Rp 7.500.000" in body  # the report on the older pledge
    assert "Terlalu awal" not in body and "Hari ini" not in body  # outside the 7 days
    assert "Untuk dinas lain" not in body
    assert "Dinas Sosial Contoh" in body
    [(html, kind)] = mailoutbox[0].alternatives
    assert kind == "text/html" and "Kursi roda" in html
    assert "Weekly digests sent for the week of 2026-11-30: 2." in output


def test_a_second_run_in_the_same_iso_week_sends_nothing(
    week, agency, company_a, officers, mailoutbox
):
    digest(MONDAY)
    pledged_on(date(2026, 12, 1), partner=company_a, agency=agency, title="Baru")

    for day in (MONDAY, date(2026, 12, 2), date(2026, 12, 6)):  # Monday to Sunday
        digest(day)

    assert len(mailoutbox) == 2
    assert set(DigestSent.objects.values_list("week", flat=True)) == {MONDAY}


def test_the_next_week_sends_again_only_when_something_happened(
    week, agency, company_a, officers, mailoutbox
):
    digest(MONDAY)
    mailoutbox.clear()

    digest(date(2026, 12, 7))  # the week before held Monday's "Hari ini"
    assert addressees(mailoutbox) == officers
    assert "Hari ini" in mailoutbox[0].body and "Kursi roda" not in mailoutbox[0].body
    mailoutbox.clear()

    digest(date(2026, 12, 14))  # nothing happened from 7 to 13 December
    assert mailoutbox == []
    assert not DigestSent.objects.filter(week=date(2026, 12, 14)).exists()

    pledged_on(date(2026, 12, 16), partner=company_a, agency=agency, title="Minggu depan")
    digest(date(2026, 12, 17))  # a later run of the same quiet week finds it
    assert addressees(mailoutbox) == officers
    assert "Minggu depan" in mailoutbox[0].body


def test_an_officer_whose_agency_had_a_quiet_week_gets_nothing(
    week, officers, other_agency_officer, mailoutbox
):
    digest(MONDAY)

    assert other_agency_officer.email not in addressees(mailoutbox)
    assert addressees(mailoutbox) == officers
    assert not DigestSent.objects.filter(user=other_agency_officer).exists()


def test_an_officer_of_two_agencies_gets_one_digest_with_both(week, agency, mailoutbox):
    second = make_opportunity().agency
    pledged_on(date(2026, 11, 26), agency=second, title="Perahu karet")
    both = make_member(agency, email="dua@dinas.example")
    Membership.objects.create(
        user=both, organization=second, role="officer", status=Membership.Status.APPROVED
    )

    digest(MONDAY)

    [message] = [m for m in mailoutbox if m.to == ["dua@dinas.example"]]
    assert "Perahu karet" in message.body and "Kursi roda" in message.body
