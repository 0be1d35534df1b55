"""Health checks a load balancer calls: /healthz without the database, /readyz with it."""

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from depok_csr import health


class BrokenCache:
    """A cache whose server is down: every call raises, as a Redis client does."""

    def set(self, *args, **kwargs):
        raise ConnectionError("cache server unreachable")

    def get(self, *args, **kwargs):
        raise ConnectionError("cache server unreachable")


class ForgetfulCache:
    """A cache that accepts keys and returns nothing (full, or evicting at once)."""

    def set(self, *args, **kwargs):
        pass

    def get(self, *args, **kwargs):
        return None


def test_healthz_answers_ok_as_text_without_the_database_or_the_cache(
    client, db, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(health, "cache", BrokenCache())
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]
    assert "sessionid" not in response.cookies


def test_healthz_answers_head_requests_and_refuses_posts(client, db):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_readyz_is_ok_when_the_database_and_the_cache_answer(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]
    assert [query["sql"] for query in queries] == ["SELECT 1"]
    assert cache.get(health.READY_KEY)  # the probe really went through the cache


@pytest.mark.parametrize("broken", [BrokenCache(), ForgetfulCache()])
def test_readyz_says_503_and_names_the_cache_when_it_fails(client, db, monkeypatch, broken):
    monkeypatch.setattr(health, "cache", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content == b"cache: unavailable\n"


class DatabaseDown:
    """The database connection as it is when the server is gone."""

    def cursor(self):
        raise OperationalError("could not connect to server")


def test_readyz_says_503_and_names_the_database_when_it_fails(client, db, monkeypatch):
    monkeypatch.setattr(health, "connection", DatabaseDown())
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content == b"database: unavailable\n"
    assert b"could not connect" not in response.content


def test_readyz_names_both_parts_when_both_fail(client, db, monkeypatch):
    monkeypatch.setattr(health, "connection", DatabaseDown())
    monkeypatch.setattr(health, "cache", BrokenCache())
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content == b"database: unavailable\ncache: unavailable\n"


def test_load_balancers_probe_health_over_plain_http_even_when_https_is_enforced(
    client, settings, db
):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/").status_code == 301
