"""The server-side SVG bar chart: proportional bars, labels, a text alternative, escaping."""

import xml.etree.ElementTree as ET

from depok_csr.charts import VALUE_SPACE, WIDTH, Series, bar_chart

SVG = "{http://www.w3.org/2000/svg}"
FULL = WIDTH - VALUE_SPACE


def draw(categories, *series):
    svg = bar_chart(chart_id="c", title="Nilai per tema", categories=categories, series=series)
    return svg, ET.fromstring(svg)  # the markup is well-formed XML


def bar_widths(tree):
    return [float(rect.get("width")) for rect in tree.iter(f"{SVG}rect") if rect.get("class")]


def texts(tree, kind):
    return [text.text for text in tree.iter(f"{SVG}text") if text.get("class") == kind]


def test_bars_are_proportional_to_their_values_with_labels():
    _svg, tree = draw(["Air", "Sekolah", "Jalan"], Series("Pledged", [200, 100, 50]))

    assert bar_widths(tree) == [FULL, FULL / 2, FULL / 4]
    assert texts(tree, "category") == ["Air", "Sekolah", "Jalan"]
    assert texts(tree, "value") == ["Rp 200", "Rp 100", "Rp 50"]


def test_one_value_fills_the_bar_area():
    _svg, tree = draw(["Air"], Series("Pledged", [1_500_000]))

    assert bar_widths(tree) == [FULL]
    assert texts(tree, "value") == ["Rp 1.500.000"]


def test_zero_values_draw_empty_bars_without_dividing_by_zero():
    _svg, tree = draw(["Air", "Sekolah"], Series("Pledged", [0, 0]))

    assert bar_widths(tree) == [0, 0]
    assert texts(tree, "value") == ["Rp 0", "Rp 0"]


def test_a_tiny_amount_stays_visible_and_a_negative_one_draws_nothing():
    _svg, tree = draw(["Besar", "Kecil", "Minus"], Series("Gap", [10_000_000_000, 1, -5]))

    assert bar_widths(tree) == [FULL, 1, 0]
    assert texts(tree, "value")[2] == "-Rp 5"


def test_two_series_draw_two_bars_per_category_and_a_legend():
    _svg, tree = draw(["Air", "Sekolah"], Series("Pledged", [4, 2]), Series("Realised", [1, 0]))

    rects = [rect for rect in tree.iter(f"{SVG}rect") if rect.get("class") == "bar"]
    assert len(rects) == 4
    assert rects[0].get("fill") != rects[1].get("fill")
    assert "Pledged" in [text.text for text in tree.iter(f"{SVG}text")]


def test_chart_is_an_image_named_by_its_title_and_described_by_its_numbers():
    svg, tree = draw(["Air", "Sekolah"], Series("Pledged", [4_000_000, 2_000_000]))

    assert tree.get("role") == "img"
    assert tree.get("aria-labelledby") == "c-title c-desc"
    assert tree.find(f"{SVG}title").get("id") == "c-title"
    assert tree.find(f"{SVG}title").text == "Nilai per tema"
    assert tree.find(f"{SVG}desc").text == "Air: Rp 4.000.000, Sekolah: Rp 2.000.000."
    assert tree.get("viewBox").startswith(f"0 0 {WIDTH} ")
    assert "style" not in svg


def test_labels_are_escaped_before_the_markup_is_marked_safe():
    hostile = "<script>alert('x')</script>"
    svg = bar_chart(
        chart_id="c",
        title=f"Judul {hostile}",
        categories=[hostile, "A & B"],
        series=[Series(f"Seri {hostile}", [1, 2]), Series("Lain", [0, 0])],
    )

    assert "<script" not in svg
    assert "&lt;script&gt;" in svg and "A &amp; B" in svg
    tree = ET.fromstring(svg)
    assert texts(tree, "category") == [hostile, "A & B"]


def test_a_long_label_is_shortened_but_kept_whole_in_its_tooltip():
    name = "Perusahaan Daerah Air Minum Tirta Asasta Kota Depok dan Sekitarnya"
    _svg, tree = draw([name], Series("Pledged", [1]))

    shown = texts(tree, "category")[0]
    assert shown.endswith("…") and len(shown) < len(name)
    assert tree.find(f"{SVG}g/{SVG}title").text == name


def test_no_categories_still_make_a_valid_image():
    _svg, tree = draw([], Series("Pledged", []))

    assert tree.get("role") == "img"
    assert bar_widths(tree) == []
