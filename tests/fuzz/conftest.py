"""
The fuzz tests' profile, their scene and the checks every answer passes.

Every example runs in a savepoint rolled back at its end, so what one example saved (a valid
submission happens) never changes the scene of the next.
"""

import os
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings

from companies.models import ContactPerson, Organization
from programs.models import Evidence, Realization
from tests.factories import (
    make_commitment,
    make_event,
    make_kelurahan,
    make_member,
    make_opportunity,
    make_realization,
    make_registration,
    make_sector,
    make_theme,
    make_user,
)
from tests.programs.uploads import pdf_bytes

from .strategies import echoed_payloads, payloads_in

# Reproducible in CI: the same examples on every run, nothing kept between runs.
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "25")),
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

# The apps whose rows an invalid submission must leave alone (history tables included).
PORTAL_APPS = ("accounts", "companies", "programs", "events", "regions")


@pytest.fixture
def scene(_stored_files_removed, company_a, company_b, agency, partner_a, agency_officer, staff):
    """One of everything a form or filter can point at, owned by company A or `agency`."""
    theme = make_theme(slug="tema-fuzz")
    need = make_opportunity(agency=agency, theme=theme, title="Ambulans desa", budget=10**9)
    approved = make_commitment(
        partner=company_a, opportunity=need, status="approved", agency=agency
    )
    goods = make_commitment(
        partner=company_a,
        opportunity=need,
        status="in_progress",
        kind="goods",
        quantity=10,
        unit="paket",
        agency=agency,
    )
    event = make_event(
        slug="forum-fuzz",
        date=timezone.localdate() + timedelta(days=30),
        registration_closes_at=timezone.now() + timedelta(days=20),
    )
    kelurahan = make_kelurahan()
    ContactPerson.objects.create(organization=company_a, name="Rina", phone="0812000111")
    s = SimpleNamespace(
        company_a=company_a,
        company_b=company_b,
        agency=agency,
        partner_a=partner_a,
        officer=agency_officer,
        staff=staff,
        newcomer=make_user(username="pendatang"),
        theme=theme,
        need=need,
        draft_need=make_opportunity(agency=agency, theme=theme, status="draft"),
        submitted_need=make_opportunity(agency=agency, theme=theme, status="submitted"),
        proposed=make_commitment(partner=company_a, opportunity=need, status="proposed"),
        approved=approved,
        goods=goods,
        report=make_realization(commitment=approved),
        returned_report=make_realization(
            commitment=goods, status="returned", quantity=2, return_note="Foto kurang jelas."
        ),
        confirmed_report=make_realization(commitment=approved, status="confirmed"),
        event=event,
        registration=make_registration(event=event, organization=company_a),
        kelurahan=kelurahan,
        kecamatan=kelurahan.kecamatan,
        sector=make_sector(),
        second_partner=make_member(company_b, username="rekan_b"),
    )
    s.confirmed_report.bast_document.save("bast.pdf", ContentFile(pdf_bytes()))
    return s


def _files_under(root):
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def _storage_roots():
    return [
        Path(Evidence._meta.get_field("file").storage.location),
        Path(Realization._meta.get_field("bast_document").storage.location),
        Path(Organization._meta.get_field("logo").storage.location),
    ]


@pytest.fixture
def _stored_files_removed():
    """Files the scene and valid submissions stored (evidence, scans, logos) go at the end."""
    roots = set(_storage_roots())
    before = {root: _files_under(root) for root in roots}
    try:
        yield
    finally:
        for root in roots:
            for path in _files_under(root) - before[root]:
                path.unlink(missing_ok=True)


def row_counts():
    """How many rows each table of the portal holds."""
    return {
        model._meta.label: model._default_manager.count()
        for app in PORTAL_APPS
        for model in apps.get_app_config(app).get_models()
    }


def portal_writes(queries):
    """The statements among `queries` that wrote to a table of the portal."""
    tables = tuple(f'"{app}_' for app in PORTAL_APPS) + tuple(f"{app}_" for app in PORTAL_APPS)
    return [
        query["sql"]
        for query in queries
        if query["sql"].lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE")
        and any(f" {table}" in query["sql"] for table in tables)
    ]


def stored(objs):
    """The rows of `objs` as the database holds them."""
    return [type(obj)._default_manager.filter(pk=obj.pk).values().first() for obj in objs]


@contextmanager
def example(client, user=None):
    """One example: the user signed in, inside a savepoint that is rolled back at the end."""
    with transaction.atomic():
        if user is not None:
            client.force_login(user)
        else:
            client.logout()
        yield
        transaction.set_rollback(True)


def body_of(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def check_answer(response, data, *, echo=()):
    """Never a server error; markup sent is never in the page raw, and escaped where echoed."""
    assert response.status_code < 500, response.status_code
    body = body_of(response)  # read in full: a download queries the database while it streams
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return
    for payload in payloads_in(data):
        assert payload not in body, f"unescaped {payload!r}"
    for escaped in echoed_payloads(data, echo):
        assert escaped in body, f"{escaped!r} is not shown back"
