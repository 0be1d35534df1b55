"""
Demo registrations and one upcoming demo forum.

The 2023 gathering (reference data) gets one registration per organisation, so that its
attendance, counted from registrations, matches what the 2023 report states. The people named
are the demo contact persons, all fictional.
"""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from companies.demo import REPORTED_2023, DemoUsers
from companies.models import Organization
from depok_csr.loading import upsert
from programs.models import Commitment

from .models import Event, Registration

GATHERING_2023 = "gathering-csr-forum-kemitraan-depok-2023"
UPCOMING = "forum-kemitraan-csr-kota-depok-demo"


def seed(*, rng: random.Random, users: DemoUsers) -> None:
    """Register the 2023 participants, announce a few pledges there, and plan the next forum."""
    gathering = Event.objects.filter(slug=GATHERING_2023).first()
    if gathering is not None:
        _register_participants(gathering, rng, users)
        _announce_pledges(gathering)
    _upcoming_forum(users)


def attendees_2023() -> list[Organization]:
    """As many organisations of each kind as the 2023 report counts; documented bodies first."""
    attendees = []
    for kind, count in REPORTED_2023.items():
        organisations = Organization.objects.filter(kind=kind)
        if kind == Organization.Kind.COMPANY:
            # No public list of the 94 companies exists: only fictional ones stand in for them.
            organisations = organisations.filter(is_demo=True)
        attendees += list(organisations.order_by("is_demo", "pk")[:count])
    return attendees


def _register_participants(gathering: Event, rng: random.Random, users: DemoUsers) -> None:
    opening = datetime.combine(gathering.date, time(7, 30))
    for organisation in attendees_2023():
        # Drawn for every organisation, also those already registered, so reruns stay in step.
        arrival = opening + timedelta(minutes=rng.randint(0, 150))
        if Registration.objects.filter(event=gathering, organization=organisation).exists():
            continue
        Registration.objects.create(
            event=gathering,
            organization=organisation,
            checked_in_at=timezone.make_aware(arrival),
            checked_in_by=users.staff,
            **_representative(organisation),
        )


def _representative(organisation: Organization) -> dict:
    contact = organisation.contacts.order_by("order", "pk").first()
    if contact is None:
        return {"representative_name": "Perwakilan Contoh", "position": "Data demo"}
    return {
        "representative_name": contact.name,
        "position": contact.position,
        "phone": contact.phone,
        "email": contact.email,
    }


def _announce_pledges(gathering: Event) -> None:
    """A few approved demo pledges for the following year, announced at the gathering."""
    if gathering.announced_commitments.exists():
        return
    pledges = (
        Commitment.objects.counted()
        .filter(
            partner__is_demo=True,
            start_date__gt=gathering.date,
            start_date__year__lte=gathering.date.year + 1,
        )
        .order_by("pk")[:6]
    )
    gathering.announced_commitments.add(*pledges)


def upcoming_forum_date(today: date) -> date:
    """The next December forum at least two weeks ahead, never before December 2026."""
    day = date(max(today.year, 2026), 12, 10)
    if day < today + timedelta(days=14):
        day = date(day.year + 1, 12, 10)
    return day


def _upcoming_forum(users: DemoUsers) -> None:
    day = upcoming_forum_date(timezone.localdate())
    upsert(
        Event,
        key={"slug": UPCOMING},
        values={
            "name": f"Forum Kemitraan CSR Kota Depok {day.year} (Demo)",
            "date": day,
            "start_time": time(8, 0),
            "end_time": time(13, 0),
            "venue": "Tempat contoh (data demo)",
            "city": "Depok",
            "organiser": "Bappeda Kota Depok (acara contoh)",
            "description": (
                "Acara contoh untuk demo portal: pemaparan kebutuhan perangkat daerah, "
                "penandatanganan komitmen dan temu mitra. Bukan acara resmi."
            ),
            "capacity": 300,
            "registration_closes_at": timezone.make_aware(
                datetime.combine(day - timedelta(days=3), time(23, 59))
            ),
            "max_representatives": 2,
            "notes": "Data demo. Demo event, not an official announcement.",
        },
        reason="demo data",
    )
    forum = Event.objects.get(slug=UPCOMING)
    companies = Organization.objects.filter(kind="company", is_demo=True, is_verified=True)
    registrants = [
        users.partner_company,
        *companies.exclude(pk=users.partner_company.pk).order_by("pk")[:11],
    ]
    for organisation in registrants:
        Registration.objects.get_or_create(
            event=forum, organization=organisation, defaults=_representative(organisation)
        )
