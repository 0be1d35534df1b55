"""
Emails to registered representatives: the confirmation (with the .ics and the badge's QR code)
and the reminder before the event. Called by the services after their transaction commits.

The recipients read Indonesian, the portal's default language, whatever page the registration
was made on; addresses are absolute, from the `base_url` the caller gives.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .badges import checkin_url, qr_png
from .calendar import event_ics
from .models import Registration

EMAIL_LANGUAGE = "id"


def recipients(registration: Registration) -> list[str]:
    """The representative, and whoever registered them, each once."""
    registrar = registration.registered_by.email if registration.registered_by else ""
    return list(dict.fromkeys(address for address in (registration.email, registrar) if address))


def send_registration_confirmation(registration: Registration, *, base_url: str) -> None:
    message = _message(registration, "registration_confirmed", base_url)
    if message is None:
        return
    message.attach(f"{registration.event.slug}.ics", _ics(registration, base_url), "text/calendar")
    message.attach(
        f"lencana-{registration.checkin_code}.png",
        qr_png(registration, base_url=base_url),
        "image/png",
    )
    message.send()


def send_event_reminder(registration: Registration, *, base_url: str) -> None:
    message = _message(registration, "event_reminder", base_url)
    if message is None:
        return
    message.attach(f"{registration.event.slug}.ics", _ics(registration, base_url), "text/calendar")
    message.send()


def _ics(registration, base_url):
    return event_ics(registration.event, base_url=base_url)


def _message(registration: Registration, template: str, base_url: str) -> EmailMessage | None:
    to = recipients(registration)
    if not to:
        return None
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "time_zone": settings.TIME_ZONE,
        "event_url": urljoin(base_url, reverse("events:event_detail", args=[event.slug])),
        "badge_url": urljoin(
            base_url,
            reverse("events:registration_badge", args=[event.slug, registration.checkin_code]),
        ),
        "checkin_url": checkin_url(registration, base_url=base_url),
    }
    with translation.override(EMAIL_LANGUAGE):
        subject = render_to_string(f"events/emails/{template}_subject.txt", context)
        body = render_to_string(f"events/emails/{template}_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=to,
        headers={"Content-Language": EMAIL_LANGUAGE},
    )
