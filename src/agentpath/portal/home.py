"""The home page's cards, one reader per role, each computed set-based and dated ("as of").

Every reader starts from the acting user's scope (org.scoping through org.selectors); the rules come from
where they live: eligibility from talent.eligibility.evaluate, the bottom half from performance.selectors,
windows from common.calendar.
"""
import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from agentpath.accounts.models import Role
from agentpath.careers.models import Level, Transition
from agentpath.common.calendar import Window, last_months
from agentpath.common.models import ImportRun
from agentpath.org import scoping
from agentpath.org import selectors as org_selectors
from agentpath.org.models import Employee
from agentpath.performance import selectors as kpi
from agentpath.performance.models import KpiResult, Scorecard
from agentpath.talent.eligibility import PathOption, evaluate
from agentpath.talent.selectors import PATH_KINDS

RECENT_EXITS_DAYS = 90
RECENT_IMPORTS = 5
LIST_LIMIT = 12  # people named on a card; the card links to the full list


@dataclass
class Standing:
    """One person and where they stand: the moves they are ready for, or the nearest one and what it lacks."""

    employee: Employee
    ready: list[PathOption] = field(default_factory=list)
    nearest: PathOption | None = None

    @property
    def missing(self):
        return [c for c in self.nearest.checks if not c.met] if self.nearest else []


def standing(employee: Employee, options: list[PathOption]) -> Standing:
    """Ready: every requirement of a move met. Otherwise the nearest move: fewest requirements missing
    (promotions before lateral moves before grade steps on a tie)."""
    ready = [o for o in options if o.eligible]
    order = {Transition.Kind.PROMOTION: 0, Transition.Kind.LATERAL: 1, Transition.Kind.GRADE_STEP: 2}
    nearest = min(options, key=lambda o: (len(o.checks) - o.met_count, order.get(o.transition.kind, 3)),
                  default=None)
    return Standing(employee, ready, nearest)


def _standings(people: list[Employee], as_of: datetime.date) -> list[Standing]:
    options = evaluate(people, as_of, kinds=PATH_KINDS)
    return [standing(p, options.get(p.id, [])) for p in people]


def agent_cards(user, as_of: datetime.date | None = None) -> dict:
    """An agent's next step (the nearest move and what it lacks), latest KPI rank and open nominations."""
    as_of = as_of or timezone.localdate()
    me = org_selectors.employee_for(user, user.employee.employee_no, as_of)
    mine = _standings([me], as_of)[0]
    mine_ranked = kpi.results_visible_to(user).filter(employee_id=me.pk).select_related("group")
    # The quarter's rank is the one rules use; a month's (possibly still running) only when no quarter exists.
    latest = (mine_ranked.filter(period_kind=KpiResult.PeriodKind.QUARTER).order_by("-period_start", "group_code")
              .first() or mine_ranked.order_by("-period_start", "group_code").first())
    return {"as_of": as_of, "me": me, "standing": mine, "latest_rank": latest}


def _bottom_half(user, team_ids: list[int]) -> tuple[object, list[KpiResult]]:
    """This quarter's (the latest quarter with ranks) bottom half of the user's teams, per composite group."""
    # the team's own people (a leader's own rank is among leaders, shown in their own file)
    visible = kpi.results_visible_to(user).filter(team_id__in=team_ids, position__scorecard__unit=Scorecard.Unit.OWN)
    period = kpi.latest_period(KpiResult.PeriodKind.QUARTER, visible)
    if period is None:
        return None, []
    groups = visible.filter(period=period.code).values_list("group_code", flat=True).distinct()
    rows = []
    for code in sorted(set(groups)):  # a handful of composite groups, not people
        rows += list(kpi.bottom_share(code, period, scope=user).filter(team_id__in=team_ids,
                                                                    position__scorecard__unit=Scorecard.Unit.OWN)
                     .select_related("employee", "group").order_by("percentile"))
    return period, rows


