"""Bappeda staff manage partners' and officers' accounts, but never anyone's admin rights."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests.admin_helpers import admin_url
from tests.factories import make_staff, make_user


def _change_form_data(user, **changes):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    data.update(changes)
    return data


def test_staff_cannot_make_themselves_superuser(client, staff):
    client.force_login(staff)
    response = client.post(
        admin_url(User, "change", staff.pk),
        _change_form_data(staff, is_superuser="on", first_name="Siti R."),
    )

    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.first_name == "Siti R."
    assert not staff.is_superuser


def test_staff_cannot_give_a_partner_admin_access(client, staff, partner_a):
    client.force_login(staff)
    client.post(
        admin_url(User, "change", partner_a.pk), _change_form_data(partner_a, is_staff="on")
    )

    partner_a.refresh_from_db()
    assert not partner_a.is_staff


def test_staff_edit_a_partners_account(client, staff, partner_a):
    client.force_login(staff)
    client.post(
        admin_url(User, "change", partner_a.pk),
        _change_form_data(partner_a, email="andi@alfa.example"),
    )

    partner_a.refresh_from_db()
    assert partner_a.email == "andi@alfa.example"


@pytest.mark.parametrize("page", ["change", "password_change"])
def test_staff_cannot_change_a_colleagues_account_or_password(client, staff, page):
    colleague = make_staff()
    client.force_login(staff)
    if page == "password_change":
        url = reverse("admin:auth_user_password_change", args=[colleague.pk])
    else:
        url = admin_url(User, "change", colleague.pk)
    response = client.post(url, {"password1": "s0mething-new!", "password2": "s0mething-new!"})

    assert response.status_code == 403
    colleague.refresh_from_db()
    assert colleague.check_password("correct horse battery staple")


def test_a_superuser_grants_admin_access(client, db):
    root = User.objects.create_superuser("root", "root@example.org", "a long password 123")
    clerk = make_user()
    client.force_login(root)
    client.post(admin_url(User, "change", clerk.pk), _change_form_data(clerk, is_staff="on"))

    clerk.refresh_from_db()
    assert clerk.is_staff
