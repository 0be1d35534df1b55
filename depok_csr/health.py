"""
Health checks for load balancers and process supervisors.

`/healthz` (liveness) says the process answers HTTP: it touches neither the database nor the
cache, so a slow database never makes a load balancer kill healthy web workers.
`/readyz` (readiness) says this instance can serve pages: the database answers a trivial query
and the cache stores and returns a key. It answers 503 and names the part that failed, without
the error's text (that goes to the log).

Both are plain views: no session, no user, no template, nothing cached in front of them.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

READY_KEY = "readyz:probe"


def _text(body, status=200):
    return HttpResponse(body + "\n", status=status, content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def healthz(request):
    """Public: `ok` while the process answers; no database or cache is touched."""
    return _text("ok")


def _database_ready():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache_ready():
    token = uuid.uuid4().hex
    cache.set(READY_KEY, token, timeout=10)
    return cache.get(READY_KEY) == token


CHECKS = {"database": _database_ready, "cache": _cache_ready}


@never_cache
@require_safe
def readyz(request):
    """Public: `ok` when the database and the cache answer; 503 naming what failed."""
    failed = []
    for name, check in CHECKS.items():
        try:
            ready = check()
        except Exception:  # any failure of a backing service means "not ready"
            logger.exception("readyz: the %s check failed", name)
            ready = False
        if not ready:
            failed.append(name)
    if failed:
        return _text("\n".join(f"{name}: unavailable" for name in failed), status=503)
    return _text("ok")
