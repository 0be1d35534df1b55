"""
Filters of the public lists of needs and pledges.

Themes, agencies and kecamatan are chosen by slug and kelurahan by their Kemendagri code, so a
filtered link means the same thing on every copy of the portal's database. A bad value leaves
that field unfiltered and shows its error.
"""

import re

import django_filters
from django.db import connection
from django.db.models import F, Lookup, Q, Subquery
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField, ModelChoiceIterator

from companies.models import Organization
from depok_csr.widgets import FastNumberInput, FastSelect, FastTextInput
from regions.models import Kecamatan, Kelurahan

from .models import Commitment, Opportunity, Theme


class _AnyOf(Lookup):
    """`column = ANY(ARRAY(subquery))`, PostgreSQL only.

    Where `IN (subquery)` or a join cannot be ORed with the other columns' conditions on an
    index, this can: the subquery runs once, its ids are looked up in the column's index and the
    rows joined to the other indexes' (a BitmapOr).
    """

    lookup_name = "any_of"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


# Three letters or digits in a row: a trigram, what the search indexes need to narrow anything
# (migrations 0012 and companies' 0007). Shorter words ('%ab%') would read every row of the
# index; for them PostgreSQL reads the table, and the plain join is cheaper there than
# comparing each row with an array of ids.
_TRIGRAM = re.compile(r"[^\W_]{3}")


def _related_match(model, relation, column, word):
    """`word` in the `column` of the row `relation` points to, said as "`relation` is one of
    the rows with `word` in `column`" (the partner's name: one of the matching partners)."""
    related = model._meta.get_field(relation).related_model
    rows = related._base_manager.filter(**{f"{column}__icontains": word}).order_by().values("pk")
    return Q(_AnyOf(F(relation), Subquery(rows)))


def _text_search(fields):
    """A filter method matching the words of `value` in any of `fields` (every word must match).

    A related model's column (`partner__name`) is searched on PostgreSQL as "the id is one of
    the related rows that match", so each table's trigram index serves its own column and the
    search no longer reads every row (360 → ~20 ms at 100,000 pledges); the rows are the same.
    """

    def search(queryset, name, value):
        indexed = connection.vendor == "postgresql"
        for word in value.split():
            match = Q()
            for field in fields:
                relation, _, column = field.partition("__")
                if column and indexed and _TRIGRAM.search(word):
                    match |= _related_match(queryset.model, relation, column, word)
                else:
                    match |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(match)
        return queryset

    return search


def _sorting(orders):
    """A filter method ordering by the whitelisted `orders[value]`."""

    def sort(queryset, name, value):
        return queryset.order_by(*orders[value])

    return sort


# Largest first; the primary key breaks ties so pages never repeat or skip a row.
OPPORTUNITY_ORDERS = {
    "newest": (F("published_at").desc(nulls_last=True), "-pk"),
    "budget": ("-budget", "-pk"),
    "gap": ("-gap_value", "-pk"),
}

COMMITMENT_ORDERS = {
    "newest": ("-start_date", "-pk"),
    "value": ("-value", "-pk"),
    "partner": ("partner__name", "-pk"),
}


# The first day of the year of `years.day`, per database.
_YEAR_START = {
    "postgresql": "date_trunc('year', years.day)",
    "sqlite": "date(years.day, 'start of year')",
}


