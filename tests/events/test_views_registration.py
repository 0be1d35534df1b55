"""The registration page, the badge with its QR code, and cancelling, for members only."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from events.models import Registration
from tests.events.helpers import decode_qr, qr_svg_in, register
from tests.factories import make_company, make_member, make_registration, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    # Messages are checked in English; the Indonesian ones come from the translation files.
    settings.LANGUAGE_CODE = "en"


def login_url():
    return resolve_url(settings.LOGIN_URL)


def register_url(event):
    return reverse("events:registration_create", args=[event.slug])


def badge_url(registration):
    return reverse(
        "events:registration_badge", args=[registration.event.slug, registration.checkin_code]
    )


def cancel_url(registration):
    return reverse(
        "events:registration_cancel", args=[registration.event.slug, registration.checkin_code]
    )


def form_data(organization, **changes):
    data = {
        "organization": organization.pk,
        "representative_name": "Rina Wakil",
        "position": "Manajer CSR",
        "phone": "0812-3456-7890",
        "email": "rina@example.org",
    }
    data.update(changes)
    return data


def test_the_form_offers_only_the_members_own_organisations(client, forum, company_a, partner_a):
    make_company(name="PT Orang Lain")
    client.force_login(partner_a)

    page = client.get(register_url(forum)).content.decode()

    options = re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', page)
    assert options == [(str(company_a.pk), "PT Alfa Contoh")]


def test_a_partner_registers_and_lands_on_the_badge(client, forum, company_a, partner_a):
    client.force_login(partner_a)

    response = client.post(register_url(forum), form_data(company_a), follow=True)

    registration = Registration.objects.get()
    assert registration.organization == company_a and registration.registered_by == partner_a
    assert response.redirect_chain == [(badge_url(registration), 302)]
    assert "Registered." in response.content.decode()


def test_posting_another_organisation_is_refused_and_saves_nothing(
    client, forum, company_a, company_b, partner_a
):
    client.force_login(partner_a)

    response = client.post(register_url(forum), form_data(company_b))

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_full_event_says_so_and_keeps_what_was_typed(client, forum, company_a, partner_a):
    forum.capacity = 1
    forum.save()
    make_registration(event=forum)
    client.force_login(partner_a)

    response = client.post(register_url(forum), form_data(company_a, position="Kepala Humas"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "is full" in page
    assert 'value="Kepala Humas"' in page
    assert forum.registrations.count() == 1


def test_a_bad_phone_number_is_explained(client, forum, company_a, partner_a):
    client.force_login(partner_a)

    response = client.post(register_url(forum), form_data(company_a, phone="telepon saya"))

    assert "at least 8 digits" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_closed_registration_sends_the_member_back_to_the_event(
    client, forum, company_a, partner_a
):
    forum.registration_closes_at = timezone.now() - timedelta(hours=1)
    forum.save()
    client.force_login(partner_a)

    response = client.post(register_url(forum), form_data(company_a), follow=True)

    assert response.redirect_chain[-1][0] == reverse("events:event_detail", args=[forum.slug])
    assert "Registration closed on" in response.content.decode()
    assert not Registration.objects.exists()


def test_visitors_sign_in_first_and_non_members_are_refused(client, forum, company_a):
    response = client.get(register_url(forum))
    assert response.status_code == 302 and response.url.startswith(login_url())

    client.force_login(make_user())
    assert client.get(register_url(forum)).status_code == 403
    assert client.post(register_url(forum), form_data(company_a)).status_code == 403
    assert not Registration.objects.exists()


def test_unpublished_events_have_no_registration_page(client, forum, partner_a):
    forum.is_published = False
    forum.save()
    client.force_login(partner_a)

    assert client.get(register_url(forum)).status_code == 404


# --- the badge -----------------------------------------------------------------------------------


def test_the_badge_shows_the_representative_and_a_qr_code_of_the_check_in_address(
    client, forum, company_a, partner_a
):
    registration = register(forum, company_a, partner_a, representative_name="Rina Wakil")
    client.force_login(partner_a)

    page = client.get(badge_url(registration)).content.decode()

    assert "Rina Wakil" in page and "PT Alfa Contoh" in page and forum.name in page
    assert registration.checkin_code in page
    expected = f"http://testserver/acara/{forum.slug}/check-in/?q={registration.checkin_code}"
    assert decode_qr(qr_svg_in(page)) == expected


def test_the_badge_is_for_the_organisations_members_and_staff_only(
    client, forum, company_a, partner_a, partner_b, agency_officer, staff
):
    registration = register(forum, company_a, partner_a)
    url = badge_url(registration)

    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(login_url())
    for outsider in (partner_b, agency_officer, make_user()):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    colleague = make_member(company_a)
    for allowed in (colleague, staff):
        client.force_login(allowed)
        assert client.get(url).status_code == 200


def test_a_cancelled_registration_has_no_badge(client, forum, company_a, partner_a):
    registration = make_registration(
        event=forum, organization=company_a, cancelled_at=timezone.now()
    )
    client.force_login(partner_a)

    assert client.get(badge_url(registration)).status_code == 404


# --- cancelling ----------------------------------------------------------------------------------


def test_a_member_cancels_from_the_badge_page(client, forum, company_a, partner_a):
    registration = register(forum, company_a, partner_a, representative_name="Rina Wakil")
    client.force_login(partner_a)
    assert (
        'action="' + cancel_url(registration) + '"'
        in client.get(badge_url(registration)).content.decode()
    )

    response = client.post(cancel_url(registration), follow=True)

    registration.refresh_from_db()
    assert registration.cancelled_at is not None
    assert "The registration of Rina Wakil is cancelled." in response.content.decode()


def test_cancelling_needs_a_post_by_a_member(client, forum, company_a, partner_a, partner_b):
    registration = register(forum, company_a, partner_a)

    assert client.post(cancel_url(registration)).status_code == 302  # to sign in
    client.force_login(partner_b)
    assert client.post(cancel_url(registration)).status_code == 404
    client.force_login(partner_a)
    assert client.get(cancel_url(registration)).status_code == 405
    registration.refresh_from_db()
    assert registration.cancelled_at is None


def test_cancelling_on_the_event_day_is_refused_with_a_reason(client, forum, company_a, partner_a):
    registration = make_registration(event=forum, organization=company_a)
    forum.date = timezone.localdate()
    forum.save()
    client.force_login(partner_a)

    response = client.post(cancel_url(registration), follow=True)

    assert "only before the day of the event" in response.content.decode()
    registration.refresh_from_db()
    assert registration.cancelled_at is None
