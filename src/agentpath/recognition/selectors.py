"""Reads of recognition: a person's badges with the facts that earned them, points and level."""
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from agentpath.common.errors import Invalid, NotFound
from agentpath.org.scoping import employees_visible_to
from agentpath.performance.models import StarRating

from .models import Award, Badge, XpLevel


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
    return _("Nominated by %(by)s: %(reason)s") % {"by": f.get("by", "?"), "reason": award.reason}


def points_of(employee_ids) -> dict[int, int]:
    """Experience points of each person: the points of their badges that are not revoked (none: absent)."""
    rows = (Award.objects.filter(employee_id__in=list(employee_ids), revoked_at__isnull=True)
            .values("employee_id").annotate(points=Sum("badge__points")).values_list("employee_id", "points")
            .order_by())
    return dict(rows)


@dataclass(frozen=True)
class LevelProgress:
    points: int
    level: XpLevel | None
    next_level: XpLevel | None

    @property
    def to_next(self) -> int | None:
        return self.next_level.min_points - self.points if self.next_level else None


def level_progress(points: int, levels: list[XpLevel] | None = None) -> LevelProgress:
    """The named level `points` reach and the next one (levels as data, lowest first)."""
    levels = levels if levels is not None else list(XpLevel.objects.order_by("min_points"))
    reached = [lv for lv in levels if lv.min_points <= points]
    ahead = [lv for lv in levels if lv.min_points > points]
    return LevelProgress(points, reached[-1] if reached else None, ahead[0] if ahead else None)


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
    return RecognitionFile(employee, level_progress(points_of([employee.pk]).get(employee.pk, 0)),
                           badges_of(employee),
                           list(StarRating.objects.filter(employee=employee).order_by("-period_start")[:months]))


def awards_of_month(period: str) -> list[tuple[str, int]]:
    """(badge name, awards) given by the run of a month, for HR's run page."""
    rows = (Award.objects.filter(run_period=period).values("badge__name", "badge__name_en")
            .annotate(n=Count("id")).order_by("badge__order"))
    return [(r["badge__name"], r["n"]) for r in rows]


def awards_run_in(period: str):
    """Every award of a month's run and the month's by-hand awards, for HR's export."""
    return (Award.objects.filter(Q(run_period=period) | Q(occasion=period, badge__rule=Badge.Rule.BY_HAND))
            .select_related("badge", "employee").order_by("employee__employee_no", "badge__order"))
