"""The trainer path (seed 002 §3.4): the framework's trainer track and where a trainer stands on it, checked by the
eligibility engine. Shown on learning's trainer pages through the `trainer_path` tag (talent templatetags): learning
sits below talent and never imports it."""
import datetime

from django.utils import timezone

from agentpath.accounts.models import User
from agentpath.careers.models import Level
from agentpath.careers.requirements import describe_requirement, in_reading_order
from agentpath.careers.selectors import effective_requirements
from agentpath.org.models import Employee
from agentpath.org.selectors import with_tenure

from .eligibility import evaluate

TRAINER_TRACK = "training"  # the framework's trainer track (内训师 → 高级内训师 → 培训主管)


def trainer_path(trainer: User, as_of: datetime.date | None = None) -> dict:
    """The trainer track's levels from the framework, each with its entry requirements in force, and where the
    trainer stands: the level they hold that day (org history) and, from the eligibility engine, every move into
    the track open from there with each requirement checked. A trainer without an employee record has no level."""
    as_of = as_of or timezone.localdate()
    levels = list(Level.objects.filter(track__code=TRAINER_TRACK).select_related("track").order_by("order"))
    requirements: dict[int, list] = {}
    for r in effective_requirements(as_of).filter(level__in=levels):
        requirements.setdefault(r.level_id, []).append(r)
    employee = with_tenure(Employee.objects.filter(pk=trainer.employee_id), as_of).first() \
        if trainer.employee_id else None
    current = Level.objects.filter(pk=employee.level_on).select_related("track").first() \
        if employee is not None and employee.level_on else None
    on_track = current is not None and current.track.code == TRAINER_TRACK
    options = [o for o in evaluate([employee], as_of)[employee.id]
               if o.transition.to_level.track.code == TRAINER_TRACK] if current is not None else []
    return {"employee": employee, "current": current, "on_track": on_track, "options": options, "levels": [
        {"level": level, "requirements": [describe_requirement(r) for r in in_reading_order(
            requirements.get(level.pk, []))],
         "state": ("current" if current == level else "reached" if on_track and level.order < current.order
                   else "ahead")} for level in levels]}
