import csv
import shutil
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from companies.models import Organization
from events.models import Event
from programs.models import Theme
from regions.models import Kecamatan, Kelurahan

REFERENCE_MODELS = [Kecamatan, Kelurahan, Organization, Theme, Event]


def load(**options):
    out = StringIO()
    call_command("load_reference_data", stdout=out, **options)
    return out.getvalue()


def csv_rows(*parts):
    with (settings.REFERENCE_DATA_DIR.joinpath(*parts)).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def snapshot():
    """Every stored value of the reference models, plus the organisation history length."""
    values = {
        model.__name__: list(model.objects.order_by("pk").values()) for model in REFERENCE_MODELS
    }
    values["history"] = Organization.history.count()
    return values


@pytest.fixture
def loaded(db):
    load()


def test_the_city_has_11_kecamatan_and_63_kelurahan(loaded):
    assert Kecamatan.objects.count() == 11
    assert Kelurahan.objects.count() == 63
    assert Kecamatan.objects.get(code="32.76.01").slug == "pancoran-mas"


def test_the_seven_themes_are_numbered_and_named_in_both_languages(loaded):
    themes = list(Theme.objects.order_by("number"))
    assert [theme.number for theme in themes] == [1, 2, 3, 4, 5, 6, 7]
    assert themes[5].name == "Penanggulangan bencana"
    assert themes[5].name_en == "Disaster management"
    assert themes[0].slug == "pelayanan-publik"
    assert all(theme.short_name and theme.short_name_en for theme in themes)


def test_every_documented_agency_and_zakat_institution_is_loaded(loaded):
    agencies = csv_rows("organizations", "regional_agencies.csv")
    zakat = csv_rows("organizations", "zakat_institutions.csv")

    assert Organization.objects.agencies().count() == len(agencies)
    assert Organization.objects.filter(kind="zakat_institution").count() == len(zakat)
    assert set(Organization.objects.agencies().values_list("slug", flat=True)) == {
        row["slug"] for row in agencies
    }
    dinsos = Organization.objects.get(slug="dinsos")
    assert (dinsos.name, dinsos.agency_type) == ("Dinas Sosial", "dinas")
    baznas = Organization.objects.get(slug="baznas-kota-depok")
    assert baznas.legal_form == Organization.LegalForm.BAZNAS


def test_reference_organisations_are_real_verified_and_sourced(loaded):
    organisations = Organization.objects.all()
    assert organisations.exists()
    assert not organisations.filter(is_demo=True).exists()
    assert not organisations.filter(is_verified=False).exists()
    assert not organisations.filter(source="").exists()
    assert not organisations.filter(kind="company").exists()


def test_a_kecamatan_office_serves_its_kecamatan(loaded):
    office = Organization.objects.get(slug="kecamatan-pancoran-mas")
    assert office.kecamatan.code == "32.76.01"


def test_the_two_curug_are_different_kelurahan_in_different_kecamatan(loaded):
    curug = Kelurahan.objects.filter(name="Curug").select_related("kecamatan")
    assert sorted(k.kecamatan.name for k in curug) == ["Bojongsari", "Cimanggis"]
    assert len({k.code for k in curug}) == 2


def test_the_2022_and_2023_gatherings_are_loaded(loaded):
    assert set(Event.objects.values_list("slug", flat=True)) == {
        row["slug"] for row in csv_rows("events", "events.csv")
    }
    gathering = Event.objects.get(slug="gathering-csr-forum-kemitraan-depok-2023")
    assert gathering.date.isoformat() == "2023-11-20"
    assert gathering.venue == "Hotel Savero"
    assert "prokopim.depok.go.id" in gathering.source


def test_attendance_figures_are_not_loaded_as_data(loaded):
    gathering = Event.objects.get(slug="gathering-csr-forum-kemitraan-depok-2023")
    assert gathering.attendance_by_kind() == {}


def test_loading_twice_changes_nothing(loaded):
    before = snapshot()
    output = load()
    assert snapshot() == before
    assert all("(0 created, 0 updated," in line for line in output.splitlines())
    assert "Kelurahan: 63 rows (0 created, 0 updated, 63 unchanged)" in output


def test_the_command_prints_one_line_per_model(db):
    lines = load().splitlines()
    assert lines[0] == "Kecamatan: 11 rows (11 created, 0 updated, 0 unchanged)"
    assert lines[1] == "Kelurahan: 63 rows (63 created, 0 updated, 0 unchanged)"
    assert len(lines) == 6


def test_a_corrected_data_file_updates_the_row_with_the_same_code(loaded, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(settings.REFERENCE_DATA_DIR, data_dir)
    path = data_dir / "regions" / "kecamatan.csv"
    path.write_text(path.read_text().replace("Pancoran Mas", "Pancoranmas"), encoding="utf-8")

    output = load(data_dir=data_dir)

    kecamatan = Kecamatan.objects.get(code="32.76.01")
    assert (kecamatan.name, kecamatan.slug) == ("Pancoranmas", "pancoranmas")
    assert Kecamatan.objects.count() == 11
    assert "Kecamatan: 11 rows (0 created, 1 updated, 10 unchanged)" in output


def test_a_broken_data_file_loads_nothing(db, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(settings.REFERENCE_DATA_DIR, data_dir)
    path = data_dir / "themes" / "themes.csv"
    path.write_text(path.read_text().replace("short_en", "short_english"), encoding="utf-8")

    with pytest.raises(CommandError, match="short_en"):
        load(data_dir=data_dir)
    assert not Kecamatan.objects.exists()
