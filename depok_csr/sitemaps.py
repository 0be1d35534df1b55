"""
The sitemap of the public portal: its fixed pages and every public profile, theme, need,
pledge and event.

One sitemap file, not an index: the protocol allows 50,000 addresses per file and a city's
partnership stays far below that (Depok has about 150 organisations and a few hundred needs and
pledges a year). Absolute addresses use the host and scheme of the request.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from companies.sitemaps import OrganizationSitemap
from events.sitemaps import EventSitemap
from programs.sitemaps import CommitmentSitemap, OpportunitySitemap, ThemeSitemap


class StaticPageSitemap(Sitemap):
    """Public: the home page, the lists, the statistics, the gap map and the open data page."""

    def items(self):
        return [
            "home",
            "companies:organization_list",
            "programs:theme_list",
            "programs:opportunity_list",
            "programs:commitment_list",
            "programs:statistics",
            "programs:gap_map",
            "events:event_list",
            "open_data",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": StaticPageSitemap,
    "organizations": OrganizationSitemap,
    "themes": ThemeSitemap,
    "opportunities": OpportunitySitemap,
    "commitments": CommitmentSitemap,
    "events": EventSitemap,
}
