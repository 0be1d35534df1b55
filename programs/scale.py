"""
Needs, pledges and realization reports in bulk, for benchmarks (`manage.py seed_scale`).

This BYPASSES THE WORKFLOW FUNCTIONS in programs/services.py: rows are written with
bulk_create, with their final status, without history entries, for speed (100,000 pledges in
seconds). It is load-test data for an empty database, never a way to change real data.

What it keeps true, as the workflow would have:

- needs: published, fully committed and completed ones are public; a fully committed or
  completed need's approved pledges cover its budget and quantity exactly (no gap); a
  published need's approved pledges leave a gap; drafts and submitted needs have no pledges;
  a withdrawn need's pledges were all rejected or cancelled; a completed need's pledges are
  realised;
- pledges: partners are companies or zakat institutions and agencies are regional agencies (the
  database's triggers check it on every insert); a rejection has its reason; running and
  realised pledges started in the past;
- reports only on running or realised pledges; every realised pledge has a verified report;
  a realised pledge's verified reports add up to its value; confirmed and verified reports
  carry a BAST number and date, verified ones their time.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from companies.scale import ScaleOrganizations, shares
from regions.models import Kelurahan

from .demo import NEEDS
from .models import Commitment, Opportunity, Realization, Theme

MARK = "(Contoh skala)"
NEED_NOTE = (
    "Kebutuhan fiktif untuk uji beban portal (data skala), bukan permintaan resmi. "
    "Fictional need made for load tests, not an official request."
)
PLEDGE_NOTE = (
    "Janji fiktif untuk uji beban portal (data skala), bukan komitmen perusahaan nyata. "
    "Fictional pledge made for load tests, not a real company's commitment."
)
REJECTION = "Nilai dan lokasi perlu dirinci ulang (contoh alasan, data skala)."
CANCELLATION = "Anggaran perusahaan dialihkan (contoh alasan, data skala)."
WITHDRAWAL = "Kebutuhan sudah dipenuhi dari APBD (contoh alasan, data skala)."
RETURN_NOTE = "Foto serah terima belum dilampirkan (contoh catatan, data skala)."

FIRST_YEAR, LAST_YEAR = 2019, 2026
NS, C, R = Opportunity.Status, Commitment.Status, Realization.Status

# How needs end, in shares of all needs, and the years each kind of ending belongs to.
NEED_STATUS_SHARES = {
    NS.DRAFT: 6,
    NS.SUBMITTED: 6,
    NS.PUBLISHED: 34,
    NS.FULLY_COMMITTED: 22,
    NS.COMPLETED: 24,
    NS.WITHDRAWN: 8,
}
NEED_YEARS = {
    NS.DRAFT: (2026,),
    NS.SUBMITTED: (2025, 2026),
    NS.PUBLISHED: (2023, 2024, 2025, 2025, 2026, 2026, 2026),
    NS.FULLY_COMMITTED: (2021, 2022, 2023, 2024, 2025, 2025, 2026, 2026),
    NS.COMPLETED: (2019, 2020, 2021, 2022, 2023, 2024, 2025),
    NS.WITHDRAWN: tuple(range(FIRST_YEAR, LAST_YEAR + 1)),
}
# Needs whose approved pledges cover them: nothing is missing.
COVERED = (NS.FULLY_COMMITTED, NS.COMPLETED)
# Share of all pledges that go to a posted need (the rest to a theme).
NEED_PLEDGE_SHARE = 0.6
# Statuses of pledges to a theme rather than to a need.
THEME_PLEDGE_WEIGHTS = {
    C.PROPOSED: 10,
    C.APPROVED: 24,
    C.REJECTED: 8,
    C.IN_PROGRESS: 26,
    C.REALIZED: 24,
    C.CANCELLED: 8,
}
DELIVERING = (C.IN_PROGRESS, C.REALIZED)
# Approved pledges of an open or fully committed need: how far along they are.
RUNNING_WEIGHTS = {C.APPROVED: 35, C.IN_PROGRESS: 45, C.REALIZED: 20}
UNCOUNTED_WEIGHTS = {C.PROPOSED: 40, C.REJECTED: 35, C.CANCELLED: 25}
# Reports on running pledges, by status (realised pledges' reports are all verified).
RUNNING_REPORT_WEIGHTS = {R.SUBMITTED: 30, R.CONFIRMED: 25, R.VERIFIED: 30, R.RETURNED: 15}


def pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]


def split(total: int, parts: int, rng: random.Random, *, minimum: int = 0) -> list[int]:
    """`total` in `parts` random shares that add up to it exactly, each at least `minimum`."""
    if parts <= 0:
        return []
    spare = total - minimum * parts
    weights = [rng.random() + 0.5 for _ in range(parts)]
    scale = sum(weights)
    shares_ = [minimum + int(spare * weight / scale) for weight in weights]
    shares_[-1] += total - sum(shares_)
    return shares_


@dataclass(eq=False)
class Plan:
    """One need with the pledges planned for it."""

    need: Opportunity
    counted: int = 0
    uncounted: int = 0
    pledges: list = field(default_factory=list)


class ScaleSeeder:
    def __init__(self, *, rng, orgs: ScaleOrganizations, batch_size: int, today: date):
        self.rng = rng
        self.partners = orgs.partners
        self.agencies = orgs.agencies
        self.batch_size = batch_size
        self.today = today
        self.now = timezone.now()
        self.themes = list(Theme.objects.order_by("number"))
        self.kelurahan = list(Kelurahan.objects.select_related("kecamatan").order_by("code"))
        self.bast_number = 0

    # --- needs --------------------------------------------------------------------------------

    def needs(self, count: int) -> list[Opportunity]:
        statuses = [s for s, n in shares(count, NEED_STATUS_SHARES).items() for _ in range(n)]
        self.rng.shuffle(statuses)
        rows = [self.need(status) for status in statuses]
        Opportunity.objects.bulk_create(rows, batch_size=self.batch_size)
        return rows

    def need(self, status) -> Opportunity:
        rng = self.rng
        theme = rng.choice(self.themes)
        template = rng.choice(NEEDS.get(theme.number, NEEDS[1]))
        year = rng.choice(NEED_YEARS[status])
        place = rng.choice(self.kelurahan) if self.kelurahan and rng.random() > 0.1 else None
        where = f"Kel. {place.name}" if place else "Kota Depok"
        lo, hi = min(template.quantities), max(template.quantities)
        if template.kind == "cash":
            kind_fields = {"budget": rng.randint(lo // 1_000_000, hi // 1_000_000) * 1_000_000}
        else:
            # At least 10 units, so up to ten partners can share a need's quantity.
            quantity = max(10, rng.randint(lo, hi))
            kind_fields = {
                "budget": template.unit_price * quantity,
                "quantity": quantity,
                "unit": template.unit,
            }
        published = None
        if status not in (NS.DRAFT, NS.SUBMITTED):
            published = self.moment(date(year, 1, 1) + timedelta(days=rng.randint(0, 150)))
        return Opportunity(
            title=f"{template.title} – {where} {MARK}",
            description=NEED_NOTE,
            theme=theme,
            agency=rng.choice(self.agencies),
            kecamatan=place.kecamatan if place else None,
            kelurahan=place,
            kind=template.kind,
            beneficiaries_target=template.beneficiaries,
            year=year,
            needed_by=date(year, rng.choice([6, 9, 12]), 30),
            status=status,
            status_changed_at=published or self.now,
            published_at=published,
            withdrawal_reason=WITHDRAWAL if status == NS.WITHDRAWN else "",
            **kind_fields,
        )

    # --- pledges ------------------------------------------------------------------------------

    def commitments(self, count: int, needs: list[Opportunity]) -> list[Commitment]:
        plans = self.plan(count, needs)
        rows = []
        for plan in plans:
            rows.extend(self.need_pledges(plan))
        rows.extend(self.theme_pledge() for _ in range(count - len(rows)))
        Commitment.objects.bulk_create(rows, batch_size=self.batch_size)
        return rows

    def plan(self, count: int, needs: list[Opportunity]) -> list[Plan]:
        """How many pledges each need gets: a covered need at least one that counts."""
        pledged_to = (*Opportunity.PUBLIC_STATUSES, NS.WITHDRAWN)
        plans = [Plan(need) for need in needs if need.status in pledged_to]
        covered = [p for p in plans if p.need.status in COVERED]
        if len(covered) > count:
            # Too few pledges for every covered need: the rest stay open, with no pledge.
            reopened = [plan.need for plan in covered[count:]]
            for need in reopened:
                need.status = NS.PUBLISHED
            Opportunity.objects.bulk_update(reopened, ["status"], batch_size=self.batch_size)
            covered = covered[:count]
        for plan in covered:
            plan.counted = 1
        extra = max(0, int(count * NEED_PLEDGE_SHARE) - len(covered))
        weights = [1 if p.need.status == NS.WITHDRAWN else 4 for p in plans]
        for plan in self.rng.choices(plans, weights, k=extra) if plans else []:
            need = plan.need
            if need.status == NS.WITHDRAWN or plan.counted >= (need.quantity or 10):
                plan.uncounted += 1
            elif self.rng.random() < (0.8 if need.status in COVERED else 0.55):
                plan.counted += 1
            else:
                plan.uncounted += 1
        return plans

    def need_pledges(self, plan: Plan) -> list[Commitment]:
        need, rng = plan.need, self.rng
        if need.status in COVERED:
            # Nothing missing: the approved pledges add up to the budget and quantity exactly.
            values = split(need.budget, plan.counted, rng)
            quantities = split(need.quantity, plan.counted, rng, minimum=1) if need.quantity else []
        else:
            # Open: the approved pledges leave part of the budget missing.
            pledged = int(need.budget * rng.uniform(0.1, 0.9))
            values = split(pledged, plan.counted, rng)
            quantities = []
            if need.quantity and plan.counted:
                wanted = max(plan.counted, int(need.quantity * rng.uniform(0.1, 0.9)))
                quantities = split(wanted, plan.counted, rng, minimum=1)
        rows = []
        for k in range(plan.counted):
            # A completed need was delivered: its pledges are realised.
            status = C.REALIZED if need.status == NS.COMPLETED else pick(rng, RUNNING_WEIGHTS)
            quantity = quantities[k] if quantities else None
            rows.append(self.pledge(need, status, values[k], quantity))
        for _ in range(plan.uncounted):
            if need.status in (NS.WITHDRAWN, NS.COMPLETED):
                status = rng.choice([C.REJECTED, C.CANCELLED])
            else:
                status = pick(rng, UNCOUNTED_WEIGHTS)
            share = rng.uniform(0.1, 0.6)
            quantity = max(1, int(need.quantity * share)) if need.quantity else None
            rows.append(self.pledge(need, status, int(need.budget * share), quantity))
        return rows

    def pledge(self, need: Opportunity, status, value: int, quantity) -> Commitment:
        start, end = self.period(need.year, status)
        return self.commitment(
            status,
            partner=self.rng.choice(self.partners),
            theme=need.theme,
            opportunity=need,
            agency=need.agency,
            title=need.title,
            kind=need.kind,
            quantity=quantity,
            unit=need.unit,
            value=value,
            start_date=start,
            end_date=end,
            kecamatan=need.kecamatan,
            kelurahan=need.kelurahan,
        )

    def theme_pledge(self) -> Commitment:
        rng = self.rng
        status = pick(rng, THEME_PLEDGE_WEIGHTS)
        theme = rng.choice(self.themes)
        template = rng.choice(NEEDS.get(theme.number, NEEDS[1]))
        lo, hi = min(template.quantities), max(template.quantities)
        if template.kind == "cash":
            kind_fields = {"value": rng.randint(lo // 1_000_000, hi // 1_000_000) * 1_000_000}
        else:
            quantity = rng.randint(lo, hi)
            kind_fields = {
                "value": template.unit_price * quantity,
                "quantity": quantity,
                "unit": template.unit,
            }
        # Years weighted to the recent ones: the partnership grows.
        year = rng.choices(range(FIRST_YEAR, LAST_YEAR + 1), range(1, LAST_YEAR - FIRST_YEAR + 2))[
            0
        ]
        start, end = self.period(year, status)
        place = rng.choice(self.kelurahan) if self.kelurahan and rng.random() > 0.2 else None
        return self.commitment(
            status,
            partner=rng.choice(self.partners),
            theme=theme,
            # Work under way is handed over to an agency; a bare promise may name none yet.
            agency=rng.choice(self.agencies)
            if rng.random() > 0.3 or status in DELIVERING
            else None,
            title=f"Program CSR: {template.title.lower()} {MARK}",
            kind=template.kind,
            start_date=start,
            end_date=end,
            kecamatan=place.kecamatan if place else None,
            kelurahan=place,
            **kind_fields,
        )

    def commitment(self, status, **fields) -> Commitment:
        counted = status in Commitment.COUNTED_STATUSES
        started = self.moment(fields["start_date"])
        return Commitment(
            description=PLEDGE_NOTE,
            status=status,
            status_changed_at=started,
            approved_at=started if counted else None,
            rejection_reason=REJECTION if status == C.REJECTED else "",
            cancellation_reason=CANCELLATION if status == C.CANCELLED else "",
            **fields,
        )

    def period(self, year: int, status) -> tuple[date, date]:
        """A pledge's period in `year`; work under way or done started before today."""
        start = date(year, self.rng.randint(1, 9), self.rng.randint(1, 28))
        if status in DELIVERING and start >= self.today:
            start = self.today - timedelta(days=self.rng.randint(30, 300))
        return start, max(start, date(year, 12, 31))

    # --- reports ------------------------------------------------------------------------------

    def realizations(self, count: int, pledges: list[Commitment]) -> list[Realization]:
        """Reports on running and realised pledges; each realised one has a verified report."""
        realized = [c for c in pledges if c.status == C.REALIZED]
        running = [c for c in pledges if c.status == C.IN_PROGRESS]
        reports = {c.pk: 1 for c in realized[:count]}
        candidates = realized + running
        for pledge in (
            self.rng.choices(candidates, k=max(0, count - len(reports))) if candidates else []
        ):
            reports[pledge.pk] = reports.get(pledge.pk, 0) + 1
        rows = []
        for pledge in candidates:
            n = reports.get(pledge.pk, 0)
            if not n:
                continue
            if pledge.status == C.REALIZED:
                # All verified, and together they are what was pledged.
                rows.extend(self.reports(pledge, [R.VERIFIED] * n, 1.0))
            else:
                statuses = [pick(self.rng, RUNNING_REPORT_WEIGHTS) for _ in range(n)]
                rows.extend(self.reports(pledge, statuses, self.rng.uniform(0.2, 0.9)))
        Realization.objects.bulk_create(rows, batch_size=self.batch_size)
        return rows

    def reports(self, pledge: Commitment, statuses: list, done: float) -> list[Realization]:
        """Reports with `statuses` that together deliver the share `done` of the pledge."""
        rng = self.rng
        values = split(int(pledge.value * done), len(statuses), rng)
        quantities = [None] * len(statuses)
        if pledge.quantity:
            quantities = split(int(pledge.quantity * done), len(statuses), rng)
        last_day = min(pledge.end_date, self.today - timedelta(days=10))
        span = max(0, (last_day - pledge.start_date).days)
        rows = []
        for status, value_, quantity in zip(statuses, values, quantities, strict=True):
            day = pledge.start_date + timedelta(days=rng.randint(0, span))
            fields = {}
            if status in (R.CONFIRMED, R.VERIFIED):
                self.bast_number += 1
                bast_date = day + timedelta(days=rng.randint(0, 7))
                fields |= {
                    "bast_number": f"BAST/SKALA/{day.year}/{self.bast_number:06d}",
                    "bast_date": bast_date,
                    "confirmed_at": self.moment(bast_date),
                }
                if status == R.VERIFIED:
                    fields["verified_at"] = self.moment(bast_date + timedelta(days=3))
            elif status == R.RETURNED:
                fields |= {"return_note": RETURN_NOTE, "returned_at": self.moment(day)}
            rows.append(
                Realization(
                    commitment=pledge,
                    date=day,
                    value=value_,
                    quantity=quantity or None,
                    beneficiaries=rng.randint(10, 2000),
                    narrative=PLEDGE_NOTE,
                    status=status,
                    submitted_at=self.moment(day),
                    **fields,
                )
            )
        return rows

    def moment(self, day: date) -> datetime:
        """Nine in the morning of `day`, never later than now."""
        return min(timezone.make_aware(datetime.combine(day, time(9))), self.now)
