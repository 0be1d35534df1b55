"""What the open data tests share: the demo partnership, and one item of every private state."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

# One item of every private state with marker texts, and the public items around them.
from tests.test_public_privacy import private_texts  # noqa: F401

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """seed_demo once for the module that asks, in a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=FAST_HASHER):
            call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)
