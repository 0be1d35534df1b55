"""The door on the event day: staff find a registration and check it in once; live figures."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Registration
from events.services import TransitionError, registration_check_in
from tests.factories import (
    make_agency,
    make_company,
    make_registration,
    make_staff,
    make_user,
    make_zakat_institution,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def checkin_url(event, q=None):
    url = reverse("events:checkin", args=[event.slug])
    return f"{url}?q={q}" if q is not None else url


def confirm_url(event):
    return reverse("events:checkin_confirm", args=[event.slug])


def found_codes(html):
    section = re.search(r'aria-labelledby="matches-heading".*?</section>', html, re.S).group(0)
    return re.findall(r"<code>([A-Z0-9]{8})</code>", section)


def figures(html):
    """{kind: (organisations in, organisations registered, people in, people registered)}."""
    section = re.search(r'aria-labelledby="figures-heading".*?</section>', html, re.S).group(0)
    rows = re.findall(
        r'<tr><th scope="row">([^<]+)</th>' + r'<td class="num">(\d+) / (\d+)</td>' * 2, section
    )
    return {row[0]: tuple(int(n) for n in row[1:]) for row in rows}


@pytest.fixture
def door(forum):
    """The forum with three registrations: Rina of PT Hadir, Budi of LAZ Hadir, Sari of Dinas."""
    make_registration(
        event=forum, organization=make_company(name="PT Hadir"), representative_name="Rina"
    )
    make_registration(
        event=forum,
        organization=make_zakat_institution(name="LAZ Hadir"),
        representative_name="Budi",
    )
    make_registration(
        event=forum, organization=make_agency(name="Dinas Hadir"), representative_name="Sari"
    )
    return forum


def test_staff_find_a_registration_by_its_code_typed_in_any_case(client, staff, door):
    rina = door.registrations.get(representative_name="Rina")
    client.force_login(staff)

    page = client.get(checkin_url(door, rina.checkin_code.lower())).content.decode()

    assert found_codes(page) == [rina.checkin_code]
    assert 'name="code" value="' + rina.checkin_code + '"' in page


def test_the_scanned_badge_address_typed_by_a_scanner_finds_the_code(client, staff, door):
    rina = door.registrations.get(representative_name="Rina")
    client.force_login(staff)
    scanned = f"http://testserver{checkin_url(door, rina.checkin_code)}"

    page = client.get(checkin_url(door), {"q": scanned}).content.decode()

    assert found_codes(page) == [rina.checkin_code]


def test_staff_find_registrations_by_name_or_organisation(client, staff, door):
    client.force_login(staff)
    budi = door.registrations.get(representative_name="Budi")

    assert found_codes(client.get(checkin_url(door, "bud")).content.decode()) == [budi.checkin_code]
    by_org = found_codes(client.get(checkin_url(door, "hadir")).content.decode())
    assert len(by_org) == 3


def test_a_code_of_another_event_is_not_found(client, staff, door):
    elsewhere = make_registration()
    client.force_login(staff)

    page = client.get(checkin_url(door, elsewhere.checkin_code)).content.decode()

    assert found_codes(page) == []
    assert "No registration for this event matches" in page


def test_checking_in_records_who_and_when_and_shows_it(client, staff, door):
    rina = door.registrations.get(representative_name="Rina")
    client.force_login(staff)

    response = client.post(confirm_url(door), {"code": rina.checkin_code}, follow=True)

    rina.refresh_from_db()
    assert rina.checked_in_at is not None and rina.checked_in_by == staff
    assert response.redirect_chain == [(checkin_url(door, rina.checkin_code), 302)]
    page = response.content.decode()
    assert "Rina (PT Hadir) is checked in." in page
    assert f"Checked in at {timezone.localtime(rina.checked_in_at):%H:%M} by Siti Bappeda" in page


def test_a_second_check_in_says_when_and_by_whom_and_changes_nothing(client, staff, door):
    rina = door.registrations.get(representative_name="Rina")
    registration_check_in(registration=rina, actor=staff)
    rina.refresh_from_db()
    before = (rina.checked_in_at, rina.checked_in_by, rina.history.count())
    client.force_login(make_staff(username="kedua"))

    response = client.post(confirm_url(door), {"code": rina.checkin_code}, follow=True)

    time = f"{timezone.localtime(rina.checked_in_at):%H:%M}"
    assert f"Rina was already checked in at {time} by Siti Bappeda." in response.content.decode()
    rina.refresh_from_db()
    assert (rina.checked_in_at, rina.checked_in_by, rina.history.count()) == before


def test_the_service_refuses_a_second_check_in_and_a_cancelled_registration(staff, door):
    rina = door.registrations.get(representative_name="Rina")
    registration_check_in(registration=rina, actor=staff)
    with pytest.raises(TransitionError, match="already checked in"):
        registration_check_in(registration=rina, actor=staff)

    cancelled = make_registration(event=door, cancelled_at=timezone.now())
    with pytest.raises(TransitionError, match="cancelled"):
        registration_check_in(registration=cancelled, actor=staff)


def test_only_staff_check_people_in(door, partner_a, agency_officer):
    rina = door.registrations.get(representative_name="Rina")
    for outsider in (partner_a, agency_officer):
        with pytest.raises(TransitionError, match="Only Bappeda staff"):
            registration_check_in(registration=rina, actor=outsider)
    assert not Registration.objects.checked_in().exists()


def test_visitors_and_partners_cannot_open_the_door(client, door, partner_a):
    rina = door.registrations.get(representative_name="Rina")

    assert client.get(checkin_url(door)).status_code == 302
    assert client.post(confirm_url(door), {"code": rina.checkin_code}).status_code == 302
    for user in (partner_a, make_user(is_staff=True)):  # staff without the permission too
        client.force_login(user)
        assert client.get(checkin_url(door)).status_code == 403
        assert client.post(confirm_url(door), {"code": rina.checkin_code}).status_code == 403
    assert not Registration.objects.checked_in().exists()


def test_opening_the_scanned_address_checks_no_one_in(client, staff, door):
    rina = door.registrations.get(representative_name="Rina")
    client.force_login(staff)

    client.get(checkin_url(door, rina.checkin_code))

    rina.refresh_from_db()
    assert rina.checked_in_at is None


def test_the_figures_count_organisations_and_people_checked_in_by_kind(client, staff, door):
    make_registration(
        event=door, organization=door.registrations.get(representative_name="Rina").organization
    )
    make_registration(event=door, cancelled_at=timezone.now())  # not counted
    for name in ("Rina", "Budi"):
        registration_check_in(
            registration=door.registrations.get(representative_name=name), actor=staff
        )
    client.force_login(staff)

    shown = figures(client.get(checkin_url(door)).content.decode())

    assert shown == {
        "Companies": (1, 1, 1, 2),
        "Zakat institutions": (1, 1, 1, 1),
        "Regional agencies": (0, 1, 0, 1),
        "Total": (2, 3, 2, 4),
    }


def test_the_page_runs_the_same_queries_for_few_and_many_registrations(client, staff, forum):
    def add(count):
        for _ in range(count):
            registration = make_registration(event=forum, representative_name="Sama Nama")
            registration_check_in(registration=registration, actor=staff)

    client.force_login(staff)
    add(2)
    with CaptureQueriesContext(connection) as few_search:
        client.get(checkin_url(forum, "sama"))
    with CaptureQueriesContext(connection) as few_latest:
        client.get(checkin_url(forum))
    add(30)
    with CaptureQueriesContext(connection) as many_search:
        client.get(checkin_url(forum, "sama"))
    with CaptureQueriesContext(connection) as many_latest:
        client.get(checkin_url(forum))

    assert len(many_search) == len(few_search)
    assert len(many_latest) == len(few_latest)
    assert len(few_search) <= 8
