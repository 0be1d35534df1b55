"""
Browser tests: the portal served by a live server with the demo data, driven through Debian's
Chromium by Playwright.

The demo data is seeded once for all of them (`seed_demo` takes seconds) into the test database,
outside any test transaction, so the live server's thread sees it; every test works in that one
database (autocommit) and makes the rows it changes itself, so the tests do not depend on their
order. Each module says `pytestmark = BROWSER`: pytest-django then makes the test database and
runs these tests with the other transactional ones (before the tests without a database), but
this folder does not wrap each test in a transaction or empty the database after it (see
`_django_db_marker`). After the last of them the database is emptied and the rows the migrations
made (the Bappeda group, permissions) are put back, as the tests after them expect.

No browser is downloaded: Playwright drives /usr/bin/chromium, which `make services` installs.
Without it these tests fail (never skip), saying so.
"""

import importlib
import io
import os
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection, connections
from django.test import override_settings
from pytest_django.live_server_helper import LiveServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # The order of a date field's parts (month/day/year) follows the browser's language.
    "--lang=en-US",
]
BROWSER = pytest.mark.django_db(transaction=True)
DEMO_PASSWORD = "demo-depok-2026"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def _put_back_bappeda_group():
    """The group the first migration makes, when a transactional test before us emptied it."""
    if Group.objects.filter(name="Bappeda").exists():
        return
    migration = importlib.import_module("depok_csr.migrations.0001_bappeda_group")
    # The migration marks apps as having models while it makes permissions; put that back.
    modules = {config: config.models_module for config in apps.get_app_configs()}
    try:
        migration.create_group(apps, None)
    finally:
        for config, module in modules.items():
            config.models_module = module


@pytest.fixture(autouse=True)
def _django_db_marker():
    """Replaces pytest-django's: the marker only asks for the test database (see the top)."""


@pytest.fixture(scope="package")
def portal(django_db_setup, django_db_blocker):
    """The portal with the demo data on a live server: `portal.url`."""
    with django_db_blocker.unblock():
        migrations_rows = connection.creation.serialize_db_to_string()
        _put_back_bappeda_group()
        # The demo users' passwords with the suite's fast hasher (the real one costs seconds).
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            call_command("seed_demo", stdout=io.StringIO())
    server = LiveServer("localhost")
    server._live_server_modified_settings.enable()
    yield server
    server._live_server_modified_settings.disable()
    server.stop()
    with django_db_blocker.unblock():
        from programs.models import Evidence, Realization

        for evidence in Evidence.objects.all():
            evidence.file.delete(save=False)
        for scanned in Realization.objects.exclude(bast_document=""):
            scanned.bast_document.delete(save=False)
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(migrations_rows)


@pytest.fixture(autouse=True)
def _database(portal, django_db_blocker):
    """Tests read and write the shared demo database directly, as the live server does."""
    with django_db_blocker.unblock():
        yield
        # Once Playwright runs, tests get another database connection than the package's
        # fixtures (Django keeps connections per context); close it, or it would outlive the
        # test database.
        connections.close_all()


@pytest.fixture(scope="package")
def browser(portal):
    """One headless Chromium for all the browser tests, closed before the portal stops."""
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: the browser tests need Debian's chromium "
            "package (`make services` installs it, or `apt-get install chromium`).",
            pytrace=False,
        )
    # Playwright's sync API keeps an asyncio loop running in this thread; Django refuses
    # database calls from a thread with a running loop unless told this is safe (it is: the
    # loop only waits for the browser).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def open_context(browser, portal, *, language="en", viewport=DESKTOP, **options):
    """A fresh browser profile (no cookies) that asks for pages in `language`."""
    context = browser.new_context(
        base_url=portal.url,
        viewport=viewport,
        locale="id-ID" if language == "id" else "en-GB",
        # Without Bootstrap's transitions a focus ring is drawn at once, when the test looks.
        reduced_motion="reduce",
        **options,
    )
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": portal.url}]
    )
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def context(browser, portal):
    context = open_context(browser, portal)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


def sign_in(page, username, password=DEMO_PASSWORD):
    """Sign in through the portal's own form, as a person does."""
    page.goto("/akun/masuk/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()


def sign_in_to_admin(page, username="bappeda", password=DEMO_PASSWORD):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def jpeg_photo(path: Path) -> Path:
    """A small real JPEG, as a phone would upload it."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 240), (11, 93, 59))
    ImageDraw.Draw(image).rectangle((40, 40, 280, 200), fill=(250, 200, 40))
    image.save(path, "JPEG", quality=80)
    return path
