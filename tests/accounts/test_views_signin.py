"""Signing in and out, changing a password, and choosing a new one by email."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from companies.models import Membership
from tests.factories import make_user

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _signed_in(client):
    return SESSION_KEY in client.session


def test_a_partner_signs_in_with_username_and_password(client, partner_a):
    response = client.post(
        reverse("accounts:login"), {"username": "partner_a", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert _signed_in(client)
    page = client.get(reverse("home")).content.decode()
    assert "Andi" in page  # the header names who is signed in
    assert reverse("accounts:logout") in page


def test_signing_in_returns_to_the_page_asked_for(client, partner_a):
    wanted = reverse("accounts:password_change")
    login_page = client.get(wanted)
    assert login_page["Location"] == f"{reverse('accounts:login')}?next={wanted}"

    response = client.post(
        login_page["Location"], {"username": "partner_a", "password": PASSWORD, "next": wanted}
    )
    assert response["Location"] == wanted


def test_a_wrong_password_is_refused_with_a_message(client, partner_a):
    response = client.post(
        reverse("accounts:login"), {"username": "partner_a", "password": "wrong"}
    )

    assert response.status_code == 200
    assert not _signed_in(client)
    assert "Please enter a correct username and password" in response.content.decode()


def test_a_deactivated_account_cannot_sign_in(client, partner_a):
    partner_a.is_active = False
    partner_a.save()
    client.post(reverse("accounts:login"), {"username": "partner_a", "password": PASSWORD})
    assert not _signed_in(client)


def test_the_header_offers_sign_in_to_visitors(client, db):
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("accounts:login")}"' in page
    assert reverse("accounts:logout") not in page


def test_signing_out_takes_a_post(client, partner_a):
    client.force_login(partner_a)

    assert client.get(reverse("accounts:logout")).status_code == 405
    assert _signed_in(client)

    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not _signed_in(client)


def test_changing_the_password(client, partner_a):
    client.force_login(partner_a)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "sambal-terasi-pedas",
            "new_password2": "sambal-terasi-pedas",
        },
    )

    assert response["Location"] == reverse("accounts:password_change_done")
    partner_a.refresh_from_db()
    assert partner_a.check_password("sambal-terasi-pedas")
    assert _signed_in(client)  # the session survives its own password change


def test_a_wrong_old_password_changes_nothing(client, partner_a):
    client.force_login(partner_a)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "nope",
            "new_password1": "sambal-terasi-pedas",
            "new_password2": "sambal-terasi-pedas",
        },
    )

    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    partner_a.refresh_from_db()
    assert partner_a.check_password(PASSWORD)


def reset_link(message):
    return re.search(r"https?://testserver(/akun/atur-kata-sandi/\S+/)", message.body).group(1)


def test_a_forgotten_password_is_replaced_through_an_emailed_link(client, partner_a, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": partner_a.email})
    assert response["Location"] == reverse("accounts:password_reset_done")

    (message,) = mailoutbox
    assert message.to == [partner_a.email]
    assert "partner_a" in message.body  # the username, in case that was forgotten too
    form_page = client.get(reset_link(message), follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "rendang-padang-asli", "new_password2": "rendang-padang-asli"},
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")
    partner_a.refresh_from_db()
    assert partner_a.check_password("rendang-padang-asli")
    # The link works once.
    assert not client.get(reset_link(message), follow=True).context["validlink"]


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, db, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mailoutbox == []


def test_someone_invited_whose_link_expired_can_ask_for_a_new_one(client, db, mailoutbox):
    invited = make_user(email="baru@alfa.example")
    invited.set_unusable_password()
    invited.save()

    client.post(reverse("accounts:password_reset"), {"email": "BARU@alfa.example"})

    assert [message.to for message in mailoutbox] == [["baru@alfa.example"]]


def test_a_deactivated_account_gets_no_link(client, partner_a, mailoutbox):
    partner_a.is_active = False
    partner_a.save()
    client.post(reverse("accounts:password_reset"), {"email": partner_a.email})
    assert mailoutbox == []


@pytest.mark.parametrize(
    "name",
    ["accounts:account", "accounts:join", "accounts:password_change"],
)
def test_account_pages_send_visitors_to_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_account_page_lists_memberships_with_their_state(
    client, partner_a, company_a, company_b
):
    Membership.objects.create(user=partner_a, organization=company_b)
    client.force_login(partner_a)

    page = client.get(reverse("accounts:account")).content.decode()

    assert company_a.name in page and company_b.name in page
    assert "approved" in page
    assert "waiting for Bappeda" in page
