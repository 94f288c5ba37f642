"""How a move is named to people (issue 18): a grade step reads as 晋等 with the grades before and after and the
level it stays in ("晋等 7 → 6, 业务专家"), never as a move to one's own level; another move reads as its target
position, or its target level when the transition names no position."""
from django.utils.translation import gettext as _

from agentpath.careers.models import Transition


def grade_after_step(grade: int) -> int:
    """A grade step goes one grade up the band (grade 1 is the highest)."""
    return grade - 1


def move_label(transition: Transition, grade: int | None = None) -> str:
    """The move as people read it; `grade`: the person's present grade (a grade step without it names the level)."""
    if transition.kind == Transition.Kind.GRADE_STEP:
        level = transition.to_level.display_name
        if grade is None:
            return _("Grade step, %(level)s") % {"level": level}
        return _("Grade step %(before)s → %(after)s, %(level)s") % {
            "before": grade, "after": grade_after_step(grade), "level": level}
    return (transition.to_position or transition.to_level).display_name
