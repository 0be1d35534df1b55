"""Every published event as an iCalendar file, in Depok's time zone, with the same UID always."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from tests.factories import make_event

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")


def ics_url(event):
    return reverse("events:event_calendar", args=[event.slug])


def vevent(client, event):
    response = client.get(ics_url(event))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    (entry,) = calendar.walk("VEVENT")
    return calendar, entry, response.content.decode()


def test_the_file_has_the_event_its_venue_and_jakarta_times(client, forum):
    calendar, entry, text = vevent(client, forum)

    assert entry["SUMMARY"] == forum.name
    assert entry["LOCATION"] == "Balai Kota, Depok"
    assert entry.decoded("DTSTART") == datetime.combine(forum.date, time(8), tzinfo=JAKARTA)
    assert entry.decoded("DTEND") == datetime.combine(forum.date, time(13), tzinfo=JAKARTA)
    assert f"DTSTART;TZID=Asia/Jakarta:{forum.date:%Y%m%d}T080000" in text
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Jakarta"]
    assert entry["URL"] == f"http://testserver/acara/{forum.slug}/"


def test_an_event_without_a_time_is_a_whole_day(client):
    event = make_event(date=date(2023, 11, 20), venue="Hotel Savero", city="")

    _, entry, text = vevent(client, event)

    assert entry.decoded("DTSTART") == date(2023, 11, 20)
    assert entry.decoded("DTEND") == date(2023, 11, 21)
    assert "DTSTART;VALUE=DATE:20231120" in text
    assert entry["LOCATION"] == "Hotel Savero"


def test_the_uid_stays_when_the_event_changes(client, forum):
    _, before, _ = vevent(client, forum)
    forum.name = "Forum Kemitraan (jadwal baru)"
    forum.start_time = time(9)
    forum.save()

    _, after, _ = vevent(client, forum)

    assert before["UID"] == after["UID"]
    assert after["SUMMARY"] == "Forum Kemitraan (jadwal baru)"
    assert vevent(client, make_event())[1]["UID"] != before["UID"]


def test_unpublished_events_have_no_calendar_file(client):
    assert client.get(ics_url(make_event(is_published=False))).status_code == 404


def test_the_event_page_links_its_calendar_file(client, forum):
    page = client.get(reverse("events:event_detail", args=[forum.slug])).content.decode()

    assert f'href="{ics_url(forum)}"' in page
