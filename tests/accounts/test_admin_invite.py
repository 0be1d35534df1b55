"""Bappeda invites a person: an account without a password, an approved membership, a link."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import User
from companies.models import Membership
from tests.admin_helpers import admin_url
from tests.factories import make_company

INVITE = reverse("admin:accounts_user_invite")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _invite(client, organization, **overrides):
    data = {"first_name": "Rina", "last_name": "Wati", "email": "rina@alfa.example"}
    data.update(overrides)
    return client.post(INVITE, {**data, "organization": organization.pk})


def _link(message):
    return re.search(r"http://testserver(/akun/atur-kata-sandi/\S+/)", message.body).group(1)


def test_the_user_list_offers_staff_the_invitation(client, staff):
    client.force_login(staff)
    assert INVITE in client.get(admin_url(User, "changelist")).content.decode()


def test_staff_invite_a_representative_who_chooses_a_password_and_acts_at_once(
    client, staff, company_a, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, company_a)

    user = User.objects.get(email="rina@alfa.example")
    assert response["Location"] == admin_url(User, "change", user.pk)
    assert not user.has_usable_password()
    membership = user.memberships.get()
    assert (membership.organization, membership.status, membership.decided_by) == (
        company_a,
        Membership.Status.APPROVED,
        staff,
    )
    assert membership.role == Membership.Role.REPRESENTATIVE

    (message,) = mailoutbox
    assert message.to == ["rina@alfa.example"]
    assert "PT Alfa Contoh" in message.subject
    assert "rina" in message.body  # the username

    client.logout()
    form_page = client.get(_link(message), follow=True)
    assert form_page.context["validlink"]
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "nasi-uduk-betawi", "new_password2": "nasi-uduk-betawi"},
    )
    # Signing in on the portal's page, as the person does (the sign-in protection needs a request).
    signed_in = client.post(
        reverse("accounts:login"), {"username": user.username, "password": "nasi-uduk-betawi"}
    )
    assert signed_in.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)
    assert company_a.has_member(user)


def test_an_invited_officer_is_an_officer_of_the_agency(client, staff, agency):
    client.force_login(staff)
    _invite(client, agency)
    membership = Membership.objects.get(user__email="rina@alfa.example")
    assert (membership.organization, membership.role) == (agency, Membership.Role.OFFICER)


def test_no_email_is_sent_before_the_account_is_saved(
    client, staff, company_a, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _invite(client, company_a)
    assert mailoutbox == []

    for callback in callbacks:  # what the commit would run
        callback()
    assert [message.to for message in mailoutbox] == [["rina@alfa.example"]]


def test_an_address_already_in_use_is_refused(client, staff, partner_a, company_b, mailoutbox):
    client.force_login(staff)
    before = User.objects.count()

    response = _invite(client, company_b, email=partner_a.email.upper())

    assert response.status_code == 200
    assert "exists already" in response.content.decode()
    assert User.objects.count() == before
    assert mailoutbox == []


def test_an_archived_organisation_cannot_be_chosen(client, staff):
    archived = make_company(is_active=False)
    client.force_login(staff)
    response = _invite(client, archived)
    assert response.status_code == 200
    assert not User.objects.filter(email="rina@alfa.example").exists()


def test_usernames_of_invited_people_do_not_collide(client, staff, company_a, company_b):
    client.force_login(staff)
    _invite(client, company_a, email="rina@alfa.example")
    _invite(client, company_b, email="rina@beta.example")
    usernames = set(
        User.objects.filter(email__startswith="rina@").values_list("username", flat=True)
    )
    assert usernames == {"rina", "rina2"}


@pytest.mark.parametrize("persona", ["partner_a", "agency_officer"])
def test_nobody_but_staff_invites(client, persona, request, company_a):
    client.force_login(request.getfixturevalue(persona))
    response = _invite(client, company_a)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not User.objects.filter(email="rina@alfa.example").exists()


def test_staff_without_the_right_to_add_accounts_cannot_invite(client, staff, company_a):
    staff.groups.clear()
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "change_membership"])
    )
    client.force_login(staff)
    assert _invite(client, company_a).status_code == 403
    assert not User.objects.filter(email="rina@alfa.example").exists()
