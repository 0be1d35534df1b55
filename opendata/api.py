"""
The read-only JSON API under /api/, with its OpenAPI document at /api/openapi.json.

Every list and detail reads through the dataset definitions (datasets.py): the same public
rows, fields and list-page filters as the downloads. Lists are pages in the order of the ids
(`?after=<last id>&limit=50`), so a deep page costs what the first does. A GET answer carries
an ETag of its body and a Cache-Control; a client sending that ETag back in If-None-Match gets
an empty 304 while nothing changed.
"""

from functools import wraps

from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from ninja import NinjaAPI, Path, Query
from ninja.errors import ValidationError

from . import schemas, statistics
from .datasets import DATASETS, Dataset, site_of

# Clients may poll; a minute old is fresh enough for figures that change a few times a day.
CACHE_SECONDS = 60


def cacheable(view):
    """A GET answer gets a Cache-Control and an ETag of its body; If-None-Match gets a 304."""

    @wraps(view)
    def answer(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        set_response_etag(response)
        return get_conditional_response(request, etag=response["ETag"], response=response)

    return answer


api = NinjaAPI(
    title="Depok CSR Partnership Portal API",
    version="1",
    description=(
        "Read-only open data of Depok's CSR partnership: organisations, needs (opportunities) "
        "with their ledger, commitments, verified realizations, events, themes, kecamatan and "
        "the statistics page's figures. Only public data; the same rows and fields as the CSV, "
        "XLSX and JSON downloads on the open data page. Licence: CC BY 4.0."
    ),
    docs_url=None,  # the documentation page is the portal's own, served from static/
    docs_decorator=cacheable,
    urls_namespace="api",
)
api.add_decorator(cacheable, mode="view")

ERRORS = {422: schemas.ValidationErrors}
DETAIL_ERRORS = {404: schemas.Message, 422: schemas.ValidationErrors}
Id = Path(..., ge=1, le=schemas.MAX_INTEGER, description="The row's id.")


def _filtered(dataset: Dataset, request, filters):
    """The public rows narrowed by the list page's FilterSet; a value it refuses is a 422."""
    params = {name: value for name, value in filters.dict().items() if value is not None}
    filterset = dataset.filterset(params, queryset=dataset.queryset(), request=request)
    if not filterset.is_valid():
        raise ValidationError(
            [
                {"loc": ["query", name], "msg": str(message), "type": "value_error"}
                for name, messages in filterset.errors.items()
                for message in messages
            ]
        )
    return filterset.qs


def _page(request, dataset: Dataset, rows, page):
    """The rows after `page.after` in the order of their ids, and the next page's address."""
    if page.after is not None:
        rows = rows.filter(pk__gt=page.after)
    found = list(dataset.table(rows.order_by("pk"))[: page.limit + 1])
    items = found[: page.limit]
    next_url = None
    if len(found) > page.limit:
        query = request.GET.copy()
        query["after"] = items[-1]["id"]
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    site = site_of(request)
    return {"items": [dataset.record(obj, site) for obj in items], "next": next_url}


def _add_endpoints(dataset: Dataset, *, one: str):
    """GET /<dataset> (a filtered page) and GET /<dataset>/{id} (one row)."""
    item = schemas.item_schema(dataset)
    a_page = schemas.page_schema(dataset, item)
    filters = schemas.filter_schema(dataset)
    tags = [dataset.name]

    if filters is None:

        def list_rows(request, page: Query[schemas.PageParams]):
            return _page(request, dataset, dataset.queryset(), page)

    else:

        def list_rows(request, page: Query[schemas.PageParams], filters: Query[filters]):
            return _page(request, dataset, _filtered(dataset, request, filters), page)

    def one_row(request, id: int = Id):
        row = get_object_or_404(dataset.table(dataset.queryset()), pk=id)
        return dataset.record(row, site_of(request))

    api.get(
        f"/{dataset.name}",
        response={200: a_page, **ERRORS},
        tags=tags,
        operation_id=f"list_{dataset.name}",
        url_name=f"{dataset.name}_list",
        summary=f"List {dataset.name}",
        description=str(dataset.description),
    )(list_rows)
    api.get(
        f"/{dataset.name}/{{id}}",
        response={200: item, **DETAIL_ERRORS},
        tags=tags,
        operation_id=f"get_{one}",
        url_name=f"{dataset.name}_detail",
        summary=f"One {one}",
    )(one_row)


# English descriptions whatever the language of the request that first loads the URLs.
with translation.override("en"):
    _add_endpoints(DATASETS["organizations"], one="organization")
    _add_endpoints(DATASETS["opportunities"], one="opportunity")
    _add_endpoints(DATASETS["commitments"], one="commitment")
    _add_endpoints(DATASETS["realizations"], one="realization")
    _add_endpoints(DATASETS["events"], one="event")
    _add_endpoints(DATASETS["themes"], one="theme")
    _add_endpoints(DATASETS["kecamatan"], one="kecamatan")


@api.get(
    "/statistics",
    response={200: schemas.Summary},
    tags=["statistics"],
    operation_id="statistics_summary",
    summary="Totals of the partnership",
)
def statistics_summary(request):
    """Public commitments and verified reports with their value, and the open needs' gap."""
    return statistics.summary()


@api.get(
    "/statistics/themes",
    response={200: list[schemas.ThemeStatistics]},
    tags=["statistics"],
    operation_id="statistics_by_theme",
    summary="Pledged, realised and the funding gap by theme",
)
def statistics_by_theme(request):
    """The statistics page's figures by theme, with how many items each sum counts."""
    return statistics.by_theme()


@api.get(
    "/statistics/years",
    response={200: list[schemas.YearStatistics]},
    tags=["statistics"],
    operation_id="statistics_by_year",
    summary="Pledged and realised by year",
)
def statistics_by_year(request):
    """A commitment counts in the year its period starts, a report in the year of delivery."""
    return statistics.by_year()


@api.get(
    "/statistics/kecamatan",
    response={200: list[schemas.KecamatanStatistics]},
    tags=["statistics"],
    operation_id="statistics_by_kecamatan",
    summary="Pledged and realised by kecamatan",
)
def statistics_by_kecamatan(request):
    """Every kecamatan, then city-wide commitments not tied to one."""
    return statistics.by_kecamatan()


@api.get(
    "/statistics/partner-kinds",
    response={200: list[schemas.PartnerKindStatistics]},
    tags=["statistics"],
    operation_id="statistics_by_partner_kind",
    summary="Pledged and realised by kind of partner",
)
def statistics_by_partner_kind(request):
    """Companies and zakat institutions."""
    return statistics.by_partner_kind()
