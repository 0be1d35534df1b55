"""
Reads the directory and the organisation profile share.

Programs and events sit above companies (events → programs → companies → regions), so their
models are looked up by name when a function runs, never imported; what counts as public stays
defined once, in their QuerySet methods (`Commitment.objects.public()`, ...).
"""

from django.apps import apps
from django.db import models
from django.db.models import ExpressionWrapper, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Organization


def _model(label):
    return apps.get_model(label)


def _sum(queryset, group_by, field="value"):
    """A correlated subquery summing `field` over `queryset` per `group_by` (0 without rows)."""
    summed = queryset.order_by().values(group_by).annotate(total=Sum(field)).values("total")
    return Coalesce(Subquery(summed, output_field=models.BigIntegerField()), Value(0))


def _public_commitments():
    return _model("programs.Commitment").objects.public()


def _public_realizations():
    """Verified reports on pledges that are still public."""
    return (
        _model("programs.Realization")
        .objects.verified()
        .filter(commitment__in=_public_commitments().values("pk"))
    )


def directory_organizations():
    """Active organisations with what each partner pledged publicly (`pledged_total`)."""
    pledges = _public_commitments().filter(partner=OuterRef("pk"))
    return (
        Organization.objects.active()
        .select_related("kecamatan", "sector")
        .defer("description", "source", "phone", "email", "logo")
        .annotate(pledged_total=_sum(pledges, "partner"))
        .order_by("name", "pk")
    )


def organizations_in_theme(queryset, theme):
    """Partners with a public pledge in `theme` and agencies with a public need in it."""
    pledging = _public_commitments().filter(theme=theme).values("partner")
    asking = _model("programs.Opportunity").objects.public().filter(theme=theme).values("agency")
    return queryset.filter(Q(pk__in=pledging) | Q(pk__in=asking))


def profile_organizations():
    """Active organisations with their public totals: pledged, realised and received."""
    pledged = _public_commitments().filter(partner=OuterRef("pk"))
    realized = _public_realizations().filter(commitment__partner=OuterRef("pk"))
    received = _public_commitments().filter(agency=OuterRef("pk"))
    return (
        Organization.objects.active()
        .select_related("kecamatan", "sector")
        .annotate(
            pledged_total=_sum(pledged, "partner"),
            realized_total=_sum(realized, "commitment__partner"),
            received_total=_sum(received, "agency"),
        )
    )


# What the profile's pledge tables show; descriptions and workflow fields stay in the database.
_COMMITMENT_FIELDS = (
    "title",
    "value",
    "quantity",
    "unit",
    "kind",
    "status",
    "start_date",
    # Both ends of the pledge: the related manager sets the profile's own end on every row.
    "partner",
    "agency",
    "theme",
    "theme__number",
    "theme__slug",
    "theme__short_name",
    "theme__short_name_en",
)


def organization_profile_sections(organization) -> dict:
    """What a profile lists besides the organisation itself: one query per list, any length."""
    sections = {
        "contacts": organization.contacts.filter(is_public=True).only(
            "organization_id", "name", "position"
        ),
        "events": _model("events.Event")
        .objects.published()
        .filter(pk__in=organization.registrations.active().values("event"))
        .only("name", "slug", "date", "venue")
        .annotate(
            upcoming=ExpressionWrapper(
                Q(date__gte=timezone.localdate()), output_field=models.BooleanField()
            )
        )
        .order_by("-date"),
    }
    if organization.is_partner:
        sections["commitments"] = (
            organization.commitments.public()
            .select_related("theme", "agency")
            .only(
                *_COMMITMENT_FIELDS, "agency", "agency__name", "agency__slug", "agency__is_active"
            )
        )
        sections["realizations"] = (
            _public_realizations()
            .filter(commitment__partner=organization)
            .select_related("commitment")
            .only(
                "date", "value", "quantity", "commitment", "commitment__title", "commitment__unit"
            )
        )
    if organization.is_agency:
        sections["opportunities"] = (
            organization.opportunities.public()
            .with_ledger()
            .select_related("theme")
            .defer("description", "withdrawal_reason")
        )
        sections["received"] = (
            organization.received_commitments.public()
            .select_related("theme", "partner")
            .only(
                *_COMMITMENT_FIELDS,
                "partner",
                "partner__name",
                "partner__slug",
                "partner__is_active",
            )
        )
    return sections
