import mimetypes
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import cache_control

from companies.decorators import member_of
from companies.models import Organization
from depok_csr import pagecache
from depok_csr.pagination import DeferredJoinPaginator

from . import ledger, selectors
from .filters import CommitmentFilter, OpportunityFilter
from .models import Theme

PER_PAGE = 25
# How many of a theme's needs and pledges its page lists before linking to the full list.
THEME_PAGE_ROWS = 10
# Evidence is served inline only as what it claims to be, and only for these kinds.
INLINE_EVIDENCE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf"}
# A handover scan's type, read from its first bytes: its stored name proves nothing.
FILE_SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}


def _filtered_page(request, filterset, *, rows, count=None):
    paginator = DeferredJoinPaginator(filterset.qs, PER_PAGE, rows=rows)
    if count is not None:
        paginator.count = count  # already counted with the list's totals: no second query
    return paginator.get_page(request.GET.get("page"))


def _wants_csv(request):
    return request.GET.get("format") == "csv"


def _open_dataset_csv(request, dataset):
    """The list's former `?format=csv` address: its open dataset's CSV, same filters (301)."""
    query = request.GET.copy()
    query.pop("format")
    url = reverse("opendata:download", args=[dataset, "csv"])
    return redirect(f"{url}?{query.urlencode()}" if query else url, permanent=True)


