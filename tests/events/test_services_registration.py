"""Registering for an event: only for one's own organisation, within capacity, closing date and
the limit per organisation; cancelling before the day; a confirmation email in Indonesian."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from events.models import Registration
from events.services import TransitionError, registration_cancel
from tests.events.helpers import register
from tests.factories import make_agency, make_company, make_member, make_registration, make_user


@pytest.fixture(autouse=True)
def _english(settings):
    # Refusals are checked in English; the Indonesian ones come from the translation files.
    settings.LANGUAGE_CODE = "en"


pytestmark = pytest.mark.django_db


def test_a_partner_registers_a_representative_of_their_organisation(forum, company_a, partner_a):
    registration = register(forum, company_a, partner_a, representative_name="Rina Wakil")

    registration.refresh_from_db()
    assert registration.organization == company_a
    assert registration.registered_by == partner_a
    assert registration.representative_name == "Rina Wakil"
    assert len(registration.checkin_code) == 8
    assert registration.history.get().history_user == partner_a


def test_an_agency_officer_registers_for_their_agency(forum, agency, agency_officer):
    assert register(forum, agency, agency_officer).organization == agency


def test_a_partner_cannot_register_for_another_organisation(forum, company_b, partner_a):
    with pytest.raises(TransitionError, match="approved member"):
        register(forum, company_b, partner_a)
    assert not Registration.objects.exists()


def test_a_pending_member_or_a_stranger_cannot_register(forum, company_a):
    pending = make_user()
    company_a.memberships.create(user=pending)  # waiting for Bappeda

    for user in (pending, make_user()):
        with pytest.raises(TransitionError):
            register(forum, company_a, user)
    assert not Registration.objects.exists()


def test_registration_stops_at_capacity(forum, staff):
    forum.capacity = 3
    forum.save()
    companies = [make_company() for _ in range(4)]
    for company in companies[:3]:
        register(forum, company, make_member(company))
    # A cancelled registration frees its place.
    Registration.objects.filter(organization=companies[0]).update(cancelled_at=timezone.now())
    register(forum, companies[3], make_member(companies[3]))

    late = make_company()
    with pytest.raises(TransitionError, match="full: all 3 places"):
        register(forum, late, make_member(late))
    with pytest.raises(TransitionError, match="full"):
        register(forum, late, staff)  # the capacity holds for staff too
    assert forum.registrations.active().count() == 3


def test_an_organisation_registers_at_most_the_limit_of_representatives(
    forum, company_a, partner_a
):
    register(forum, company_a, partner_a, representative_name="Satu")
    register(forum, company_a, partner_a, representative_name="Dua")

    with pytest.raises(TransitionError, match="already registered 2 representatives"):
        register(forum, company_a, partner_a, representative_name="Tiga")
    assert forum.registrations.count() == 2


def test_registration_closes_at_the_closing_time(forum, company_a, partner_a):
    forum.registration_closes_at = timezone.now() - timedelta(minutes=1)
    forum.save()

    with pytest.raises(TransitionError, match="Registration closed on"):
        register(forum, company_a, partner_a)
    assert not Registration.objects.exists()


def test_nobody_registers_themselves_after_the_event(forum, company_a, partner_a):
    forum.date = timezone.localdate() - timedelta(days=1)
    forum.registration_closes_at = None
    forum.save()

    with pytest.raises(TransitionError, match="has taken place"):
        register(forum, company_a, partner_a)


def test_unpublished_events_take_no_registrations_from_partners(forum, company_a, partner_a):
    forum.is_published = False
    forum.save()

    with pytest.raises(TransitionError, match="not published"):
        register(forum, company_a, partner_a)


def test_staff_register_anyone_also_after_registration_closed(forum, staff):
    forum.registration_closes_at = timezone.now() - timedelta(days=1)
    forum.save()
    agency = make_agency()

    registration = register(forum, agency, staff)

    assert registration.registered_by == staff


def test_an_inactive_organisation_cannot_be_registered(forum, staff):
    with pytest.raises(TransitionError, match="not active"):
        register(forum, make_company(is_active=False), staff)


def test_registering_sends_an_indonesian_confirmation_with_the_calendar_and_the_qr_code(
    forum, company_a, partner_a, mailoutbox, django_capture_on_commit_callbacks
):
    partner_a.email = "andi@example.org"
    partner_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(forum, company_a, partner_a, email="rina@example.org")

    (message,) = mailoutbox
    assert message.to == ["rina@example.org", "andi@example.org"]
    assert message.extra_headers["Content-Language"] == "id"
    assert forum.name in message.subject
    # Rendered in Indonesian: the date reads the Indonesian way.
    month = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember"][forum.date.month - 1]  # fmt: skip
    assert f"{forum.date.day} {month} {forum.date.year}" in message.body
    assert registration.checkin_code in message.body
    assert "Balai Kota, Depok" in message.body
    assert f"http://testserver/acara/{forum.slug}/lencana/{registration.checkin_code}/" in (
        message.body
    )
    (ics_name, ics, ics_type), (png_name, png, png_type) = message.attachments
    assert (ics_name, ics_type) == (f"{forum.slug}.ics", "text/calendar")
    assert Calendar.from_ical(ics).walk("VEVENT")[0]["SUMMARY"] == forum.name
    assert png_type == "image/png" and png.startswith(b"\x89PNG")


def test_no_email_is_sent_when_the_registration_fails(
    forum, company_b, partner_a, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionError):
        register(forum, company_b, partner_a)
    assert mailoutbox == []


def test_a_member_cancels_before_the_event_and_the_place_is_free_again(forum, company_a, partner_a):
    registration = register(forum, company_a, partner_a)

    registration_cancel(registration=registration, actor=partner_a)

    registration.refresh_from_db()
    assert registration.cancelled_at is not None
    assert registration.history.first().history_user == partner_a
    assert forum.registrations.active().count() == 0


def test_another_partner_cannot_cancel(forum, company_a, partner_a, partner_b, refused):
    registration = register(forum, company_a, partner_a)

    with refused(registration, error=TransitionError):
        registration_cancel(registration=registration, actor=partner_b)


def test_no_cancelling_on_the_day_after_check_in_or_twice(forum, company_a, partner_a, refused):
    registration = make_registration(event=forum, organization=company_a)
    registration_cancel(registration=registration, actor=partner_a)
    with refused(registration, error=TransitionError):
        registration_cancel(registration=registration, actor=partner_a)

    checked_in = make_registration(
        event=forum, organization=company_a, checked_in_at=timezone.now()
    )
    with refused(checked_in, error=TransitionError):
        registration_cancel(registration=checked_in, actor=partner_a)

    forum.date = timezone.localdate()
    forum.save()
    on_the_day = make_registration(event=forum, organization=company_a)
    with refused(on_the_day, error=TransitionError):
        registration_cancel(registration=on_the_day, actor=partner_a)
