"""The competency part of a person's profile file (org three files, profile tab): the fit to the position, the
gaps and the radar of actual vs required. The file page has already checked that the user may open this person
(org.selectors.employee_for)."""
from django import template

from agentpath.talent.competencies import profile_for
from agentpath.talent.moves import move_label as label_of_move
from agentpath.talent.selectors import radar
from agentpath.talent.trainer_path import trainer_path as path_of

register = template.Library()


@register.inclusion_tag("talent/_profile_competencies.html")
def competency_fit(employee):
    return {"employee": employee, "competencies": radar(profile_for(employee))}


@register.inclusion_tag("learning/_trainer_path.html")
def trainer_path(trainer):
    """The trainer path on learning's trainer scorecard and profile pages (learning does not import talent)."""
    return {"path": path_of(trainer)}


@register.simple_tag
def move_label(transition, grade=None):
    """A move as people read it: 晋等 7 → 6, 业务专家 for a grade step (talent.moves)."""
    return label_of_move(transition, grade)
