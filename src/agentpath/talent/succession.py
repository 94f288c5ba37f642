"""Succession benches (继任计划, DOMAIN.md C8, seed 004): for each key position of a center (team leader,
supervisor, QA lead, trainer …) the people ready now, in 6–12 months and in 12–24 months, each with the gaps
the eligibility engine finds between them and the position's level (one evaluation for the whole bench)."""
import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.careers.models import Level, Position, Transition
from agentpath.common.calendar import last_quarters
from agentpath.common.errors import Conflict, Forbidden, Invalid
from agentpath.common.rows import number_rows
from agentpath.org import scoping
from agentpath.org.models import Employee
from agentpath.org.selectors import with_tenure
from agentpath.performance.models import KpiResult

from . import duties
from .competencies import _levels_by_person, _profiles, fit
from .eligibility import evaluate
from .models import SuccessionCandidate

NOTE_MAX = SuccessionCandidate._meta.get_field("note").max_length


def _check_change(by, employee: Employee) -> None:
    """Benches are HR's and center managers' (the deciders'); nobody puts themselves on a bench, changes their
    own readiness or takes themselves off (talent.duties)."""
    if not scoping.can_decide_talent(by):
        raise Forbidden(_("Only HR and center managers change succession benches."), code="not_a_decider")
    duties.check_may_act(by, employee, duties.DECIDE)


def _clean(readiness: str, note: str) -> str:
    if readiness not in SuccessionCandidate.Readiness.values:
        raise Invalid(_("Choose how soon the person will be ready."), code="invalid_readiness")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise Invalid(_("The note is %(n)s characters long; at most %(max)s are accepted.")
                      % {"n": len(note), "max": NOTE_MAX}, code="too_long")
    return note


# the moves a bench looks along: up and sideways (a step down is never a path to a key position)
PATH_KINDS = (Transition.Kind.PROMOTION, Transition.Kind.LATERAL, Transition.Kind.GRADE_STEP)


def has_path(from_level: Level, to_level: Level) -> bool:
    """Whether the framework leads from a level to another by promotions, lateral moves and grade steps (any
    number of them); a level is its own path (the same level in another position)."""
    edges: dict[int, set[int]] = {}
    for a, b in Transition.objects.filter(kind__in=PATH_KINDS).values_list("from_level_id", "to_level_id"):
        edges.setdefault(a, set()).add(b)
    seen, todo = {from_level.pk}, [from_level.pk]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return to_level.pk in seen


def position_label(position: Position, center=None) -> str:
    """How a picker names a key position: its title, family, level and (on a center's bench) the center."""
    parts = [position.display_name, position.get_family_display(), position.level.display_name]
    if center is not None:
        parts.append(center.name)
    return " · ".join(str(p) for p in parts)


def position_choices(positions, center=None) -> list[tuple[str, str]]:
    """(code, label) of each position, labels unique: two positions named alike by title, family, level and
    center (which the framework allows) are told apart by their code."""
    positions = list(positions)
    labels = [position_label(p, center) for p in positions]
    return [(p.code, f"{label} ({p.code})" if labels.count(label) > 1 else label)
            for p, label in zip(positions, labels, strict=True)]


def add_to_bench(*, center, position: Position, employee: Employee, readiness: str, by,
                 note: str = "") -> SuccessionCandidate:
    """Put an active person of the center on the bench of a key position, with how soon they will be ready (chosen:
    no default). A person already on that bench is refused (409 "already_on_bench"): change their readiness
    instead. A person whose level has no path to the position's level in the framework (has_path) is refused
    (422 "no_path_to_position") unless the note says why they belong on the bench all the same."""
    _check_change(by, employee)
    if not position.is_key:
        raise Invalid(_("%(p)s is not a key position.") % {"p": position.display_name}, code="not_a_key_position")
    if employee.center_id != center.id or employee.status == Employee.Status.EXITED:
        raise Invalid(_("%(name)s is not in %(center)s.") % {"name": employee.name, "center": center.name},
                      code="not_in_center")
    note = _clean(readiness, note)
    if employee.position_id == position.id:
        raise Invalid(_("%(name)s already holds this position.") % {"name": employee.name},
                      code="already_holds_position")
    if not note and not has_path(employee.level, position.level):
        raise Invalid(_("The framework has no path from %(level)s (%(name)s) to %(p)s; write in the note why "
                        "%(name)s belongs on this bench all the same.")
                      % {"level": employee.level.display_name, "name": employee.name, "p": position.display_name},
                      code="no_path_to_position", errors=[{"code": "no_path_to_position", "field": "note",
                                                           "message": _("a reason is required")}])
    try:
        with transaction.atomic():
            entry = SuccessionCandidate(center=center, position=position, employee=employee, readiness=readiness,
                                        note=note, added_by=by)
            entry._history_user = by
            entry.save()
            return entry
    except IntegrityError:
        raise Conflict(_("%(name)s is already on the bench of %(p)s; change their readiness instead.")
                       % {"name": employee.name, "p": position.display_name}, code="already_on_bench") from None


