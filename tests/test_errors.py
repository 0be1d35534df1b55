"""Error pages: 400, 403 (and a refused form), 404, 500 and, while the database is down, 503,
each in the portal's layout and in the visitor's language; 500 and 503 without the database."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client, RequestFactory
from django.urls import path, reverse
from django.utils import translation

from depok_csr import errors
from depok_csr.urls import urlpatterns as portal_urlpatterns

NOT_PUBLIC = "The page you asked for does not exist or is not public."
UNKNOWN_DETAILS = [
    ("companies:organization_detail", "tidak-ada"),
    ("programs:theme_detail", "tidak-ada"),
    ("programs:opportunity_detail", 999999),
    ("programs:commitment_detail", 999999),
    ("events:event_detail", "tidak-ada"),
]
LANGUAGES = ["id", "en"]
UNAVAILABLE = (
    "The portal cannot reach its database right now, so this page cannot be shown. This "
    "usually lasts only a moment: please try again in a minute."
)


def in_language(language, text):
    with translation.override(language):
        return translation.gettext(text)


def assert_portal_page(response, language, *texts):
    """The page is in the portal's layout, in `language`, and says `texts` there."""
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f'href="{reverse("home")}">{in_language(language, "Depok CSR Portal")}</a>' in html
    for text in texts:
        assert in_language(language, text) in html, text


# --- views that fail, for the pages they lead to ------------------------------------------------


def suspicious(request):
    raise SuspiciousOperation("a tampered request")


def forbidden(request):
    raise PermissionDenied


def crash(request):
    raise RuntimeError("a bug")


def database_down(request):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


def database_gone(request):
    raise InterfaceError("connection already closed")


# The failing views next to the portal's own pages, which the layout links to.
urlpatterns = [
    path("suspicious/", suspicious),
    path("forbidden/", forbidden),
    path("crash/", crash),
    path("database-down/", database_down),
    path("database-gone/", database_gone),
    *portal_urlpatterns,
]
handler500 = "depok_csr.errors.server_error"


@pytest.fixture
def visitor(client, request):
    """A visitor who reads the portal in the language of the test's `language` parameter."""
    client.cookies["django_language"] = request.node.callspec.params["language"]
    client.raise_request_exception = False
    return client


# --- 404 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("view_name", "key"), UNKNOWN_DETAILS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unknown_detail_says_the_page_does_not_exist_in_the_page_language(
    visitor, db, view_name, key, language
):
    response = visitor.get(reverse(view_name, args=[key]))

    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    assert_portal_page(response, language, NOT_PUBLIC)
    html = response.content.decode()
    assert f'href="{reverse("home")}">{in_language(language, "Back to the home page")}' in html


def test_an_address_outside_the_portal_gets_the_same_404_page(client, db):
    client.cookies["django_language"] = "en"

    response = client.get("/halaman-yang-tidak-ada/")

    assert response.status_code == 404
    assert NOT_PUBLIC in response.content.decode()


# --- 400 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_request_for_another_host_gets_the_bad_request_page(visitor, db, language):
    response = visitor.get("/", headers={"host": "portal.example.com"})

    assert response.status_code == 400
    assert_portal_page(response, language, "Bad request", "Back to the home page")


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_tampered_request_gets_the_bad_request_page(visitor, db, language):
    response = visitor.get("/suspicious/")

    assert response.status_code == 400
    assert_portal_page(response, language, "The portal could not understand this request.")
    assert "tampered" not in response.content.decode()


# --- 403 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_adding_a_report_in_the_admin_get_the_access_denied_page(visitor, staff, language):
    # Reports come from partners on the portal; the admin refuses to add one.
    visitor.force_login(staff)

    response = visitor.get(reverse("admin:programs_realization_add"))

    assert response.status_code == 403
    assert_portal_page(response, language, "Access denied", "This page is not open to you.")
    # The layout still shows who is signed in: the page had the request.
    assert str(staff) in response.content.decode()


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_refused_view_gets_the_access_denied_page(visitor, db, language):
    response = visitor.get("/forbidden/")

    assert response.status_code == 403
    assert_portal_page(response, language, "Access denied")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_form_without_its_csrf_token_gets_the_expired_form_page(partner_a, language):
    browser = Client(enforce_csrf_checks=True)
    browser.cookies["django_language"] = language
    browser.force_login(partner_a)

    response = browser.post(reverse("accounts:logout"))

    assert response.status_code == 403
    assert_portal_page(
        response, language, "The form has expired", "Nothing was saved from the form you sent."
    )
    # Still signed in: the refused form changed nothing.
    assert browser.get(reverse("accounts:account")).status_code == 200


# --- 500 ----------------------------------------------------------------------------------------


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_crash_shows_the_500_page_in_the_portal_layout(visitor, db, language):
    response = visitor.get("/crash/")

    assert response.status_code == 500
    assert_portal_page(response, language, "Something went wrong", "Back to the home page")
    assert "a bug" not in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_500_page_renders_without_a_database(language):
    # No `db` fixture: any query here would fail the test.
    with translation.override(language):
        response = errors.server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert_portal_page(response, language, "Something went wrong")
    # No sign-in link or language switch: those need the request (and the session).
    assert reverse("accounts:login") not in response.content.decode()


def test_when_the_500_template_itself_fails_a_plain_bilingual_page_is_sent():
    with mock.patch.object(errors.loader, "render_to_string", side_effect=RuntimeError):
        response = errors.server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Terjadi kesalahan" in response.content.decode()
    assert "Something went wrong" in response.content.decode()


# --- 503: the database is down -----------------------------------------------------------------


def assert_unavailable_page(response, language):
    assert response.status_code == 503
    assert response["Retry-After"] == str(errors.RETRY_AFTER_SECONDS)
    assert "no-cache" in response["Cache-Control"]
    assert_portal_page(response, language, "The portal is briefly unavailable", UNAVAILABLE)
    html = response.content.decode()
    for leak in ("Traceback", "OperationalError", "InterfaceError", "127.0.0.1", "closed"):
        assert leak not in html


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("url", ["/database-down/", "/database-gone/"])
def test_a_view_whose_database_is_down_answers_503(visitor, db, language, url):
    response = visitor.get(url)

    assert_unavailable_page(response, language)


def refuse_every_query(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "url_name", ["home", "companies:organization_list", "programs:opportunity_list"]
)
def test_public_pages_answer_503_while_the_database_refuses_queries_and_recover_after(
    visitor, db, language, url_name
):
    with mock.patch.object(CursorWrapper, "execute", refuse_every_query):
        down = visitor.get(reverse(url_name))

    assert_unavailable_page(down, language)
    assert visitor.get(reverse(url_name)).status_code == 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_session_that_cannot_be_read_gives_the_503_page_too(visitor, partner_a, language):
    # The session is read by middleware, before any view: the 500 handler turns it into 503.
    visitor.force_login(partner_a)
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.load", side_effect=OperationalError
    ):
        response = visitor.get(reverse("programs:dashboard"))

    assert_unavailable_page(response, language)
    assert visitor.get(reverse("programs:dashboard")).status_code == 200
