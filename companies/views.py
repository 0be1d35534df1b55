from django.shortcuts import get_object_or_404, render

from .models import Organization


def organization_list(request):
    """Public: the partnership directory."""
    organizations = Organization.objects.active()[:50]
    return render(request, "companies/organization_list.html", {"organizations": organizations})


def organization_detail(request, slug):
    """Public: an organisation's profile."""
    organization = get_object_or_404(Organization.objects.active(), slug=slug)
    return render(request, "companies/organization_detail.html", {"organization": organization})
