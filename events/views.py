from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Organization
from depok_csr.downloads import csv_download

from .models import Event, Registration

PER_PAGE = 25
# Kinds in the order the attendance table and the list of organisations show them.
KINDS = [
    (Organization.Kind.COMPANY, _("Companies")),
    (Organization.Kind.ZAKAT_INSTITUTION, _("Zakat institutions")),
    (Organization.Kind.REGIONAL_AGENCY, _("Regional agencies")),
]


def _with_participant_count(events):
    """Annotate how many organisations took part, counted from registrations that stand."""
    counted = (
        Registration.objects.active()
        .filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(n=Count("organization", distinct=True))
        .values("n")
    )
    return events.annotate(participant_count=Coalesce(Subquery(counted), Value(0)))


def event_list(request):
    """Public: published events, the coming ones first, then past ones by page; or as CSV."""
    published = _with_participant_count(Event.objects.published())
    if request.GET.get("format") == "csv":
        return event_csv(request, published.order_by("-date"))
    past = published.filter(date__lt=timezone.localdate()).order_by("-date")
    context = {
        "coming": _with_participant_count(Event.objects.upcoming()),
        "page_obj": Paginator(past, PER_PAGE).get_page(request.GET.get("page")),
    }
    return render(request, "events/event_list.html", context)


def event_detail(request, slug):
    """Public: a published event, its attendance by kind, participants and announced pledges."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    attendance = event.attendance_by_kind()
    context = {
        "event": event,
        "is_past": event.date < timezone.localdate(),
        "attendance": [(label, attendance.get(kind, 0)) for kind, label in KINDS],
        "attendance_total": sum(attendance.values()),
        "participants": _participants(event),
        "commitments": event.announced_commitments.public()
        .select_related("partner", "theme")
        .order_by("partner__name", "pk"),
    }
    return render(request, "events/event_detail.html", context)


def _participants(event):
    """Active organisations with a registration that stands, by kind then name; no people."""
    organizations = list(
        Organization.objects.active()
        .filter(pk__in=event.registrations.active().values("organization"))
        .only("name", "slug", "kind")
        .order_by("name")
    )
    return [(label, [o for o in organizations if o.kind == kind]) for kind, label in KINDS]


def event_csv(request, events):
    """The published events with their venue and how many organisations took part."""
    header = [
        _("Name"),
        _("Date"),
        _("Venue"),
        _("City"),
        _("Organiser"),
        _("Organizations taking part"),
        _("Address on the portal"),
    ]
    rows = (
        [
            e.name,
            e.date,
            e.venue,
            e.city,
            e.organiser,
            e.participant_count,
            request.build_absolute_uri(reverse("events:event_detail", args=[e.slug])),
        ]  # fmt: skip
        for e in events
    )
    return csv_download("acara.csv", header, rows)
