"""
Demo partners for a populated portal: fictional companies, placeholders that fill the counts
the 2023 gathering reported, contact persons and one user per role.

Everything fictional says so: company names carry "Contoh" and "(Demo)", placeholders are
"… Contoh 40", contact persons of real bodies are "Petugas Contoh", and every invented
organisation has is_demo=True. Rows are keyed by slug or username, so a second run adds nothing.
"""

import random
from dataclasses import dataclass
from itertools import permutations

from django.contrib.auth.models import Group
from django.utils.text import slugify

from accounts.models import User
from regions.models import Kecamatan

from .models import ContactPerson, Membership, Organization, Sector
from .services import membership_approve

DEMO_PASSWORD = "demo-depok-2026"

# Participants the 2023 gathering reported (DESIGN.md). The sources document fewer agencies and
# zakat institutions and no companies, so the demo fills the difference with visible fakes.
REPORTED_2023 = {
    Organization.Kind.COMPANY: 94,
    Organization.Kind.ZAKAT_INSTITUTION: 8,
    Organization.Kind.REGIONAL_AGENCY: 47,
}

SECTORS = [
    ("Perbankan", "Banking"),
    ("Manufaktur", "Manufacturing"),
    ("Ritel", "Retail"),
    ("Properti", "Property"),
    ("Telekomunikasi", "Telecommunications"),
    ("Energi", "Energy"),
    ("Kesehatan", "Health"),
    ("Pendidikan", "Education"),
    ("Transportasi", "Transport"),
    ("Makanan dan minuman", "Food and beverage"),
]

NAME_WORDS = [
    "Sejahtera", "Abadi", "Makmur", "Sentosa", "Jaya", "Mandiri", "Lestari", "Bersama",
    "Gemilang", "Cemerlang", "Utama", "Perkasa", "Harmoni", "Mulia", "Berkah", "Cahaya",
    "Karya", "Sinar", "Tunas", "Nusa",
]  # fmt: skip

LF = Organization.LegalForm
NAME_PATTERNS = {
    LF.PT: "PT Contoh {} (Demo)",
    LF.PT_TBK: "PT Contoh {} Tbk (Demo)",
    LF.CV: "CV Contoh {} (Demo)",
    LF.BUMN: "PT Contoh {} (Persero) (Demo)",
    LF.BUMD: "Perumda Contoh {} (Demo)",
    LF.KOPERASI: "Koperasi Contoh {} (Demo)",
    LF.YAYASAN: "Yayasan Contoh {} (Demo)",
}
LEGAL_FORM_WEIGHTS = {LF.PT: 50, LF.PT_TBK: 10, LF.CV: 10, LF.BUMN: 8, LF.BUMD: 4}
LEGAL_FORM_WEIGHTS |= {LF.KOPERASI: 5, LF.YAYASAN: 5}

FIRST_NAMES = [
    "Andi", "Bayu", "Citra", "Dewi", "Eka", "Fajar", "Gita", "Hendra", "Indah", "Joko",
    "Kartika", "Lukman", "Maya", "Nanda", "Oki", "Putri", "Rizky", "Sari", "Taufik", "Wulan",
]  # fmt: skip
LAST_NAMES = [
    "Pratama", "Saputra", "Lestari", "Wibowo", "Kusuma", "Hidayat", "Permata", "Nugroho",
    "Rahmawati", "Setiawan", "Anggraini", "Susanto",
]  # fmt: skip

COMPANY_DESCRIPTION = (
    "Perusahaan fiktif untuk demo portal; bukan perusahaan nyata. "
    "Fictional demo entry, not a real company."
)
PLACEHOLDER_DESCRIPTION = (
    "Tempat pengganti fiktif (data demo): laporan Gathering CSR 2023 menyebut {reported} "
    "{label}, sumber resmi mencatat {documented}. Bukan lembaga nyata. "
    "Fictional placeholder filling the reported count, not a real body."
)


@dataclass
class DemoUsers:
    staff: User
    officer: User
    partner: User
    officer_agency: Organization
    partner_company: Organization


def seed(*, rng: random.Random) -> DemoUsers:
    """Sectors, demo companies, placeholders, contact persons and the three demo users."""
    sectors = _sectors()
    _companies(rng, sectors)
    _placeholders()
    _contacts(rng)
    return _users()


