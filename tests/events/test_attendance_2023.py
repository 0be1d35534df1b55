"""The 2023 gathering, loaded from the data with the demo registrations, shows 94 / 8 / 47."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from events.models import Event

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SLUG = "gathering-csr-forum-kemitraan-depok-2023"


@pytest.fixture(scope="module", autouse=True)
def seeded(django_db_setup, django_db_blocker):
    """Reference and demo data (seed_demo loads the reference data first) once for the module,
    rolled back at its end, as in test_seed_demo."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=FAST_HASHER):
            call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def attendance_rows(client):
    client.cookies["django_language"] = "en"
    html = client.get(reverse("events:event_detail", args=[SLUG])).content.decode()
    table = re.search(r'aria-labelledby="attendance-heading".*?</section>', html, re.S).group(0)
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td class="num">(\d+)</td></tr>', table)
    return dict(rows), table


def test_the_2023_gathering_shows_94_companies_8_zakat_institutions_47_agencies(client, db):
    rows, table = attendance_rows(client)

    assert rows == {
        "Companies": "94",
        "Zakat institutions": "8",
        "Regional agencies": "47",
        "Total": "149",
    }
    assert "counted from check-ins at the door" in table


def test_the_figures_are_counted_from_the_check_ins_not_stored(client, db):
    gathering = Event.objects.get(slug=SLUG)
    assert not [f.name for f in Event._meta.fields if "attend" in f.name or "count" in f.name]
    one_company = gathering.registrations.filter(organization__kind="company").first()
    one_company.checked_in_at = None
    one_company.save()

    rows, _ = attendance_rows(client)

    assert rows["Companies"] == "93" and rows["Total"] == "148"


def test_the_event_list_says_149_organisations_took_part(client, db):
    client.cookies["django_language"] = "en"
    html = client.get(reverse("events:event_list")).content.decode()

    assert "149 organisations took part" in html
