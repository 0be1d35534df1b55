import django_filters
from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from depok_csr.widgets import FastSelect, FastTextInput
from regions.models import Kecamatan

from .models import Organization, Sector
from .selectors import organizations_in_theme


def _themes(request):
    # Themes live in programs, above companies: looked up by name, not imported.
    return apps.get_model("programs.Theme").objects.all()


class OrganizationFilter(django_filters.FilterSet):
    """The partnership directory's filters; a bad value leaves that field unfiltered."""

    # Each ends with the id, so a row's place is the same on every page (models.py's indexes
    # read the first three in this order; the largest pledges are summed, then sorted).
    SORTS = {
        "name": ("name", "pk"),
        "kind": ("kind", "name", "pk"),
        "newest": ("-created_at", "name", "pk"),
        "pledged": ("-pledged_total", "name", "pk"),
    }

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=FastTextInput(attrs={"type": "search"}),
        help_text=_("Name, short name or description."),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Works in theme"),
        widget=FastSelect,
        queryset=_themes,
        to_field_name="slug",
        empty_label=_("All themes"),
        method="in_theme",
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        widget=FastSelect,
        choices=Organization.Kind.choices,
        empty_label=_("All kinds"),
    )
    kecamatan = django_filters.ModelChoiceFilter(
        label=_("Kecamatan"),
        widget=FastSelect,
        queryset=Kecamatan.objects.all(),
        to_field_name="slug",
        empty_label=_("All kecamatan"),
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        widget=FastSelect,
        queryset=Sector.objects.all(),
        to_field_name="slug",
        empty_label=_("All sectors"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        widget=FastSelect,
        choices=[
            ("name", _("Name")),
            ("kind", _("Kind")),
            ("newest", _("Newest")),
            ("pledged", _("Largest pledges")),
        ],
        empty_label=None,
        method="sort_by",
    )

    class Meta:
        model = Organization
        fields = ["q", "theme", "kind", "kecamatan", "sector", "sort"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(short_name__icontains=value)
            | Q(description__icontains=value)
        )

    def in_theme(self, queryset, name, value):
        return organizations_in_theme(queryset, value)

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*self.SORTS[value])


class AgencyContactFilter(django_filters.FilterSet):
    """The agency contact directory: an agency's name, or the themes it has public needs in."""

    q = django_filters.CharFilter(
        label=_("Agency"),
        method="search",
        widget=FastTextInput(attrs={"type": "search"}),
        help_text=_("Name or short name of the agency."),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Has needs in theme"),
        queryset=_themes,
        to_field_name="slug",
        empty_label=_("All themes"),
        method="in_theme",
    )

    class Meta:
        model = Organization
        fields = ["q", "theme"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value))

    def in_theme(self, queryset, name, value):
        return organizations_in_theme(queryset, value)
