from django.shortcuts import get_object_or_404, render

from .models import Commitment, Opportunity, Theme


def theme_list(request):
    """Public: the collaboration themes."""
    return render(request, "programs/theme_list.html", {"themes": Theme.objects.all()})


def theme_detail(request, slug):
    """Public: one theme."""
    theme = get_object_or_404(Theme, slug=slug)
    return render(request, "programs/theme_detail.html", {"theme": theme})


def opportunity_list(request):
    """Public: needs of regional agencies."""
    opportunities = Opportunity.objects.public()[:50]
    return render(request, "programs/opportunity_list.html", {"opportunities": opportunities})


def opportunity_detail(request, pk):
    """Public: one need."""
    opportunity = get_object_or_404(Opportunity.objects.public(), pk=pk)
    return render(request, "programs/opportunity_detail.html", {"opportunity": opportunity})


def commitment_list(request):
    """Public: approved and realised pledges."""
    commitments = Commitment.objects.public()[:50]
    return render(request, "programs/commitment_list.html", {"commitments": commitments})


def commitment_detail(request, pk):
    """Public: one pledge."""
    commitment = get_object_or_404(Commitment.objects.public(), pk=pk)
    return render(request, "programs/commitment_detail.html", {"commitment": commitment})


def statistics(request):
    """Public: pledged and realised value by theme, year, kecamatan and partner kind; the gap."""
    from .statistics import statistics_figures

    return render(request, "programs/statistics.html", {"figures": statistics_figures()})
