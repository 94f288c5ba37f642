"""Competencies and person–position fit (能力模型与人岗匹配, DOMAIN.md C3).

A dictionary of competencies with what each level 1–5 looks like; a profile per position (defaults written
from seed 001's responsibilities and seed 000's function titles, loaded by `agentpath load-framework cola`,
idempotent); self and supervisor assessments per period, of which the supervisor's latest counts. The fit score
人岗匹配度 is the mean, over the position's profile, of the assessed level over the required one (capped at 1),
as a percentage; a competency not assessed counts 0 and is named as a gap.
"""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.careers.models import Position, Transition
from agentpath.common.calendar import parse_period
from agentpath.common.errors import Forbidden, Invalid
from agentpath.org import scoping
from agentpath.org.models import Employee

from . import duties
from .competency_data import DICTIONARY, PROFILES
from .models import Competency, CompetencyAssessment, PositionCompetency


def load_competencies() -> dict:
    """Load the dictionary and the default profiles; a second run changes nothing. Returns counts."""
    counts = {"created": 0, "changed": 0}
    existing = {c.code: c for c in Competency.objects.all()}
    for code, name, name_en, levels in DICTIONARY:
        current = existing.get(code)
        if current is None:
            existing[code] = Competency.objects.create(code=code, name=name, name_en=name_en, levels=levels)
            counts["created"] += 1
        elif (current.name, current.name_en, current.levels) != (name, name_en, levels):
            current.name, current.name_en, current.levels = name, name_en, levels
            current.save()
            counts["changed"] += 1
    positions = {p.code: p for p in Position.objects.filter(code__in=PROFILES)}
    have = {(pc.position_id, pc.competency_id): pc for pc in PositionCompetency.objects.all()}
    for p_code, profile in PROFILES.items():
        if p_code not in positions:
            continue
        for c_code, level in profile.items():
            key = (positions[p_code].id, existing[c_code].id)
            if key not in have:
                PositionCompetency.objects.create(position=positions[p_code], competency=existing[c_code], level=level)
                counts["created"] += 1
    return counts


def load_competencies_part(framework_code: str) -> dict:
    """load_competencies as a part of the default framework (careers.FRAMEWORK_PARTS): `load-framework cola`
    and every load of the framework ship the dictionary and the profiles its min_competency requirements read."""
    return load_competencies()


def competency_name_of(code: str) -> str | None:
    """The name of a competency of the dictionary (careers names min_competency requirements with it)."""
    return Competency.objects.filter(code=code).values_list("name", flat=True).first()


def supervisor_levels(employee_ids, codes=None) -> dict[tuple[int, str], int]:
    """The latest supervisor assessment of each person and competency (the supervisor's counts)."""
    rows = CompetencyAssessment.objects.filter(employee_id__in=employee_ids, by=CompetencyAssessment.By.SUPERVISOR)
    if codes is not None:
        rows = rows.filter(competency__code__in=codes)
    latest = rows.values("employee_id", "competency__code").annotate(last=Max("assessed_on"))
    wanted = {(r["employee_id"], r["competency__code"], r["last"]) for r in latest}
    out = {}
    for emp, code, day, level in rows.order_by("assessed_on", "id").values_list(
            "employee_id", "competency__code", "assessed_on", "level"):
        if (emp, code, day) in wanted:
            out[(emp, code)] = level
    return out


def fit(levels: dict[str, int], profile: list[PositionCompetency]) -> dict:
    """Fit of assessed levels to a profile: the score (0–100) and each competency's actual, required and gap."""
    rows = [{"competency": pc.competency, "required": pc.level, "actual": levels.get(pc.competency.code),
             "gap": max(0, pc.level - (levels.get(pc.competency.code) or 0))} for pc in profile]
    score = round(100 * sum(min(1, (r["actual"] or 0) / r["required"]) for r in rows) / len(rows)) if rows else None
    return {"score": score, "rows": rows}


def _profiles() -> dict[int, tuple[Position, list[PositionCompetency]]]:
    """Every position's competency profile (one query): {position id: (position, its entries)}."""
    profiles: dict[int, tuple[Position, list[PositionCompetency]]] = {}
    for pc in PositionCompetency.objects.select_related("competency", "position__level").order_by(
            "position__code", "competency__code"):
        profiles.setdefault(pc.position_id, (pc.position, []))[1].append(pc)
    return profiles


def _levels_by_person(employee_ids) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {}
    for (emp, code), level in supervisor_levels(employee_ids).items():
        out.setdefault(emp, {})[code] = level
    return out


