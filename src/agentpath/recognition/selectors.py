"""Reads of recognition: a person's badges with the facts that earned them, points and level."""
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from agentpath.common.errors import Invalid, NotFound
from agentpath.learning.models import CourseCompletion
from agentpath.org.scoping import employees_visible_to
from agentpath.performance.models import KpiDay, KpiResult, Metric, StarRating

from .models import KPI_GROUP, Award, Badge, PointsRule, XpLevel
from .rules import EXAM_METRIC


def _num(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def describe_facts(award: Award) -> str:
    """Which facts gave the award, in the reader's language, e.g. "2026-10 月考 96 分 ≥ 95"."""
    f, rule = award.facts, award.badge.rule
    if rule == Badge.Rule.MONTHLY_EXAM:
        return _("%(period)s monthly exam %(score)s points ≥ %(min)s") % {
            "period": f["period"], "score": _num(f["score"]), "min": _num(f["min"])}
    if rule == Badge.Rule.FULL_ATTENDANCE:
        return _("%(period)s present at all %(n)s sessions") % {"period": f["period"], "n": f["sessions"]}
    if rule == Badge.Rule.KPI_TOP:
        return _("%(period)s composite rank %(rank)s of %(peers)s (top %(top)s%%)") % {
            "period": f["period"], "rank": f["rank"], "peers": f["peers"], "top": _num(f["top"])}
    if rule == Badge.Rule.QA_STREAK:
        return _("QA score ≥ %(min)s in each of the %(months)s months to %(period)s (lowest %(low)s)") % {
            "min": _num(f["min"]), "months": f["months"], "period": f["period"], "low": _num(f["lowest"])}
    if rule in (Badge.Rule.COURSE, Badge.Rule.PROGRAM):
        return _("%(name)s finished on %(on)s") % {"name": f["name"], "on": f["on"]}
    if rule == Badge.Rule.TENURE:
        if f.get("days"):
            return _("%(days)s days since hire on %(hired)s") % {"days": f["days"], "hired": f["hired"]}
        return _("%(years)s year(s) since hire on %(hired)s") % {"years": f["years"], "hired": f["hired"]}
    if rule == Badge.Rule.IDP_ON_TIME:
        return _("IDP version %(version)s: all %(n)s actions done on time (the last on %(on)s)") % {
            "version": f["version"], "n": f["actions"], "on": f["last_done"]}
    return _("Nominated by %(by)s: %(reason)s") % {"by": f.get("by", "?"), "reason": award.reason}


BADGES = "badges"


def _points_rows(employees, start: datetime.date | None, end: datetime.date | None) -> list[tuple[str, QuerySet, int]]:
    """(source, a query of (employee_id, n) rows, points per n) of each source of experience points, for the people
    `employees` (ids or a query of them), earned in [start, end) when given: their badges that are not revoked (n:
    the badges' points, 1 point each), and each active PointsRule — credits of finished courses, months whose
    monthly exam reached the threshold, months whose business composite percentile reached it."""

    def window(field: str) -> dict:
        return ({f"{field}__gte": start} if start else {}) | ({f"{field}__lt": end} if end else {})

    sources = [(BADGES, Award.objects.filter(employee_id__in=employees, revoked_at__isnull=True, **window("earned_on"))
                .values("employee_id").annotate(n=Sum("badge__points")), 1)]
    exam_column = Metric.objects.get(code=EXAM_METRIC).column
    for rule in PointsRule.objects.filter(active=True):
        if rule.source == PointsRule.Source.COURSE_CREDIT:
            rows = (CourseCompletion.objects.filter(employee_id__in=employees, **window("completed_on"))
                    .values("employee_id").annotate(n=Sum("credits")))
        elif rule.source == PointsRule.Source.EXAM:
            rows = (KpiDay.objects.filter(employee_id__in=employees, **{f"{exam_column}__gte": rule.threshold},
                                          **window("date"))
                    .values("employee_id").annotate(n=Count(TruncMonth("date"), distinct=True)))
        else:
            rows = (KpiResult.objects.filter(employee_id__in=employees, period_kind=KpiResult.PeriodKind.MONTH,
                                             group_code=KPI_GROUP, percentile__gte=rule.threshold,
                                             **window("period_start"))
                    .values("employee_id").annotate(n=Count("id")))
        sources.append((rule.source, rows, rule.points))
    return [(source, rows.values_list("employee_id", "n").order_by(), per) for source, rows, per in sources]


def points_by_source(employees, start: datetime.date | None = None,
                     end: datetime.date | None = None) -> dict[int, dict[str, int]]:
    """Experience points of each person (`employees`: ids or a queryset of them) by source, earned in [start, end)
    when given (_points_rows). One query per source, whatever the number of people; nobody: absent."""
    found: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for source, rows, per in _points_rows(employees, start, end):
        for emp, n in rows:
            found[emp][source] += int(n * per)
    return {emp: dict(sources) for emp, sources in found.items()}


def points_sql(employees) -> tuple[str, list]:
    """A SELECT of (employee_id, points) — each person's whole experience points, as points_of counts them — for
    the people of `employees` (a query of their ids), to be used inside a larger statement (the award run's
    level-ups): one statement, nothing read into Python. Each source's points are whole (FLOOR, as int() of the
    non-negative n × points) before they are added up, so the sum is a whole number on both databases."""
    parts, params = [], []
    for _source, rows, per in _points_rows(employees, None, None):
        sql, rows_params = rows.query.sql_with_params()
        parts.append(f"SELECT q.employee_id, CAST(FLOOR(q.n * {int(per)}) AS INTEGER) AS points FROM ({sql}) q")
        params.extend(rows_params)
    return (f"SELECT p.employee_id, SUM(p.points) AS points FROM ({' UNION ALL '.join(parts)}) p "
            "GROUP BY p.employee_id"), params


def points_of(employees, start: datetime.date | None = None, end: datetime.date | None = None) -> dict[int, int]:
    """Experience points of each person, all sources together (points_by_source)."""
    return {emp: sum(sources.values()) for emp, sources in points_by_source(employees, start, end).items()}


@dataclass(frozen=True)
class LevelProgress:
    points: int
    level: XpLevel | None
    next_level: XpLevel | None
    by_source: dict = field(default_factory=dict)

    @property
    def to_next(self) -> int | None:
        return self.next_level.min_points - self.points if self.next_level else None

    @property
    def sources(self) -> list[tuple[str, int]]:
        """(what the points came from, points) for the page, largest first."""
        names = {BADGES: _("badges")} | dict(PointsRule.Source.choices)
        short = {BADGES: _("badges"), PointsRule.Source.COURSE_CREDIT: _("course credits"),
                 PointsRule.Source.EXAM: _("monthly exams"), PointsRule.Source.KPI: _("KPI")}
        return [(short.get(k, names.get(k, k)), v) for k, v in sorted(self.by_source.items(), key=lambda kv: -kv[1])]


def level_progress(points: int, levels: list[XpLevel] | None = None, by_source: dict | None = None) -> LevelProgress:
    """The named level `points` reach and the next one (levels as data, lowest first)."""
    levels = levels if levels is not None else list(XpLevel.objects.order_by("min_points"))
    reached = [lv for lv in levels if lv.min_points <= points]
    ahead = [lv for lv in levels if lv.min_points > points]
    return LevelProgress(points, reached[-1] if reached else None, ahead[0] if ahead else None, by_source or {})


def progress_of(employee) -> LevelProgress:
    """The person's points (by source), level and points to the next."""
    sources = points_by_source([employee.pk]).get(employee.pk, {})
    return level_progress(sum(sources.values()), by_source=sources)


def badges_of(employee) -> list[Award]:
    """The person's awards, newest first, revoked ones included (the wall shows them struck through)."""
    return list(Award.objects.filter(employee=employee).select_related("badge"))


@dataclass(frozen=True)
class RecognitionFile:
    employee: object
    progress: LevelProgress
    awards: list[Award]
    star_ratings: list


def active_badges():
    return Badge.objects.filter(active=True)


def xp_levels():
    return XpLevel.objects.all()


def badge_named(code: str) -> Badge:
    """The badge of a code, or a refusal that names it (422 no_badge, on the page a message)."""
    badge = Badge.objects.filter(code=code).first()
    if badge is None:
        raise Invalid(_("No badge %(code)s.") % {"code": code}, code="no_badge")
    return badge


def award_of(award_id: int) -> Award:
    """An award with its person (whether the user may touch it is recognition.services.revoke_award's rule)."""
    award = Award.objects.select_related("employee").filter(pk=award_id).first()
    if award is None:
        raise NotFound(_("No such award."))
    return award


def employee_in_scope(user, employee_no: str):
    """The person `user` may see, or NotFound (the same for out of scope and nonexistent)."""
    employee = employees_visible_to(user).filter(employee_no=employee_no).first()
    if employee is None:
        raise NotFound(_("No such person."))
    return employee


def recognition_file(user, employee_no: str, months: int = 6) -> RecognitionFile:
    """A person's badges (revoked ones marked), points, level and the star ratings of the last `months` months."""
    employee = employee_in_scope(user, employee_no)
    return RecognitionFile(employee, progress_of(employee),
                           badges_of(employee),
                           list(StarRating.objects.filter(employee=employee).order_by("-period_start")[:months]))


def employee_no_of_award(user, award_id: int) -> str:
    """The employee number of an award's holder in `user`'s scope, or NotFound (as for an award that does not
    exist)."""
    employee_no = (Award.objects.filter(pk=award_id, employee__in=employees_visible_to(user))
                   .values_list("employee__employee_no", flat=True).first())
    if employee_no is None:
        raise NotFound(_("No such award."))
    return employee_no


def awards_of_month(period: str) -> list[tuple[str, int]]:
    """(badge name, awards) given by the run of a month, for HR's run page."""
    rows = (Award.objects.filter(run_period=period).values("badge__name", "badge__name_en")
            .annotate(n=Count("id")).order_by("badge__order"))
    return [(r["badge__name"], r["n"]) for r in rows]


def awards_run_in(period: str):
    """Every award of a month's run and the month's by-hand awards, for HR's export."""
    return (Award.objects.filter(Q(run_period=period) | Q(occasion=period, badge__rule=Badge.Rule.BY_HAND))
            .select_related("badge", "employee").order_by("employee__employee_no", "badge__order"))


def badges_in_year_before(landmark: datetime.date) -> dict[int, float]:
    """Badges each person earned in the 12 months up to `landmark` (earned_on in (landmark − 365 days, landmark]),
    not counting those revoked by then: one grouped query over everyone (a flight-risk covariate,
    common.covariates)."""
    rows = (Award.objects.filter(earned_on__gt=landmark - datetime.timedelta(days=365), earned_on__lte=landmark)
            .filter(Q(revoked_at__isnull=True) | Q(revoked_at__date__gt=landmark))
            .values("employee_id").annotate(n=Count("id")).order_by().values_list("employee_id", "n"))
    return {e: float(n) for e, n in rows}
