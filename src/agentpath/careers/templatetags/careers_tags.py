from django import template

from agentpath.careers.requirements import in_reading_order

register = template.Library()


@register.filter
def reading_order(requirements):
    """Requirements in the order people read them (careers.requirements.KIND_ORDER)."""
    return in_reading_order(requirements)