def lateral_positions(employee) -> QuerySet:
    """The positions a lateral move of the career framework leads to from the person's level (a transition of
    kind "lateral"; one naming positions only from that position, to that position), other than their own:
    never a promotion or a demotion."""
    moves = Transition.objects.filter(kind=Transition.Kind.LATERAL, from_level_id=employee.level_id).filter(
        Q(from_position__isnull=True) | Q(from_position_id=employee.position_id))
    return Position.objects.filter(
        Q(pk__in=moves.filter(to_position__isnull=False).values("to_position_id"))
        | Q(level_id__in=moves.filter(to_position__isnull=True).values("to_level_id"))).exclude(
        pk=employee.position_id)


def profile_for(employee) -> dict:
    """The person's fit to their own position and the three best-fitting lateral moves (positions with a profile
    that a lateral move of the framework leads to: lateral_positions), each with its gaps; for the radar chart the
    required and actual level per competency."""
    profiles = _profiles()
    levels = _levels_by_person([employee.id]).get(employee.id, {})
    own = profiles.get(employee.position_id, (None, []))[1]
    lateral = set(lateral_positions(employee).values_list("pk", flat=True))
    moves = sorted(((pos, fit(levels, pcs)) for pid, (pos, pcs) in profiles.items() if pid in lateral),
                   key=lambda pair: (-(pair[1]["score"] or 0), pair[0].code))[:3]
    return {"own": fit(levels, own), "lateral": [{"position": p, **f} for p, f in moves], "levels": levels}


def fit_scores(employees) -> dict[int, int | None]:
    """Each person's fit to their own position (None: the position has no profile, or no supervisor has assessed
    the person yet: "—", never a fit of 0 %), for a list of people: two queries whatever its length."""
    profiles = _profiles()
    levels = _levels_by_person([e.id for e in employees])
    return {e.id: fit(levels[e.id], profiles.get(e.position_id, (None, []))[1])["score"] if e.id in levels else None
            for e in employees}


def own_profile(employee) -> list[PositionCompetency]:
    """The competency profile of the person's position (empty: none written for it)."""
    return list(PositionCompetency.objects.filter(position_id=employee.position_id).select_related("competency")
                .order_by("competency__code"))


def assessor_kind(user, employee: Employee, as_of: datetime.date | None = None) -> str:
    """As what `user` assesses `employee`: the person themselves (a self-assessment, which never counts as the
    supervisor's) or their supervisor on the day (org.scoping.supervised_by: a team leader the team in force,
    a manager their centers, HR everyone) by the rule of talent.duties (nobody assesses themselves as their own
    supervisor); anyone else is refused (403), and so is assessing a person who has left (422)."""
    if employee.status == Employee.Status.EXITED:
        raise Invalid(_("%(name)s has left; only people at work are assessed.") % {"name": employee.name},
                      code="exited")
    if user.employee_id == employee.id:
        return CompetencyAssessment.By.SELF
    duties.check_may_act(user, employee, duties.ASSESS)
    if scoping.supervised_by(user, as_of or timezone.localdate()).filter(pk=employee.pk).exists():
        return CompetencyAssessment.By.SUPERVISOR
    raise Forbidden(_("Only %(name)s or their supervisor assesses their competencies.") % {"name": employee.name},
                    code="not_their_supervisor")


def assessment_period(text: str) -> str:
    """The period of an assessment: a quarter (2026Q3) or a month (2026-07), not one that has not begun."""
    try:
        period = parse_period(text)
    except ValueError as error:
        raise ValidationError(str(error)) from None
    if period.start > timezone.localdate():
        raise ValidationError(_("%(period)s has not begun; choose the present or an earlier period.")
                              % {"period": period.code})
    return period.code


def record_assessment(*, employee, competency: Competency, period: str, level: int, by) -> CompetencyAssessment:
    """One competency of a self-assessment or of a supervisor's assessment (assessor_kind) for a period; a second
    one of the same kind and period replaces the first."""
    return record_assessments(employee=employee, period=period, levels={competency: level}, by=by)[0]


@transaction.atomic
def record_assessments(*, employee, period: str, levels: dict[Competency, int | None], by) -> list[CompetencyAssessment]:
    """A self-assessment or a supervisor's assessment (assessor_kind decides which) of several competencies for one
    period, all or none: every level must be 1 to 5, each error naming the competency and the value given."""
    kind = assessor_kind(by, employee)
    code = assessment_period(period)
    errors = [_("%(competency)s: %(value)s is not a level; choose 1 to 5.")
              % {"competency": c.name, "value": "—" if lv is None else lv}
              for c, lv in levels.items() if not isinstance(lv, int) or not 1 <= lv <= 5]
    if errors:
        raise ValidationError(errors)
    return [CompetencyAssessment.objects.update_or_create(
        employee=employee, competency=competency, period=code, by=kind,
        defaults={"level": level, "assessed_by": by, "assessed_on": timezone.localdate()})[0]
        for competency, level in levels.items()]
