"""
Pages of agency officers: their agency's needs, the pledges made to it, and the confirmation on
the ground of work partners report.

Every page is for approved officers of an active regional agency (`officer_required`). Needs
and reports are fetched among those of the officer's own agencies, so any other id is a 404.
Every change goes through the workflow functions in services.py.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from companies.decorators import officer_required
from depok_csr.admin import readable

from . import services
from .forms_agency import HandoverForm, OpportunityForm, ReturnForm, WithdrawForm
from .models import Commitment, Opportunity, Realization
from .overlaps import also_active_here
from .selectors import received_by
from .services import TransitionError

# The dashboard lists an agency's needs in the order of their workflow.
NEED_STATUS_ORDER = Case(
    *(When(status=status, then=Value(n)) for n, status in enumerate(Opportunity.Status.values)),
    output_field=IntegerField(),
)
# Pledges to the agency that still stand: waiting for Bappeda, approved or under way.
STANDING_PLEDGES = [
    Commitment.Status.PROPOSED,
    Commitment.Status.APPROVED,
    Commitment.Status.IN_PROGRESS,
]


def _needs(request):
    return Opportunity.objects.filter(agency__in=request.organizations)


def _reports(request):
    return Realization.objects.filter(received_by(request.organizations, "commitment__"))


def _dashboard_rows(agency) -> dict:
    """The agency's needs with their ledger, standing pledges to it, and its open reports."""
    needs = (
        Opportunity.objects.filter(agency=agency)
        .with_ledger()
        .select_related("theme")
        .order_by(NEED_STATUS_ORDER, "-created_at")
    )
    pledges = (
        Commitment.objects.filter(received_by([agency]), status__in=STANDING_PLEDGES)
        .select_related("partner", "opportunity")
        .order_by("-created_at")
    )
    reports = list(
        Realization.objects.filter(received_by([agency], "commitment__"))
        .filter(status__in=[Realization.Status.SUBMITTED, Realization.Status.RETURNED])
        .select_related("commitment__partner")
        .order_by("submitted_at")
    )
    return {
        "needs": list(needs),
        "pledges": list(pledges),
        "waiting": [r for r in reports if r.status == Realization.Status.SUBMITTED],
        "returned": [r for r in reports if r.status == Realization.Status.RETURNED],
    }


@officer_required
def agency_dashboard(request):
    """Agency officer: the agency's needs with their ledger, pledges to it, reports to confirm."""
    context = {"agency": request.organization, **_dashboard_rows(request.organization)}
    return render(request, "programs/agency/dashboard.html", context)


# --- needs --------------------------------------------------------------------------------------


@officer_required
def agency_opportunity_create(request):
    """Agency officer: post a new need of the agency; it is saved as a draft."""
    form = OpportunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            need = services.opportunity_create(
                agency=request.organization, actor=request.user, **form.service_fields()
            )
        except (TransitionError, ValidationError) as error:
            form.add_error(None, readable(error))
        else:
            messages.success(request, _("The need is saved as a draft. Submit it to Bappeda."))
            return redirect("programs:agency_opportunity", need.pk)
    context = {"form": form, "agency": request.organization}
    return render(request, "programs/agency/opportunity_form.html", context)


@officer_required
def agency_opportunity(request, pk):
    """Agency officer: a need of the agency with its ledger, its pledges and what to do next."""
    need = get_object_or_404(
        _needs(request).with_ledger().select_related("theme", "agency", "kecamatan", "kelurahan"),
        pk=pk,
    )
    context = {
        "need": need,
        "pledges": need.commitments.select_related("partner").order_by("-created_at"),
        "return_note": _return_note(need),
        "also_active": also_active_here(need, request.user),
    }
    return render(request, "programs/agency/opportunity_detail.html", context)


def _return_note(need) -> str:
    """Bappeda's note when it sent the need back to draft (the need's history keeps it)."""
    if need.status != Opportunity.Status.DRAFT:
        return ""
    returns = need.history.filter(status=Opportunity.Status.DRAFT).exclude(
        Q(history_change_reason__isnull=True) | Q(history_change_reason="")
    )
    return returns.values_list("history_change_reason", flat=True).first() or ""


@officer_required
def agency_opportunity_edit(request, pk):
    """Agency officer: correct a draft need of the agency; once submitted it stays as sent."""
    need = get_object_or_404(_needs(request).select_related("agency"), pk=pk)
    if need.status != Opportunity.Status.DRAFT:
        messages.error(request, _("Only a draft can be changed; this need is already sent."))
        return redirect("programs:agency_opportunity", need.pk)
    form = OpportunityForm(request.POST or None, instance=need)
    if request.method == "POST" and form.is_valid():
        try:
            services.opportunity_update(
                opportunity=need, actor=request.user, **form.service_fields()
            )
        except (TransitionError, ValidationError) as error:
            form.add_error(None, readable(error))
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("programs:agency_opportunity", need.pk)
    context = {"form": form, "agency": need.agency, "need": need}
    return render(request, "programs/agency/opportunity_form.html", context)


@officer_required
@require_POST
def agency_opportunity_submit(request, pk):
    """Agency officer: send a draft need of the agency to Bappeda for publication."""
    need = get_object_or_404(_needs(request), pk=pk)
    try:
        services.opportunity_submit(opportunity=need, actor=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The need is sent to Bappeda, which publishes it."))
    return redirect("programs:agency_opportunity", need.pk)


@officer_required
def agency_opportunity_withdraw(request, pk):
    """Agency officer: withdraw a need of the agency that no standing pledge depends on."""
    need = get_object_or_404(_needs(request), pk=pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.opportunity_withdraw(
                opportunity=need, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The need is withdrawn."))
            return redirect("programs:agency_opportunity", need.pk)
    return render(
        request, "programs/agency/opportunity_withdraw.html", {"need": need, "form": form}
    )


# --- confirming reported work -------------------------------------------------------------------


def _report_page(request, report, *, handover_form=None, return_form=None):
    context = {
        "report": report,
        "commitment": report.commitment,
        "evidence": report.evidence.all(),
        "handover_form": handover_form or HandoverForm(),
        "return_form": return_form or ReturnForm(),
    }
    return render(request, "programs/agency/realization_detail.html", context)


def _report(request, pk):
    reports = _reports(request).select_related(
        "commitment__partner", "commitment__opportunity", "commitment__agency"
    )
    return get_object_or_404(reports, pk=pk)


@officer_required
def agency_realization(request, pk):
    """Agency officer: a report on a pledge to the agency, its evidence and the handover form."""
    return _report_page(request, _report(request, pk))


@officer_required
@require_POST
def agency_realization_confirm(request, pk):
    """Agency officer: confirm on the ground, with the handover record (BAST), a report."""
    report = _report(request, pk)
    form = HandoverForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.realization_confirm(
                realization=report, actor=request.user, **form.cleaned_data
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The handover is confirmed; Bappeda verifies it next."))
            return redirect("programs:agency_dashboard")
    return _report_page(request, report, handover_form=form)


@officer_required
@require_POST
def agency_realization_return(request, pk):
    """Agency officer: send a report back to the partner with a note on what to correct."""
    report = _report(request, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.realization_return(
                realization=report, actor=request.user, note=form.cleaned_data["note"]
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The report is returned to the partner with your note."))
            return redirect("programs:agency_dashboard")
    return _report_page(request, report, return_form=form)
