from django import template

from ..queues import waiting_for

register = template.Library()


@register.simple_tag(takes_context=True)
def review_queues(context):
    """The review queues the signed-in staff member decides (see programs.queues)."""
    return waiting_for(context["request"].user)
