"""The SDGs each theme serves (the portal's own mapping in data/themes/sdg_mapping.csv), on the
theme list and a theme's page, in Indonesian and in English."""

import pytest
from django.urls import reverse

from programs.sdgs import sdg_mapping
from tests.factories import make_theme

pytestmark = pytest.mark.django_db

LIST_URL = reverse("programs:theme_list")


@pytest.fixture
def bencana():
    """Theme 6 of the city's list: the mapping gives it SDGs 11, 13 and 1."""
    return make_theme(number=6, short_name="Penanggulangan bencana", slug="bencana")


def page(client, url, language="id"):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_the_mapping_names_every_goal_by_number_in_english_and_indonesian():
    mapping = sdg_mapping()

    assert sorted(mapping) == [1, 2, 3, 4, 5, 6, 7]
    assert [goal.number for goal in mapping[6]] == [11, 13, 1]
    goals = [goal for theme_goals in mapping.values() for goal in theme_goals]
    assert all(1 <= goal.number <= 17 and goal.name_en and goal.name_id for goal in goals)
    names = {goal.number: (goal.name_en, goal.name_id) for goal in goals}
    assert names[1] == ("No Poverty", "Tanpa Kemiskinan")
    assert names[16] == (
        "Peace, Justice and Strong Institutions",
        "Perdamaian, Keadilan dan Kelembagaan yang Tangguh",
    )


def test_theme_page_shows_the_goals_it_serves_in_indonesian(client, bencana):
    html = page(client, reverse("programs:theme_detail", args=[bencana.slug]))

    assert "SDG 11" in html and "Kota dan Permukiman yang Berkelanjutan" in html
    assert "SDG 13" in html and "Penanganan Perubahan Iklim" in html
    assert "SDG 1</span> Tanpa Kemiskinan" in html
    assert "Climate Action" not in html


def test_theme_page_shows_the_goals_in_english(client, bencana):
    html = page(client, reverse("programs:theme_detail", args=[bencana.slug]), "en")

    assert "Sustainable Development Goals (SDGs)" in html
    assert "Climate Action" in html and "Sustainable Cities and Communities" in html
    assert "portal's own mapping" in html
    assert "Penanganan Perubahan Iklim" not in html


def test_theme_list_shows_each_themes_goals(client, bencana):
    make_theme(number=2, slug="sdm")

    html = page(client, LIST_URL, "en")

    assert "Quality Education" in html  # theme 2
    assert "Climate Action" in html  # theme 6
    assert html.count('class="sdg-goal"') == len(sdg_mapping()[2]) + len(sdg_mapping()[6])


def test_a_theme_the_mapping_does_not_name_shows_no_goals(client):
    other = make_theme(number=42, slug="tema-lain")

    html = page(client, reverse("programs:theme_detail", args=[other.slug]), "en")

    assert "sdg-goal" not in html and "Sustainable Development Goals" not in html


def test_the_mapping_is_read_from_the_reference_file_once(tmp_path, settings):
    folder = tmp_path / "themes"
    folder.mkdir()
    (folder / "sdg_mapping.csv").write_text(
        "theme_number,sdg_number,sdg_name_en,sdg_name_id\n9,14,Life Below Water,Ekosistem Lautan\n",
        encoding="utf-8",
    )
    settings.REFERENCE_DATA_DIR = tmp_path
    sdg_mapping.cache_clear()
    try:
        first = sdg_mapping()
        (folder / "sdg_mapping.csv").unlink()

        assert sdg_mapping() is first  # kept: the file is not read again
        assert [(g.number, g.name_id) for g in first[9]] == [(14, "Ekosistem Lautan")]
    finally:
        sdg_mapping.cache_clear()
