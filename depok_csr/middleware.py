import logging

from .errors import DATABASE_ERRORS, database_unavailable

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """A view that fails because the database is down answers with the 503 page.

    Nothing is kept from the failed connection: Django closes a connection that raised
    (and CONN_HEALTH_CHECKS checks a reused one), so the first request after the database is
    back is served normally, without restarting the workers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        # One line, not a traceback per request: an outage makes many of them.
        logger.error("database unavailable while serving %s: %s", request.path, exception)
        return database_unavailable()
