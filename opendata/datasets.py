"""
The open datasets: for each, its public rows, the list page's filters and its documented fields.

This is the one definition behind the CSV, XLSX and JSON downloads, the API's items, the data
package's Table Schemas and the field table of the open-data page, so they cannot drift apart.
Field names are fixed English names that programs rely on; values are the stored values
("approved", not a translated label) and money is whole rupiah.

What is public stays defined by each app's QuerySet methods, reached through the selectors the
list pages use: a download holds exactly the rows its list page would show.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property
from operator import itemgetter
from typing import Any

import django_filters
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from companies.filters import OrganizationFilter
from companies.models import Organization
from companies.selectors import directory_organizations
from events.models import Event, Registration
from programs import selectors
from programs.filters import CommitmentFilter, OpportunityFilter
from programs.models import Commitment, ContributionKind, Opportunity, Theme
from programs.sdgs import sdg_mapping
from regions.models import Kecamatan

from .filters import EventFilter, RealizationFilter

# --- fields -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One column of a dataset: the database columns it is read from, and its documentation.

    Rows are read with `.values()`: plain dictionaries, several times faster to make than model
    instances, so a download of 100,000 rows stays quick.
    """

    name: str
    type: str  # a Table Schema type: integer, string, boolean, date or time
    description: Promise
    example: str
    columns: tuple[str, ...]  # lookups for .values(), such as "partner__name"
    get: Callable[[dict], Any]  # the value from a row holding those columns
    enum: tuple[str, ...] = ()
    required: bool = False
    minimum: int | None = None
    references: tuple[str, str] | None = None  # (dataset, field) this one points to
    money: bool = False  # whole rupiah


def _lookup(path):
    """`partner.name` → `partner__name`."""
    return path.replace(".", "__")


def _read(path, *, blank_is_none=False):
    """The columns and getter of one value; text stored as "" when unset reads as None."""
    key = _lookup(path)
    if blank_is_none:
        return (key,), lambda row: row[key] or None
    return (key,), itemgetter(key)


def _field(name, type_, description, example, path=None, *, read=None, **options):
    columns, get = read or _read(path or name, blank_is_none=type_ == "string")
    return Field(name, type_, description, example, columns, get, **options)


def _id(name, description, example, references=None, required=False, path=None):
    return _field(
        name, "integer", description, example, path,
        required=required, minimum=1, references=references,
    )  # fmt: skip


def _text(name, description, example, path=None, required=False, enum=(), references=None):
    return _field(
        name, "string", description, example, path,
        enum=tuple(enum), required=required, references=references,
    )  # fmt: skip


def _money(name, description, example, path=None, required=True, read=None):
    return _field(
        name, "integer", description, example, path,
        read=read, required=required, minimum=0, money=True,
    )  # fmt: skip


def _count(name, description, example, path=None, read=None):
    return _field(name, "integer", description, example, path, read=read, minimum=0)


def _date(name, description, example, path=None, read=None, required=False):
    return _field(name, "date", description, example, path, read=read, required=required)


def _time(name, description, example):
    """A local clock time without a zone, "08:00:00" in every format."""
    read = ((name,), lambda row: (t := row[name]) and f"{t:%H:%M:%S}")
    return _field(name, "time", description, example, read=read)


def _local_date(column):
    """The local date of a moment."""
    return (column,), lambda row: (moment := row[column]) and timezone.localdate(moment)


def _year(column):
    return (column,), lambda row: row[column].year


def _sdg_numbers():
    """The goals of the theme with this number, as "11,13,1" (programs/sdgs.py)."""

    def get(row):
        return ",".join(str(goal.number) for goal in sdg_mapping().get(row["number"], ())) or None

    return ("number",), get


def _for_quantity(column):
    """A quantity only needs and pledges of goods or services have; a cash one shows none."""
    return (column, "quantity"), lambda row: row[column] if row["quantity"] is not None else None


@cache
def _address_template(view_name, example):
    """The path of `view_name` split around its argument, reversed once instead of per row."""
    marker = 987654321 if isinstance(example, int) else "address-marker"
    return reverse(view_name, args=[marker]).split(str(marker))


def _url(view_name, description, path="pk", example=40):
    key = _lookup(path)

    def get(row):
        before, after = _address_template(view_name, example)
        return f"{before}{row[key]}{after}"

    return Field(
        "url",
        "string",
        description,
        format_lazy("https://…{}", reverse_lazy(view_name, args=[example])),
        (key,),
        get,
        required=True,
    )