def acting_member(organization: Organization, *, staff: User) -> User:
    """The user who acts for the organisation in the demo: its first approved member.

    Organisations without one get a demo user who cannot sign in (no usable password), with a
    membership Bappeda approved, so every step of the workflow has a real actor.
    """
    membership = (
        Membership.objects.approved()
        .filter(organization=organization)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership:
        return membership.user
    role = Membership.Role.OFFICER if organization.is_agency else Membership.Role.REPRESENTATIVE
    user, created = User.objects.get_or_create(
        username=f"demo-{organization.slug}"[:150],
        defaults={
            "first_name": "Petugas Contoh" if organization.is_agency else "Perwakilan Contoh",
            "last_name": organization.display_name[:150],
            "email": f"{organization.slug}@example.org",
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    _approved_membership(user, organization, role, staff)
    return user


def _sectors() -> list[Sector]:
    sectors = []
    for name, name_en in SECTORS:
        sector, _ = Sector.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "name_en": name_en}
        )
        sectors.append(sector)
    return sectors


def _companies(rng: random.Random, sectors: list[Sector]) -> None:
    kecamatan = list(Kecamatan.objects.order_by("code"))
    word_pairs = rng.sample(list(permutations(NAME_WORDS, 2)), REPORTED_2023["company"])
    forms = rng.choices(
        list(LEGAL_FORM_WEIGHTS), weights=list(LEGAL_FORM_WEIGHTS.values()), k=len(word_pairs)
    )
    for number, (pair, legal_form) in enumerate(zip(word_pairs, forms, strict=True), start=1):
        name = NAME_PATTERNS[legal_form].format(" ".join(pair))
        district = kecamatan[number % len(kecamatan)] if kecamatan else None
        Organization.objects.get_or_create(
            slug=slugify(name),
            defaults={
                "kind": Organization.Kind.COMPANY,
                "name": name,
                "short_name": f"{' '.join(pair)} (Demo)",
                "description": COMPANY_DESCRIPTION,
                "legal_form": legal_form,
                "sector": rng.choice(sectors),
                "kecamatan": district,
                "address": f"Jl. Contoh No. {number}, {district}" if district else "",
                "phone": f"021-0000-{number:04d}",
                "email": f"csr.contoh{number}@example.org",
                "website": f"https://example.org/demo/{slugify(name)}",
                # A few wait for Bappeda's check, as new registrations do.
                "is_verified": number % 16 != 0,
                "is_demo": True,
            },
        )


def _placeholders() -> None:
    """Fill the reported counts of agencies and zakat institutions with visible placeholders."""
    kinds = [
        (
            Organization.Kind.REGIONAL_AGENCY,
            "perangkat daerah",
            "Perangkat Daerah Contoh {}",
            "PD Contoh {}",
            {"agency_type": Organization.AgencyType.OTHER, "is_verified": False},
        ),
        (
            Organization.Kind.ZAKAT_INSTITUTION,
            "lembaga amil zakat",
            "Lembaga Amil Zakat Contoh {}",
            "LAZ Contoh {}",
            # Verified, so the demo can show zakat pledges without putting them in a real
            # institution's name.
            {"legal_form": Organization.LegalForm.LAZ, "is_verified": True},
        ),
    ]
    for kind, label, name, short_name, extra in kinds:
        documented = Organization.objects.filter(kind=kind, is_demo=False).count()
        reported = REPORTED_2023[kind]
        for number in range(documented + 1, reported + 1):
            Organization.objects.get_or_create(
                slug=slugify(name.format(number)),
                defaults={
                    "kind": kind,
                    "name": name.format(number),
                    "short_name": short_name.format(number),
                    "description": PLACEHOLDER_DESCRIPTION.format(
                        reported=reported, label=label, documented=documented
                    ),
                    "is_demo": True,
                    **extra,
                },
            )


def _contacts(rng: random.Random) -> None:
    """Two fictional people per demo company; one "Petugas Contoh" for every other body."""
    companies = list(Organization.objects.filter(kind="company", is_demo=True).order_by("pk"))
    others = list(Organization.objects.exclude(kind="company").order_by("kind", "pk"))
    names = rng.sample(
        [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES], 2 * len(companies)
    )
    number = 0
    for company in companies:
        for order, position in enumerate(["Manajer CSR (demo)", "Staf Kemitraan (demo)"]):
            number += 1
            name = names[number - 1]
            ContactPerson.objects.get_or_create(
                organization=company,
                order=order,
                defaults={
                    "name": name,
                    "position": position,
                    "phone": f"0812-0000-{number:04d}",
                    "email": f"{slugify(name).replace('-', '.')}.{number}@example.org",
                },
            )
    for organization in others:
        number += 1
        ContactPerson.objects.get_or_create(
            organization=organization,
            order=0,
            defaults={
                "name": f"Petugas Contoh {organization.display_name}",
                "position": "Petugas kemitraan CSR (kontak contoh, data demo)",
                "phone": f"0812-0000-{number:04d}",
                "email": f"{organization.slug}.contoh@example.org",
            },
        )


def _users() -> DemoUsers:
    staff = _user("bappeda", first_name="Staf Bappeda", last_name="(Demo)", is_staff=True)
    if not staff.is_staff:  # an existing "bappeda" account: make it the staff persona
        staff.is_staff = True
        staff.save(update_fields=["is_staff"])
    staff.groups.add(Group.objects.get(name="Bappeda"))

    agencies = Organization.objects.agencies().filter(is_demo=False)
    officer_agency = agencies.filter(slug="dinsos").first() or agencies.order_by("pk").first()
    officer = _user("dinas", first_name="Petugas Dinas", last_name="(Demo)")
    _approved_membership(officer, officer_agency, Membership.Role.OFFICER, staff)

    partner_company = (
        Organization.objects.filter(kind="company", is_demo=True, is_verified=True)
        .order_by("pk")
        .first()
    )
    partner = _user("mitra", first_name="Perwakilan Mitra", last_name="(Demo)")
    _approved_membership(partner, partner_company, Membership.Role.REPRESENTATIVE, staff)
    return DemoUsers(staff, officer, partner, officer_agency, partner_company)


def _user(username: str, **fields) -> User:
    """A demo user; the demo password is set only when the user is created."""
    user, created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org", **fields}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _approved_membership(user, organization, role, staff) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        user=user, organization=organization, defaults={"role": role}
    )
    if membership.status == Membership.Status.PENDING:
        membership = membership_approve(membership=membership, actor=staff)
    return membership
