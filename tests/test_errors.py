"""Unknown addresses give a proper 404 page; a crash gives the bilingual 500 page."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import path, reverse
from django.utils import translation
from django.views.defaults import server_error

NOT_PUBLIC = "The page you asked for does not exist or is not public."
UNKNOWN_DETAILS = [
    ("companies:organization_detail", "tidak-ada"),
    ("programs:theme_detail", "tidak-ada"),
    ("programs:opportunity_detail", 999999),
    ("programs:commitment_detail", 999999),
    ("events:event_detail", "tidak-ada"),
]


def in_language(language, text):
    with translation.override(language):
        return translation.gettext(text)


@pytest.mark.parametrize(("view_name", "key"), UNKNOWN_DETAILS)
@pytest.mark.parametrize("language", ["id", "en"])
def test_an_unknown_detail_says_the_page_does_not_exist_in_the_page_language(
    client, db, view_name, key, language
):
    client.cookies["django_language"] = language

    response = client.get(reverse(view_name, args=[key]))

    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert in_language(language, NOT_PUBLIC) in html
    assert f'href="{reverse("home")}">{in_language(language, "Back to the home page")}' in html


def test_an_address_outside_the_portal_gets_the_same_404_page(client, db):
    client.cookies["django_language"] = "en"

    response = client.get("/halaman-yang-tidak-ada/")

    assert response.status_code == 404
    assert NOT_PUBLIC in response.content.decode()


def boom(request):
    raise OperationalError("the database is down")


urlpatterns = [path("boom/", boom)]


def test_the_500_page_renders_without_a_database():
    # No `db` fixture: any query here would fail the test.
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert "Terjadi kesalahan" in html
    assert "Something went wrong" in html


def test_the_500_page_is_plain_html_without_template_tags():
    source = Path(settings.BASE_DIR, "templates", "500.html").read_text(encoding="utf-8")

    assert "{%" not in source
    assert "{{" not in source
    assert Template(source).render(Context()) == source


@pytest.mark.urls(__name__)
def test_a_crash_shows_the_bilingual_500_page(client):
    client.raise_request_exception = False

    response = client.get("/boom/")

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
