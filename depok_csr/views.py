from django.shortcuts import render

from events.models import Event
from programs import ledger
from programs.models import current_year
from programs.statistics import (
    headline_figures,
    newest_open_opportunities,
    themes_with_open_counts,
)

from . import pagecache


def home(request):
    """Public: the partnership at a glance: figures, themes, newest open needs, next event."""
    totals = ledger.summary()  # asks whether the kept sums are current once for both
    context = {
        "figures": pagecache.figures(
            "home", lambda: headline_figures(year=current_year(), totals=totals)
        ),
        "themes": themes_with_open_counts(totals),
        "opportunities": newest_open_opportunities(limit=5),
        "next_event": Event.objects.upcoming().first(),
    }
    return render(request, "home.html", context)
