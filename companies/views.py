from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from depok_csr.pagination import DeferredJoinPaginator

from .decorators import member_of, sees_contact_details
from .filters import AgencyContactFilter, OrganizationFilter
from .forms import ContactFormSetHelper, ContactPersonFormSet, OrganizationProfileForm
from .models import ContactPerson, Organization
from .selectors import directory_organizations, organization_profile_sections, profile_organizations

PAGE_SIZE = 25


def organization_list(request):
    """Public: the partnership directory, filtered, sorted and paginated."""
    organizations = directory_organizations()
    filterset = OrganizationFilter(request.GET, queryset=organizations, request=request)
    paginator = DeferredJoinPaginator(filterset.qs, PAGE_SIZE, rows=organizations)
    page_obj = paginator.get_page(request.GET.get("page"))
    _label_rows(page_obj)
    context = {"filterset": filterset, "page_obj": page_obj}
    return render(request, "companies/organization_list.html", context)


def _label_rows(organizations):
    """Give each listed organisation its profile link, kind label and sector-or-type label.

    Done once a page in Python rather than per row in the template: one `reverse()` for the
    page and each choice label translated once (the template's `{% url %}` and
    `get_*_display` per row were most of the rows' cost).
    """
    # Slugs need no quoting: the profile's address is the prefix, the slug and a slash.
    prefix = reverse("companies:organization_detail", args=["x"])[: -len("x/")]
    kinds = {value: str(label) for value, label in Organization.Kind.choices}
    agency_types = {value: str(label) for value, label in Organization.AgencyType.choices}
    legal_forms = {value: str(label) for value, label in Organization.LegalForm.choices}
    for organization in organizations:
        organization.profile_url = f"{prefix}{organization.slug}/"
        organization.kind_label = kinds.get(organization.kind, organization.kind)
        if organization.sector:
            organization.type_label = organization.sector.localized_name
        elif organization.agency_type:
            organization.type_label = agency_types.get(
                organization.agency_type, organization.agency_type
            )
        elif organization.legal_form:
            organization.type_label = legal_forms.get(
                organization.legal_form, organization.legal_form
            )
        else:
            organization.type_label = "–"


def organization_list_csv(request):
    """Public: the directory's former CSV address: the organisations dataset, same filters (301)."""
    url = reverse("opendata:download", args=["organizations", "csv"])
    return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url, permanent=True)


def organization_detail(request, slug):
    """Public: an organisation's profile with its public pledges, needs, work and events."""
    organization = get_object_or_404(profile_organizations(), slug=slug)
    sections = organization_profile_sections(organization)
    if "received" in sections:
        # An agency can receive hundreds of pledges: a page of them at a time, newest first.
        received = sections["received"].order_by("-start_date", "-created_at", "-pk")
        sections["received"] = Paginator(received, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"organization": organization, **sections}
    return render(request, "companies/organization_detail.html", context)


# --- signed-in pages --------------------------------------------------------------------------


@login_required
def organization_edit(request, slug):
    """Partner or agency officer: edit your own organisation's public profile and contacts."""
    organization = get_object_or_404(member_of(request.user), slug=slug)
    form = OrganizationProfileForm(
        request.POST or None, request.FILES or None, instance=organization, prefix="profile"
    )
    contacts = ContactPersonFormSet(request.POST or None, instance=organization, prefix="contacts")
    if request.method == "POST" and all([form.is_valid(), contacts.is_valid()]):
        with transaction.atomic():
            form.save()
            contacts.save()
        messages.success(request, _("The profile and contact persons are saved."))
        return redirect("companies:organization_edit", slug=organization.slug)
    context = {
        "organization": organization,
        "form": form,
        "contacts": contacts,
        "contact_helper": ContactFormSetHelper(),
    }
    return render(request, "companies/workspace/organization_edit.html", context)


@login_required
def agency_contacts(request):
    """Signed in: every agency's contacts; phones and emails for trusted members and staff."""
    details = sees_contact_details(request.user)
    filterset = AgencyContactFilter(
        request.GET, queryset=_agencies_with_contacts(details), request=request
    )
    page_obj = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filterset": filterset, "page_obj": page_obj, "details": details}
    return render(request, "companies/workspace/agency_contacts.html", context)


def _agencies_with_contacts(details: bool):
    """Active agencies by name with their contacts; without `details`, public names only."""
    contacts = ContactPerson.objects.order_by("order", "name")
    agency_fields = ["kind", "name", "short_name", "slug", "agency_type"]
    if details:
        agency_fields += ["address", "phone", "email"]
    else:
        contacts = contacts.filter(is_public=True).only("organization", "name", "position")
    return (
        Organization.objects.active()
        .agencies()
        .only(*agency_fields)
        .prefetch_related(Prefetch("contacts", queryset=contacts))
        .order_by("name")
    )
