from django import template

from depok_csr.money import format_rupiah

register = template.Library()


@register.filter
def rupiah(value):
    """{{ opportunity.budget|rupiah }} → Rp 100.000.000"""
    return format_rupiah(value)
