"""What waits for Bappeda staff: the review queues, each a filtered list in the admin."""

from dataclasses import dataclass
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from companies.models import Membership

from .models import Commitment, Opportunity, Realization, ReportingPeriod
from .reporting import unreported_count


@dataclass(frozen=True)
class Queue:
    label: str
    model: type
    status: str
    permission: str  # who decides what waits in it

    def url(self) -> str:
        """The admin list of the model, filtered to what waits."""
        opts = self.model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return f"{changelist}?{urlencode({'status__exact': self.status})}"

    def count(self) -> int:
        return self.model.objects.filter(status=self.status).count()


QUEUES = [
    Queue(
        _("Needs submitted for publication"),
        Opportunity,
        Opportunity.Status.SUBMITTED,
        "programs.publish_opportunity",
    ),
    Queue(
        _("Pledges waiting for approval"),
        Commitment,
        Commitment.Status.PROPOSED,
        "programs.approve_commitment",
    ),
    Queue(
        _("Reports confirmed by the agency, to verify"),
        Realization,
        Realization.Status.CONFIRMED,
        "programs.verify_realization",
    ),
    Queue(
        _("Reports still waiting for the agency's confirmation"),
        Realization,
        Realization.Status.SUBMITTED,
        "programs.verify_realization",
    ),
    Queue(
        _("Membership requests"),
        Membership,
        Membership.Status.PENDING,
        "companies.change_membership",
    ),
]


def waiting_for(user) -> list[dict]:
    """The queues the user decides, each with its label, count and filtered admin list; then
    the reporting periods open or ended in the last 30 days, with how many pledges still
    have no report in them, each linked to its compliance page."""
    queues = [
        {"label": queue.label, "url": queue.url(), "count": queue.count()}
        for queue in QUEUES
        if user.has_perm(queue.permission)
    ]
    if user.has_perm("programs.view_reportingperiod"):
        queues += _reporting_periods()
    return queues


def _reporting_periods() -> list[dict]:
    today = timezone.localdate()
    periods = ReportingPeriod.objects.filter(
        start_date__lte=today, end_date__gte=today - timedelta(days=30)
    ).order_by("end_date", "pk")
    return [
        {
            "label": _("Not yet reported in %(period)s") % {"period": period.name},
            "url": period.get_compliance_url(),
            "count": unreported_count(period, today),
        }
        for period in periods
    ]
