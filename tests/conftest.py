"""Personas shared by every test: who is acting, as the product describes them."""

from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from programs.services import TransitionError
from tests.factories import make_agency, make_company, make_member, make_staff


def pytest_collection_modifyitems(config, items):
    """Leave the tests marked `postgresql` out of a run on another database (deselected and
    counted as such, never skipped): they test what only PostgreSQL has."""
    if connection.vendor == "postgresql":
        return
    left_out = [item for item in items if item.get_closest_marker("postgresql")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


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
def django_assert_num_queries(django_assert_num_queries, settings):
    # Query counts measure the database's work: no page from the page cache.
    settings.PAGE_CACHE = False
    return django_assert_num_queries


@pytest.fixture
def django_assert_max_num_queries(django_assert_max_num_queries, settings):
    settings.PAGE_CACHE = False
    return django_assert_max_num_queries


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


@pytest.fixture
def other_agency_officer(db):
    """An officer of another agency, who has no say over `agency`'s needs and pledges."""
    return make_member(make_agency(name="Dinas Lain Contoh"), username="other_officer")


# --- checking workflow steps ---------------------------------------------------------------


def _as_stored(obj):
    """The row as the database holds it, and how many history entries it has."""
    row = type(obj).objects.filter(pk=obj.pk).values().get()
    return row, obj.history.count()


@pytest.fixture
def refused():
    """`with refused(obj, ...):` the step raises TransitionError and leaves the rows unchanged."""

    @contextmanager
    def check(*objs, error=TransitionError):
        before = [_as_stored(obj) for obj in objs]
        with pytest.raises(error):
            yield
        assert [_as_stored(obj) for obj in objs] == before

    return check


@pytest.fixture
def stamped():
    """`stamped(obj, actor)`: the step recorded its actor, a time and a history entry."""
    since = timezone.now()

    def check(obj, actor, *, by=("status_changed_by",), at=("status_changed_at",)):
        obj.refresh_from_db()
        for field in by:
            assert getattr(obj, field) == actor, field
        for field in at:
            moment = getattr(obj, field)
            assert moment is not None, field
            assert since <= moment <= timezone.now(), field
        assert obj.history.first().history_user == actor

    return check


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Every persona has a password; the production hasher costs a quarter second each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
