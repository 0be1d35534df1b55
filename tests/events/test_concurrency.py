"""Two staff scan the same badge at the same moment: one check-in, the other is told so.

Each check-in runs in its own thread with its own database connection, so the two transactions
really overlap. On PostgreSQL the registration's row lock (`select_for_update`) makes the second
wait and then see the first; on SQLite the IMMEDIATE transaction mode serialises the writers.
"""

import threading

import pytest
from django.db import connection

from events.models import Registration
from events.services import TransitionError, registration_check_in
from tests.factories import make_registration, make_staff


@pytest.fixture(autouse=True)
def _english(settings):
    # Refusals are checked in English; the Indonesian ones come from the translation files.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(scope="module")
def migration_data_put_back(django_db_blocker):
    """After this module, put back the rows migrations made (the Bappeda group, permissions).

    A transactional test ends by emptying every table; the tests that run after it still expect
    what the migrations left there (see tests/programs/test_concurrency.py).
    """
    yield
    with django_db_blocker.unblock():
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


def check_in_together(registration, actors):
    """Check the registration in once per actor, each in a thread, released by one barrier."""
    barrier = threading.Barrier(len(actors))
    outcomes = []

    def check_in(actor):
        try:
            barrier.wait(timeout=10)
            registration_check_in(registration=registration, actor=actor)
            outcomes.append(("checked in", actor))
        except TransitionError as error:
            outcomes.append(("refused", str(error)))
        except Exception as error:  # the test asserts there were none
            outcomes.append(("error", repr(error)))
        finally:
            connection.close()

    threads = [threading.Thread(target=check_in, args=(actor,)) for actor in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a check-in never finished"
    return outcomes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("migration_data_put_back")
def test_two_simultaneous_check_ins_of_one_code_check_in_once():
    registration = make_registration(representative_name="Rina")
    at_the_door = [make_staff(username="pintu_1"), make_staff(username="pintu_2")]

    outcomes = check_in_together(registration, at_the_door)

    assert sorted(kind for kind, _ in outcomes) == ["checked in", "refused"], outcomes
    (winner,) = [who for kind, who in outcomes if kind == "checked in"]
    (message,) = [text for kind, text in outcomes if kind == "refused"]
    registration = Registration.objects.get(pk=registration.pk)
    assert registration.checked_in_by == winner
    assert message.startswith("Rina was already checked in at")
    assert winner.get_full_name() in message or winner.get_username() in message
    # One history entry for the registration, one for the check-in: nothing written twice.
    assert registration.history.count() == 2
