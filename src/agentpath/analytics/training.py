"""Training effectiveness of a course or program over the people the user sees (DOMAIN.md C11, issue 21): the one
method of learning.effectiveness — the trainer scorecard's too — read by HR and center managers."""
from django.utils.translation import gettext as _

from agentpath.common.errors import Invalid, NotFound
from agentpath.learning.effectiveness import Effect, course_effect, program_effect
from agentpath.learning.models import Course, Program
from agentpath.org import scoping

from .retention import can_read_retention


def can_read_training_effect(user) -> bool:
    """HR and center managers (over their centers), as retention: it is about groups, never one person."""
    return can_read_retention(user)


def trainings() -> list[tuple[str, str]]:
    """The picker's choices: every program, then every course, as ("program:code" | "course:code", name)."""
    programs = [(f"program:{p.code}", p.display_name) for p in Program.objects.order_by("code")]
    courses = [(f"course:{c.code}", c.display_name) for c in Course.objects.order_by("category", "code")]
    return programs + courses


def training_effect(user, *, course: str | None = None, program: str | None = None) -> tuple[str, Effect]:
    """The named course's or program's effect over the user's scope (employees_visible_to); its name first.
    Exactly one of the two is named (422 one_training); an unknown code answers 404."""
    if not can_read_training_effect(user):
        raise NotFound(_("Not found."))
    if bool(course) == bool(program):
        raise Invalid(_("Name one course or one program."), code="one_training")
    population = scoping.employees_visible_to(user)
    if program:
        found = Program.objects.filter(code=program).first()
        if found is None:
            raise NotFound(_("Not found."))
        return found.display_name, program_effect(population, found)
    found = Course.objects.filter(code=course).first()
    if found is None:
        raise NotFound(_("Not found."))
    return found.display_name, course_effect(population, found)
