"""The competency part of a person's profile file (org three files, profile tab): the fit to the position, the
gaps and the radar of actual vs required. The file page has already checked that the user may open this person
(org.selectors.employee_for)."""
from django import template

from agentpath.talent.competencies import profile_for
from agentpath.talent.selectors import radar

register = template.Library()


@register.inclusion_tag("talent/_profile_competencies.html")
def competency_fit(employee):
    return {"employee": employee, "competencies": radar(profile_for(employee))}
