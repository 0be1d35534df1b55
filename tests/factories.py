"""
make_<model>(**overrides): the smallest valid row, for arranging a test.

Factories write rows directly (statuses included) to set the scene; the behaviour under test
goes through the workflow functions.
"""

import itertools
from datetime import date

from axes.models import AccessAttempt
from django.contrib.auth.models import Group

from accounts.models import User
from companies.models import Membership, Organization, Sector
from events.models import Event, Registration
from programs.models import Commitment, Opportunity, Realization, Theme
from regions.models import Kecamatan, Kelurahan

_seq = itertools.count(1)


def _n():
    return next(_seq)


def make_user(**overrides) -> User:
    n = _n()
    fields = {"username": f"user{n}", "email": f"user{n}@example.org", "first_name": f"User {n}"}
    fields.update(overrides)
    password = fields.pop("password", "correct horse battery staple")
    return User.objects.create_user(password=password, **fields)


def make_staff(**overrides) -> User:
    """A Bappeda staff member: admin access and the Bappeda group's permissions."""
    user = make_user(is_staff=True, **overrides)
    user.groups.add(Group.objects.get(name="Bappeda"))
    return user


def make_kecamatan(**overrides) -> Kecamatan:
    n = _n()
    fields = {"code": f"99.{n:02d}", "name": f"Kecamatan {n}", "slug": f"kecamatan-{n}"}
    fields.update(overrides)
    return Kecamatan.objects.create(**fields)


def make_kelurahan(**overrides) -> Kelurahan:
    n = _n()
    fields = {"code": f"99.01.{n:04d}", "name": f"Kelurahan {n}"}
    fields.update(overrides)
    if "kecamatan" not in fields:
        fields["kecamatan"] = make_kecamatan()
    return Kelurahan.objects.create(**fields)


def make_theme(**overrides) -> Theme:
    n = _n()
    fields = {
        "number": 100 + n,
        "name": f"Tema {n}",
        "name_en": f"Theme {n}",
        "short_name": f"Tema {n}",
        "short_name_en": f"Theme {n}",
        "slug": f"tema-{n}",
    }
    fields.update(overrides)
    return Theme.objects.create(**fields)


def make_sector(**overrides) -> Sector:
    n = _n()
    fields = {"name": f"Sektor {n}", "name_en": f"Sector {n}", "slug": f"sektor-{n}"}
    fields.update(overrides)
    return Sector.objects.create(**fields)


def make_organization(**overrides) -> Organization:
    n = _n()
    fields = {
        "kind": Organization.Kind.COMPANY,
        "name": f"PT Contoh {n}",
        "slug": f"organisasi-{n}",
        "is_verified": True,
    }
    fields.update(overrides)
    if fields["kind"] == Organization.Kind.REGIONAL_AGENCY:
        fields.setdefault("agency_type", Organization.AgencyType.DINAS)
    return Organization.objects.create(**fields)


def make_company(**overrides) -> Organization:
    return make_organization(kind=Organization.Kind.COMPANY, **overrides)


def make_zakat_institution(**overrides) -> Organization:
    n = _n()
    overrides.setdefault("name", f"LAZ Contoh {n}")
    return make_organization(kind=Organization.Kind.ZAKAT_INSTITUTION, **overrides)


def make_agency(**overrides) -> Organization:
    n = _n()
    overrides.setdefault("name", f"Dinas Contoh {n}")
    return make_organization(kind=Organization.Kind.REGIONAL_AGENCY, **overrides)


def make_member(organization: Organization, **overrides) -> User:
    """A user with an approved membership of the organisation."""
    role = overrides.pop("role", None) or (
        Membership.Role.OFFICER if organization.is_agency else Membership.Role.REPRESENTATIVE
    )
    user = make_user(**overrides)
    Membership.objects.create(
        user=user, organization=organization, role=role, status=Membership.Status.APPROVED
    )
    return user


def make_opportunity(**overrides) -> Opportunity:
    n = _n()
    fields = {
        "title": f"Kebutuhan {n}",
        "budget": 100_000_000,
        "status": Opportunity.Status.PUBLISHED,
        "year": 2026,
    }
    fields.update(overrides)
    if "theme" not in fields:
        fields["theme"] = make_theme()
    if "agency" not in fields:
        fields["agency"] = make_agency()
    return Opportunity.objects.create(**fields)


def make_commitment(**overrides) -> Commitment:
    n = _n()
    fields = {
        "title": f"Komitmen {n}",
        "value": 10_000_000,
        "start_date": date(2026, 1, 1),
        "end_date": date(2026, 12, 31),
        "status": Commitment.Status.PROPOSED,
    }
    fields.update(overrides)
    opportunity = fields.get("opportunity")
    if "partner" not in fields:
        fields["partner"] = make_company()
    if "theme" not in fields:
        fields["theme"] = opportunity.theme if opportunity else make_theme()
    if opportunity and "agency" not in fields:
        fields["agency"] = opportunity.agency
    return Commitment.objects.create(**fields)


def make_realization(**overrides) -> Realization:
    fields = {"date": date(2026, 6, 1), "value": 5_000_000, "status": Realization.Status.SUBMITTED}
    fields.update(overrides)
    if "commitment" not in fields:
        fields["commitment"] = make_commitment(status=Commitment.Status.IN_PROGRESS)
    if fields["status"] in (Realization.Status.CONFIRMED, Realization.Status.VERIFIED):
        fields.setdefault("bast_number", "BAST/001/2026")
        fields.setdefault("bast_date", date(2026, 6, 2))
    if fields["status"] == Realization.Status.VERIFIED:
        from django.utils import timezone

        fields.setdefault("verified_at", timezone.now())
    return Realization.objects.create(**fields)


def make_event(**overrides) -> Event:
    n = _n()
    fields = {"name": f"Forum {n}", "slug": f"forum-{n}", "date": date(2026, 12, 1)}
    fields.update(overrides)
    return Event.objects.create(**fields)


def make_registration(**overrides) -> Registration:
    fields = {"representative_name": "Perwakilan"}
    fields.update(overrides)
    if "event" not in fields:
        fields["event"] = make_event()
    if "organization" not in fields:
        fields["organization"] = make_company()
    return Registration.objects.create(**fields)


def make_membership(**overrides) -> Membership:
    """A membership request waiting for Bappeda (pending unless told otherwise)."""
    fields = {"role": Membership.Role.REPRESENTATIVE}
    fields.update(overrides)
    if "user" not in fields:
        fields["user"] = make_user()
    if "organization" not in fields:
        fields["organization"] = make_company()
    return Membership.objects.create(**fields)


def make_sign_in_attempt(**overrides) -> AccessAttempt:
    """Failed sign-ins of one account from one address, as django-axes records them."""
    fields = {
        "username": "partner_a",
        "ip_address": "198.51.100.1",
        "user_agent": "Mozilla/5.0",
        "failures_since_start": 5,
    }
    fields.update(overrides)
    return AccessAttempt.objects.create(**fields)