@transaction.atomic
def change_readiness(entry: SuccessionCandidate, *, by, readiness: str, note: str | None = None) -> SuccessionCandidate:
    """Change how soon a bench candidate will be ready (and the note, when given); the history keeps the earlier
    values, who changed them and when."""
    entry = SuccessionCandidate.objects.select_for_update(of=("self",)).select_related("employee", "position") \
        .get(pk=entry.pk)
    _check_change(by, entry.employee)
    note = _clean(readiness, entry.note if note is None else note)
    if (readiness, note) == (entry.readiness, entry.note):
        raise Conflict(_("%(name)s is already %(readiness)s.")
                       % {"name": entry.employee.name, "readiness": SuccessionCandidate.Readiness(readiness).label},
                       code="unchanged")
    entry.readiness, entry.note = readiness, note
    entry._history_user, entry._change_reason = by, "readiness"
    entry.save(update_fields=["readiness", "note"])
    return entry


@transaction.atomic
def remove_from_bench(entry: SuccessionCandidate, *, by, reason: str = "") -> None:
    """Take a candidate off a bench; the history keeps that they were on it, who took them off and why."""
    entry = SuccessionCandidate.objects.select_for_update(of=("self",)).select_related("employee").get(pk=entry.pk)
    _check_change(by, entry.employee)
    entry._history_user, entry._change_reason = by, (reason or "").strip()[:100]
    entry.delete()


def latest_main_percentiles(employee_ids, as_of: datetime.date) -> dict[int, tuple[str, float]]:
    """Each person's latest complete quarter ranked by `as_of` and their percentile on their own family's main
    composite (the first composite group of their scorecard: 业务能力, 团队绩效, 质检工作 …), one query."""
    if not employee_ids:
        return {}
    last_complete = last_quarters(as_of, 1)[0].start  # a quarter under way is not a result yet
    rows = number_rows(KpiResult.objects.filter(employee_id__in=employee_ids, period_start__lte=last_complete,
                                                period_kind=KpiResult.PeriodKind.QUARTER)
                       .order_by("employee_id", "period_start", "-group__order", "-group_code")
                       .values_list("employee_id", "id", "percentile"))
    latest = {emp_id: (result_id, pct) for emp_id, result_id, pct in rows}  # the last row: latest quarter, main
    periods = dict(KpiResult.objects.filter(pk__in=[r for r, _p in latest.values()]).values_list("id", "period"))
    return {emp_id: (periods[result_id], pct) for emp_id, (result_id, pct) in latest.items()}


def benches(center, as_of: datetime.date | None = None) -> list[dict]:
    """Every key position with its holders' count and its bench by readiness, each candidate with the unmet
    requirements of the move from their level to the position's level (none: no such move defined; the team
    composite percentile, the competencies the move asks for … as the eligibility engine checks them), their
    fit to the position's competency profile and their latest percentile on their own family's main
    composite."""
    as_of = as_of or timezone.localdate()
    entries = list(SuccessionCandidate.objects.filter(center=center).select_related("position__level", "employee"))
    people = list(with_tenure(Employee.objects.filter(pk__in={e.employee_id for e in entries}), as_of)
                  .select_related("level"))
    options = evaluate(people, as_of)
    profiles, levels = _profiles(), _levels_by_person([p.id for p in people])
    percentiles = latest_main_percentiles([p.id for p in people], as_of)
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
            bench[e.readiness].append({
                "entry": e, "gaps": gaps, "percentile": percentiles.get(e.employee_id),
                "fit": fit(levels.get(e.employee_id, {}), profiles.get(position.id, (None, []))[1])["score"]})
        if any(bench.values()) or holders.get(position.id):
            out.append({"position": position, "holders": holders.get(position.id, 0),
                        "bench": [(r, SuccessionCandidate.Readiness(r).label, bench[r])
                                  for r in SuccessionCandidate.Readiness.values]})
    return out
