"""`manage.py send_event_reminders`: one reminder per registration, before the event, ever."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.factories import make_event, make_registration, make_user

pytestmark = pytest.mark.django_db


def send_reminders(capture, **options):
    out = StringIO()
    with capture(execute=True):
        call_command(
            "send_event_reminders", base_url="https://csr.example.org/", stdout=out, **options
        )
    return out.getvalue()


def in_days(days, **fields):
    return make_event(date=timezone.localdate() + timedelta(days=days), **fields)


def test_representatives_of_tomorrows_event_are_reminded_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    tomorrow = in_days(1, name="Forum Besok")
    rina = make_registration(event=tomorrow, representative_name="Rina", email="rina@example.org")

    assert send_reminders(django_capture_on_commit_callbacks) == "Event reminders sent: 1.\n"
    assert send_reminders(django_capture_on_commit_callbacks) == "Event reminders sent: 0.\n"

    (message,) = mailoutbox
    assert message.to == ["rina@example.org"]
    assert "Forum Besok" in message.subject
    assert message.extra_headers["Content-Language"] == "id"
    assert rina.checkin_code in message.body
    assert "https://csr.example.org/acara/" in message.body
    assert message.attachments[0][0] == f"{tomorrow.slug}.ics"
    rina.refresh_from_db()
    assert rina.reminder_sent_at is not None


def test_who_registered_them_is_reminded_when_the_representative_has_no_email(
    mailoutbox, django_capture_on_commit_callbacks
):
    registrar = make_user(email="andi@example.org")
    make_registration(event=in_days(2), email="", registered_by=registrar)
    make_registration(event=in_days(2), email="")  # nobody to write to

    send_reminders(django_capture_on_commit_callbacks)

    assert [message.to for message in mailoutbox] == [["andi@example.org"]]


def test_no_reminder_for_cancelled_checked_in_past_far_or_unpublished(
    mailoutbox, django_capture_on_commit_callbacks
):
    soon = in_days(1)
    make_registration(event=soon, email="a@example.org", cancelled_at=timezone.now())
    make_registration(event=soon, email="b@example.org", checked_in_at=timezone.now())
    make_registration(event=in_days(0), email="c@example.org")
    make_registration(event=in_days(-3), email="d@example.org")
    make_registration(event=in_days(10), email="e@example.org")
    make_registration(event=in_days(1, is_published=False), email="f@example.org")

    assert send_reminders(django_capture_on_commit_callbacks) == "Event reminders sent: 0.\n"
    assert mailoutbox == []


def test_days_ahead_can_be_chosen(mailoutbox, django_capture_on_commit_callbacks):
    make_registration(event=in_days(7), email="a@example.org")

    send_reminders(django_capture_on_commit_callbacks)
    assert mailoutbox == []
    send_reminders(django_capture_on_commit_callbacks, days=7)
    assert len(mailoutbox) == 1


def test_the_command_needs_the_portals_address(settings):
    settings.PORTAL_URL = ""
    with pytest.raises(CommandError, match="--base-url"):
        call_command("send_event_reminders", stdout=StringIO())
