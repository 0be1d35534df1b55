"""
Rows of the public tables of needs and pledges, with their links and labels set once a table.

A `{% url %}`, a `get_status_display`, a `|date` and an `{% include %}` per row were most of what
a 25-row table cost to render (~4 ms of the pledge list at 100,000 pledges). These filters give
each row what its cells show in one pass: `{% for row in commitments|commitment_rows:"partner" %}`.
The rows' themes must be fetched with them (`select_related`), as the public lists do.
"""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils import numberformat
from django.utils.formats import date_format, get_format

from programs.models import Commitment, Opportunity

register = template.Library()


def _intcomma():
    """humanize's `intcomma` for whole numbers, with the language's separators looked up once."""
    decimal, grouping = get_format("DECIMAL_SEPARATOR"), get_format("NUMBER_GROUPING")
    thousands = get_format("THOUSAND_SEPARATOR")

    def grouped(value):
        if not isinstance(value, int):
            return intcomma(value)
        return numberformat.format(
            value, decimal, grouping=grouping, thousand_sep=thousands, force_grouping=True
        )

    return grouped


def _url_prefix(name):
    # Primary keys and slugs need no quoting: an address is the prefix, the key and a slash.
    return reverse(name, args=["0"])[: -len("0/")]


@register.filter
def opportunity_rows(opportunities):
    """Needs with their `detail_url`, `theme_url`, `status_label` and, for a need counted in
    units, `quantity_text`, `pledged_quantity_text` and `gap_quantity_text` (how far from the
    quantity, either way) as `|intcomma` writes them."""
    rows = list(opportunities)
    detail = _url_prefix("programs:opportunity_detail")
    theme = _url_prefix("programs:theme_detail")
    statuses = {value: str(label) for value, label in Opportunity.Status.choices}
    grouped = _intcomma()
    for row in rows:
        row.detail_url = f"{detail}{row.pk}/"
        row.theme_url = f"{theme}{row.theme.slug}/"
        row.status_label = statuses.get(row.status, row.status)
        if row.quantity:
            row.quantity_text = grouped(row.quantity)
            row.pledged_quantity_text = grouped(row.pledged_quantity)
            row.gap_quantity_text = grouped(abs(row.gap_quantity))
    return rows


@register.filter
def commitment_rows(commitments, columns=""):
    """Pledges with their `detail_url`, `theme_url`, `status_label`, `quantity_text` (as
    `|intcomma` writes it) and what `columns` names:
    "period" (`period`, as "Mar 2026 – Feb 2027"), "partner" or "agency" (`partner_url` or
    `agency_url`: the profile's address, empty for an organisation without a public profile)."""
    rows = list(commitments)
    columns = set(columns.split())
    detail = _url_prefix("programs:commitment_detail")
    theme = _url_prefix("programs:theme_detail")
    profile = _url_prefix("companies:organization_detail")
    statuses = {value: str(label) for value, label in Commitment.Status.choices}
    months = {}  # each month's "Mar 2026" formatted once a table
    grouped = _intcomma()

    def month(day):
        key = (day.year, day.month)
        if key not in months:
            months[key] = date_format(day, "M Y")
        return months[key]

    def profile_url(organization):
        # Inactive organisations have no public profile.
        if organization is None or not organization.is_active:
            return ""
        return f"{profile}{organization.slug}/"

    for row in rows:
        row.detail_url = f"{detail}{row.pk}/"
        row.theme_url = f"{theme}{row.theme.slug}/"
        row.status_label = statuses.get(row.status, row.status)
        if row.quantity:
            row.quantity_text = grouped(row.quantity)
        if "period" in columns:
            row.period = f"{month(row.start_date)} – {month(row.end_date)}"
        if "partner" in columns:
            row.partner_url = profile_url(row.partner)
        if "agency" in columns:
            row.agency_url = profile_url(row.agency)
    return rows


@register.filter
def realization_rows(realizations):
    """Verified reports with their pledge's `commitment_url`."""
    rows = list(realizations)
    detail = _url_prefix("programs:commitment_detail")
    for row in rows:
        row.commitment_url = f"{detail}{row.commitment_id}/"
    return rows
