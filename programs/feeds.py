from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Opportunity


class OpportunityFeed(Feed):
    """Public: newly published needs, as Atom."""

    feed_type = Atom1Feed
    title = _("New opportunities on the Depok CSR Portal")
    link = reverse_lazy("programs:opportunity_list")

    def items(self):
        return Opportunity.objects.public().order_by("-published_at")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return reverse_lazy("programs:opportunity_detail", args=[item.pk])