def _pledge_link(request, url):
    """Who may pledge from a public page: the partner a member acts for, or a sign-in link.

    A visitor costs no query; a signed-in user one (their partner organisation, if any).
    """
    if not request.user.is_authenticated:
        return {"sign_in_url": f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': url})}"}
    partner = member_of(request.user, kinds=Organization.PARTNER_KINDS).first()
    return {"pledging_partner": partner, "pledge_url": url}


def theme_list(request):
    """Public: the collaboration themes with their open needs and pledges."""
    return render(request, "programs/theme_list.html", {"themes": selectors.themes_with_counts()})


def theme_detail(request, slug):
    """Public: a theme's open needs, public pledges, realised value and funding gap."""
    theme = get_object_or_404(Theme, slug=slug)
    context = {
        "theme": theme,
        "ledger": selectors.theme_ledger(theme),
        "opportunities": selectors.public_opportunity_rows()
        .filter(theme=theme)
        .open()[:THEME_PAGE_ROWS],
        "commitments": selectors.public_commitment_rows().filter(theme=theme)[:THEME_PAGE_ROWS],
        **_pledge_link(request, reverse("programs:pledge_create") + f"?theme={theme.slug}"),
    }
    return render(request, "programs/theme_detail.html", context)


def opportunity_list(request):
    """Public: needs of regional agencies with their ledger; filters, sorting and pages."""
    if _wants_csv(request):
        return _open_dataset_csv(request, "opportunities")
    filterset = OpportunityFilter(request.GET, queryset=selectors.public_opportunities())
    rows = selectors.public_opportunity_rows()
    context = {"filterset": filterset, "page_obj": _filtered_page(request, filterset, rows=rows)}
    return render(request, "programs/opportunity_list.html", context)


def opportunity_detail(request, pk):
    """Public: a public need with its ledger, contributing partners and the agency's contact."""
    opportunity = get_object_or_404(selectors.public_opportunities(), pk=pk)
    context = {
        "opportunity": opportunity,
        "commitments": selectors.public_commitment_rows().filter(opportunity=opportunity),
        "contacts": selectors.public_contacts(opportunity.agency),
        **_pledge_link(request, reverse("programs:opportunity_pledge", args=[pk])),
    }
    return render(request, "programs/opportunity_detail.html", context)


def commitment_list(request):
    """Public: approved, running and realised pledges; filters, sorting and pages."""
    if _wants_csv(request):
        return _open_dataset_csv(request, "commitments")
    filterset = CommitmentFilter(request.GET, queryset=selectors.public_commitments())
    totals = _pledge_totals(filterset)
    context = {
        "filterset": filterset,
        "totals": totals,
        "page_obj": _filtered_page(
            request, filterset, rows=selectors.public_commitment_rows(), count=totals["count"]
        ),
    }
    return render(request, "programs/commitment_list.html", context)


# The pledge list's filters that are dimensions of the ledger's cells: with only these chosen,
# the count and total come from the kept sums instead of adding up every public pledge.
_CELL_FILTERS = {"theme", "kecamatan", "partner_kind", "year"}


def _pledge_totals(filterset) -> dict:
    """{"count", "value"} of the pledges the filters select."""
    pledges = filterset.qs  # validates the form: a refused value filters nothing, here too
    chosen = {
        name: value
        for name, value in filterset.form.cleaned_data.items()
        if value not in (None, "") and name != "sort"
    }
    if chosen.keys() <= _CELL_FILTERS:
        if "year" in chosen:
            chosen["year"] = int(chosen["year"])
        totals = ledger.summary().pledge_totals(**chosen)
        if totals is not None:
            return totals
    return pledges.aggregate(count=Count("pk"), value=Coalesce(Sum("value"), 0))


def commitment_detail(request, pk):
    """Public: a public pledge with its verified realization reports and their evidence."""
    commitment = get_object_or_404(selectors.public_commitments(), pk=pk)
    realizations = (
        selectors.public_realizations().filter(commitment=commitment).prefetch_related("evidence")
    )
    context = {"commitment": commitment, "realizations": realizations}
    return render(request, "programs/commitment_detail.html", context)


def evidence_file(request, pk):
    """Public: an evidence file of a verified report. Partner, agency officer, staff: also
    the unverified reports of their own pledges, of pledges to their agency, or all (staff);
    anything else is a 404."""
    evidence = get_object_or_404(selectors.evidence_visible_to(request.user), pk=pk)
    content_type = evidence.content_type or mimetypes.guess_type(evidence.file.name)[0]
    return _private_file(evidence.file, content_type, PurePath(evidence.file.name).name)


@login_required
@cache_control(private=True)
def handover_document(request, pk):
    """Partner, agency officer, staff: the scan of the handover record (BAST) of a report on
    one's own pledge, on a pledge to one's agency, or of any report (staff who verify them);
    a 404 for anyone else, and when no scan is attached."""
    reports = selectors.reports_open_to(request.user).exclude(bast_document="")
    report = get_object_or_404(reports, pk=pk)
    suffix = PurePath(report.bast_document.name).suffix
    return _private_file(report.bast_document, None, f"bast-{report.pk}{suffix}")


def _private_file(field_file, content_type, filename):
    """A file of the private storage: shown in the browser when its type is one that is safe
    there, else downloaded; without a given type, the type its first bytes show. A file
    missing from the storage is a 404."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    content_type = content_type or _type_by_content(handle)
    inline = content_type in INLINE_EVIDENCE_TYPES
    return FileResponse(
        handle,
        as_attachment=not inline,
        filename=filename,
        content_type=content_type if inline else "application/octet-stream",
    )


def _type_by_content(handle) -> str:
    head = handle.read(max(len(signature) for signature in FILE_SIGNATURES))
    handle.seek(0)
    return next((kind for sig, kind in FILE_SIGNATURES.items() if head.startswith(sig)), "")


def statistics(request):
    """Public: pledged and realised value by theme, year, kecamatan and partner kind; the gap."""
    from .statistics import statistics_figures

    def figures():
        drawn = statistics_figures()
        for figure in drawn:
            figure.svg  # noqa: B018 - drawn once, kept with the figures
        return drawn

    return render(
        request, "programs/statistics.html", {"figures": pagecache.figures("statistics", figures)}
    )


def gap_map(request):
    """Public: open needs, pledged, realised and still missing per kecamatan and kelurahan,
    on two maps and in tables."""
    from .gap import gap_page

    return render(request, "programs/gap_map.html", gap_page())
