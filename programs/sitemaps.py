from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Commitment, Opportunity, Theme


class ThemeSitemap(Sitemap):
    """Public: every collaboration theme's page."""

    def items(self):
        return Theme.objects.only("slug").order_by("number")

    def location(self, item):
        return reverse("programs:theme_detail", args=[item.slug])


class OpportunitySitemap(Sitemap):
    """Public: every need the public may see (published, fully committed or completed)."""

    def items(self):
        return Opportunity.objects.public().only("pk", "updated_at").order_by("pk")

    def location(self, item):
        return reverse("programs:opportunity_detail", args=[item.pk])

    def lastmod(self, item):
        return item.updated_at


class CommitmentSitemap(Sitemap):
    """Public: every pledge Bappeda approved that still stands."""

    def items(self):
        return Commitment.objects.public().only("pk", "updated_at").order_by("pk")

    def location(self, item):
        return reverse("programs:commitment_detail", args=[item.pk])

    def lastmod(self, item):
        return item.updated_at
