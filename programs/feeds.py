from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from depok_csr.money import format_rupiah

from .models import Opportunity, Theme

FEED_ITEMS = 30


def newest_published():
    """Public needs in the order they were published, newest first."""
    return (
        Opportunity.objects.public()
        .filter(published_at__isnull=False)
        .select_related("theme", "agency")
        .order_by("-published_at", "-pk")
    )


class OpportunityFeed(Feed):
    """Public: newly published needs, as Atom, newest first."""

    feed_type = Atom1Feed
    author_name = "Bappeda Kota Depok"

    def title(self):
        return _("New opportunities on the Depok CSR Portal")

    def subtitle(self):
        return _(
            "Needs of Depok's regional agencies that companies and zakat institutions can fund."
        )

    def link(self):
        return reverse("programs:opportunity_list")

    def items(self):
        return newest_published()[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        summary = _("%(agency)s needs %(budget)s.") % {
            "agency": item.agency.name,
            "budget": format_rupiah(item.budget),
        }
        # Atom readers take the summary as HTML; the agency's text is plain text.
        return escape(f"{summary} {Truncator(item.description).words(60)}".strip())

    def item_link(self, item):
        return reverse("programs:opportunity_detail", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        # Atom requires <updated>; a need's entry is as new as its publication.
        return item.published_at

    def item_categories(self, item):
        return [item.theme.localized_short_name]


class ThemeOpportunityFeed(OpportunityFeed):
    """Public: newly published needs of one theme, as Atom."""

    def get_object(self, request, slug):
        return get_object_or_404(Theme, slug=slug)

    def title(self, theme):
        return _("New opportunities: %(theme)s") % {"theme": theme.localized_name}

    def link(self, theme):
        return reverse("programs:theme_detail", args=[theme.slug])

    def items(self, theme):
        return newest_published().filter(theme=theme)[:FEED_ITEMS]
