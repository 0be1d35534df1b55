"""
Demo needs, pledges and realization reports, driven through the workflow functions.

Real agencies post the needs (the needs are examples and say so); fictional partners pledge.
Every status comes from a service call made by the demo user who may take that step, so the
history is recorded and published ↔ fully committed is computed by the ledger, never typed.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from companies.demo import DemoUsers, acting_member
from companies.models import Organization
from regions.models import Kecamatan

from . import services
from .models import Commitment, Opportunity, Realization, ReportingPeriod, Theme

DEMO_MARK = "(Demo)"
NEED_NOTE = (
    "Contoh kebutuhan untuk demo portal (data demo), bukan permintaan resmi {agency}. "
    "Example need for the demo, not an official request."
)
PLEDGE_NOTE = (
    "Janji contoh dari mitra fiktif (data demo), bukan komitmen perusahaan nyata. "
    "Example pledge by a fictional partner, not a real company's commitment."
)
REJECTION = "Nilai dan lokasi perlu dirinci ulang (contoh alasan, data demo)."
CANCELLATION = "Anggaran perusahaan dialihkan ke tahun berikutnya (contoh alasan, data demo)."
RETURN_NOTE = "Foto serah terima belum dilampirkan (contoh catatan, data demo)."
WITHDRAWAL = "Kebutuhan sudah dipenuhi dari APBD (contoh alasan, data demo)."
SENT_BACK = "Lengkapi jumlah penerima manfaat (contoh catatan, data demo)."


@dataclass(frozen=True)
class Need:
    title: str
    kind: str
    unit: str
    unit_price: int  # rupiah per unit; for cash needs 1, so the quantities are the budgets
    quantities: tuple
    beneficiaries: int
    agencies: tuple  # slugs of agencies that would post it; "kecamatan": the district office


def cash(title, budgets, beneficiaries, agencies):
    return Need(title, "cash", "", 1, budgets, beneficiaries, agencies)


NEEDS = {
    1: [
        Need("Mobil pelayanan adminduk keliling", "goods", "unit", 450_000_000, (1, 2), 3000,
             ("disdukcapil",)),
        Need("Mesin antrean digital kantor kecamatan", "goods", "unit", 15_000_000, (4, 6),
             5000, ("kecamatan", "dpmptsp")),
        Need("Pelatihan pelayanan prima petugas", "services", "jam", 500_000, (60, 120), 80,
             ("bkpsdm", "kecamatan")),
    ],
    2: [
        cash("Beasiswa siswa berprestasi keluarga prasejahtera", (150_000_000, 250_000_000),
             100, ("disdik",)),
        Need("Pelatihan kerja pemasaran digital", "services", "jam", 750_000, (120, 200), 60,
             ("disnaker", "diskominfo")),
        Need("Laptop untuk perpustakaan sekolah", "goods", "unit", 7_000_000, (20, 40), 1200,
             ("disdik", "diskarpus")),
    ],
    3: [
        cash("Modal usaha bergulir untuk UMKM", (200_000_000, 300_000_000), 150, ("dkum",)),
        Need("Gerobak usaha pedagang kaki lima binaan", "goods", "unit", 2_500_000, (40, 60),
             60, ("disperdagin", "dkum")),
        Need("Pendampingan sertifikasi halal UMKM", "services", "jam", 500_000, (100, 150), 120,
             ("dkum", "disperdagin")),
        Need("Bibit dan sarana kebun pangan warga", "goods", "paket", 1_000_000, (50, 100), 300,
             ("dkp3",)),
    ],
    4: [
        Need("Perbaikan rumah tidak layak huni", "goods", "rumah", 20_000_000, (10, 20), 80,
             ("disrumkim",)),
        cash("Taman bermain ramah anak", (250_000_000, 350_000_000), 2000,
             ("disrumkim", "kecamatan")),
        Need("Penerangan jalan tenaga surya", "goods", "titik", 9_000_000, (20, 30), 4000,
             ("dishub", "kecamatan")),
        Need("Tempat sampah terpilah", "goods", "unit", 1_500_000, (100, 200), 6000,
             ("dlhk", "kecamatan")),
    ],
    5: [
        cash("Festival kerukunan antarumat beragama", (100_000_000, 150_000_000), 3000,
             ("bakesbangpol", "kecamatan")),
        Need("Buku wawasan kebangsaan untuk pelajar", "goods", "eksemplar", 50_000, (500, 1000),
             1000, ("bakesbangpol", "diskarpus")),
        Need("Pelatihan fasilitator moderasi beragama", "services", "jam", 500_000, (80, 100),
             50, ("bakesbangpol",)),
    ],
    6: [
        Need("Ambulans layanan gawat darurat", "goods", "unit", 450_000_000, (1, 2), 10000,
             ("dinkes", "rsud-kisa")),
        Need("Perahu karet untuk siaga banjir", "goods", "unit", 30_000_000, (4, 6), 5000,
             ("disdamkar",)),
        Need("Pelatihan tanggap bencana relawan", "services", "jam", 500_000, (120, 160), 100,
             ("disdamkar", "satpol-pp")),
        cash("Dana siaga bencana kelurahan", (100_000_000, 200_000_000), 5000, ("kecamatan",)),
    ],
    7: [
        Need("Paket sembako keluarga prasejahtera", "goods", "paket", 300_000, (300, 500), 500,
             ("dinsos",)),
        Need("Kursi roda penyandang disabilitas", "goods", "unit", 1_500_000, (40, 60), 60,
             ("dinsos",)),
        Need("Pelatihan keterampilan penyandang disabilitas", "services", "jam", 500_000,
             (120, 160), 40, ("dinsos", "disnaker")),
        cash("Bantuan biaya pendidikan anak yatim", (150_000_000, 200_000_000), 200,
             ("dinsos", "dp3ap2kb")),
    ],
}  # fmt: skip

# How many needs end in each status, and the years they belong to.
PLAN = {
    "completed": (10, (2023, 2024, 2025)),
    "fully_committed": (12, (2024, 2025, 2026)),
    "published": (24, (2025, 2026)),
    "withdrawn": (5, (2024, 2025, 2026)),
    "submitted": (6, (2026, 2027)),
    "draft": (6, (2026, 2027)),
}


def seed(*, rng: random.Random, users: DemoUsers) -> bool:
    """Post the demo needs and pledges once; False when they are already there."""
    seed_reporting_periods(timezone.localdate())
    if Opportunity.objects.filter(title__endswith=DEMO_MARK).exists():
        return False
    _Seeder(rng, users).run()
    return True


PERIOD_NOTE = (
    "Periode pelaporan contoh (data demo): setiap mitra dengan komitmen berjalan melaporkan "
    "realisasinya. Example reporting period for the demo."
)


def semester(day: date) -> tuple[str, date, date]:
    """The half-year the day falls in: its name and first and last days."""
    if day.month <= 6:
        return f"Semester I {day.year}", date(day.year, 1, 1), date(day.year, 6, 30)
    return f"Semester II {day.year}", date(day.year, 7, 1), date(day.year, 12, 31)


def seed_reporting_periods(today: date) -> None:
    """The semester open today and the one before it, once each (looked up by name): the
    partners' dashboards show what to report, and the compliance page shows who did."""
    _, current_start, _ = semester(today)
    for day in (today, current_start - timedelta(days=1)):
        name, start, end = semester(day)
        ReportingPeriod.objects.get_or_create(
            name=name, defaults={"start_date": start, "end_date": end, "description": PERIOD_NOTE}
        )


