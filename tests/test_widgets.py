"""The Python-written inputs give the markup of Django's template-rendered ones."""

import pytest
from django import forms

from depok_csr.widgets import FastNumberInput, FastTextInput

CASES = [
    (FastTextInput, forms.TextInput, {"type": "search"}, "q", 'air & "bersih" <b>'),
    (FastTextInput, forms.TextInput, {"type": "search"}, "q", None),
    (FastNumberInput, forms.NumberInput, {"min": 0, "step": "any"}, "budget_min", "-5"),
    (FastNumberInput, forms.NumberInput, {"required": True, "disabled": False}, "n", 12),
]


@pytest.mark.parametrize(("fast", "django_widget", "widget_attrs", "name", "value"), CASES)
def test_fast_widgets_write_what_djangos_templates_write(
    fast, django_widget, widget_attrs, name, value
):
    extra = {"class": "form-control is-invalid", "aria-invalid": "true", "id": f"id_{name}"}
    ours, theirs = fast(attrs=widget_attrs), django_widget(attrs=widget_attrs)

    assert ours.render(name, value, extra) == theirs.render(name, value, extra)
