"""Succession benches (继任计划, DOMAIN.md C8, seed 004): for each key position of a center (team leader,
supervisor, QA lead, trainer …) the people ready now, in 6–12 months and in 12–24 months, each with the gaps
the eligibility engine finds between them and the position's level (one evaluation for the whole bench)."""
import datetime

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.careers.models import Position
from agentpath.org.models import Employee
from agentpath.org.selectors import with_tenure

from .eligibility import evaluate
from .models import SuccessionCandidate


def add_to_bench(*, center, position: Position, employee: Employee, readiness: str, by,
                 note: str = "") -> SuccessionCandidate:
    """Put a person of the center on the bench of a key position (or change their readiness)."""
    if not position.is_key:
        raise ValidationError(_("%(p)s is not a key position.") % {"p": position.display_name})
    if employee.center_id != center.id:
        raise ValidationError(_("%(name)s is not in %(center)s.") % {"name": employee.name, "center": center.name})
    if readiness not in SuccessionCandidate.Readiness.values:
        raise ValidationError(_("Choose how soon the person will be ready."))
    if employee.position_id == position.id:
        raise ValidationError(_("%(name)s already holds this position.") % {"name": employee.name})
    entry, _created = SuccessionCandidate.objects.update_or_create(
        center=center, position=position, employee=employee,
        defaults={"readiness": readiness, "note": note.strip(), "added_by": by})
    return entry


def benches(center, as_of: datetime.date | None = None) -> list[dict]:
    """Every key position with its holders' count and its bench by readiness, each candidate with the unmet
    requirements of the move from their level to the position's level (none: no such move defined)."""
    as_of = as_of or timezone.localdate()
    entries = list(SuccessionCandidate.objects.filter(center=center).select_related("position__level", "employee"))
    people = list(with_tenure(Employee.objects.filter(pk__in={e.employee_id for e in entries}), as_of)
                  .select_related("level"))
    options = evaluate(people, as_of)
    holders = dict(Employee.objects.filter(center=center, status=Employee.Status.ACTIVE, position__is_key=True)
                   .values("position_id").annotate(n=Count("id")).values_list("position_id", "n"))
    out = []
    for position in Position.objects.filter(is_key=True).select_related("level").order_by("level__track__order",
                                                                                          "level__order", "code"):
        bench = {r: [] for r in SuccessionCandidate.Readiness.values}
        for e in entries:
            if e.position_id != position.id:
                continue
            move = next((o for o in options.get(e.employee_id, [])
                         if o.transition.to_level_id == position.level_id
                         and o.transition.to_position_id in (None, position.id)), None)
            gaps = [c for c in move.checks if not c.met] if move else None
            bench[e.readiness].append({"entry": e, "gaps": gaps})
        if any(bench.values()) or holders.get(position.id):
            out.append({"position": position, "holders": holders.get(position.id, 0),
                        "bench": [(r, SuccessionCandidate.Readiness(r).label, bench[r])
                                  for r in SuccessionCandidate.Readiness.values]})
    return out
