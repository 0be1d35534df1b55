"""Bappeda runs an event's registrations from the admin; who did what is recorded, not typed."""

import pytest

from events.models import Event, Registration
from tests.admin_helpers import admin_url
from tests.factories import make_company, make_event, make_registration


@pytest.fixture(autouse=True)
def _english(settings):
    # Labels are checked in English; the Indonesian ones come from the translation files.
    settings.LANGUAGE_CODE = "en"


def _registration_form(registration, **changes):
    data = {
        "event": registration.event.pk,
        "organization": registration.organization.pk,
        "representative_name": registration.representative_name,
    }
    data.update(changes)
    return data


def test_checking_someone_in_records_who_did_it(client, staff):
    registration = make_registration()
    client.force_login(staff)

    response = client.post(
        admin_url(Registration, "change", registration.pk),
        _registration_form(registration, checked_in_at_0="2026-12-01", checked_in_at_1="08:30:00"),
    )

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert registration.checked_in_by == staff


def test_registering_on_the_event_page_records_who_registered(client, staff):
    event = make_event()
    company = make_company()
    client.force_login(staff)

    response = client.post(
        admin_url(Event, "change", event.pk),
        {
            "name": event.name,
            "slug": event.slug,
            "date": "2026-12-01",
            "max_representatives": "3",
            "is_published": "on",
            "registrations-TOTAL_FORMS": "1",
            "registrations-INITIAL_FORMS": "0",
            "registrations-0-organization": company.pk,
            "registrations-0-representative_name": "Rudi",
        },
    )

    assert response.status_code == 302
    registration = event.registrations.get()
    assert registration.registered_by == staff
    assert registration.checked_in_by is None
    assert len(registration.checkin_code) == 8


def test_the_event_page_counts_attendance_by_kind_from_registrations(client, staff):
    event = make_event()
    make_registration(event=event)
    make_registration(event=event)
    client.force_login(staff)

    page = client.get(admin_url(Event, "change", event.pk)).content.decode()

    assert "Company: 2, Zakat institution: 0, Regional agency: 0" in page
