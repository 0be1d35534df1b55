"""
The page cache: public pages as visitors who are not signed in see them, kept in the cache
(Redis when REDIS_URL is set, local memory otherwise) until the data behind them changes.

How nobody sees a stale page: the cache holds a data version. Every save or delete of a row of
the public apps (companies, programs, events, regions) bumps it, once at once and once more when
the transaction commits (`transaction.on_commit`), and so do commands that write in bulk
(`data_changed()`). A cached page is stored with the version read *before* the view read the
database, and served only while that is still the current version: one round trip to Redis
reads both. A page rendered while a change was being committed carries the older version and
is never served.

What is cached: GET answers of the views named in CACHED_VIEWS (and the API), with status 200,
not streamed, at most MAX_BYTES, setting no cookie, for requests without a session or messages
cookie (nobody signed in, nothing to tell them) and without an Authorization header. The key
holds the scheme, host, language, today's date (pages that say "upcoming" or "this year"), the
path and the query string. Nothing signed-in is ever read from or written to the cache.

PAGE_CACHE=off (setting and environment variable) switches off every page and figures cache:
each request then reaches the database.

Several processes: with Redis, every process and host shares the pages and the version. The
local-memory cache is per process, so the version then lives in a small file in DATA_DIR,
which every process of one machine reads: a change made in one worker reaches the others'
pages at once. Several hosts need REDIS_URL.
"""

import hashlib
import logging
import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:data-version"
# A safety net: whatever is missed by the version is gone after this many seconds.
TIMEOUT = 600
# Larger answers (a long agency profile is ~200 KB) are rendered every time.
MAX_BYTES = 2 * 1024 * 1024
# Rows of these apps appear on public pages: saving or deleting any of them bumps the version.
PUBLIC_APPS = {"companies", "programs", "events", "regions"}
# Public pages, by URL name (namespace:name); every view of these namespaces too.
CACHED_VIEWS = {
    "home",
    "companies:organization_list",
    "companies:organization_detail",
    "programs:theme_list",
    "programs:theme_detail",
    "programs:theme_opportunity_feed",
    "programs:opportunity_list",
    "programs:opportunity_feed",
    "programs:opportunity_detail",
    "programs:commitment_list",
    "programs:commitment_detail",
    "programs:statistics",
    "programs:gap_map",
    "events:event_list",
    "events:event_detail",
    "events:event_calendar",
    "open_data",
    "opendata:datapackage",
    "api_docs",
    "sitemap",
}
CACHED_NAMESPACES = {"api"}
# Headers never stored with a page.
NOT_STORED = {"set-cookie", "content-length"}


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE", True)


# --- the data version ---------------------------------------------------------------------------


def _shared() -> bool:
    """Whether every process sees the same cache (Redis), or each its own (local memory)."""
    return not isinstance(cache, LocMemCache)


def _version_file() -> Path:
    return Path(settings.DATA_DIR) / "pagecache-version"


def _new_version() -> int:
    # Never a value seen before, even after the cache lost the key.
    return time.time_ns()


def current_version():
    """The data version now (created when missing)."""
    if _shared():
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, _new_version(), timeout=None)
            version = cache.get(VERSION_KEY)
        return version
    try:
        return _version_file().read_text()
    except FileNotFoundError:
        return _write_version_file()


def _write_version_file() -> str:
    path = _version_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    version = f"{_new_version()}-{uuid.uuid4().hex}"
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{uuid.uuid4().hex}")
    temporary.write_text(version)
    os.replace(temporary, path)  # readers see the old or the new version, never half of one
    return version


def bump() -> None:
    """A new data version: every cached page and figure is out of date from now on."""
    try:
        if _shared():
            try:
                cache.incr(VERSION_KEY)
            except ValueError:  # missing: evicted, or never read yet
                cache.set(VERSION_KEY, _new_version(), timeout=None)
        else:
            _write_version_file()
    except Exception:  # a cache that is down must not fail a save; pages expire by TIMEOUT
        logger.exception("pagecache: could not bump the data version")


