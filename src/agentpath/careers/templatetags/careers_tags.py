from django import template
from django.utils.translation import gettext_lazy as _

from agentpath.careers.requirements import in_reading_order

register = template.Library()


@register.filter
def reading_order(requirements):
    """Requirements in the order people read them (careers.requirements.KIND_ORDER)."""
    return in_reading_order(requirements)


@register.filter
def position_and_level(employee) -> str:
    """"客服代表" rather than "客服代表 · 客服代表" when the position bears its level's name; otherwise both."""
    level = employee.level.display_name if employee.level_id else ""
    position = employee.position.display_name if employee.position_id else str(_("No position"))
    names = [position] if position == level or not level else [position, level]
    return " · ".join(names)