def _years_with_public_pledges():
    """The years in which a public pledge starts, newest first.

    Walked down from the newest start date, one probe of the public pledges' start-date index
    per year (0.3 ms at 100,000 pledges), where `SELECT DISTINCT` of every public pledge's year
    read them all (20 ms).
    """
    public = Commitment.objects.public()
    year_start = _YEAR_START.get(connection.vendor)
    if year_start is None:
        return [(day.year, day.year) for day in public.dates("start_date", "year", order="DESC")]
    table = Commitment._meta.db_table
    statuses = [str(status) for status in Commitment.COUNTED_STATUSES]
    marks = ", ".join(["%s"] * len(statuses))
    sql = f"""
        WITH RECURSIVE years(day) AS (
            SELECT MAX(start_date) FROM {table} WHERE status IN ({marks})
            UNION ALL
            SELECT (
                SELECT MAX(c.start_date) FROM {table} c
                WHERE c.status IN ({marks}) AND c.start_date < {year_start}
            ) FROM years WHERE years.day IS NOT NULL
        )
        SELECT day FROM years WHERE day IS NOT NULL
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, statuses + statuses)
        years = [int(str(day)[:4]) for (day,) in cursor.fetchall()]
    return [(year, year) for year in years]


class _RowChoiceIterator(ModelChoiceIterator):
    # Options read as rows of values: a model instance per option cost ~2 ms a page for the
    # 439 agencies at 5,000 organisations, and ~0.6 ms for the 63 kelurahan with their kecamatan.
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        label = self.field.label_format.format
        for key, *parts in self.queryset.values_list(
            self.field.to_field_name, *self.field.label_fields
        ):
            yield key, label(*parts)


class _RowChoiceField(ModelChoiceField):
    iterator = _RowChoiceIterator

    def __init__(self, *args, label_fields, label_format="{}", **kwargs):
        self.label_fields = label_fields
        self.label_format = label_format
        super().__init__(*args, **kwargs)


class _RowChoiceFilter(django_filters.ModelChoiceFilter):
    """A model choice whose options are `label_format` filled with the row's `label_fields`:
    they must read as the model's str(), what Django's own model choice would show."""

    field_class = _RowChoiceField


class OpportunityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        widget=FastTextInput(attrs={"type": "search"}),
        method=_text_search(["title", "description"]),
        help_text=_("Words in the title or description."),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        widget=FastSelect,
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label=_("All themes"),
    )
    agency = _RowChoiceFilter(
        label=_("Regional agency"),
        widget=FastSelect,
        queryset=Organization.objects.active().agencies().only("pk", "name", "slug"),
        to_field_name="slug",
        label_fields=["name"],
        empty_label=_("All agencies"),
    )
    kecamatan = django_filters.ModelChoiceFilter(
        label=_("Kecamatan"),
        widget=FastSelect,
        queryset=Kecamatan.objects.all(),
        to_field_name="slug",
        empty_label=_("All kecamatan"),
    )
    kelurahan = _RowChoiceFilter(
        label=_("Kelurahan"),
        widget=FastSelect,
        # Names repeat across kecamatan (two Curug): the code is the key, the label says where.
        queryset=Kelurahan.objects.select_related("kecamatan"),
        to_field_name="code",
        label_fields=["name", "kecamatan__name"],
        label_format="{} ({})",
        empty_label=_("All kelurahan"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        widget=FastSelect,
        choices=[
            (value, label)
            for value, label in Opportunity.Status.choices
            if value in Opportunity.PUBLIC_STATUSES
        ],
        empty_label=_("All statuses"),
    )
    budget_min = django_filters.NumberFilter(
        label=_("Budget from (Rp)"),
        widget=FastNumberInput,
        field_name="budget",
        lookup_expr="gte",
        min_value=0,
    )
    budget_max = django_filters.NumberFilter(
        label=_("Budget up to (Rp)"),
        widget=FastNumberInput,
        field_name="budget",
        lookup_expr="lte",
        min_value=0,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        widget=FastSelect,
        choices=[
            ("newest", _("Newest")),
            ("budget", _("Largest budget")),
            ("gap", _("Most still missing")),
        ],
        empty_label=None,
        method=_sorting(OPPORTUNITY_ORDERS),
    )

    class Meta:
        model = Opportunity
        fields = []


class CommitmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        widget=FastTextInput(attrs={"type": "search"}),
        method=_text_search(["title", "description", "partner__name"]),
        help_text=_("Words in the title, description or partner's name."),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        widget=FastSelect,
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label=_("All themes"),
    )
    partner_kind = django_filters.ChoiceFilter(
        label=_("Partner kind"),
        widget=FastSelect,
        field_name="partner__kind",
        choices=[
            (value, label)
            for value, label in Organization.Kind.choices
            if value in Organization.PARTNER_KINDS
        ],
        empty_label=_("All kinds"),
    )
    kecamatan = django_filters.ModelChoiceFilter(
        label=_("Kecamatan"),
        widget=FastSelect,
        queryset=Kecamatan.objects.all(),
        to_field_name="slug",
        empty_label=_("All kecamatan"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        widget=FastSelect,
        field_name="start_date",
        lookup_expr="year",
        choices=_years_with_public_pledges,
        empty_label=_("All years"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        widget=FastSelect,
        choices=[
            (value, label)
            for value, label in Commitment.Status.choices
            if value in Commitment.COUNTED_STATUSES
        ],
        empty_label=_("All statuses"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        widget=FastSelect,
        choices=[
            ("newest", _("Newest")),
            ("value", _("Largest value")),
            ("partner", _("Partner name")),
        ],
        empty_label=None,
        method=_sorting(COMMITMENT_ORDERS),
    )

    class Meta:
        model = Commitment
        fields = []
