from django.shortcuts import get_object_or_404, render

from .models import Event


def event_list(request):
    """Public: past and coming events."""
    return render(request, "events/event_list.html", {"events": Event.objects.published()})


def event_detail(request, slug):
    """Public: one event with its attendance."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    return render(request, "events/event_detail.html", {"event": event})
