from django.shortcuts import render

from events.models import Event
from programs.models import current_year
from programs.statistics import (
    headline_figures,
    newest_open_opportunities,
    themes_with_open_counts,
)

from . import pagecache


def home(request):
    """Public: the partnership at a glance: figures, themes, newest open needs, next event."""
    context = {
        "figures": pagecache.figures("home", lambda: headline_figures(year=current_year())),
        "themes": themes_with_open_counts(),
        "opportunities": newest_open_opportunities(limit=5),
        "next_event": Event.objects.upcoming().first(),
    }
    return render(request, "home.html", context)
