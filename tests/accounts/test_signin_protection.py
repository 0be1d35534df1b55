"""Guessing passwords locks one account from one address for a while; staff can unlock it."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.admin_helpers import admin_url, messages_of, run_action

PASSWORD = "correct horse battery staple"
LOGIN = reverse("accounts:login")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _sign_in(client, username, password=PASSWORD, url=LOGIN, **headers):
    return client.post(url, {"username": username, "password": password}, **headers)


def _guess(client, username, times, **headers):
    return [_sign_in(client, username, "wrong guess", **headers) for _ in range(times)]


def _signed_in(client):
    return SESSION_KEY in client.session


def test_five_wrong_passwords_lock_the_account_from_that_address(client, partner_a):
    answers = _guess(client, "partner_a", 5)
    assert [answer.status_code for answer in answers] == [200, 200, 200, 200, 429]

    response = _sign_in(client, "partner_a")  # even the right password, now

    assert response.status_code == 429
    assert not _signed_in(client)
    page = response.content.decode()
    assert "Sign-in locked for a while" in page
    assert "After 5 wrong passwords" in page and "for 15 minutes" in page
    assert 'class="navbar-brand"' in page  # in the portal's own layout
    assert reverse("accounts:password_reset") in page


def test_four_wrong_passwords_still_let_the_right_one_in(client, partner_a):
    _guess(client, "partner_a", 4)

    assert _sign_in(client, "partner_a").status_code == 302
    assert _signed_in(client)


def test_signing_in_successfully_starts_the_count_again(client, partner_a):
    _guess(client, "partner_a", 4)
    _sign_in(client, "partner_a")
    client.post(reverse("accounts:logout"))
    _guess(client, "partner_a", 4)

    assert _sign_in(client, "partner_a").status_code == 302


def test_the_lock_holds_only_for_that_account_and_that_address(client, partner_a, partner_b):
    _guess(client, "partner_a", 5, REMOTE_ADDR="198.51.100.1")

    assert _sign_in(client, "partner_a", REMOTE_ADDR="198.51.100.1").status_code == 429
    # The same person from elsewhere, and someone else from the same address, sign in.
    assert _sign_in(client, "partner_a", REMOTE_ADDR="198.51.100.2").status_code == 302
    client.post(reverse("accounts:logout"))
    assert _sign_in(client, "partner_b", REMOTE_ADDR="198.51.100.1").status_code == 302


def test_the_lock_ends_after_the_cool_off(client, partner_a):
    _guess(client, "partner_a", 5)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )

    assert _sign_in(client, "partner_a").status_code == 302


def test_limit_and_cool_off_come_from_the_settings(client, partner_a, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    _guess(client, "partner_a", 2)

    response = _sign_in(client, "partner_a")

    assert response.status_code == 429
    assert "After 2 wrong passwords" in response.content.decode()
    assert "for 30 minutes" in response.content.decode()


def test_the_admin_sign_in_is_locked_too(client, staff):
    admin_login = reverse("admin:login")
    for _ in range(5):
        _sign_in(client, "bappeda", "wrong guess", url=admin_login)

    response = _sign_in(client, "bappeda", url=admin_login)

    assert response.status_code == 429
    assert "Sign-in locked for a while" in response.content.decode()
    assert not _signed_in(client)


def test_behind_the_proxy_each_client_address_counts_on_its_own(client, partner_a, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    _guess(client, "partner_a", 5, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)

    assert (
        _sign_in(client, "partner_a", HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy).status_code
        == 429
    )
    # A client cannot escape by sending its own X-Forwarded-For: the proxy appends the real one.
    spoofed = "192.0.2.77, 203.0.113.9"
    assert _sign_in(client, "partner_a", HTTP_X_FORWARDED_FOR=spoofed, **proxy).status_code == 429
    # Another client behind the same proxy is not locked.
    assert (
        _sign_in(client, "partner_a", HTTP_X_FORWARDED_FOR="203.0.113.10", **proxy).status_code
        == 302
    )
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(client, partner_a):
    for n in range(5):
        _sign_in(client, "partner_a", "wrong guess", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

    assert _sign_in(client, "partner_a", HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_bappeda_staff_see_the_locked_sign_ins_and_unlock_them(client, partner_a, staff):
    _guess(client, "partner_a", 5)
    attempt = AccessAttempt.objects.get()
    client.force_login(staff)

    changelist = client.get(admin_url(AccessAttempt, "changelist"))
    assert changelist.status_code == 200
    assert "partner_a" in changelist.content.decode()
    response = run_action(client, AccessAttempt, "unlock", [attempt])

    assert messages_of(response) == ["1 failed sign-in record(s) removed."]
    assert not AccessAttempt.objects.exists()
    client.post(reverse("admin:logout"))
    assert _sign_in(client, "partner_a").status_code == 302


def test_a_partner_cannot_open_the_sign_in_records(client, partner_a):
    client.force_login(partner_a)
    response = client.get(admin_url(AccessAttempt, "changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_no_password_is_kept_with_a_failed_sign_in(client, partner_a):
    _sign_in(client, "partner_a", "my-secret-guess")
    assert "my-secret-guess" not in AccessAttempt.objects.get().post_data
