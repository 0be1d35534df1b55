from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from depok_csr.downloads import csv_download

from .filters import OrganizationFilter
from .selectors import directory_organizations, organization_profile_sections, profile_organizations

PAGE_SIZE = 25


def organization_list(request):
    """Public: the partnership directory, filtered, sorted and paginated."""
    filterset = OrganizationFilter(request.GET, queryset=directory_organizations(), request=request)
    page_obj = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filterset": filterset, "page_obj": page_obj}
    return render(request, "companies/organization_list.html", context)


def organization_list_csv(request):
    """Public: the directory as filtered on the page, as CSV; public fields only."""
    filterset = OrganizationFilter(request.GET, queryset=directory_organizations(), request=request)
    rows = (_csv_row(request, org) for org in filterset.qs.iterator(chunk_size=500))
    return csv_download("direktori-kemitraan.csv", _csv_header(), rows)


def _csv_header():
    return [
        _("Name"), _("Short name"), _("Kind"), _("Sector"), _("Legal form"), _("Agency type"),
        _("Kecamatan"), _("Address"), _("Website"), _("Pledged (Rp)"), _("Profile"),
    ]  # fmt: skip


def _csv_row(request, org):
    # No phone or email: the download holds what the public pages show, nothing more.
    return [
        org.name,
        org.short_name,
        org.get_kind_display(),
        org.sector.localized_name if org.sector else "",
        org.get_legal_form_display(),
        org.get_agency_type_display(),
        org.kecamatan.name if org.kecamatan else "",
        org.address,
        org.website,
        org.pledged_total if org.is_partner else "",
        request.build_absolute_uri(reverse("companies:organization_detail", args=[org.slug])),
    ]


def organization_detail(request, slug):
    """Public: an organisation's profile with its public pledges, needs, work and events."""
    organization = get_object_or_404(profile_organizations(), slug=slug)
    context = {"organization": organization, **organization_profile_sections(organization)}
    return render(request, "companies/organization_detail.html", context)
