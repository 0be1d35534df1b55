"""Bappeda runs an event from the admin: registrations, check-ins and announced pledges all go
through the events services; who did what is recorded, not typed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Event, Registration
from programs.models import Commitment
from tests.admin_helpers import admin_url, messages_of, run_action
from tests.factories import make_commitment, make_company, make_event, make_registration


@pytest.fixture(autouse=True)
def _english(settings):
    # Labels are checked in English; the Indonesian ones come from the translation files.
    settings.LANGUAGE_CODE = "en"


def _add_form(event, organization, **changes):
    data = {
        "event": event.pk,
        "organization": organization.pk,
        "representative_name": "Rudi",
        "position": "Direktur",
        "phone": "0812-0000-2222",
        "email": "rudi@example.org",
    }
    data.update(changes)
    return data


def _event_form(event, **changes):
    data = {
        "name": event.name,
        "slug": event.slug,
        "date": event.date.isoformat(),
        "max_representatives": str(event.max_representatives),
        "is_published": "on",
        "registrations-TOTAL_FORMS": "0",
        "registrations-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_staff_register_anyone_through_the_service_also_after_closing(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(registration_closes_at=timezone.now() - timedelta(days=1))
    company = make_company()
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(admin_url(Registration, "add"), _add_form(event, company))

    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.registered_by == staff
    assert registration.history.get().history_user == staff
    assert len(registration.checkin_code) == 8
    assert [message.to for message in mailoutbox] == [["rudi@example.org", staff.email]]


def test_what_the_service_refuses_shows_on_the_add_form(client, staff):
    event = make_event(capacity=1)
    make_registration(event=event)
    client.force_login(staff)

    response = client.post(admin_url(Registration, "add"), _add_form(event, make_company()))

    assert response.status_code == 200
    assert "is full: all 1 places are taken" in response.content.decode()
    assert event.registrations.count() == 1


def test_the_add_page_is_prefilled_from_the_event_page_link(client, staff):
    event = make_event()
    client.force_login(staff)

    event_page = client.get(admin_url(Event, "change", event.pk)).content.decode()
    link = f"{admin_url(Registration, 'add')}?event={event.pk}"
    assert link in event_page
    assert f'value="{event.pk}" selected' in client.get(link).content.decode()


def test_checking_in_from_the_list_records_who_did_it_once(client, staff):
    registration = make_registration(representative_name="Rina")
    client.force_login(staff)

    run_action(client, Registration, "check_in", [registration])
    response = run_action(client, Registration, "check_in", [registration])

    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert registration.checked_in_by == staff
    assert any("Rina was already checked in at" in text for text in messages_of(response))
    assert registration.history.count() == 2


def test_check_in_and_cancellation_are_not_typed_on_the_change_form(client, staff):
    registration = make_registration()
    client.force_login(staff)

    page = client.get(admin_url(Registration, "change", registration.pk)).content.decode()
    client.post(
        admin_url(Registration, "change", registration.pk),
        {
            "representative_name": "Nama Baru",
            "checked_in_at_0": "2026-12-01",
            "checked_in_at_1": "08:30:00",
            "cancelled_at_0": "2026-12-01",
            "cancelled_at_1": "08:30:00",
        },
    )

    assert 'name="checked_in_at_0"' not in page and 'name="cancelled_at_0"' not in page
    registration.refresh_from_db()
    assert registration.representative_name == "Nama Baru"
    assert registration.checked_in_at is None and registration.cancelled_at is None


def test_cancelling_from_the_list_goes_through_the_service(client, staff):
    registration = make_registration()
    checked_in = make_registration(checked_in_at=timezone.now())
    client.force_login(staff)

    response = run_action(client, Registration, "cancel", [registration, checked_in])

    registration.refresh_from_db()
    checked_in.refresh_from_db()
    assert registration.cancelled_at is not None
    assert checked_in.cancelled_at is None
    assert "1 of 2 selected registrations done." in messages_of(response)


def test_the_event_page_lists_registrations_without_adding_or_checking_in_there(client, staff):
    event = make_event()
    make_registration(event=event, representative_name="Rina")
    client.force_login(staff)

    page = client.get(admin_url(Event, "change", event.pk)).content.decode()

    assert 'value="Rina"' in page
    assert 'name="registrations-0-checked_in_at_0"' not in page
    assert "registrations-__prefix__" not in page  # no empty form to add one


def test_the_event_page_counts_attendance_by_kind(client, staff):
    event = make_event()
    make_registration(event=event)
    make_registration(event=event)
    client.force_login(staff)

    page = client.get(admin_url(Event, "change", event.pk)).content.decode()

    assert "Company: 2, Zakat institution: 0, Regional agency: 0" in page


# --- pledges announced at the event ------------------------------------------------------------


def test_staff_announce_and_take_back_pledges_on_the_event(client, staff):
    event = make_event()
    kept, added = (make_commitment(status=Commitment.Status.APPROVED) for _ in range(2))
    taken_back = make_commitment(status=Commitment.Status.IN_PROGRESS)
    event.announced_commitments.add(kept, taken_back)
    client.force_login(staff)

    response = client.post(
        admin_url(Event, "change", event.pk),
        _event_form(event, announced_commitments=[kept.pk, added.pk]),
    )

    assert response.status_code == 302
    assert set(event.announced_commitments.all()) == {kept, added}
    latest = event.history.first()
    assert latest.history_user == staff
    assert {p.commitment_id for p in latest.announced_commitments.all()} == {kept.pk, added.pk}


def test_only_approved_pledges_can_be_announced(client, staff):
    event = make_event()
    proposed = make_commitment(title="Janji belum disetujui")
    client.force_login(staff)

    response = client.post(
        admin_url(Event, "change", event.pk),
        _event_form(event, announced_commitments=[proposed.pk]),
    )

    assert response.status_code == 200
    assert "Only approved pledges can be announced" in response.content.decode()
    assert not event.announced_commitments.exists()