class _Seeder:
    def __init__(self, rng: random.Random, users: DemoUsers):
        self.rng = rng
        self.users = users
        self.staff = users.staff
        self.today = timezone.localdate()
        self.themes = list(Theme.objects.order_by("number"))
        self.kecamatan = list(Kecamatan.objects.order_by("code").prefetch_related("kelurahan"))
        self.agencies = {
            agency.slug: agency
            for agency in Organization.objects.agencies().filter(is_demo=False).order_by("pk")
        }
        self.partners = list(
            Organization.objects.partners()
            .filter(is_demo=True, is_verified=True, is_active=True)
            .order_by("pk")
        )
        self.bast_number = 0

    def run(self) -> None:
        statuses = [status for status, (count, _) in PLAN.items() for _ in range(count)]
        self.rng.shuffle(statuses)
        counters = dict.fromkeys(PLAN, 0)
        for index, status in enumerate(statuses):
            opportunity = self.post(index, self.rng.choice(PLAN[status][1]))
            getattr(self, f"end_{status}")(opportunity, counters[status])
            counters[status] += 1
        self.theme_pledges()
        self.backdate()

    def backdate(self) -> None:
        """
        The services stamp today's time; move the demo's stamps to the years its story tells
        (a 2023 need published in 2023, a report verified days after its handover). Demo only.
        """
        now = timezone.now()

        def at(day: date):
            return min(timezone.make_aware(datetime.combine(day, time(9))), now)

        needs = list(Opportunity.objects.filter(published_at__isnull=False))
        for need in needs:
            need.published_at = at(date(need.year, 1, 10) + timedelta(days=need.pk % 60))
        Opportunity.objects.bulk_update(needs, ["published_at"])
        pledges = list(Commitment.objects.filter(approved_at__isnull=False))
        for pledge in pledges:
            pledge.approved_at = at(pledge.start_date)
        Commitment.objects.bulk_update(pledges, ["approved_at"])
        reports = list(Realization.objects.all())
        for report in reports:
            report.submitted_at = at(report.date)
            if report.confirmed_at:
                report.confirmed_at = at(report.bast_date)
            if report.verified_at:
                report.verified_at = at(report.bast_date + timedelta(days=3))
        Realization.objects.bulk_update(reports, ["submitted_at", "confirmed_at", "verified_at"])

    # --- needs --------------------------------------------------------------------------------

    def post(self, index: int, year: int) -> Opportunity:
        """An agency officer drafts a need; themes and kecamatan cycle so all are covered."""
        theme = self.themes[index % len(self.themes)]
        kecamatan = self.kecamatan[index % len(self.kecamatan)]
        kelurahan = self.rng.choice(sorted(kecamatan.kelurahan.all(), key=lambda k: k.code))
        need = self.rng.choice(NEEDS.get(theme.number, NEEDS[1]))
        agency = self.agency_for(need, kecamatan)
        quantity = self.rng.choice(need.quantities)
        kind_fields = (
            {"kind": "cash", "budget": quantity}
            if need.kind == "cash"
            else {
                "kind": need.kind,
                "budget": need.unit_price * quantity,
                "quantity": quantity,
                "unit": need.unit,
            }
        )
        return services.opportunity_create(
            agency=agency,
            actor=self.member(agency),
            title=f"{need.title} – Kel. {kelurahan.name}, Kec. {kecamatan.name} {DEMO_MARK}",
            description=NEED_NOTE.format(agency=agency.name),
            theme=theme,
            kecamatan=kecamatan,
            kelurahan=kelurahan,
            beneficiaries_target=need.beneficiaries,
            year=year,
            needed_by=date(year, self.rng.choice([6, 9, 12]), 30),
            **kind_fields,
        )

    def agency_for(self, need: Need, kecamatan: Kecamatan) -> Organization:
        slugs = [
            f"kecamatan-{kecamatan.slug}" if slug == "kecamatan" else slug for slug in need.agencies
        ]
        candidates = [self.agencies[slug] for slug in slugs if slug in self.agencies]
        return self.rng.choice(candidates or list(self.agencies.values()))

    def publish(self, opportunity: Opportunity) -> Opportunity:
        opportunity = services.opportunity_submit(
            opportunity=opportunity, actor=self.member(opportunity.agency)
        )
        return services.opportunity_publish(opportunity=opportunity, actor=self.staff)

    def end_draft(self, opportunity: Opportunity, n: int) -> None:
        if n % 2:  # Bappeda sent it back once: the draft's history shows why.
            opportunity = services.opportunity_submit(
                opportunity=opportunity, actor=self.member(opportunity.agency)
            )
            services.opportunity_return(opportunity=opportunity, actor=self.staff, note=SENT_BACK)

    def end_submitted(self, opportunity: Opportunity, n: int) -> None:
        services.opportunity_submit(opportunity=opportunity, actor=self.member(opportunity.agency))

    def end_withdrawn(self, opportunity: Opportunity, n: int) -> None:
        if n % 2:
            opportunity = self.publish(opportunity)
            pledge = self.pledge(opportunity, self.pick_partners(1)[0], share=0.5)
            services.commitment_reject(commitment=pledge, actor=self.staff, reason=REJECTION)
        services.opportunity_withdraw(
            opportunity=opportunity, actor=self.member(opportunity.agency), reason=WITHDRAWAL
        )

    def end_published(self, opportunity: Opportunity, n: int) -> None:
        """Open needs with a gap: no pledge yet, part pledged, or a pledge that fell away."""
        opportunity = self.publish(opportunity)
        variant = n % 6
        if variant == 0:
            return
        partners = self.pick_partners(2)
        if variant == 5:
            # Fully pledged, then a partner cancels its share: the need opens again.
            cancelled = self.co_fund(opportunity, partners)[-1]
            services.commitment_cancel(
                commitment=cancelled, actor=self.member(cancelled.partner), reason=CANCELLATION
            )
            return
        pledge = self.approve(self.pledge(opportunity, partners[0], share=0.4))
        if variant == 1:
            self.report(pledge, until="submitted", fraction=0.5)
        second = self.pledge(opportunity, partners[1], share=0.3)
        if variant == 3:
            services.commitment_reject(commitment=second, actor=self.staff, reason=REJECTION)
        elif variant == 4:
            services.commitment_cancel(
                commitment=second, actor=self.member(partners[1]), reason=CANCELLATION
            )
        # variants 1 and 2 leave the second pledge proposed, waiting for Bappeda.

    def end_fully_committed(self, opportunity: Opportunity, n: int) -> None:
        """Co-funded needs with nothing missing; their pledges at different stages."""
        opportunity = self.publish(opportunity)
        pledges = self.co_fund(opportunity, self.pick_partners(self.rng.choice([1, 2, 2, 3])))
        stages = ["approved", "started", "submitted", "confirmed", "returned", "verified"]
        for k, pledge in enumerate(pledges):
            stage = stages[(n + k) % len(stages)]
            if stage == "started":
                services.commitment_start(commitment=pledge, actor=self.member(pledge.partner))
            elif stage != "approved":
                self.report(pledge, until=stage, fraction=0.5)

    def end_completed(self, opportunity: Opportunity, n: int) -> None:
        """Delivered needs: every pledge reported, confirmed, verified and marked realised."""
        opportunity = self.publish(opportunity)
        pledges = self.co_fund(opportunity, self.pick_partners(self.rng.choice([1, 2, 3])))
        for pledge in pledges:
            if len(pledges) == 1:  # a single funder delivers in two parts
                self.report(pledge, until="verified", fraction=0.5)
            self.report(pledge, until="verified", fraction=1.0 if len(pledges) > 1 else 0.5)
            services.commitment_complete(commitment=pledge, actor=self.staff)
        services.opportunity_complete(
            opportunity=opportunity, actor=self.member(opportunity.agency)
        )

    # --- pledges ------------------------------------------------------------------------------

    def pick_partners(self, count: int) -> list[Organization]:
        return self.rng.sample(self.partners, count)

    def period(self, year: int) -> tuple[date, date]:
        start = date(year, self.rng.randint(1, 6), 1)
        return start, date(year, 12, 31)

    def pledge(self, opportunity, partner, *, share: float = 1.0, value=None, quantity=None):
        """The partner's representative pledges to the need (a share of it by default)."""
        if value is None:
            value = max(1_000_000, int(opportunity.budget * share) // 1_000_000 * 1_000_000)
        if quantity is None and opportunity.quantity:
            quantity = max(1, int(opportunity.quantity * share))
        start, end = self.period(opportunity.year)
        return services.commitment_propose(
            partner=partner,
            actor=self.member(partner),
            opportunity=opportunity,
            title=opportunity.title,
            description=PLEDGE_NOTE,
            value=value,
            start_date=start,
            end_date=end,
            kind=opportunity.kind,
            quantity=quantity if opportunity.kind != "cash" else None,
            unit=opportunity.unit,
        )

    def co_fund(self, opportunity, partners) -> list[Commitment]:
        """Partners split the whole need between them; Bappeda approves every share."""
        count = min(len(partners), opportunity.quantity or len(partners))
        values = split(opportunity.budget, count, step=1_000_000)
        quantities = split(opportunity.quantity, count) if opportunity.quantity else [None] * count
        return [
            self.approve(self.pledge(opportunity, partner, value=value, quantity=quantity))
            for partner, value, quantity in zip(partners, values, quantities, strict=False)
        ]

    def approve(self, pledge: Commitment) -> Commitment:
        return services.commitment_approve(commitment=pledge, actor=self.staff)

    def theme_pledges(self) -> None:
        """Pledges to a theme rather than a posted need, three per theme, in every status.

        The demo partner user's company makes the first few, so its dashboard has something
        to show in each state.
        """
        ends = ["realized", "in_progress", "proposed", "approved", "rejected", "cancelled"]
        years = [2023, 2024, 2025, 2026]
        stages = ["submitted", "returned", "confirmed", "started"]
        index = 0
        for theme in self.themes:
            for _ in range(3):
                end = ends[index % len(ends)]
                year = years[index % len(years)]
                if end in ("realized", "in_progress") and year == self.today.year:
                    year -= 1  # something delivered needs a past period
                partner = self.users.partner_company if index < 6 else self.pick_partners(1)[0]
                self.theme_pledge(theme, partner, year, end, stages[index % len(stages)])
                index += 1

    def theme_pledge(self, theme, partner, year, end, stage) -> None:
        kecamatan = self.rng.choice(self.kecamatan)
        need = self.rng.choice(NEEDS.get(theme.number, NEEDS[1]))
        quantity = self.rng.choice(need.quantities)
        start, finish = self.period(year)
        kind_fields = (
            {"kind": "cash", "value": quantity}
            if need.kind == "cash"
            else {
                "kind": need.kind,
                "value": need.unit_price * quantity,
                "quantity": quantity,
                "unit": need.unit,
            }
        )
        pledge = services.commitment_propose(
            partner=partner,
            actor=self.member(partner),
            theme=theme,
            agency=self.agency_for(need, kecamatan),
            kecamatan=kecamatan,
            title=f"Program CSR: {need.title.lower()} {DEMO_MARK}",
            description=PLEDGE_NOTE,
            start_date=start,
            end_date=finish,
            **kind_fields,
        )
        if end == "proposed":
            return
        if end == "rejected":
            services.commitment_reject(commitment=pledge, actor=self.staff, reason=REJECTION)
            return
        pledge = self.approve(pledge)
        if end == "cancelled":
            services.commitment_cancel(
                commitment=pledge, actor=self.member(partner), reason=CANCELLATION
            )
        elif end == "in_progress":
            if stage == "started":
                services.commitment_start(commitment=pledge, actor=self.member(partner))
            else:
                self.report(pledge, until=stage, fraction=0.5)
        elif end == "realized":
            self.report(pledge, until="verified", fraction=1.0)
            services.commitment_complete(commitment=pledge, actor=self.staff)

    # --- realization reports ------------------------------------------------------------------

    def report(self, pledge: Commitment, *, until: str, fraction: float) -> None:
        """The partner reports; the agency returns or confirms it (BAST); Bappeda verifies."""
        pledge.refresh_from_db()
        day = pledge.start_date + timedelta(days=self.rng.randint(45, 200))
        day = max(pledge.start_date, min(day, pledge.end_date, self.today - timedelta(days=3)))
        quantity = max(1, int(pledge.quantity * fraction)) if pledge.quantity else None
        realization = services.realization_submit(
            commitment=pledge,
            actor=self.member(pledge.partner),
            date=day,
            value=int(pledge.value * fraction) // 1000 * 1000,
            quantity=quantity,
            beneficiaries=self.rng.randint(20, 400),
            narrative=(
                "Laporan contoh (data demo): bantuan diserahkan dan diterima warga. "
                "Example report for the demo."
            ),
        )
        if until == "submitted":
            return
        agency = services.receiving_agency(pledge)
        officer = self.member(agency)
        if until == "returned":
            services.realization_return(realization=realization, actor=officer, note=RETURN_NOTE)
            return
        self.bast_number += 1
        bast_date = min(day + timedelta(days=self.rng.randint(1, 7)), self.today)
        realization = services.realization_confirm(
            realization=realization,
            actor=officer,
            bast_number=f"BAST/{self.bast_number:03d}/{agency.slug.upper()}/{bast_date.year}",
            bast_date=bast_date,
        )
        if until == "verified":
            services.realization_verify(realization=realization, actor=self.staff)

    def member(self, organization: Organization):
        return acting_member(organization, staff=self.staff)


def split(total: int, parts: int, step: int = 1) -> list[int]:
    """Split a total into `parts` shares rounded down to `step`; the last share takes the rest."""
    share = total // parts // step * step
    return [share] * (parts - 1) + [total - share * (parts - 1)]