def site_of(request):
    """Scheme and host of the request, to make a page's path an address: http://host."""
    return request.build_absolute_uri("/").removesuffix("/")


def _kecamatan_fields(path="kecamatan"):
    return (
        _text(
            "kecamatan_code",
            _("Kemendagri code of the kecamatan (district); empty when city-wide."),
            "32.76.01",
            path=f"{path}.code",
            references=("kecamatan", "code"),
        ),
        _text("kecamatan", _("Name of the kecamatan."), "Pancoran Mas", path=f"{path}.name"),
    )


def _kelurahan_fields(path="kelurahan"):
    return (
        _text(
            "kelurahan_code",
            _("Kemendagri code of the kelurahan (village), if the item is tied to one."),
            "32.76.01.1006",
            path=f"{path}.code",
        ),
        _text("kelurahan", _("Name of the kelurahan."), "Depok", path=f"{path}.name"),
    )


def _theme_fields(path="theme"):
    return (
        _id(
            "theme_id",
            _("Number of the collaboration theme in the themes dataset."),
            "6",
            references=("themes", "id"),
            required=True,
            path=f"{path}.id",
        ),
        _text(
            "theme",
            _("Short name of the theme (Indonesian)."),
            "Penanggulangan bencana",
            f"{path}.short_name",
        ),
    )


# --- datasets -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """A public list published as open data."""

    name: str
    title: Promise
    description: Promise
    queryset: Callable[[], Any]  # the public rows, in the order the list page shows them
    fields: tuple[Field, ...]
    filterset: type[django_filters.FilterSet] | None = None
    primary_key: str = "id"

    def rows(self, params=None, request=None):
        """The public rows narrowed by the list page's filters in `params` (bad values ignored)."""
        queryset = self.queryset()
        if self.filterset is not None and params is not None:
            queryset = self.filterset(params, queryset=queryset, request=request).qs
        return queryset

    def table(self, queryset):
        """`queryset` as dictionaries holding the columns the fields read."""
        return queryset.values(*self.columns)

    @cached_property
    def columns(self):
        return list(dict.fromkeys(column for field in self.fields for column in field.columns))

    @cached_property
    def field_names(self):
        return [field.name for field in self.fields]

    def values(self, row, site=""):
        """A row's values in field order; page addresses start with `site` (scheme and host)."""
        values = [field.get(row) for field in self.fields]
        return [
            site + v if f.name == "url" else v for f, v in zip(self.fields, values, strict=True)
        ]

    def record(self, row, site=""):
        return dict(zip(self.field_names, self.values(row, site), strict=True))

    @property
    def foreign_keys(self):
        return [field for field in self.fields if field.references]


def _opportunities():
    return selectors.public_opportunities().annotate(
        missing_value=Greatest("gap_value", Value(0)),
        missing_quantity=Greatest("gap_quantity", Value(0)),
    )


def _realizations():
    return selectors.public_realizations().order_by("-date", "-pk")


def _partners_pledges():
    # Agencies pledge nothing: their column stays empty rather than 0.
    kinds = set(Organization.PARTNER_KINDS)
    return (
        "pledged_total",
        "kind",
    ), lambda row: row["pledged_total"] if row["kind"] in kinds else None


def _public_need():
    # A pledge may outlive its need's publication: a need no longer public is not named.
    public = set(Opportunity.PUBLIC_STATUSES)
    columns = ("opportunity_id", "opportunity__status")
    return (
        columns,
        lambda row: row["opportunity_id"] if row["opportunity__status"] in public else None,
    )