def data_changed(using=None) -> None:
    """Call after writing public rows without signals (bulk_create, update()): bumps the
    version now and again when the transaction commits."""
    bump()
    transaction.on_commit(bump, using=using)


def _on_row_change(sender, using=None, **kwargs):
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in PUBLIC_APPS:
        return
    if meta.model_name.startswith("historical"):  # the row itself bumps already
        return
    data_changed(using=using)


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(_on_row_change, dispatch_uid="pagecache-save")
    post_delete.connect(_on_row_change, dispatch_uid="pagecache-delete")
    m2m_changed.connect(_on_row_change, dispatch_uid="pagecache-m2m")


# --- figures --------------------------------------------------------------------------------------


def figures(name: str, compute):
    """`compute()`, kept per data version and language (statistics, headline numbers)."""
    if not enabled():
        return compute()
    key = f"pagecache:figures:{name}:{translation.get_language()}:{timezone.localdate()}"
    found = cache.get_many([VERSION_KEY, key]) if _shared() else {key: cache.get(key)}
    version = found.get(VERSION_KEY) if _shared() else None
    if version is None:
        version = current_version()
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return stored[1]
    value = compute()
    cache.set(key, (version, value), TIMEOUT)
    return value


# --- pages ----------------------------------------------------------------------------------------


def _is_cached_view(request) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in CACHED_VIEWS or bool(set(match.namespaces) & CACHED_NAMESPACES)


def _page_key(request, language) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return ":".join(
        [
            "pagecache:page",
            request.scheme,
            request.get_host(),
            language,
            str(timezone.localdate()),
            path,
        ]
    )


def _anonymous_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _replay(request, stored) -> HttpResponse:
    _version, content, headers = stored
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    if "ETag" in response:  # the API's If-None-Match
        response = get_conditional_response(request, etag=response["ETag"], response=response)
    response["X-Page-Cache"] = "hit"
    return response


class PageCacheMiddleware:
    """Serves and stores the anonymous public pages (see the module's docstring).

    Placed before the session, locale, CSRF, authentication and messages middleware: a page
    served from the cache skips them (their headers, such as Content-Language and Vary, are
    stored with it), and a page is stored only after their cookies are on the answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.process_request(request) or self.get_response(request)
        key = getattr(request, "_page_cache", None)
        if key is not None:
            self._store(request, response, *key)
        return response

    def process_request(self, request):
        if not enabled() or not _anonymous_request(request) or not _is_cached_view(request):
            return None
        # The language LocaleMiddleware will choose (the portal has no language in its paths).
        language = translation.get_language_from_request(request)
        try:
            key = _page_key(request, language)
        except DisallowedHost:  # refused later, by CommonMiddleware, in the visitor's language
            return None
        if _shared():
            found = cache.get_many([VERSION_KEY, key])
            version = found.get(VERSION_KEY)
            if version is None:
                version = current_version()
        else:
            found = {key: cache.get(key)}
            version = current_version()
        stored = found.get(key)
        if stored is not None and stored[0] == version:
            return _replay(request, stored)
        if request.method == "GET":
            # The version read before the view reads the database: see the docstring.
            request._page_cache = (key, version, language)
        return None

    def _store(self, request, response, key, version, language):
        if (
            response.status_code != 200
            or response.get("Content-Language", language) != language
            or response.streaming
            or response.cookies
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a form with a token: personal
            or "private" in response.get("Cache-Control", "")
            or "no-store" in response.get("Cache-Control", "")
            or len(response.content) > MAX_BYTES
            or getattr(getattr(request, "user", None), "is_authenticated", False)
        ):
            return
        headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED]
        cache.set(key, (version, response.content, headers), TIMEOUT)
        response["X-Page-Cache"] = "miss"
