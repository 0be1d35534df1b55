"""`manage.py send_reminders`: 14, 7 and 1 days before a reporting period ends, each partner
that has not reported on a pledge in it gets one email (per representative) listing them all;
never twice, never on other days, never when it reported."""

from datetime import date, datetime, time
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from programs.models import Commitment, ReminderSent, ReportingPeriod
from programs.reminders import _claim
from tests.factories import make_commitment, make_company, make_realization, make_theme
from tests.programs.email_helpers import addressees, team

pytestmark = pytest.mark.django_db

Status = Commitment.Status
END = date(2026, 12, 31)


def at(day: date, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def remind(day: date, **options) -> str:
    out = StringIO()
    call_command("send_reminders", "--today", day.isoformat(), stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def period(db):
    return ReportingPeriod.objects.create(
        name="Semester II 2026", start_date=date(2026, 7, 1), end_date=END
    )


@pytest.fixture
def scene(period, company_a, company_b):
    """A has two running pledges without a report in the period; B reported on its one; C's
    pledges must not report (proposed, cancelled, ended before the period, realised)."""
    theme = make_theme(short_name="Bencana")
    a_mail = team(company_a, "andi@alfa.example", "rina@alfa.example")
    b_mail = team(company_b, "bela@beta.example")
    make_commitment(partner=company_a, status=Status.APPROVED, title="Dua ambulans", theme=theme)
    boats = make_commitment(partner=company_a, status=Status.IN_PROGRESS, title="Perahu karet")
    # A's report from before the period counts for an earlier one.
    make_realization(commitment=boats, submitted_at=at(date(2026, 6, 30), 23))
    reported = make_commitment(partner=company_b, status=Status.IN_PROGRESS, title="Sembako")
    make_realization(commitment=reported, status="verified", submitted_at=at(date(2026, 8, 3)))
    company_c = make_company(name="PT Gama Contoh")
    c_mail = team(company_c, "gita@gama.example")
    for status in (Status.PROPOSED, Status.CANCELLED, Status.REJECTED, Status.REALIZED):
        make_commitment(partner=company_c, status=status, rejection_reason="Tidak sesuai.")
    make_commitment(
        partner=company_c,
        status=Status.APPROVED,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 6, 30),
    )
    return {"a": a_mail, "b": b_mail, "c": c_mail, "titles": ["Dua ambulans", "Perahu karet"]}


@pytest.mark.parametrize("days_before", [14, 7, 1])
def test_a_partner_that_has_not_reported_gets_one_email_listing_every_missing_pledge(
    scene, period, mailoutbox, days_before
):
    day = date.fromordinal(END.toordinal() - days_before)

    output = remind(day, base_url="https://csr.example")

    assert addressees(mailoutbox) == scene["a"]
    assert len(mailoutbox) == len(scene["a"])  # one message each, not one per pledge
    message = mailoutbox[0]
    assert "Semester II 2026" in message.subject
    assert "Dua ambulans" in message.body and "Perahu karet" in message.body
    assert "31 Desember 2026" in message.body  # Indonesian, the recipients' language
    ambulance = Commitment.objects.get(title="Dua ambulans")
    assert f"https://csr.example/dasbor/komitmen/{ambulance.pk}/laporan/" in message.body
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    assert "Dua ambulans" in html and 'href="https://csr.example/dasbor/' in html
    assert f"Reporting reminders sent for {day}: 2." in output


def test_running_twice_the_same_day_sends_nothing_twice(scene, mailoutbox):
    remind(date(2026, 12, 17))
    first = len(mailoutbox)

    output = remind(date(2026, 12, 17))

    assert first == 2 and len(mailoutbox) == 2
    assert "sent for 2026-12-17: 0." in output
    assert ReminderSent.objects.get().days_before == 14


def test_each_reminder_day_sends_once_and_other_days_send_nothing(scene, mailoutbox):
    sent_on = {}
    day = date(2026, 6, 1)
    while day <= date(2027, 1, 5):
        before = len(mailoutbox)
        remind(day)
        remind(day)
        if len(mailoutbox) > before:
            sent_on[day] = len(mailoutbox) - before
        day = date.fromordinal(day.toordinal() + 1)

    assert sent_on == {date(2026, 12, 17): 2, date(2026, 12, 24): 2, date(2026, 12, 30): 2}
    assert sorted(ReminderSent.objects.values_list("days_before", flat=True)) == [1, 7, 14]


def test_a_partner_that_reports_before_the_next_reminder_gets_no_more(scene, mailoutbox):
    remind(date(2026, 12, 17))
    for pledge in Commitment.objects.filter(title__in=scene["titles"]):
        make_realization(commitment=pledge, submitted_at=at(date(2026, 12, 20)))
    mailoutbox.clear()

    remind(date(2026, 12, 24))
    remind(date(2026, 12, 30))

    assert mailoutbox == []


def test_a_partner_with_one_pledge_left_is_reminded_of_that_one_only(scene, mailoutbox):
    boats = Commitment.objects.get(title="Perahu karet")
    make_realization(commitment=boats, submitted_at=at(date(2026, 12, 1)))

    remind(date(2026, 12, 24))

    assert addressees(mailoutbox) == scene["a"]
    assert "Dua ambulans" in mailoutbox[0].body and "Perahu karet" not in mailoutbox[0].body


def test_a_period_that_has_not_started_or_has_ended_reminds_nobody(db, company_a, mailoutbox):
    team(company_a, "andi@alfa.example")
    make_commitment(partner=company_a, status=Status.APPROVED)
    ReportingPeriod.objects.create(
        name="Pendek", start_date=date(2026, 12, 25), end_date=date(2026, 12, 31)
    )

    remind(date(2026, 12, 17))  # 14 days before its end, but it opens on the 25th

    assert mailoutbox == []


def test_a_failed_send_is_tried_again_on_the_next_run(scene, mailoutbox, settings):
    settings.EMAIL_BACKEND = "tests.programs.email_helpers.FailingBackend"

    remind(date(2026, 12, 17))

    assert not ReminderSent.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    remind(date(2026, 12, 17))
    assert addressees(mailoutbox) == scene["a"]


def test_a_wrong_date_is_refused_with_a_clear_message(db):
    with pytest.raises(CommandError, match="Not a date"):
        call_command("send_reminders", "--today", "31-12-2026")


def test_a_reminder_claimed_by_an_overlapping_run_is_not_sent_again(scene, period, company_a):
    first = _claim(ReminderSent, period=period, partner=company_a, days_before=7, sent_on=END)

    again = _claim(ReminderSent, period=period, partner=company_a, days_before=7, sent_on=END)

    assert first is not None and again is None
    assert ReminderSent.objects.count() == 1
