"""Personas shared by every test: who is acting, as the product describes them."""

import pytest
from django.core.cache import cache

from tests.factories import make_agency, make_company, make_member, make_staff


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # The manifest storage needs `collectstatic` first; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The PostgreSQL run uses a real Redis; no test may see another's cached pages.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff(db):
    """A Bappeda staff member."""
    return make_staff(username="bappeda", first_name="Siti", last_name="Bappeda")


@pytest.fixture
def agency(db):
    return make_agency(name="Dinas Sosial Contoh", slug="dinas-sosial-contoh")


@pytest.fixture
def agency_officer(agency):
    """An officer of `agency`."""
    return make_member(agency, username="officer", first_name="Budi")


@pytest.fixture
def company_a(db):
    return make_company(name="PT Alfa Contoh", slug="pt-alfa-contoh")


@pytest.fixture
def company_b(db):
    return make_company(name="PT Beta Contoh", slug="pt-beta-contoh")


@pytest.fixture
def partner_a(company_a):
    """A representative of company A."""
    return make_member(company_a, username="partner_a", first_name="Andi")


@pytest.fixture
def partner_b(company_b):
    """A representative of company B."""
    return make_member(company_b, username="partner_b", first_name="Bela")


@pytest.fixture
def anonymous(client):
    """A visitor who has not signed in."""
    return client
