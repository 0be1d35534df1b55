"""
The API's schemas, built from the datasets and the list pages' FilterSets.

An API item has exactly the fields of the dataset's downloads, and a list takes exactly the
filters of its list page, so the OpenAPI document, the downloads and the pages cannot disagree.
Descriptions are English: the OpenAPI document is one stable text whatever the reader's language.
"""

import datetime
from typing import Any, Literal

import django_filters
from ninja import Schema
from pydantic import Field, create_model

from .datasets import Dataset

# Largest value of a database id or a rupiah amount (BigIntegerField): anything above is a 422.
MAX_INTEGER = 2**63 - 1
PAGE_SIZE = 50
MAX_PAGE_SIZE = 500

TYPES = {
    "integer": int,
    "string": str,
    "boolean": bool,
    "date": datetime.date,
    "time": str,
}


def _example(field):
    if field.type == "integer":
        return int(field.example)
    if field.type == "boolean":
        return field.example == "true"
    return str(field.example)


def _class_name(dataset, suffix=""):
    return "".join(part.title() for part in dataset.name.split("_")) + suffix


def item_schema(dataset: Dataset) -> type[Schema]:
    """One row of the dataset, as the downloads hold it."""
    fields = {}
    for field in dataset.fields:
        annotation = Literal[field.enum] if field.enum else TYPES[field.type]
        limits = {"ge": field.minimum} if field.minimum is not None else {}
        if field.type == "time":  # a local clock time; JSON Schema's "time" wants a zone
            limits["pattern"] = r"^\d{2}:\d{2}:\d{2}$"
        if field.type == "integer":
            limits["le"] = MAX_INTEGER
        # Page addresses are examples only once the URLs are loaded, after this module.
        examples = {} if field.name == "url" else {"examples": [_example(field)]}
        info = Field(
            ... if field.required else None,
            description=str(field.description),
            **examples,
            **limits,
        )
        fields[field.name] = (annotation if field.required else annotation | None, info)
    model = create_model(_class_name(dataset), __base__=Schema, **fields)
    model.__doc__ = str(dataset.description)
    return model


def page_schema(dataset: Dataset, item: type[Schema]) -> type[Schema]:
    """A page of a list: its items and the address of the next page."""
    return create_model(
        _class_name(dataset, "Page"),
        __base__=Schema,
        items=(list[item], Field(description="The rows of this page, in the order of their id.")),
        next=(
            str | None,
            Field(description="Address of the next page; null on the last page."),
        ),
    )


class PageParams(Schema):
    after: int | None = Field(
        None,
        ge=0,
        le=MAX_INTEGER,
        description="Give the rows after this id: the last id of the page before (keyset "
        "pagination, as fast on page 1,000 as on page 1).",
    )
    limit: int = Field(
        PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="How many rows a page holds, at most."
    )


def _filter_annotation(name, filter_):
    """The query parameter type of one FilterSet filter: what the list page accepts."""
    if isinstance(filter_, django_filters.ModelChoiceFilter):
        # A slug, or a kelurahan's Kemendagri code (32.76.06.1002).
        return str, {"max_length": 120, "pattern": r"^[-a-zA-Z0-9_.]+$"}
    if isinstance(filter_, django_filters.ChoiceFilter):
        choices = filter_.extra["choices"]
        if callable(choices):  # choices known only from the data, such as years with pledges
            return int, {"ge": 0, "le": 9999}
        return Literal[tuple(str(value) for value, _label in choices)], {}
    if isinstance(filter_, django_filters.NumberFilter):
        limits = {"ge": filter_.extra.get("min_value", 0), "le": MAX_INTEGER}
        if "max_value" in filter_.extra:
            limits["le"] = filter_.extra["max_value"]
        return int, limits
    if isinstance(filter_, django_filters.CharFilter):
        return str, {"max_length": 200}
    raise TypeError(f"No query parameter type for the filter {name!r} ({type(filter_)}).")


# Sorting changes a page's order; the API's lists are in the order of their ids.
UNSHARED_FILTERS = {"sort"}


def filter_schema(dataset: Dataset) -> type[Schema] | None:
    """The list page's filters as query parameters, each with its allowed values."""
    if dataset.filterset is None:
        return None
    fields = {}
    for name, filter_ in dataset.filterset.base_filters.items():
        if name in UNSHARED_FILTERS:
            continue
        annotation, limits = _filter_annotation(name, filter_)
        help_text = filter_.extra.get("help_text") or filter_.label or name
        fields[name] = (annotation | None, Field(None, description=str(help_text), **limits))
    return create_model(_class_name(dataset, "Filters"), __base__=Schema, **fields)


class Message(Schema):
    detail: str = Field(description="What went wrong.", examples=["Not Found"])


class ValidationErrors(Schema):
    detail: list[dict[str, Any]] = Field(
        description="One entry per bad parameter: where (loc), what (msg) and its type."
    )


# --- statistics ---------------------------------------------------------------------------


class Totals(Schema):
    commitments: int = Field(ge=0, description="Number of public commitments.")
    pledged: int = Field(ge=0, description="Their value in whole rupiah.")
    realizations: int = Field(ge=0, description="Number of verified realization reports.")
    realized: int = Field(ge=0, description="Their value in whole rupiah.")


class OpenNeeds(Schema):
    open_needs: int = Field(ge=0, description="Number of needs open for pledges.")
    open_budget: int = Field(ge=0, description="Their budget in whole rupiah.")
    open_pledged: int = Field(ge=0, description="Approved pledges to them, in whole rupiah.")
    open_gap: int = Field(
        description="Budget minus pledged: the funding gap in whole rupiah (as on the "
        "statistics page; negative only if open needs are over-pledged)."
    )


class Summary(Totals, OpenNeeds):
    """The whole partnership: what the statistics page's tables add up to."""


class ThemeStatistics(Totals, OpenNeeds):
    theme_id: int = Field(description="Id in the themes list.")
    slug: str
    short_name: str


class YearStatistics(Totals):
    year: int = Field(
        description="A commitment counts in the year its period starts, a report in the year "
        "it was delivered."
    )


class KecamatanStatistics(Totals):
    kecamatan_code: str | None = Field(
        description="Kemendagri code; null for city-wide commitments not tied to a kecamatan."
    )
    kecamatan: str | None


class PartnerKindStatistics(Totals):
    partner_kind: Literal["company", "zakat_institution"]
