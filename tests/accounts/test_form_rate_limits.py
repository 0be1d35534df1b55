"""Registering and asking for password links are limited per address (and per email asked)."""

import pytest
from django.urls import reverse

from accounts.models import User
from companies.models import Membership

REGISTER = reverse("accounts:register")
RESET = reverse("accounts:password_reset")
TOO_MANY = "Too many attempts from your connection in a short time"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _registration(n, organization):
    return {
        "account-first_name": "Dewi",
        "account-email": f"dewi{n}@alfa.example",
        "account-username": f"dewi{n}",
        "account-password1": "kopi-tubruk-pagi-hari",
        "account-password2": "kopi-tubruk-pagi-hari",
        "membership-intent": "join",
        "membership-organization": organization.pk,
    }


def test_registering_over_the_limit_saves_nothing_and_says_why(client, company_a, settings):
    settings.REGISTRATION_RATE = "2/h"
    for n in range(2):
        assert client.post(REGISTER, _registration(n, company_a)).status_code == 302
        client.post(reverse("accounts:logout"))

    response = client.post(REGISTER, _registration(3, company_a))

    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert 'value="dewi3@alfa.example"' in response.content.decode()  # what was typed stays
    assert not User.objects.filter(username="dewi3").exists()
    assert Membership.objects.count() == 2


def test_the_registration_limit_is_per_address(client, company_a, settings):
    settings.REGISTRATION_RATE = "1/h"
    client.post(REGISTER, _registration(1, company_a), REMOTE_ADDR="198.51.100.1")
    client.post(reverse("accounts:logout"))

    response = client.post(REGISTER, _registration(2, company_a), REMOTE_ADDR="198.51.100.2")

    assert response.status_code == 302
    assert User.objects.filter(username="dewi2").exists()


def test_reading_the_registration_page_is_never_limited(client, db, settings):
    settings.REGISTRATION_RATE = "1/h"
    assert [client.get(REGISTER).status_code for _ in range(3)] == [200, 200, 200]


def test_password_links_for_one_address_are_limited_wherever_asked_from(
    client, partner_a, settings, mailoutbox
):
    settings.PASSWORD_RESET_EMAIL_RATE = "2/h"
    for n in range(2):
        address = f"198.51.100.{n}"
        client.post(RESET, {"email": partner_a.email}, REMOTE_ADDR=address)

    response = client.post(RESET, {"email": partner_a.email}, REMOTE_ADDR="198.51.100.9")

    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert len(mailoutbox) == 2


def test_password_links_from_one_address_are_limited(client, partner_a, partner_b, settings):
    settings.PASSWORD_RESET_RATE = "2/h"
    client.post(RESET, {"email": "someone@example.org"})
    client.post(RESET, {"email": partner_b.email})

    response = client.post(RESET, {"email": partner_a.email})

    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()


def test_under_the_limit_the_link_is_sent(client, partner_a, mailoutbox):
    response = client.post(RESET, {"email": partner_a.email})

    assert response["Location"] == reverse("accounts:password_reset_done")
    assert [message.to for message in mailoutbox] == [[partner_a.email]]
