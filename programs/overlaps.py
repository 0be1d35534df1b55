"""
"Also active here": the other needs and pledges in the same kelurahan, theme and year as a
need or a pledge, so that partners, agencies and Bappeda see who already works on the same thing
in the same place before they fund it twice. It informs; no workflow step depends on it.

The rules (README, "Coordination: also active here"):

- The place is the kelurahan. A need or pledge without one (kecamatan-wide or city-wide) has no
  list and is in no other list: a kecamatan holds several kelurahan, so sharing one says little.
- The year of a need is its budget year; that of a pledge is the year its period starts, as in
  the statistics and the open data.
- Pledges to the same need are its co-funders, shown in its ledger, not here: a need lists
  neither itself nor the pledges to it, a pledge neither its need nor the other pledges to it.
- Everybody sees needs in a public status and pledges that count (approved, in progress,
  realised). Bappeda staff also see submitted needs and proposed pledges; an agency officer also
  the agency's submitted needs and the proposed pledges it receives; a partner also its own
  proposed pledges. Drafts, rejected, cancelled and withdrawn items are never listed.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from companies.decorators import member_of

from .models import Commitment, Opportunity, current_year
from .selectors import received_by

NEED, PLEDGE = "need", "pledge"


@dataclass(frozen=True)
class Item:
    """A need or a pledge as the list shows it."""

    kind: str  # NEED or PLEDGE
    obj: Opportunity | Commitment

    @property
    def title(self):
        return self.obj.title

    @property
    def organization(self):
        return self.obj.agency if self.kind == NEED else self.obj.partner

    @property
    def value(self):
        return self.obj.budget if self.kind == NEED else self.obj.value

    @property
    def status(self):
        return self.obj.status

    @property
    def status_label(self):
        return self.obj.get_status_display()

    @property
    def is_public(self):
        return self.obj.is_public

    @property
    def admin_url_name(self):
        return f"admin:programs_{self.obj._meta.model_name}_change"

    @property
    def thread(self):
        """A need with the pledges to it is one effort; a pledge to no need is one of its own."""
        if self.kind == NEED:
            return (NEED, self.obj.pk)
        if self.obj.opportunity_id:
            return (NEED, self.obj.opportunity_id)
        return (PLEDGE, self.obj.pk)


def _is_staff(viewer) -> bool:
    return viewer.is_authenticated and viewer.is_active and viewer.is_staff


def needs_visible_to(viewer) -> Q:
    """Needs the viewer may find in these lists."""
    visible = Q(status__in=Opportunity.PUBLIC_STATUSES)
    submitted = Q(status=Opportunity.Status.SUBMITTED)
    if _is_staff(viewer):
        return visible | submitted
    if viewer.is_authenticated:
        return visible | (submitted & Q(agency__in=member_of(viewer).values("pk")))
    return visible


def pledges_visible_to(viewer) -> Q:
    """Pledges the viewer may find in these lists."""
    visible = Q(status__in=Commitment.COUNTED_STATUSES)
    proposed = Q(status=Commitment.Status.PROPOSED)
    if _is_staff(viewer):
        return visible | proposed
    if viewer.is_authenticated:
        organizations = member_of(viewer).values("pk")
        return visible | (proposed & (Q(partner__in=organizations) | received_by(organizations)))
    return visible


def year_of(obj) -> int:
    return obj.year if isinstance(obj, Opportunity) else obj.start_date.year


def _in_year(year):
    return Q(start_date__gte=date(year, 1, 1), start_date__lte=date(year, 12, 31))


def also_active_here(obj, viewer) -> list[Item]:
    """The other needs, then pledges, in the kelurahan, theme and year of `obj` (a need or a
    pledge) that `viewer` may see; two queries, or none when `obj` has no kelurahan."""
    if obj is None or obj.pk is None or not obj.kelurahan_id:
        return []
    year = year_of(obj)
    place = Q(kelurahan_id=obj.kelurahan_id, theme_id=obj.theme_id)
    need_id = obj.pk if isinstance(obj, Opportunity) else obj.opportunity_id
    needs = Opportunity.objects.filter(place, needs_visible_to(viewer), year=year)
    pledges = Commitment.objects.filter(place, pledges_visible_to(viewer), _in_year(year))
    if isinstance(obj, Commitment):
        pledges = pledges.exclude(pk=obj.pk)
    if need_id:
        needs = needs.exclude(pk=need_id)
        pledges = pledges.exclude(opportunity_id=need_id)
    needs = needs.select_related("agency").order_by("-created_at", "-pk")
    pledges = pledges.select_related("partner").order_by("-created_at", "-pk")
    return [Item(NEED, need) for need in needs] + [Item(PLEDGE, pledge) for pledge in pledges]


@dataclass
class Group:
    """The needs and pledges of one kelurahan and theme in a year."""

    kelurahan: object
    theme: object
    items: list = field(default_factory=list)

    @property
    def efforts(self) -> int:
        """How many separate efforts: a need with its pledges counts once."""
        return len({item.thread for item in self.items})


def overlap_groups(*, year: int, viewer) -> list[Group]:
    """Per kelurahan and theme, the needs and pledges of `year` that `viewer` may see, where
    two or more separate efforts meet; two queries, however many rows."""
    related = ("kelurahan__kecamatan", "theme")
    needs = (
        Opportunity.objects.filter(needs_visible_to(viewer), year=year, kelurahan__isnull=False)
        .select_related("agency", *related)
        .order_by("-created_at", "-pk")
    )
    pledges = (
        Commitment.objects.filter(pledges_visible_to(viewer), _in_year(year))
        .filter(kelurahan__isnull=False)
        .select_related("partner", *related)
        .order_by("-created_at", "-pk")
    )
    groups: dict[tuple[int, int], Group] = {}
    for kind, rows in ((NEED, needs), (PLEDGE, pledges)):
        for obj in rows:
            key = (obj.kelurahan_id, obj.theme_id)
            group = groups.setdefault(key, Group(kelurahan=obj.kelurahan, theme=obj.theme))
            group.items.append(Item(kind, obj))
    shown = [group for group in groups.values() if group.efforts >= 2]
    return sorted(
        shown,
        key=lambda g: (
            g.kelurahan.kecamatan.name,
            g.kelurahan.name,
            g.kelurahan.code,
            g.theme.number,
        ),
    )


def years_with_items() -> list[int]:
    """Years in which any need or pledge falls, newest first, with the current one."""
    years = set(Opportunity.objects.values_list("year", flat=True).distinct())
    years |= {day.year for day in Commitment.objects.dates("start_date", "year")}
    years.add(current_year())
    return sorted(years, reverse=True)
