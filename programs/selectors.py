"""
Reads the pages share: what the public pages of themes, needs and pledges show, with its
ledger; and what a signed-in user may open beyond that (reports, their evidence and handover
scans), one rule for every page and file that serves them.
"""

from django.db.models import Count, OuterRef, Q, Sum, Value
from django.db.models.functions import Abs, Coalesce

from companies.decorators import member_of
from companies.models import ContactPerson

from . import ledger
from .filters import COMMITMENT_ORDERS, OPPORTUNITY_ORDERS
from .models import Commitment, Evidence, LedgerCell, Opportunity, Realization, Theme, sum_of
from .services import can_verify


def _total(field):
    return Coalesce(Sum(field), Value(0))


def public_opportunities():
    """Public needs with their ledger and what their rows show, newest first."""
    return (
        Opportunity.objects.public()
        .with_ledger()
        .annotate(gap_value_abs=Abs("gap_value"), gap_quantity_abs=Abs("gap_quantity"))
        .select_related("theme", "agency", "kecamatan", "kelurahan")
        .order_by(*OPPORTUNITY_ORDERS["newest"])
    )


def public_commitments():
    """Public pledges with what their rows show, newest first."""
    return (
        Commitment.objects.public()
        .select_related("partner", "theme", "agency", "kecamatan", "opportunity")
        .order_by(*COMMITMENT_ORDERS["newest"])
    )


# What a row of the public tables of needs and pledges shows (opportunity_table.html,
# commitment_table.html): never a description, workflow fields or a related row's long text.
_OPPORTUNITY_ROW_FIELDS = (
    "title",
    "budget",
    "quantity",
    "unit",
    "status",
    "published_at",
    "theme__slug",
    "theme__short_name",
    "theme__short_name_en",
    "agency__name",
    "kecamatan__name",
)
_COMMITMENT_ROW_FIELDS = (
    "title",
    "value",
    "quantity",
    "unit",
    "status",
    "start_date",
    "end_date",
    "theme__slug",
    "theme__short_name",
    "theme__short_name_en",
    "partner__name",
    "partner__slug",
    "partner__is_active",
    "kecamatan__name",
)


def public_opportunity_rows():
    """Public needs with their ledger and only what a row of the needs table shows."""
    return (
        public_opportunities()
        .select_related(None)
        .select_related("theme", "agency", "kecamatan")
        .only(*_OPPORTUNITY_ROW_FIELDS)
    )


def public_commitment_rows():
    """Public pledges with only what a row of the pledges table shows, newest first."""
    return (
        public_commitments()
        .select_related(None)
        .select_related("partner", "theme", "kecamatan")
        .only(*_COMMITMENT_ROW_FIELDS)
    )


def public_realizations():
    """Verified reports of public pledges."""
    return Realization.objects.public().filter(commitment__in=Commitment.objects.public())


def public_evidence():
    """Evidence files of verified reports of public pledges: the only ones anybody may fetch."""
    return Evidence.objects.filter(realization__in=public_realizations())


def received_by(agencies, prefix=""):
    """Pledges the agencies receive: naming one of them, or else made to one of their needs.

    `prefix` reaches the pledge from another model, e.g. `"commitment__"` from a report.
    """
    return Q(**{f"{prefix}agency__in": agencies}) | Q(
        **{f"{prefix}agency__isnull": True, f"{prefix}opportunity__agency__in": agencies}
    )


def reports_open_to(user):
    """Reports the user may read in full, verified or not: those of pledges made by, or made
    to, an active organisation they are an approved member of; every report for Bappeda staff
    who verify them; none for a visitor."""
    if not user.is_authenticated:
        return Realization.objects.none()
    if can_verify(user):
        return Realization.objects.all()
    organizations = member_of(user).values("pk")
    return Realization.objects.filter(
        Q(commitment__partner__in=organizations) | received_by(organizations, "commitment__")
    )


def evidence_visible_to(user):
    """Evidence files the user may open: those of verified public reports for anybody, and
    those of every report `reports_open_to` the user."""
    public = public_evidence()
    if not user.is_authenticated:
        return public
    if can_verify(user):
        return Evidence.objects.all()
    return Evidence.objects.filter(
        Q(pk__in=public.values("pk")) | Q(realization__in=reports_open_to(user))
    )


def public_contacts(organization):
    """Names and positions of the organisation's public contacts; never their phone or email."""
    return ContactPerson.objects.filter(organization=organization, is_public=True).values(
        "name", "position"
    )


def themes_with_counts():
    """The themes with how many of their needs are open and how much is pledged to each.

    From the ledger's kept sums while they are current (a few small rows per theme, however
    many pledges), else summed live from the pledges and needs: the same numbers either way.
    """
    totals = ledger.summary()
    if totals.current:
        cells = LedgerCell.objects.filter(theme=OuterRef("pk"))
        pledged = sum_of(cells, "theme", "pledged")
    else:
        pledged = sum_of(Commitment.objects.public().filter(theme=OuterRef("pk")), "theme", "value")
    return Theme.objects.annotate(
        open_count=totals.open_need_count_of_theme(), pledged_value=pledged
    )


def theme_ledger(theme):
    """Pledged and realised value of a theme, and what its open needs still miss.

    From the ledger's kept sums while they are current, else summed live: the same numbers.
    """
    totals = ledger.summary()
    if totals.current:
        open_needs = totals.open_needs_by_theme().get(
            theme.pk, {"count": 0, "budget": 0, "pledged": 0}
        )
        sums = LedgerCell.objects.filter(theme=theme).aggregate(
            commitment_count=_total("commitments"),
            pledged=_total("pledged"),
            realized=_total("realized"),
        )
    else:
        open_needs = (
            Opportunity.objects.open()
            .filter(theme=theme)
            .with_ledger()
            .aggregate(count=Count("pk"), budget=_total("budget"), pledged=_total("pledged_value"))
        )
        pledges = Commitment.objects.public().filter(theme=theme)
        realized = public_realizations().filter(commitment__theme=theme)
        sums = {
            **pledges.aggregate(commitment_count=Count("pk"), pledged=_total("value")),
            "realized": realized.aggregate(value=_total("value"))["value"],
        }
    return {
        "open_count": open_needs["count"],
        "open_budget": open_needs["budget"],
        "open_pledged": open_needs["pledged"],
        "gap": open_needs["budget"] - open_needs["pledged"],
        **sums,
    }
