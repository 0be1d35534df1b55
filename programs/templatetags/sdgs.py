from django import template

from ..sdgs import sdgs_of

register = template.Library()


@register.filter
def sdgs(theme):
    """The Sustainable Development Goals the theme serves (programs/sdgs.py)."""
    return sdgs_of(theme)
