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
from .models import Competency, CompetencyAssessment, PositionCompetency

# (code, 名称, name, what levels 1..5 look like)
DICTIONARY = [
    ("communication", "沟通表达", "Communication",
     ["按话术完成基本沟通", "清楚表达，能倾听确认客户需求", "灵活应对不同类型客户", "化解冲突，影响客户决定", "示范并辅导他人沟通"]),
    ("complaint-handling", "投诉处理", "Complaint handling",
     ["识别投诉并按流程升级", "独立处理一般投诉", "处理复杂投诉并安抚情绪", "处理疑难与升级投诉", "建立投诉处理机制并改进流程"]),
    ("product-knowledge", "业务知识", "Product knowledge",
     ["掌握常见业务问答", "熟悉主要业务流程", "全面掌握业务与政策", "解答疑难业务并指导他人", "参与制定业务规则"]),
    ("system-operation", "系统操作", "System operation",
     ["在指导下使用系统", "熟练完成日常操作", "高效处理多系统并行操作", "排查常见系统问题", "提出系统优化需求"]),
    ("data-analysis", "数据分析", "Data analysis",
     ["读懂个人指标", "整理与核对报表数据", "分析指标变化原因", "建立分析模型并提出建议", "以数据驱动运营决策"]),
    ("team-management", "团队管理", "Team management",
     ["配合团队安排", "带教新人", "管理小组日常运作与目标", "管理多个小组并培养组长", "建设组织与人才梯队"]),
    ("training-delivery", "培训授课", "Training delivery",
     ["分享个人经验", "按教案授课", "设计课程并评估效果", "开发培训体系模块", "规划培训体系"]),
    ("quality-evaluation", "质检评估", "Quality evaluation",
     ["了解质检标准", "按标准完成抽检", "准确评估并反馈改进", "组织质检校准", "制定质检标准"]),
    ("scheduling", "排班管理", "Scheduling",
     ["了解排班规则", "按预测编制班表", "根据话务实时调整", "话务预测与人力规划", "制定排班策略"]),
]
# position code -> {competency: level}: seed 001's responsibilities of each position (seed 000's titles for the rest)
PROFILES = {
    "agent": {"communication": 3, "complaint-handling": 2, "product-knowledge": 3, "system-operation": 3},
    "senior-agent": {"communication": 4, "complaint-handling": 3, "product-knowledge": 4, "system-operation": 3},
    "business-expert": {"communication": 4, "complaint-handling": 4, "product-knowledge": 5, "training-delivery": 2},
    "team-leader": {"communication": 4, "complaint-handling": 4, "product-knowledge": 4, "team-management": 3,
                    "data-analysis": 2},
    "supervisor": {"communication": 4, "team-management": 4, "data-analysis": 3, "product-knowledge": 4},
    "qa-officer": {"quality-evaluation": 4, "product-knowledge": 4, "communication": 3},
    "trainer": {"training-delivery": 4, "product-knowledge": 4, "communication": 4},
    "scheduler": {"scheduling": 4, "data-analysis": 3, "system-operation": 3},
    "mis-analyst": {"data-analysis": 4, "system-operation": 4},
    "paperwork-clerk": {"system-operation": 3, "product-knowledge": 3},
}


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
    """Each person's fit to their own position (None: the position has no profile), for a list of people: two
    queries whatever its length."""
    profiles = _profiles()
    levels = _levels_by_person([e.id for e in employees])
    return {e.id: fit(levels.get(e.id, {}), profiles.get(e.position_id, (None, []))[1])["score"] for e in employees}


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
