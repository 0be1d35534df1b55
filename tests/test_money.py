from django.template import Context, Template

from depok_csr.money import format_rupiah


def test_thousands_are_grouped_with_dots():
    assert format_rupiah(1_500_000) == "Rp 1.500.000"


def test_small_amounts_have_no_separator():
    assert format_rupiah(0) == "Rp 0"
    assert format_rupiah(999) == "Rp 999"


def test_billions_keep_every_group():
    assert format_rupiah(2_250_000_000) == "Rp 2.250.000.000"


def test_a_negative_gap_shows_its_sign_before_the_currency():
    assert format_rupiah(-250_000) == "-Rp 250.000"


def test_nothing_is_shown_as_a_dash():
    assert format_rupiah(None) == "–"


def test_the_template_filter_formats_the_same_way():
    rendered = Template("{% load money %}{{ budget|rupiah }}").render(
        Context({"budget": 100_000_000})
    )
    assert rendered == "Rp 100.000.000"
