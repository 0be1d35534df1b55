"""
Reporting periods: which pledges must report in a period, and whether they did.

The rules, defined once here for the partner's dashboard, the reminders and the compliance page:

- A pledge **must report** in a period when its own start..end overlaps the period and it is
  approved or in progress (the states in which its partner can still report). A pledge Bappeda
  has since marked realised still counts when it reported in or after the period, so a finished
  pledge keeps its place in the period it reported in; one without such a report is left out,
  as it can no longer report.
- A **report** is any realization report of the pledge, whatever its status (submitted,
  confirmed, verified, or returned for correction: the partner did report), timed by
  `submitted_at` in the city's time zone. Reports from before the period belong to an earlier one.
- **reported**: a report submitted within the period (start and end days included);
  **late**: none within, but one submitted after the end;
  **due**: nothing yet and the period has not ended (today is on or before its end);
  **not reported**: nothing, and the period has ended.
"""

from collections import Counter, OrderedDict
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Organization

from .models import Commitment, Realization, ReportingPeriod, Theme

REMINDER_DAYS = (14, 7, 1)

REPORTED = "reported"
LATE = "late"
DUE = "due"
NOT_REPORTED = "not_reported"
STATUS_LABELS = OrderedDict(
    [
        (REPORTED, _("Reported")),
        (LATE, _("Reported late")),
        (DUE, _("Due")),
        (NOT_REPORTED, _("Not reported")),
    ]
)
RUNNING = (Commitment.Status.APPROVED, Commitment.Status.IN_PROGRESS)


def start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def window(period: ReportingPeriod) -> tuple[datetime, datetime]:
    """The period as times: from the start of its first day to the start of the day after it."""
    return start_of(period.start_date), start_of(period.end_date + timedelta(days=1))


def open_periods(today: date) -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.filter(start_date__lte=today, end_date__gte=today).order_by(
        "end_date", "pk"
    )


def obligations(period: ReportingPeriod) -> QuerySet[Commitment]:
    """Pledges that must report in the period, each with `reported_at`: when its first report
    on or after the period's start was submitted (None when there is none yet)."""
    starts, _ends = window(period)
    reports = Realization.objects.filter(commitment=OuterRef("pk"), submitted_at__gte=starts)
    first_report = reports.order_by("submitted_at").values("submitted_at")[:1]
    overlapping = Q(start_date__lte=period.end_date, end_date__gte=period.start_date)
    return (
        Commitment.objects.filter(overlapping)
        .filter(Q(status__in=RUNNING) | Q(status=Commitment.Status.REALIZED) & Exists(reports))
        .annotate(reported_at=Subquery(first_report, output_field=DateTimeField()))
    )


def with_status(period: ReportingPeriod, today: date) -> QuerySet[Commitment]:
    """`obligations` with `compliance` (one of STATUS_LABELS) and `receiving_agency_id`."""
    _starts, ends = window(period)
    missing = DUE if today <= period.end_date else NOT_REPORTED
    return obligations(period).annotate(
        compliance=Case(
            When(reported_at__lt=ends, then=Value(REPORTED)),
            When(reported_at__isnull=False, then=Value(LATE)),
            default=Value(missing),
            output_field=CharField(),
        ),
        receiving_agency_id=Coalesce(F("agency_id"), F("opportunity__agency_id")),
    )


def compliance_rows(period: ReportingPeriod, today: date) -> QuerySet[Commitment]:
    """Every pledge of the period with what its row shows, by partner and title."""
    return (
        with_status(period, today)
        .select_related("partner", "theme", "agency", "opportunity__agency")
        .order_by("partner__name", "partner_id", "title", "pk")
    )


def _counts(queryset, group_by):
    """{group value: Counter(status -> n)} counted in the database."""
    grouped = queryset.order_by().values(group_by, "compliance").annotate(n=Count("pk"))
    counts = {}
    for row in grouped:
        counts.setdefault(row[group_by], Counter())[row["compliance"]] += row["n"]
    return counts


def _breakdown(counts, names):
    """Rows of (name, counts per status in STATUS_LABELS order, total), by name."""
    rows = []
    for key, counter in counts.items():
        numbers = [counter.get(status, 0) for status in STATUS_LABELS]
        rows.append({"name": names.get(key, "–"), "counts": numbers, "total": sum(numbers)})
    return sorted(rows, key=lambda row: str(row["name"]).lower())


def compliance_summary(period: ReportingPeriod, today: date) -> dict:
    """Counts per status, per partner and broken down by partner kind, theme and agency."""
    pledges = with_status(period, today)
    by_status = Counter()
    by_partner = _counts(pledges, "partner_id")
    for counter in by_partner.values():
        by_status.update(counter)
    partner_states = Counter(_partner_state(counter) for counter in by_partner.values())
    kinds = dict(Organization.Kind.choices)
    themes = _counts(pledges, "theme_id")
    agencies = _counts(pledges, "receiving_agency_id")
    theme_names = {theme.pk: str(theme) for theme in Theme.objects.filter(pk__in=list(themes))}
    agency_names = dict(
        Organization.objects.filter(pk__in=[pk for pk in agencies if pk]).values_list("pk", "name")
    )
    return {
        "statuses": [
            {"key": key, "label": label, "count": by_status.get(key, 0)}
            for key, label in STATUS_LABELS.items()
        ],
        "total": sum(by_status.values()),
        "partners": {
            "total": len(by_partner),
            "complete": partner_states.get(REPORTED, 0),
            "late": partner_states.get(LATE, 0),
            "missing": partner_states.get(DUE, 0) + partner_states.get(NOT_REPORTED, 0),
        },
        "by_kind": _breakdown(_counts(pledges, "partner__kind"), kinds),
        "by_theme": _breakdown(themes, theme_names),
        "by_agency": _breakdown(agencies, {None: _("No agency named"), **agency_names}),
    }


def _partner_state(counter: Counter) -> str:
    """A partner's state in the period: the worst of its pledges'."""
    for state in (NOT_REPORTED, DUE, LATE):
        if counter.get(state):
            return state
    return REPORTED


# --- for the partner and the reminders -----------------------------------------------------------


def partner_obligations(partner: Organization, periods, today: date) -> list[dict]:
    """The open periods with the partner's pledges that must report in each (one query each)."""
    result = []
    for period in periods:
        rows = list(
            with_status(period, today)
            .filter(partner=partner)
            .select_related("theme")
            .order_by("end_date", "title", "pk")
        )
        if rows:
            days_left = (period.end_date - today).days
            result.append({"period": period, "days_left": days_left, "commitments": rows})
    return result


def unreported_by_partner(period: ReportingPeriod) -> dict[int, list[Commitment]]:
    """{partner id: its pledges without a report in the period yet}, partners by name."""
    _starts, ends = window(period)
    missing = (
        obligations(period)
        .filter(Q(reported_at__isnull=True) | Q(reported_at__gte=ends))
        .exclude(status=Commitment.Status.REALIZED)
        .select_related("partner", "theme")
        .order_by("partner__name", "partner_id", "title", "pk")
    )
    grouped: dict[int, list[Commitment]] = {}
    for commitment in missing:
        grouped.setdefault(commitment.partner_id, []).append(commitment)
    return grouped


def unreported_count(period: ReportingPeriod, today: date) -> int:
    """How many pledges of the period have no report in it (due, or not reported once ended)."""
    return with_status(period, today).filter(compliance__in=[DUE, NOT_REPORTED]).count()
