"""
The API answers as its own OpenAPI document says, whatever a client sends.

Schemathesis reads /api/openapi.json from the portal itself and, for every operation, sends
requests made up from the document (valid and invalid parameters alike) against the demo data.
No answer may be a server error, and each must match the document: a documented status, the
documented content type and a body that fits the documented schema.
"""

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from opendata.api import api

pytestmark = pytest.mark.usefixtures("demo_data")

OPERATIONS = [
    (method.upper(), path)
    for path, methods in api.get_openapi_schema()["paths"].items()
    for method in methods
]
# Bounded, so the whole document is checked in well under a minute.
EXAMPLES_PER_OPERATION = 30


@pytest.fixture
def api_schema(settings, db):
    """The document as the portal serves it, with the portal as a WSGI application to call."""
    # Schemathesis's WSGI client calls the portal "localhost".
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    # As Django's test client does: the test's transaction must survive each request's end.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_operation_answers_as_its_openapi_document_says(api_schema, method, path):
    operation = api_schema[path][method]
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @hypothesis.given(case=cases)
    @hypothesis.settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    def answers_as_documented(case):
        # A theme, kecamatan or year the portal does not know fits the document's types but is
        # refused with a 422, as the list pages refuse it: acceptance is not asked of them.
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    answers_as_documented()