def _participants(kind=None):
    """Organisations taking part in an event, counted from registrations that stand."""
    registrations = Registration.objects.active().filter(event=OuterRef("pk"))
    if kind:
        registrations = registrations.filter(organization__kind=kind)
    counted = (
        registrations.order_by()
        .values("event")
        .annotate(n=Count("organization", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted), Value(0))


def _events():
    kinds = Organization.Kind
    return Event.objects.published().annotate(
        participating_organizations=_participants(),
        participating_companies=_participants(kinds.COMPANY),
        participating_zakat_institutions=_participants(kinds.ZAKAT_INSTITUTION),
        participating_agencies=_participants(kinds.REGIONAL_AGENCY),
    )


ORGANIZATIONS = Dataset(
    name="organizations",
    title=_("Organisations"),
    description=_(
        "Companies, zakat institutions and regional agencies taking part in the partnership "
        "(active ones; archived organisations are not published)."
    ),
    queryset=directory_organizations,
    filterset=OrganizationFilter,
    fields=(
        _id("id", _("Number of the organisation on this portal."), "12", required=True),
        _text(
            "slug", _("Its name in the address of its profile page."), "pt-contoh", required=True
        ),
        _text("name", _("Full name."), "PT Bank Contoh Tbk", required=True),
        _text("short_name", _("Short name or abbreviation."), "Bank Contoh"),
        _text(
            "kind",
            _("Kind of organisation."),
            "company",
            required=True,
            enum=Organization.Kind.values,
        ),
        _text("sector", _("Business sector of a company (its slug)."), "perbankan", "sector.slug"),
        _text(
            "legal_form",
            _("Legal form of a company or zakat institution."),
            "pt_tbk",
            enum=Organization.LegalForm.values,
        ),
        _text(
            "agency_type",
            _("Type of a regional agency."),
            "dinas",
            enum=Organization.AgencyType.values,
        ),
        *_kecamatan_fields(),
        _text("address", _("Postal address."), "Jl. Margonda Raya No. 1"),
        _text("website", _("Website address."), "https://www.example.co.id"),
        _text("description", _("What the organisation does, in its own words."), "…"),
        _field(
            "is_verified",
            "boolean",
            _("Checked by Bappeda; only verified partners pledge."),
            "true",
            required=True,
        ),
        _field(
            "is_demo",
            "boolean",
            _("A fictional entry made for demonstration, not a real organisation."),
            "false",
            required=True,
        ),
        _money(
            "pledged",
            _(
                "Value of a partner's public commitments (approved, in progress or realised), "
                "in whole rupiah; empty for regional agencies."
            ),
            "250000000",
            required=False,
            read=_partners_pledges(),
        ),
        _url(
            "companies:organization_detail",
            _("Address of its profile page."),
            "slug",
            "pt-contoh",
        ),
    ),
)

OPPORTUNITIES = Dataset(
    name="opportunities",
    title=_("Opportunities with their ledger"),
    description=_(
        "Needs posted by regional agencies and published by Bappeda, with what they need, what "
        "is pledged (approved commitments), realised (verified reports) and still missing, in "
        "money and in quantity."
    ),
    queryset=_opportunities,
    filterset=OpportunityFilter,
    fields=(
        _id("id", _("Number of the need on this portal."), "40", required=True),
        _text("title", _("Title of the need."), "Perahu karet untuk banjir", required=True),
        _text("description", _("What is needed and why."), "…"),
        *_theme_fields(),
        _id(
            "agency_id",
            _("The regional agency that needs it (organisations dataset)."),
            "7",
            references=("organizations", "id"),
            required=True,
        ),
        _text("agency", _("Name of the regional agency."), "Dinas Sosial", "agency.name", True),
        *_kecamatan_fields(),
        *_kelurahan_fields(),
        _text(
            "kind",
            _("What is needed: money, goods or services."),
            "goods",
            required=True,
            enum=ContributionKind.values,
        ),
        _text(
            "status",
            _(
                "published: open for pledges; fully_committed: pledges cover it; "
                "completed: delivered."
            ),
            "published",
            required=True,
            enum=[str(status) for status in Opportunity.PUBLIC_STATUSES],
        ),
        _count("year", _("Budget year of the need."), "2026"),
        _money(
            "budget",
            _("Needed: estimated budget in whole rupiah (for goods, their value)."),
            "80000000",
        ),
        _count("quantity", _("Needed quantity of goods or services; empty for cash."), "4"),
        _text("unit", _("Unit of the quantities."), "unit"),
        _money(
            "pledged_value",
            _("Pledged: value of approved commitments, in whole rupiah."),
            "20000000",
        ),
        _count(
            "pledged_quantity",
            _("Pledged quantity."),
            "1",
            read=_for_quantity("pledged_quantity"),
        ),
        _money("realized_value", _("Realised: value of verified reports, in whole rupiah."), "0"),
        _count(
            "realized_quantity",
            _("Realised quantity."),
            "0",
            read=_for_quantity("realized_quantity"),
        ),
        _money(
            "missing_value",
            _("Still missing: budget minus pledged, in whole rupiah (0 when covered)."),
            "60000000",
        ),
        _count(
            "missing_quantity",
            _("Quantity still missing (0 when covered)."),
            "3",
            read=_for_quantity("missing_quantity"),
        ),
        _count("beneficiaries_target", _("How many people it should reach."), "120"),
        _date("needed_by", _("Date by which it is needed."), "2026-11-30"),
        _date(
            "published_on",
            _("Date Bappeda published it."),
            "2026-03-02",
            read=_local_date("published_at"),
        ),
        _url("programs:opportunity_detail", _("Address of its page.")),
    ),
)
COMMITMENTS = Dataset(
    name="commitments",
    title=_("Commitments"),
    description=_(
        "Pledges of companies and zakat institutions that Bappeda approved and that still "
        "stand: approved, in progress or realised."
    ),
    queryset=selectors.public_commitments,
    filterset=CommitmentFilter,
    fields=(
        _id("id", _("Number of the commitment on this portal."), "55", required=True),
        _text("title", _("Title of the commitment."), "Dua ambulans", required=True),
        _text("description", _("What is given."), "…"),
        _id(
            "partner_id",
            _("The pledging partner (organisations dataset)."),
            "12",
            references=("organizations", "id"),
            required=True,
        ),
        _text("partner", _("Name of the partner."), "PT Bank Contoh Tbk", "partner.name", True),
        _text(
            "partner_kind",
            _("Kind of the partner."),
            "company",
            "partner.kind",
            required=True,
            enum=[str(kind) for kind in Organization.PARTNER_KINDS],
        ),
        *_theme_fields(),
        _field(
            "opportunity_id",
            "integer",
            _("The need it funds (opportunities dataset); empty for a pledge to a theme."),
            "40",
            read=_public_need(),
            minimum=1,
            references=("opportunities", "id"),
        ),
        _id(
            "agency_id",
            _("The implementing regional agency (organisations dataset)."),
            "7",
            references=("organizations", "id"),
        ),
        _text("agency", _("Name of the implementing agency."), "Dinas Sosial", "agency.name"),
        *_kecamatan_fields(),
        *_kelurahan_fields(),
        _text(
            "kind",
            _("What is given: cash, goods or services."),
            "cash",
            required=True,
            enum=ContributionKind.values,
        ),
        _text(
            "status",
            _("approved, in_progress (being delivered) or realized (delivered)."),
            "approved",
            required=True,
            enum=[str(status) for status in Commitment.COUNTED_STATUSES],
        ),
        _money(
            "value",
            _("Value in whole rupiah (estimated for goods and services)."),
            "450000000",
        ),
        _count("quantity", _("Quantity of goods or services; empty for cash."), "2"),
        _text("unit", _("Unit of the quantity."), "unit"),
        _date("start_date", _("Start of the period."), "2026-01-01", required=True),
        _date("end_date", _("End of the period."), "2026-12-31", required=True),
        _count(
            "year",
            _("Year the period starts: the year the statistics count it in."),
            "2026",
            read=_year("start_date"),
        ),
        _url("programs:commitment_detail", _("Address of its page."), example=55),
    ),
)

REALIZATIONS = Dataset(
    name="realizations",
    title=_("Verified realizations"),
    description=_(
        "Reports of what was delivered on a public commitment, confirmed by the receiving "
        "agency (handover, BAST) and verified by Bappeda. Unverified reports are not published."
    ),
    queryset=_realizations,
    filterset=RealizationFilter,
    fields=(
        _id("id", _("Number of the report on this portal."), "81", required=True),
        _id(
            "commitment_id",
            _("The commitment reported on (commitments dataset)."),
            "55",
            references=("commitments", "id"),
            required=True,
        ),
        _id(
            "partner_id",
            _("The reporting partner (organisations dataset)."),
            "12",
            references=("organizations", "id"),
            required=True,
            path="commitment.partner.id",
        ),
        _text(
            "partner", _("Name of the partner."), "PT Bank Contoh Tbk", "commitment.partner.name"
        ),
        *_theme_fields("commitment.theme"),
        *_kecamatan_fields("commitment.kecamatan"),
        _date("date", _("Date of the delivery."), "2026-06-01", required=True),
        _count("year", _("Year of the delivery."), "2026", read=_year("date")),
        _money("value", _("Value realised, in whole rupiah."), "225000000"),
        _count("quantity", _("Quantity realised."), "1"),
        _text("unit", _("Unit of the quantity."), "unit", "commitment.unit"),
        _count("beneficiaries", _("People reached."), "300"),
        _text("bast_number", _("Number of the handover record (BAST)."), "BAST/001/2026"),
        _date("bast_date", _("Date of the handover record."), "2026-06-02"),
        _date(
            "verified_on",
            _("Date Bappeda verified it."),
            "2026-06-10",
            read=_local_date("verified_at"),
        ),
        _text("narrative", _("What was done, in the partner's words."), "…"),
        _url(
            "programs:commitment_detail",
            _("Address of the commitment's page."),
            "commitment_id",
            55,
        ),
    ),
)

EVENTS = Dataset(
    name="events",
    title=_("Events"),
    description=_(
        "Published gatherings and forums, with the organisations taking part counted from "
        "registrations that stand (never typed in)."
    ),
    queryset=_events,
    filterset=EventFilter,
    fields=(
        _id("id", _("Number of the event on this portal."), "2", required=True),
        _text(
            "slug", _("Its name in the address of its page."), "gathering-csr-2023", required=True
        ),
        _text("name", _("Name of the event."), "Gathering CSR dan Forum Kemitraan", required=True),
        _date("date", _("Date of the event."), "2023-11-20", required=True),
        _time("start_time", _("Start time (Western Indonesia Time)."), "08:00:00"),
        _time("end_time", _("End time (Western Indonesia Time)."), "13:00:00"),
        _text("venue", _("Venue."), "Hotel Savero, Margonda"),
        _text("city", _("City."), "Depok"),
        _text("organiser", _("Organiser."), "Bappeda Kota Depok"),
        _text("description", _("Programme."), "…"),
        _count("participating_organizations", _("Organisations taking part."), "149"),
        _count("participating_companies", _("Companies taking part."), "94"),
        _count("participating_zakat_institutions", _("Zakat institutions taking part."), "8"),
        _count("participating_agencies", _("Regional agencies taking part."), "47"),
        _url("events:event_detail", _("Address of its page."), "slug", "gathering-csr-2023"),
    ),
)

THEMES = Dataset(
    name="themes",
    title=_("Collaboration themes"),
    description=_("The themes the city offers partners for their CSR programmes."),
    queryset=lambda: Theme.objects.order_by("number"),
    fields=(
        _id(
            "id",
            _("Number of the theme on this portal (used by the other datasets)."),
            "6",
            required=True,
        ),
        _count("number", _("Its number in the city's list."), "6"),
        _text(
            "slug", _("Its name in addresses and filters."), "penanggulangan-bencana", required=True
        ),
        _text("name", _("Name (Indonesian)."), "Penanggulangan bencana", required=True),
        _text("name_en", _("Name (English)."), "Disaster management"),
        _text("short_name", _("Short name (Indonesian)."), "Penanggulangan bencana", required=True),
        _text("short_name_en", _("Short name (English)."), "Disaster management"),
        _text("description", _("What the theme covers."), "…"),
        _field(
            "sdg_numbers",
            "string",
            _(
                "Numbers of the UN Sustainable Development Goals (SDGs) the theme serves, "
                "separated by commas, most direct first; the portal's own mapping, not an "
                "official one."
            ),
            "11,13,1",
            read=_sdg_numbers(),
        ),
        _url("programs:theme_detail", _("Address of its page."), "slug", "penanggulangan-bencana"),
    ),
)

KECAMATAN = Dataset(
    name="kecamatan",
    title=_("Kecamatan"),
    description=_("The districts of the city, with their Kemendagri and BPS codes."),
    queryset=lambda: Kecamatan.objects.order_by("code"),
    fields=(
        _id("id", _("Number of the kecamatan on this portal."), "1", required=True),
        _text("code", _("Kemendagri code."), "32.76.06", required=True),
        _text("slug", _("Its name in filters."), "beji", required=True),
        _text("name", _("Name."), "Beji", required=True),
        _text("bps_code", _("BPS (Statistics Indonesia) code."), "3276050"),
    ),
)

DATASETS = {
    dataset.name: dataset
    for dataset in (
        ORGANIZATIONS,
        OPPORTUNITIES,
        COMMITMENTS,
        REALIZATIONS,
        EVENTS,
        THEMES,
        KECAMATAN,
    )
}
