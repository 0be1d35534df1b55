"""
The portal's error pages beyond Django's defaults.

400, 403 and 404 are Django's own handlers rendering templates/400.html, 403.html and 404.html
in the portal's layout. Here: the CSRF refusal page, the 500 page and the 503 page served while
the database is down. The last two render without the request, so no context processor, session
or user is looked up and no query runs; should even that fail, a fixed bilingual page is sent.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

# What the database driver raises when the server is down, restarting or unreachable.
DATABASE_ERRORS = (OperationalError, InterfaceError)
# Seconds a client (or a crawler) is asked to wait before trying again.
RETRY_AFTER_SECONDS = 30

_PLAIN = """<!doctype html>
<html lang="id">
<head><meta charset="utf-8"><title>{id_title} · {en_title}</title></head>
<body>
  <h1>{id_title}</h1>
  <p>{id_text}</p>
  <h2 lang="en">{en_title}</h2>
  <p lang="en">{en_text}</p>
</body>
</html>
"""
PLAIN_500 = _PLAIN.format(
    id_title="Terjadi kesalahan",
    id_text="Maaf, halaman ini tidak dapat ditampilkan sekarang. Silakan coba lagi sebentar lagi.",
    en_title="Something went wrong",
    en_text="Sorry, this page cannot be shown right now. Please try again in a moment.",
)
PLAIN_503 = _PLAIN.format(
    id_title="Portal sedang tidak tersedia",
    id_text=(
        "Portal tidak dapat menghubungi basis datanya saat ini. Silakan coba lagi sebentar lagi."
    ),
    en_title="The portal is briefly unavailable",
    en_text="The portal cannot reach its database right now. Please try again in a minute.",
)


def _page_without_request(template_name, status, fallback):
    try:
        body = loader.render_to_string(template_name)
    except Exception:
        logger.exception("%s could not be rendered; sent the plain page", template_name)
        body = fallback
    response = HttpResponse(body, status=status)
    add_never_cache_headers(response)
    return response


def database_unavailable():
    """The 503 page while the database cannot be reached, with Retry-After."""
    response = _page_without_request("503.html", 503, PLAIN_503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    """handler500: the 500 page, or the 503 page when the crash was the database going away
    outside a view (a middleware reading the session, say)."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return database_unavailable()
    return _page_without_request("500.html", 500, PLAIN_500)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a refused form gets the portal's page saying what to do."""
    return render(request, "403_csrf.html", status=403)
