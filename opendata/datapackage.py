"""
The Frictionless Data Package (datapackage.json) describing every CSV download.

Each resource's Table Schema comes from the dataset's fields: types, whether a value is
required, the fixed values of a field (DESIGN.md's "Names that code, data and open data rely
on"), minimum 0 for money, the primary key and the keys pointing into the other resources.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .datasets import DATASETS, Dataset, Field

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}

# Where the reference data comes from: one entry per data/<folder>/SOURCES.md in the portal's
# repository, with the attribution its sources ask for. The rest is the portal's own data.
REFERENCE_SOURCES = [
    {
        "folder": "regions",
        "what": _lazy("Kecamatan and kelurahan: Kemendagri codes, names, BPS codes, postal codes"),
        "title": "Kode dan nama wilayah: Kepmendagri (via cahyadsn/wilayah, MIT). Kode BPS: "
        "Badan Pusat Statistik (bridging BPS–Kemendagri). Kode pos: cahyadsn/wilayah_kodepos (MIT)",
        "path": "https://github.com/cahyadsn/wilayah",
    },
    {
        "folder": "organizations",
        "what": _lazy("Regional agencies and zakat institutions"),
        "title": "Perangkat daerah: depok.go.id content (Perda Kota Depok 10/2016 as amended), "
        "with news cited per row; zakat institutions: BAZNAS Kota Depok and news cited per row",
        "path": "https://www.depok.go.id/",
    },
    {
        "folder": "themes",
        "what": _lazy("The seven collaboration themes and the SDGs each serves"),
        "title": "Prokopim Setda Kota Depok, report on the Gathering CSR dan Forum Kemitraan "
        "2023; ANTARA Megapolitan (English names, short names and the mapping of the themes "
        "to the SDGs are the portal's own)",
        "path": "https://prokopim.depok.go.id/?p=38680",
    },
    {
        "folder": "events",
        "what": _lazy("The 2022 and 2023 gatherings"),
        "title": "Radar Depok and Depok Terkini (2022); Prokopim Setda Kota Depok, ANTARA and "
        "halaman.co.id (2023)",
        "path": "https://prokopim.depok.go.id/?p=38680",
    },
]


def download_url(request, dataset: Dataset, fmt: str) -> str:
    return request.build_absolute_uri(reverse("opendata:download", args=[dataset.name, fmt]))


def field_descriptor(field: Field) -> dict:
    descriptor = {
        "name": field.name,
        "type": field.type,
        "description": str(field.description),
        "example": str(field.example),
    }
    if field.type == "boolean":
        descriptor.update(trueValues=["true"], falseValues=["false"])
    constraints = {}
    if field.required:
        constraints["required"] = True
    if field.enum:
        constraints["enum"] = list(field.enum)
    if field.minimum is not None:
        constraints["minimum"] = field.minimum
    if constraints:
        descriptor["constraints"] = constraints
    return descriptor


def table_schema(dataset: Dataset) -> dict:
    return {
        "fields": [field_descriptor(field) for field in dataset.fields],
        "primaryKey": [dataset.primary_key],
        "foreignKeys": [
            {
                "fields": [field.name],
                "reference": {"resource": field.references[0], "fields": [field.references[1]]},
            }
            for field in dataset.foreign_keys
        ],
        "missingValues": [""],
    }


def resource_descriptor(request, dataset: Dataset) -> dict:
    return {
        "name": dataset.name,
        "title": str(dataset.title),
        "description": str(dataset.description),
        "path": download_url(request, dataset, "csv"),
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "licenses": [LICENCE],
        "schema": table_schema(dataset),
    }


def data_package(request) -> dict:
    """The descriptor of every dataset, with absolute addresses of its live CSV downloads."""
    return {
        "profile": "tabular-data-package",
        "name": "depok-csr-partnership",
        "title": _("Depok CSR Partnership Portal: open data"),
        "description": _(
            "Organisations, needs with their ledger, commitments, verified realizations, events, "
            "themes and kecamatan of Depok's CSR partnership. Every file is generated from the "
            "portal's current data when it is downloaded."
        ),
        "homepage": request.build_absolute_uri(reverse("open_data")),
        "licenses": [LICENCE],
        "sources": [
            {"title": source["title"], "path": source["path"]} for source in REFERENCE_SOURCES
        ],
        "resources": [resource_descriptor(request, dataset) for dataset in DATASETS.values()],
    }
