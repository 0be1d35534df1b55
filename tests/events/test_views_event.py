"""The public events: coming and past, attendance counted from check-ins (or registrations before
anyone checked in), no one's details; the registration panel for members and staff."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programs.models import Commitment
from tests.factories import (
    make_agency,
    make_commitment,
    make_company,
    make_event,
    make_member,
    make_registration,
    make_theme,
    make_user,
    make_zakat_institution,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("events:event_list")


def detail_url(event):
    return reverse("events:event_detail", args=[event.slug])


def get(client, url, language="en", **params):
    client.cookies["django_language"] = language
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def section(html, key):
    match = re.search(rf'aria-labelledby="{key}-heading".*?</section>', html, re.S)
    assert match, key
    return match.group(0)


def attendance_rows(html):
    """(kind, count) rows of the attendance table, the total last."""
    table = section(html, "attendance")
    return re.findall(r'<tr><th scope="row">([^<]+)</th><td class="num">(\d+)</td></tr>', table)


@pytest.fixture
def gathering():
    """A past gathering with a 2023-style mix of registrations, some of them cancelled."""
    event = make_event(name="Gathering CSR 2023", slug="gathering-2023", date=date(2023, 11, 20))
    companies = [make_company(name=f"PT Hadir {n}") for n in range(3)]
    for company in companies:
        make_registration(event=event, organization=company, representative_name="Ani Wakil")
    # A second representative of the same company is still one organisation.
    make_registration(
        event=event,
        organization=companies[0],
        representative_name="Budi Wakil Kedua",
        phone="0812-1111-2222",
        email="budi.wakil@example.org",
    )
    make_registration(event=event, organization=make_zakat_institution(name="LAZ Hadir"))
    for name in ("Dinas Hadir Satu", "Dinas Hadir Dua"):
        make_registration(event=event, organization=make_agency(name=name))
    make_registration(
        event=event,
        organization=make_company(name="PT Batal Datang"),
        representative_name="Citra Batal",
        cancelled_at=timezone.now(),
    )
    return event


def test_attendance_is_counted_by_kind_from_registrations_that_stand(client, gathering):
    assert attendance_rows(get(client, detail_url(gathering))) == [
        ("Companies", "3"),
        ("Zakat institutions", "1"),
        ("Regional agencies", "2"),
        ("Total", "6"),
    ]


def test_organisations_that_took_part_are_listed_by_kind_with_links(client, gathering):
    make_registration(event=gathering, organization=make_company(name="PT Arsip", is_active=False))

    listed = section(get(client, detail_url(gathering)), "participants")

    names = re.findall(r'<a href="/direktori/[^"]+/">([^<]+)</a>', listed)
    assert names == [
        "PT Hadir 0",
        "PT Hadir 1",
        "PT Hadir 2",
        "LAZ Hadir",
        "Dinas Hadir Dua",
        "Dinas Hadir Satu",
    ]
    assert "PT Batal Datang" not in listed and "PT Arsip" not in listed
    company = gathering.registrations.first().organization
    assert reverse("companies:organization_detail", args=[company.slug]) in listed


def test_no_representative_details_are_public(client, gathering):
    html = get(client, detail_url(gathering))

    for private in ("Ani Wakil", "Budi Wakil Kedua", "0812-1111-2222", "budi.wakil@example.org"):
        assert private not in html
    for code in gathering.registrations.values_list("checkin_code", flat=True):
        assert code not in html


def test_announced_commitments_are_listed_only_when_public(client, gathering):
    theme = make_theme(short_name="Bencana", short_name_en="Disaster management")
    public = make_commitment(
        title="Perahu karet", theme=theme, status=Commitment.Status.APPROVED, value=75_000_000
    )
    private = [
        make_commitment(title=f"Janji {status}", status=status, rejection_reason="x")
        for status in ("proposed", "rejected", "cancelled")
    ]
    make_commitment(title="Janji tidak diumumkan", status=Commitment.Status.APPROVED)
    gathering.announced_commitments.add(public, *private)

    announced = section(get(client, detail_url(gathering)), "commitments")

    assert "Perahu karet" in announced
    assert reverse("programs:commitment_detail", args=[public.pk]) in announced
    assert "Disaster management" in announced and "Rp 75.000.000" in announced
    assert public.partner.name in announced
    assert "Janji" not in announced


def test_detail_shows_date_venue_organiser_and_programme_in_both_languages(client):
    event = make_event(
        name="Forum Agustus",
        date=date(2025, 8, 20),
        venue="Balai Kota",
        city="Depok",
        organiser="Bappeda Kota Depok",
        description="Pemaparan kebutuhan perangkat daerah.",
    )

    indonesian, english = get(client, detail_url(event), "id"), get(client, detail_url(event))

    assert "20 Agu 2025" in indonesian and "Aug. 20, 2025" in english
    assert '<html lang="id">' in indonesian and '<html lang="en">' in english
    for text in ("Balai Kota", "Bappeda Kota Depok", "Pemaparan kebutuhan perangkat daerah."):
        assert text in english
    assert attendance_rows(english)[-1] == ("Total", "0")


def test_unknown_and_unpublished_events_are_not_found(client):
    hidden = make_event(slug="belum-diumumkan", is_published=False)

    assert client.get(detail_url(hidden)).status_code == 404
    assert client.get(reverse("events:event_detail", args=["tidak-ada"])).status_code == 404


def test_list_shows_coming_and_past_events_apart_and_hides_unpublished(client, gathering):
    today = timezone.localdate()
    coming = make_event(name="Forum Mendatang", date=today + timedelta(days=30), venue="Aula")
    make_registration(event=coming, organization=make_company())
    make_event(name="Forum Rahasia", date=today + timedelta(days=5), is_published=False)

    html = get(client, LIST_URL)

    assert "Forum Mendatang" in section(html, "coming")
    assert "1 organisation registered so far" in section(html, "coming")
    past = section(html, "past")
    assert "Gathering CSR 2023" in past and "Forum Mendatang" not in past
    assert "6 organisations took part" in past
    assert "Nov. 20, 2023" in past
    assert "Forum Rahasia" not in html
    assert "20 Nov. 2023" in get(client, LIST_URL, "id")


def test_list_downloads_as_csv_with_public_fields(client, gathering):
    make_event(name="Forum Rahasia", is_published=False)

    response = client.get(LIST_URL, {"format": "csv"}, headers={"accept-language": "en"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == [
        "Name",
        "Date",
        "Venue",
        "City",
        "Organiser",
        "Organizations taking part",
        "Address on the portal",
    ]
    assert [row[0] for row in rows[1:]] == ["Gathering CSR 2023"]
    assert rows[1][1] == "2023-11-20" and rows[1][5] == "6"


def test_past_events_are_paginated(client):
    for n in range(27):
        make_event(name=f"Forum Lama {n:02d}", date=date(2020, 1, 1) + timedelta(days=n))

    first, second = get(client, LIST_URL), get(client, LIST_URL, page=2)

    assert "Forum Lama 26" in first and "Forum Lama 00" not in first
    assert "Forum Lama 00" in second and "Forum Lama 26" not in second


def test_once_anyone_checked_in_attendance_counts_check_ins_only(client, gathering):
    came = gathering.registrations.filter(organization__name__in=["PT Hadir 1", "LAZ Hadir"])
    came.update(checked_in_at=timezone.now())

    html = get(client, detail_url(gathering))

    assert attendance_rows(html) == [
        ("Companies", "1"),
        ("Zakat institutions", "1"),
        ("Regional agencies", "0"),
        ("Total", "2"),
    ]
    assert "counted from check-ins at the door" in section(html, "attendance")
    listed = section(html, "participants")
    assert "PT Hadir 1" in listed and "LAZ Hadir" in listed
    assert "PT Hadir 0" not in listed and "Dinas Hadir Satu" not in listed
    assert "2 organisations took part" in section(get(client, LIST_URL), "past")


# --- the registration panel -------------------------------------------------------------------


def test_visitors_are_asked_to_sign_in_to_register_and_see_no_one(client, forum):
    make_registration(event=forum, representative_name="Rina Wakil")

    panel = section(get(client, detail_url(forum)), "registration")

    register_url = reverse("events:registration_create", args=[forum.slug])
    assert f"?next={register_url}" in panel and "signing in" in panel
    assert "1 of 10 places taken." in panel and "Up to 2 representatives" in panel
    assert "Rina Wakil" not in panel and "Badge" not in panel


def test_members_see_the_register_button_and_only_their_organisations_badges(
    client, forum, company_a, partner_a, company_b
):
    own = make_registration(event=forum, organization=company_a, representative_name="Rina")
    other = make_registration(event=forum, organization=company_b, representative_name="Bela")
    client.force_login(partner_a)

    panel = section(get(client, detail_url(forum)), "registration")

    assert reverse("events:registration_create", args=[forum.slug]) in panel
    assert reverse("events:registration_badge", args=[forum.slug, own.checkin_code]) in panel
    assert other.checkin_code not in panel and "Bela" not in panel
    assert reverse("events:checkin", args=[forum.slug]) not in panel


def test_signed_in_non_members_are_told_who_may_register(client, forum):
    client.force_login(make_user())

    panel = section(get(client, detail_url(forum)), "registration")

    assert "once Bappeda has approved their membership" in panel
    assert reverse("events:registration_create", args=[forum.slug]) not in panel


def test_a_full_or_closed_event_says_so(client, forum, partner_a):
    client.force_login(partner_a)
    forum.capacity = 1
    forum.save()
    make_registration(event=forum)
    assert "The event is full." in section(get(client, detail_url(forum)), "registration")

    forum.registration_closes_at = timezone.now() - timedelta(hours=1)
    forum.save()
    panel = section(get(client, detail_url(forum)), "registration")
    assert "Registration closed on" in panel
    assert reverse("events:registration_create", args=[forum.slug]) not in panel


def test_staff_find_the_door_and_the_lists_on_the_event_page(client, forum, staff):
    client.force_login(staff)

    panel = section(get(client, detail_url(forum)), "registration")

    for name in ("checkin", "attendance_sheet", "attendee_csv", "attendee_xlsx"):
        assert reverse(f"events:{name}", args=[forum.slug]) in panel, name


def test_past_events_have_no_registration_panel_for_visitors(client, gathering):
    assert 'id="registration-heading"' not in get(client, detail_url(gathering))


# --- queries ------------------------------------------------------------------------------------


def _event_with(count, **fields):
    event = make_event(**{"date": date(2023, 11, 20), **fields})
    for _ in range(count):
        make_registration(event=event, organization=make_company())
        make_registration(event=event, organization=make_agency())
        event.announced_commitments.add(make_commitment(status=Commitment.Status.APPROVED))
    return event


def test_pages_run_the_same_few_queries_for_few_and_many_rows(client, django_assert_num_queries):
    event = _event_with(1)
    with CaptureQueriesContext(connection) as few_detail:
        get(client, detail_url(event))
    with CaptureQueriesContext(connection) as few_list:
        get(client, LIST_URL)
    for _ in range(30):
        _event_with(0)
    many = _event_with(40)

    with django_assert_num_queries(len(few_detail)):
        get(client, detail_url(many))
    with django_assert_num_queries(len(few_list)):
        get(client, LIST_URL)
    assert len(few_detail) <= 4 and len(few_list) <= 3


@pytest.mark.parametrize("who", ["member", "staff"])
def test_the_signed_in_event_page_runs_the_same_queries_for_few_and_many_rows(
    client, who, staff, django_assert_num_queries
):
    company = make_company()
    client.force_login(staff if who == "staff" else make_member(company))
    coming = {"date": timezone.localdate() + timedelta(days=20)}
    few = _event_with(1, **coming)
    make_registration(event=few, organization=company)
    with CaptureQueriesContext(connection) as queries:
        get(client, detail_url(few))
    many = _event_with(40, **coming)
    for _ in range(3):
        make_registration(event=many, organization=company)

    with django_assert_num_queries(len(queries)):
        get(client, detail_url(many))
    assert len(queries) <= 10
