"""
Bappeda staff: who reported in a reporting period, who is late, who has not (see
programs.reporting for the rules), with counts by partner kind, theme and agency; as a page,
CSV or XLSX. Only staff who may read reporting periods open these; others get 403.
"""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from . import reporting_exports
from .models import ReportingPeriod
from .reporting import STATUS_LABELS, compliance_rows, compliance_summary

PER_PAGE = 100


def staff_required(permission):
    """The view is for Bappeda staff holding `permission`: others get 403, visitors sign in."""

    def decorate(view):
        return login_required(permission_required(permission, raise_exception=True)(view))

    return decorate


@staff_required("programs.view_reportingperiod")
def period_compliance(request, pk):
    """Staff: the period's counts and breakdowns, then its pledges (filtered by ?status=)."""
    period = get_object_or_404(ReportingPeriod, pk=pk)
    today = timezone.localdate()
    rows = compliance_rows(period, today)
    status = request.GET.get("status", "")
    if status in STATUS_LABELS:
        rows = rows.filter(compliance=status)
    else:
        status = ""
    page_obj = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    for commitment in page_obj:
        commitment.compliance_label = STATUS_LABELS[commitment.compliance]
    context = {
        "period": period,
        "ended": today > period.end_date,
        "days_left": (period.end_date - today).days,
        "summary": compliance_summary(period, today),
        "labels": list(STATUS_LABELS.values()),
        "status": status,
        "status_label": STATUS_LABELS.get(status, ""),
        "page_obj": page_obj,
    }
    return render(request, "programs/reporting/compliance.html", context)


@staff_required("programs.view_reportingperiod")
def period_compliance_download(request, pk, file_format):
    """Staff: every pledge of the period with its state, as CSV; XLSX adds the counts."""
    period = get_object_or_404(ReportingPeriod, pk=pk)
    today = timezone.localdate()
    if file_format == "xlsx":
        return reporting_exports.compliance_xlsx(period, today)
    return reporting_exports.compliance_csv(period, today)
