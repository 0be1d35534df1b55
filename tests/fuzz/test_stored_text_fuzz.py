"""
Text partners and agencies typed, once saved, shown on every public page escaped, and in the
open data downloads as text a spreadsheet never runs as a formula.
"""

import csv
import io

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from depok_csr.downloads import FORMULA_STARTS

from .conftest import body_of, check_answer, example
from .strategies import MARKUP, hostile_text

pytestmark = pytest.mark.django_db


def savable_text():
    """Hostile text a form could have saved: no NUL character (Django's forms refuse it)."""
    return hostile_text().map(lambda text: text.replace("\x00", ""))


def _saved(draw):
    """Hostile text in every free-text field the public pages show, with markup in each."""
    return {
        name: draw.draw(savable_text(), label=name) + draw.draw(st.sampled_from(MARKUP))
        for name in ("need_title", "need_description", "pledge_title", "org_description")
    }


@settings(settings.get_profile("fuzz"), max_examples=10)
@given(draw=st.data())
def test_typed_text_is_shown_escaped_on_public_pages(client, scene, draw):
    texts = _saved(draw)
    with example(client):
        scene.need.title, scene.need.description = texts["need_title"], texts["need_description"]
        scene.need.save()
        scene.approved.title = texts["pledge_title"]
        scene.approved.save()
        scene.company_a.description = texts["org_description"]
        scene.company_a.save()
        pages = [
            reverse("programs:opportunity_list"),
            reverse("programs:opportunity_detail", args=[scene.need.pk]),
            reverse("programs:commitment_list"),
            reverse("programs:commitment_detail", args=[scene.approved.pk]),
            reverse("programs:theme_detail", args=[scene.theme.slug]),
            reverse("companies:organization_list"),
            reverse("companies:organization_detail", args=[scene.company_a.slug]),
        ]
        for page in pages:
            response = client.get(page)
            assert response.status_code == 200, page
            check_answer(response, texts)


def _cells(response):
    return [cell for row in csv.reader(io.StringIO(body_of(response))) for cell in row]


@settings(settings.get_profile("fuzz"))
@given(title=st.sampled_from(FORMULA_STARTS).flatmap(lambda c: savable_text().map(c.__add__)))
def test_typed_text_never_runs_as_a_formula_in_a_download(client, scene, title):
    with example(client):
        scene.need.title = title
        scene.need.save()
        scene.approved.title = title
        scene.approved.save()
        for dataset in ("opportunities", "commitments"):
            response = client.get(reverse("opendata:download", args=[dataset, "csv"]))
            cells = _cells(response)
            assert "'" + title in cells, dataset
            assert title not in cells, dataset
