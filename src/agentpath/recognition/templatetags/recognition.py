"""Recognition on pages other apps own: the badge wall and level on the growth file, the level card on the
home page, the star ratings on the performance file. The page has already checked that the user may open this
person (the file's own scope check)."""
from django import template

from agentpath.performance.models import StarRating

from .. import selectors, services
from ..models import Badge

register = template.Library()


@register.inclusion_tag("recognition/_badge_wall.html")
def badge_wall(employee, user):
    """The wall; for someone who may give badges by hand, the form to give one and to revoke a by-hand one."""
    awards = selectors.badges_of(employee)
    gives = services.may_give(user, employee)
    return {"awards": [(a, selectors.describe_facts(a), gives and a.badge.rule == Badge.Rule.BY_HAND and not a.revoked)
                       for a in awards],
            "progress": selectors.progress_of(employee), "employee": employee,
            "hand_badges": list(Badge.objects.filter(rule=Badge.Rule.BY_HAND, active=True)) if gives else []}


@register.inclusion_tag("recognition/_level_card.html")
def level_card(employee):
    if employee is None:
        return {"progress": None}
    latest = list(selectors.badges_of(employee)[:3])
    return {"progress": selectors.progress_of(employee), "latest": latest}


@register.inclusion_tag("recognition/_star_ratings.html")
def star_ratings(employee, months: int = 6):
    return {"ratings": list(StarRating.objects.filter(employee=employee).order_by("-period_start")[:months])}
