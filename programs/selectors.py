"""Reads the public pages of themes, needs and pledges share: what shows, and its ledger."""

from django.db.models import BigIntegerField, Count, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Abs, Coalesce

from companies.models import ContactPerson

from .filters import COMMITMENT_ORDERS, OPPORTUNITY_ORDERS
from .models import Commitment, Evidence, Opportunity, Realization, Theme, sum_of


def _total(field):
    return Coalesce(Sum(field), Value(0))


def count_of(queryset, group_by):
    """A correlated subquery counting the rows of `queryset` (0 when there are none)."""
    counted = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=BigIntegerField()), Value(0))


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


def public_realizations():
    """Verified reports of public pledges."""
    return Realization.objects.public().filter(commitment__in=Commitment.objects.public())


def public_evidence():
    """Evidence files of verified reports of public pledges: the only ones anybody may fetch."""
    return Evidence.objects.filter(realization__in=public_realizations())


def public_contacts(organization):
    """Names and positions of the organisation's public contacts; never their phone or email."""
    return ContactPerson.objects.filter(organization=organization, is_public=True).values(
        "name", "position"
    )


def themes_with_counts():
    """The themes with how many of their needs are open and how much is pledged to each."""
    open_needs = Opportunity.objects.open().filter(theme=OuterRef("pk"))
    pledges = Commitment.objects.public().filter(theme=OuterRef("pk"))
    return Theme.objects.annotate(
        open_count=count_of(open_needs, "theme"),
        pledged_value=sum_of(pledges, "theme", "value"),
    )


def theme_ledger(theme):
    """Pledged and realised value of a theme, and what its open needs still miss."""
    open_needs = (
        Opportunity.objects.open()
        .filter(theme=theme)
        .with_ledger()
        .aggregate(count=Count("pk"), budget=_total("budget"), pledged=_total("pledged_value"))
    )
    pledges = Commitment.objects.public().filter(theme=theme)
    realized = public_realizations().filter(commitment__theme=theme)
    return {
        "open_count": open_needs["count"],
        "open_budget": open_needs["budget"],
        "open_pledged": open_needs["pledged"],
        "gap": open_needs["budget"] - open_needs["pledged"],
        **pledges.aggregate(commitment_count=Count("pk"), pledged=_total("value")),
        "realized": realized.aggregate(value=_total("value"))["value"],
    }
