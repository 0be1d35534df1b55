"""
Every list's filters, search boxes and page numbers, sent hostile, odd and repeated values.

Whatever is asked: never a server error, and nothing changes; markup asked for is never in the
page raw, and the search box shows it back escaped. The same holds for the open data downloads
with the lists' filters, and for the admin's lists with their search, filters and sorting.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from opendata.datasets import DATASETS

from .conftest import check_answer, example, portal_writes
from .strategies import SHARP, query_params

pytestmark = pytest.mark.django_db

# Parameters no list has, sent anyway.
STRAY = ("page", "format", "org", "o", "year", "id")


@dataclass(frozen=True)
class Listing:
    url: Callable  # scene -> URL
    persona: str | None
    params: tuple  # the filters' names
    valid: Callable = lambda s: {}  # scene -> {param: [valid values]}
    echo: tuple = ("q",)  # parameters the page shows back (its search box)


def url(name, *args):
    return lambda s: reverse(name, args=[a(s) if callable(a) else a for a in args])


def _places(s):
    return {
        "theme": [s.theme.slug],
        "kecamatan": [s.kecamatan.slug],
        "kelurahan": [s.kelurahan.code],
        "agency": [s.agency.slug],
        "sector": [s.sector.slug],
        "page": ["1", "2", "last"],
        "sort": ["name", "newest", "budget", "gap", "value", "partner", "pledged", "kind"],
    }


LISTINGS = {
    "directory": Listing(
        url("companies:organization_list"),
        None,
        ("q", "theme", "kind", "kecamatan", "sector", "sort"),
        _places,
    ),
    "agency contacts": Listing(
        url("companies:agency_contacts"), "partner_a", ("q", "theme"), _places
    ),
    "needs": Listing(
        url("programs:opportunity_list"),
        None,
        (
            "q",
            "theme",
            "agency",
            "kecamatan",
            "kelurahan",
            "status",
            "budget_min",
            "budget_max",
            "sort",
        ),
        _places,
        echo=("q", "budget_min", "budget_max"),
    ),
    "pledges": Listing(
        url("programs:commitment_list"),
        None,
        ("q", "theme", "partner_kind", "kecamatan", "year", "status", "sort"),
        _places,
    ),
    "theme": Listing(url("programs:theme_detail", lambda s: s.theme.slug), None, ()),
    "statistics": Listing(url("programs:statistics"), None, ("theme", "kecamatan")),
    "events": Listing(url("events:event_list"), None, ()),
    "home": Listing(url("home"), None, ("q",), echo=()),
    "pledge form": Listing(
        url("programs:pledge_create"),
        "partner_a",
        ("theme", "opportunity"),
        lambda s: {**_places(s), "opportunity": [str(s.need.pk)], "org": [s.company_a.slug]},
    ),
    "check-in desk": Listing(
        url("events:checkin", lambda s: s.event.slug),
        "staff",
        ("q",),
        lambda s: {"q": [s.registration.checkin_code, "Perwakilan", "PT Alfa"]},
    ),
    **{
        f"download {name}.{fmt}": Listing(
            url("opendata:download", name, fmt),
            None,
            tuple(dataset.filterset.base_filters) if dataset.filterset else (),
            _places,
            echo=(),
        )
        for name, dataset in DATASETS.items()
        for fmt in ("csv", "xlsx", "json")
        # Each format reads the same filters: all three for the lists with filters.
        if dataset.filterset is not None or fmt == "csv"
    },
}


def _admin_params(model_admin):
    """The query parameters an admin list reads: search, sorting, page, filters, dates."""
    params = ["q", "o", "p", "all", "_to_field", "_popup"]
    for entry in model_admin.list_filter:
        field = entry[0] if isinstance(entry, tuple) else entry
        if isinstance(field, str):
            params += [f"{field}__exact", f"{field}__id__exact", f"{field}__isnull"]
            params += [f"{field}__gte", f"{field}__lt"]
        else:
            params.append(field.parameter_name)
    if model_admin.date_hierarchy:
        params += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    return tuple(params)


ADMIN_LISTS = {
    f"admin {model._meta.label}": Listing(
        url(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"),
        "staff",
        _admin_params(model_admin),
    )
    for model, model_admin in admin.site._registry.items()
    if model._meta.app_label in ("accounts", "companies", "programs", "events", "regions", "axes")
}


def _fuzz(client, scene, listing, draw):
    params = draw.draw(query_params((*listing.params, *STRAY), listing.valid(scene)), label="asked")
    user = getattr(scene, listing.persona) if listing.persona else None
    with example(client, user), CaptureQueriesContext(connection) as queries:
        response = client.get(listing.url(scene), params)
        check_answer(response, params, echo=listing.echo)
    assert portal_writes(queries) == []


@pytest.mark.parametrize("listing", LISTINGS.values(), ids=LISTINGS.keys())
@settings(settings.get_profile("fuzz"))
@given(draw=st.data())
def test_list_survives_hostile_filters(client, scene, listing, draw):
    _fuzz(client, scene, listing, draw)


@pytest.mark.parametrize("listing", ADMIN_LISTS.values(), ids=ADMIN_LISTS.keys())
@settings(settings.get_profile("fuzz"), max_examples=15)
@given(draw=st.data())
def test_admin_list_survives_hostile_filters(client, scene, listing, draw):
    _fuzz(client, scene, listing, draw)


@pytest.mark.parametrize(
    "listing", {**LISTINGS, **ADMIN_LISTS}.values(), ids=[*LISTINGS, *ADMIN_LISTS]
)
def test_every_filter_takes_the_sharpest_values(client, scene, listing):
    """Each parameter in turn given each of SHARP: the same checks as above."""
    user = getattr(scene, listing.persona) if listing.persona else None
    for name in (*listing.params, *STRAY):
        for value in SHARP:
            with example(client, user), CaptureQueriesContext(connection) as queries:
                response = client.get(listing.url(scene), {name: value})
                check_answer(response, {name: value}, echo=listing.echo)
            assert portal_writes(queries) == [], (name, value)
