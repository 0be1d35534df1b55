"""
Signed-in pages of partners (companies and zakat institutions): the dashboard, pledging,
cancelling, and reporting what was delivered with evidence. The dashboard also routes agency
officers, Bappeda staff and people still waiting for a membership to their own page.

Every pledge or report is fetched among those of the user's own organisations, so another
organisation's id in a URL is a 404. Every change goes through programs.services.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.db import transaction
from django.db.models import Count
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.decorators import member_of, partner_required
from companies.models import Membership, Organization

from . import reporting, services
from .forms import CancelForm, PledgeForm, RealizationForm
from .models import Commitment, Evidence, Opportunity, Realization, Theme
from .overlaps import also_active_here
from .services import TransitionError

Status = Commitment.Status
# The order in which the dashboard shows a partner's pledges.
STATUS_ORDER = [
    Status.PROPOSED,
    Status.APPROVED,
    Status.IN_PROGRESS,
    Status.REALIZED,
    Status.REJECTED,
    Status.CANCELLED,
]
REPORTABLE = (Status.APPROVED, Status.IN_PROGRESS)
CANCELLABLE = (Status.PROPOSED, Status.APPROVED, Status.IN_PROGRESS)


def _own_commitments(request):
    """Pledges of the organisations the user acts for: the only ones their pages may open."""
    return Commitment.objects.filter(partner__in=request.organizations).select_related(
        "partner", "theme", "opportunity", "agency", "kecamatan", "kelurahan"
    )


def _posted(request):
    """The form's data and files when the page was sent, else nothing (an unbound form)."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _form_error(form, error):
    """Show a workflow refusal or a model check on the form, above its fields."""
    form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))


def _org_query(request):
    """`org=<slug>` for links that act for one organisation when the user has several."""
    return f"org={request.organization.slug}" if len(request.organizations) > 1 else ""


def _detail(commitment):
    return redirect("programs:workspace_commitment", pk=commitment.pk)


# --- the dashboard ------------------------------------------------------------------------------


@login_required
def dashboard(request):
    """Signed in: the page of one's role — partner workspace, agency dashboard, staff queues."""
    if request.user.is_staff:
        return _staff_overview(request)
    kinds = set(member_of(request.user).values_list("kind", flat=True))
    if kinds & set(Organization.PARTNER_KINDS):
        return partner_dashboard(request)
    if Organization.Kind.REGIONAL_AGENCY in kinds:
        return redirect("programs:agency_dashboard")
    memberships = request.user.memberships.select_related("organization")
    return render(
        request, "programs/workspace/dashboard_pending.html", {"memberships": memberships}
    )


@partner_required
def partner_dashboard(request):
    """Partner: their organisation, their pledges by status and what waits for them."""
    organization = request.organization
    commitments = list(
        _own_commitments(request)
        .filter(partner=organization)
        .annotate(report_count=Count("realizations"))
        .order_by("-created_at")
    )
    today = timezone.localdate()
    periods = list(reporting.open_periods(today))
    context = {
        "organization": organization,
        "org_query": _org_query(request),
        "groups": _by_status(commitments),
        "has_commitments": bool(commitments),
        "unreported": [c for c in commitments if c.status in REPORTABLE and not c.report_count],
        "returned": Realization.objects.filter(
            commitment__partner=organization, status=Realization.Status.RETURNED
        ).select_related("commitment"),
        "open_periods": periods,
        # Per open period: the pledges that must report in it, reported or not yet.
        "reporting": reporting.partner_obligations(organization, periods, today),
    }
    return render(request, "programs/workspace/dashboard_partner.html", context)


def _by_status(commitments):
    groups = {status: [] for status in STATUS_ORDER}
    for commitment in commitments:
        groups[commitment.status].append(commitment)
    return [(Status(status).label, status, rows) for status, rows in groups.items()]


def _staff_overview(request):
    """Staff: how many items wait in each review queue, with links to the admin lists."""

    def queue(label, model, admin_name, status):
        url = reverse(f"admin:{admin_name}_changelist") + f"?status__exact={status}"
        return {"label": label, "count": model.objects.filter(status=status).count(), "url": url}

    queues = [
        queue(_("Submitted opportunities"), Opportunity, "programs_opportunity", "submitted"),
        queue(_("Proposed commitments"), Commitment, "programs_commitment", "proposed"),
        queue(
            _("Reports confirmed by the agency, waiting for verification"),
            Realization,
            "programs_realization",
            "confirmed",
        ),
        queue(_("Pending memberships"), Membership, "companies_membership", "pending"),
    ]
    return render(request, "programs/workspace/dashboard_staff.html", {"queues": queues})


# --- pledging -----------------------------------------------------------------------------------


def _public_need(pk):
    """A public need with its ledger (what is pledged and still missing); private ones 404."""
    needs = (
        Opportunity.objects.public().with_ledger().select_related("theme", "agency", "kelurahan")
    )
    return get_object_or_404(needs, pk=pk)


@partner_required
def opportunity_pledge(request, pk):
    """Partner: pledge to an open need; a closed need says so, a private one is a 404."""
    opportunity = _public_need(pk)
    return _pledge(request, theme=opportunity.theme, opportunity=opportunity)


