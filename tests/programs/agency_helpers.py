"""Helpers of the agency workspace's tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_to_get(client, url, **params) -> int:
    """How many database queries a page takes to show (it must show, with status 200)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)
