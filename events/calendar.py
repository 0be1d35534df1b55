"""An event as an iCalendar (.ics) file, for "add to calendar" and the confirmation email."""

from datetime import datetime, timedelta
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import Event

PRODUCT_ID = "-//Portal Kemitraan CSR//Acara//ID"


def event_uid(event: Event) -> str:
    """The same for every download of the event, so calendars update it instead of doubling it."""
    return f"event-{event.pk}@portal-kemitraan-csr"


def event_ics(event: Event, *, base_url: str) -> bytes:
    """The event in the portal's time zone; all-day when it has no start time."""
    url = urljoin(base_url, reverse("events:event_detail", args=[event.slug]))
    entry = CalendarEvent()
    entry.add("uid", event_uid(event))
    entry.add("dtstamp", event.updated_at)
    entry.add("last-modified", event.updated_at)
    entry.add("summary", event.name)
    _add_times(entry, event)
    location = ", ".join(part for part in (event.venue, event.city) if part)
    if location:
        entry.add("location", location)
    entry.add("description", "\n\n".join(filter(None, [event.description, event.organiser, url])))
    entry.add("url", url)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _add_times(entry: CalendarEvent, event: Event) -> None:
    if event.start_time is None:
        # An all-day event ends (exclusively) on the next day.
        entry.add("dtstart", event.date)
        entry.add("dtend", event.date + timedelta(days=1))
        return
    zone = ZoneInfo(settings.TIME_ZONE)
    entry.add("dtstart", datetime.combine(event.date, event.start_time, tzinfo=zone))
    if event.end_time is not None and event.end_time > event.start_time:
        entry.add("dtend", datetime.combine(event.date, event.end_time, tzinfo=zone))