def team_leader_cards(user, as_of: datetime.date | None = None) -> dict:
    """The team at a glance: head-count, ready, close (one requirement missing), bottom half, recent exits."""
    as_of = as_of or timezone.localdate()
    teams = list(scoping.teams_visible_to(user))
    team_ids = [t.id for t in teams]
    people = list(org_selectors.employees_for(user, as_of).filter(team_id__in=team_ids)
                  .exclude(pk=user.employee_id).order_by("employee_no"))
    active = [p for p in people if p.status != Employee.Status.EXITED]
    standings = _standings(active, as_of)
    ready = [s for s in standings if s.ready]
    close = [s for s in standings if not s.ready and s.nearest and len(s.missing) == 1]
    exits_since = as_of - datetime.timedelta(days=RECENT_EXITS_DAYS)
    exits = sorted((p for p in people if p.exit_date and exits_since < p.exit_date <= as_of),
                   key=lambda p: p.exit_date, reverse=True)
    period, bottom = _bottom_half(user, team_ids)
    return {"as_of": as_of, "teams": teams, "headcount": sum(1 for p in active if p.status == Employee.Status.ACTIVE),
            "on_leave": sum(1 for p in active if p.status == Employee.Status.LEAVE),
            "ready": ready, "close": close, "bottom_period": period, "bottom": bottom,
            "exits": exits, "exits_days": RECENT_EXITS_DAYS, "limit": LIST_LIMIT}


def centers_for_switch(user, code: str | None):
    """The centers a page covers: HR picks one or all ("" or None = all); others get the centers they serve."""
    centers = scoping.centers_visible_to(user)
    if code:
        chosen = centers.filter(code=code)
        return chosen, chosen.first()
    return centers, None


def _attrition(scope, window) -> dict:
    """Leavers in the window over the people employed at any time in it (a simple, explainable rate)."""
    stats = scope.aggregate(
        leavers=Count("id", filter=Q(exit_date__gt=window.after, exit_date__lte=window.until)),
        employed=Count("id", filter=Q(hire_date__lte=window.until)
                       & (Q(exit_date__isnull=True) | Q(exit_date__gt=window.after))))
    rate = round(100 * stats["leavers"] / stats["employed"], 1) if stats["employed"] else None
    return {**stats, "rate": rate}


def center_cards(user, center_code: str | None = None, as_of: datetime.date | None = None) -> dict:
    """Head-count by level (share of the total, the pyramid), 90-day and 12-month attrition, people ready for a
    promotion per level, and the imports run recently with their outcome."""
    as_of = as_of or timezone.localdate()
    centers, chosen = centers_for_switch(user, center_code)
    scope = scoping.employees_visible_to(user).filter(center__in=centers)
    counts = dict(scope.filter(status=Employee.Status.ACTIVE).values_list("level_id").annotate(n=Count("id")))
    total = sum(counts.values())
    levels = list(Level.objects.filter(id__in=counts).select_related("track").order_by("track__order", "order"))
    active = list(org_selectors.with_tenure(scope.filter(status=Employee.Status.ACTIVE), as_of)
                  .select_related("level"))
    options = evaluate(active, as_of, kinds=(Transition.Kind.PROMOTION,))
    ready_by_level = Counter(p.level_id for p in active if any(o.eligible for o in options.get(p.id, [])))
    by_track = defaultdict(list)
    for level in levels:
        by_track[level.track].append({"level": level, "count": counts[level.id], "ready": ready_by_level[level.id],
                                      "share": round(100 * counts[level.id] / total, 1) if total else 0})
    runs = ImportRun.objects.select_related("started_by")
    if chosen is not None or not (user.is_superuser or user.role == Role.HR_ADMIN):
        runs = runs.filter(center__in=[*centers.values_list("code", flat=True), ImportRun.ALL_CENTERS])
    if not (user.is_superuser or user.role == Role.HR_ADMIN):
        runs = runs.filter(started_by=user)  # only HR runs imports for everybody; others see their own
    return {"as_of": as_of, "centers": list(scoping.centers_visible_to(user)), "chosen": chosen,
            "can_switch": user.is_superuser or user.role == Role.HR_ADMIN, "total": total,
            "pyramid": list(by_track.items()), "ready_total": sum(ready_by_level.values()),
            "attrition_90": _attrition(scope, Window(as_of - datetime.timedelta(days=90), as_of)),
            "attrition_365": _attrition(scope, last_months(as_of, 12)),
            "imports": list(runs[:RECENT_IMPORTS])}


def is_center_role(user) -> bool:
    return user.is_superuser or user.role in (Role.CENTER_MANAGER, Role.HR_ADMIN, Role.QA, Role.TRAINER)

