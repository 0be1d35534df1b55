"""
The fields of a public list's filter bar (`includes/filter_bar.html`), written in Python.

crispy-forms renders a field through a dozen nested templates, about 0.7 ms a field and 4 ms
a filter bar. These GET forms only use labelled text, number and select inputs, so this writes
crispy's Bootstrap 5 markup for them directly: the same label tied to the input's id, Bootstrap
classes, `aria-describedby` for the help text, `aria-invalid` and the invalid-feedback block.
"""

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def filter_fields(form, columns, wide_columns, wide=""):
    """Each field of `form` in a grid column: `wide_columns` for the fields named in `wide`."""
    wide_names = set(wide.split())
    return mark_safe(
        "".join(
            format_html(
                '<div class="{}">{}</div>',
                wide_columns if field.name in wide_names else columns,
                _field(field),
            )
            for field in form
        )
    )


def _field(field):
    widget = field.field.widget
    errors = field.errors
    control = "form-select" if isinstance(widget, forms.Select) else "form-control"
    css_class = " ".join(filter(None, [widget.attrs.get("class"), control]))
    if errors:
        css_class += " is-invalid"
    label = ""
    if field.label:
        label = format_html(
            '<label for="{}" class="form-label{}">{}</label>',
            field.id_for_label,
            " requiredField" if field.field.required else "",
            field.label,
        )
    error_block = ""
    if errors:
        error_block = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.auto_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((number, field.auto_id, error) for number, error in enumerate(errors, 1)),
            ),
        )
    help_text = ""
    if field.help_text:
        # Help text is the developer's markup, as in Django's and crispy's templates.
        help_text = format_html(
            '<div id="{}_helptext" class="form-text">{}</div>',
            field.auto_id,
            mark_safe(field.help_text),
        )
    return format_html(
        '<div id="div_{}" class="mb-3">{}{}{}{}</div>',
        field.auto_id,
        label,
        field.as_widget(attrs={"class": css_class}),
        error_block,
        help_text,
    )
