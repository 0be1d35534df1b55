from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Event


class EventSitemap(Sitemap):
    """Public: every published event."""

    def items(self):
        return Event.objects.published().only("slug", "updated_at").order_by("pk")

    def location(self, item):
        return reverse("events:event_detail", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at
