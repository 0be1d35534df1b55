from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Organization


class OrganizationSitemap(Sitemap):
    """Public: the profile of every active organisation."""

    def items(self):
        return Organization.objects.active().only("slug", "updated_at").order_by("pk")

    def location(self, item):
        return reverse("companies:organization_detail", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at
