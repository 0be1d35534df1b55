"""Events shared by the events tests: a coming forum open for registration."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from tests.factories import make_event


@pytest.fixture
def forum(db):
    """A forum a month ahead: 10 places, 2 representatives per organisation, closing in 3 weeks."""
    return make_event(
        name="Forum Kemitraan Contoh",
        slug="forum-kemitraan-contoh",
        date=timezone.localdate() + timedelta(days=30),
        start_time=time(8, 0),
        end_time=time(13, 0),
        venue="Balai Kota",
        city="Depok",
        capacity=10,
        max_representatives=2,
        registration_closes_at=timezone.now() + timedelta(days=21),
    )