@partner_required
def pledge_create(request):
    """Partner: pledge to a theme (?theme=<slug>) or a need (?opportunity=<pk>)."""
    need = request.GET.get("opportunity")
    if need is not None:
        if not (need.isascii() and need.isdigit()):  # "²" is a digit, but no number
            raise Http404("Not a need.")
        opportunity = _public_need(int(need))
        return _pledge(request, theme=opportunity.theme, opportunity=opportunity)
    slug = request.GET.get("theme")
    if not slug:
        context = {
            "themes": Theme.objects.all(),
            "organization": request.organization,
            "org_query": _org_query(request),
        }
        return render(request, "programs/workspace/pledge_choose.html", context)
    if not slug_re.match(slug):  # a NUL character would not even reach a query on PostgreSQL
        raise Http404("Not a theme.")
    return _pledge(request, theme=get_object_or_404(Theme, slug=slug))


def _pledge_initial(theme, opportunity):
    today = timezone.localdate()
    if opportunity is None:
        return {"start_date": today}
    end = opportunity.needed_by if opportunity.needed_by and opportunity.needed_by > today else None
    return {
        "title": opportunity.title,
        "kind": opportunity.kind,
        "unit": opportunity.unit,
        "start_date": today,
        "end_date": end,
    }


def _pledge(request, *, theme, opportunity=None):
    organization = request.organization
    form = PledgeForm(
        _posted(request)[0],
        organization=organization,
        theme=theme,
        opportunity=opportunity,
        initial=_pledge_initial(theme, opportunity),
    )
    if request.method == "POST" and form.is_valid():
        try:
            commitment = services.commitment_propose(
                partner=organization, actor=request.user, **form.service_fields()
            )
        except (TransitionError, ValidationError) as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("Your pledge “%(title)s” was sent to Bappeda; it counts once approved.")
                % {"title": commitment.title},
            )
            return redirect("programs:dashboard")
    context = {
        "form": form,
        "organization": organization,
        "theme": theme,
        "need": opportunity,
        "also_active": also_active_here(opportunity, request.user),
    }
    return render(request, "programs/workspace/pledge_form.html", context)


# --- one pledge of the partner ------------------------------------------------------------------


@partner_required
def workspace_commitment(request, pk):
    """Partner: one of their pledges with every report, its status, notes and evidence."""
    commitment = get_object_or_404(_own_commitments(request), pk=pk)
    realizations = commitment.realizations.prefetch_related("evidence").order_by(
        "-date", "-created_at"
    )
    context = {
        "commitment": commitment,
        "realizations": realizations,
        "can_report": commitment.status in REPORTABLE,
        "can_cancel": commitment.status in CANCELLABLE,
        "also_active": also_active_here(commitment, request.user),
    }
    return render(request, "programs/workspace/commitment_detail.html", context)


@partner_required
def commitment_cancel(request, pk):
    """Partner: cancel one's own pledge before it is realised, saying why (asked first)."""
    commitment = get_object_or_404(_own_commitments(request), pk=pk)
    if commitment.status not in CANCELLABLE:
        messages.error(request, _("This pledge can no longer be cancelled."))
        return _detail(commitment)
    form = CancelForm(_posted(request)[0])
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_cancel(
                commitment=commitment, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The pledge was cancelled."))
        return _detail(commitment)
    context = {"commitment": commitment, "form": form}
    return render(request, "programs/workspace/commitment_cancel.html", context)


# --- realization reports ------------------------------------------------------------------------


def _report_saved(request, form, step) -> bool:
    """Run the workflow `step()` and store the evidence with it, all or nothing."""
    if not (request.method == "POST" and form.is_valid()):
        return False
    try:
        with transaction.atomic():
            realization = step()
            for upload in form.cleaned_data["evidence"]:
                Evidence.objects.create(
                    realization=realization,
                    file=upload,
                    content_type=upload.content_type,
                    uploaded_by=request.user,
                )
    except (TransitionError, ValidationError) as error:
        _form_error(form, error)
        return False
    return True


@partner_required
def realization_create(request, pk):
    """Partner: report what was delivered on an approved or running pledge, with evidence."""
    commitment = get_object_or_404(_own_commitments(request), pk=pk)
    if commitment.status not in REPORTABLE:
        messages.error(request, _("Only an approved or running pledge can be reported on."))
        return _detail(commitment)
    form = RealizationForm(*_posted(request), commitment=commitment)

    def submit():
        fields = form.report_fields()
        return services.realization_submit(commitment=commitment, actor=request.user, **fields)

    if _report_saved(request, form, submit):
        messages.success(request, _("Your report was sent to the receiving agency."))
        return _detail(commitment)
    context = {"commitment": commitment, "form": form}
    return render(request, "programs/workspace/realization_form.html", context)


REPORT_FIELDS = ["date", "value", "quantity", "beneficiaries", "narrative"]


@partner_required
def realization_resubmit(request, pk):
    """Partner: correct a report the agency returned, add evidence, and send it again."""
    reports = Realization.objects.filter(commitment__in=_own_commitments(request))
    realization = get_object_or_404(reports.select_related("commitment"), pk=pk)
    commitment = realization.commitment
    if realization.status != Realization.Status.RETURNED:
        messages.error(request, _("Only a report returned for correction can be changed."))
        return _detail(commitment)
    initial = model_to_dict(realization, fields=REPORT_FIELDS)
    form = RealizationForm(
        *_posted(request), commitment=commitment, resubmission=True, initial=initial
    )

    def resubmit():
        fields = form.report_fields()
        return services.realization_resubmit(realization=realization, actor=request.user, **fields)

    if _report_saved(request, form, resubmit):
        messages.success(request, _("Your corrected report was sent again."))
        return _detail(commitment)
    context = {"commitment": commitment, "realization": realization, "form": form}
    return render(request, "programs/workspace/realization_form.html", context)
