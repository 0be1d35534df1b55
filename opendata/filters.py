"""Filters of the datasets without a list page of their own, like the pages' filters."""

import django_filters
from django.utils.translation import gettext_lazy as _

from companies.models import Organization
from programs.models import Theme
from regions.models import Kecamatan


class RealizationFilter(django_filters.FilterSet):
    """Verified reports by their pledge's theme, kecamatan and partner kind, and by year."""

    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="commitment__theme",
        queryset=Theme.objects.all(),
        to_field_name="slug",
    )
    kecamatan = django_filters.ModelChoiceFilter(
        label=_("Kecamatan"),
        field_name="commitment__kecamatan",
        queryset=Kecamatan.objects.all(),
        to_field_name="slug",
    )
    partner_kind = django_filters.ChoiceFilter(
        label=_("Partner kind"),
        field_name="commitment__partner__kind",
        choices=[c for c in Organization.Kind.choices if c[0] in Organization.PARTNER_KINDS],
    )
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="date", lookup_expr="year", min_value=1900, max_value=9999
    )


class EventFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="date", lookup_expr="year", min_value=1900, max_value=9999
    )
