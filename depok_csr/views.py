from django.shortcuts import render

from companies.models import Organization
from programs.models import Opportunity, Theme


def home(request):
    """Public: the portal's front page with the partnership at a glance."""
    context = {
        "partner_count": Organization.objects.active().partners().count(),
        "agency_count": Organization.objects.active().agencies().count(),
        "open_count": Opportunity.objects.open().count(),
        "themes": Theme.objects.all(),
    }
    return render(request, "home.html", context)


def open_data(request):
    """Public: what the portal publishes as open data, and where it comes from."""
    return render(request, "open_data.html")
