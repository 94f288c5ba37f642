"""The home page's cards, one reader per role, each computed set-based and dated ("as of").

Every reader starts from the acting user's scope (org.scoping through org.selectors); the rules come from
where they live: eligibility from talent.eligibility.evaluate, the bottom half from performance.selectors,
windows from common.calendar.
"""
import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import mean, quantiles

from django.db.models import Avg, Count, F, Max, Min, OuterRef, Prefetch, Q, Subquery, Sum
from django.utils import timezone

from agentpath.accounts.models import Role
from agentpath.careers.models import Level, Transition
from agentpath.common.calendar import MONTH, Window, last_months, period_of
from agentpath.common.models import ImportRun
from agentpath.exams import selectors as exam_selectors
from agentpath.exams.models import Attempt
from agentpath.learning import selectors as learning_selectors
from agentpath.learning.models import Category, CourseCompletion, Enrolment, ProgramStage, StageResult
from agentpath.org import scoping
from agentpath.org import selectors as org_selectors
from agentpath.org.models import Employee
from agentpath.performance import selectors as kpi
from agentpath.performance.models import KpiDay, KpiResult, Metric, Scorecard
from agentpath.talent.eligibility import PathOption, evaluate
from agentpath.talent.selectors import PATH_KINDS, nearest_move

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
    return Standing(employee, ready, nearest_move(options))


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
    promotion per level and those one requirement away from one, and the imports run recently with their
    outcome."""
    as_of = as_of or timezone.localdate()
    centers, chosen = centers_for_switch(user, center_code)
    scope = scoping.employees_visible_to(user).filter(center__in=centers)
    counts = dict(scope.filter(status=Employee.Status.ACTIVE).values_list("level_id").annotate(n=Count("id")))
    total = sum(counts.values())
    levels = list(Level.objects.filter(id__in=counts).select_related("track").order_by("track__order", "order"))
    active = list(org_selectors.with_tenure(scope.filter(status=Employee.Status.ACTIVE), as_of)
                  .select_related("level"))
    options = evaluate(active, as_of, kinds=(Transition.Kind.PROMOTION,))
    ready_by_level, close_by_level = Counter(), Counter()
    for p in active:
        mine = options.get(p.id, [])
        if any(o.eligible for o in mine):
            ready_by_level[p.level_id] += 1
        elif any(len(o.checks) - o.met_count == 1 for o in mine):  # the team leader's "close": one missing
            close_by_level[p.level_id] += 1
    by_track = defaultdict(list)
    for level in levels:
        by_track[level.track].append({"level": level, "count": counts[level.id], "ready": ready_by_level[level.id],
                                      "close": close_by_level[level.id],
                                      "share": round(100 * counts[level.id] / total, 1) if total else 0})
    runs = ImportRun.objects.select_related("started_by")
    if chosen is not None or not (user.is_superuser or user.role == Role.HR_ADMIN):
        runs = runs.filter(center__in=[*centers.values_list("code", flat=True), ImportRun.ALL_CENTERS])
    if not (user.is_superuser or user.role == Role.HR_ADMIN):
        runs = runs.filter(started_by=user)  # only HR runs imports for everybody; others see their own
    return {"as_of": as_of, "centers": list(scoping.centers_visible_to(user)), "chosen": chosen,
            "can_switch": user.is_superuser or user.role == Role.HR_ADMIN, "total": total,
            "pyramid": list(by_track.items()), "ready_total": sum(ready_by_level.values()),
            "close_total": sum(close_by_level.values()),
            "attrition_90": _attrition(scope, Window(as_of - datetime.timedelta(days=90), as_of)),
            "attrition_365": _attrition(scope, last_months(as_of, 12)),
            "imports": list(runs[:RECENT_IMPORTS])}


def is_center_role(user) -> bool:
    return user.is_superuser or user.role in (Role.CENTER_MANAGER, Role.HR_ADMIN)


# ------------------------------------------------------------------------------------------------------ QA
QA_METRIC = "qa_score"
# Bands of a person's mean QA score in a month, for the distribution (points, lower bound included).
QA_BANDS = ((None, 60), (60, 70), (70, 80), (80, 90), (90, None))
OUTLIER_FENCE = 1.5  # Tukey's fences: below Q1 − 1.5·IQR or above Q3 + 1.5·IQR


def _qa_band_label(low, high) -> str:
    return f"<{high}" if low is None else f"≥{low}" if high is None else f"{low}–{high}"


def qa_distribution(scores: list[float]) -> list[dict]:
    """How many people's mean QA score falls in each band, with the share of all scored people."""
    rows = []
    for low, high in QA_BANDS:
        n = sum(1 for v in scores if (low is None or v >= low) and (high is None or v < high))
        rows.append({"label": _qa_band_label(low, high), "count": n,
                     "share": round(100 * n / len(scores), 1) if scores else None})
    return rows


def qa_outliers(rows: list[dict]) -> tuple[list[dict], tuple[float, float] | None]:
    """People whose mean QA score lies outside Tukey's fences of their centers' distribution (too harsh or too
    lenient an evaluation, or a real problem: what a calibration session looks at first). Needs four people."""
    scores = sorted(r["score"] for r in rows)
    if len(scores) < 4:
        return [], None
    q1, _q2, q3 = quantiles(scores, n=4)
    low, high = q1 - OUTLIER_FENCE * (q3 - q1), q3 + OUTLIER_FENCE * (q3 - q1)
    return sorted((r for r in rows if r["score"] < low or r["score"] > high), key=lambda r: r["score"]), \
        (round(low, 1), round(high, 1))


def qa_cards(user, as_of: datetime.date | None = None) -> dict:
    """QA's home (DOMAIN.md roles: QA data of the centers they serve): the latest month with QA scores — how many
    evaluations, how many people scored of those at work, the distribution of people's mean score, the outliers,
    each team's mean (the calibration view) — and the KPI imports this user ran. People are named, never linked:
    QA open no one's files (org.scoping.employees_visible_to)."""
    as_of = as_of or timezone.localdate()
    centers = list(scoping.centers_visible_to(user).order_by("code"))
    metric = Metric.objects.filter(code=QA_METRIC).first()
    people = scoping.people_served_by(user).filter(center__in=centers)
    context = {"as_of": as_of, "centers": centers, "qa_metric": metric, "qa_month": None, "qa_rows": [],
               "qa_evaluations": None, "qa_scored": None, "qa_mean": None, "qa_bands": qa_distribution([]),
               "qa_outliers": [], "qa_fences": None, "qa_teams": [],
               "at_work": people.filter(status=Employee.Status.ACTIVE).count(),
               "imports": list(kpi.imports_for(user).order_by("-created_at")[:RECENT_IMPORTS]),
               "imports_total": kpi.imports_for(user).count(), "limit": LIST_LIMIT}
    if metric is None:
        return context
    scored = KpiDay.objects.filter(employee__in=people, date__lte=as_of, **{f"{metric.column}__isnull": False})
    latest = scored.aggregate(last=Max("date"))["last"]
    if latest is None:
        return context
    month = period_of(latest, MONTH)
    rows = list(scored.filter(date__gte=month.start, date__lt=month.end)
                .values("employee_id", "employee__employee_no", "employee__name", "employee__team__name")
                .annotate(score=Avg(metric.column), n=Count("date")).order_by("employee__employee_no"))
    for r in rows:
        r["score"] = round(r["score"], 1)
    outliers, fences = qa_outliers(rows)
    by_team: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        by_team[r["employee__team__name"] or "—"].append(r["score"])
    context.update(qa_month=month, qa_rows=rows, qa_evaluations=sum(r["n"] for r in rows), qa_scored=len(rows),
                   qa_mean=round(mean(r["score"] for r in rows), 1), qa_bands=qa_distribution([r["score"] for r in rows]),
                   qa_outliers=outliers, qa_fences=fences,
                   qa_teams=[{"team": t, "people": len(v), "mean": round(mean(v), 1), "min": min(v), "max": max(v)}
                             for t, v in sorted(by_team.items())])
    return context


# ------------------------------------------------------------------------------------------------- trainers
SESSIONS_DAYS_BACK = 14  # sessions held this long ago still ask for their attendance


def trainee_rows(user, limit: int = LIST_LIMIT) -> tuple[list[dict], int]:
    """A trainer's trainees (org.scoping.trainees_of) with their onboarding stage (the pre-job program's first stage
    not passed), credits and last exam; a fixed number of queries whatever the number of trainees."""
    trainees = scoping.trainees_of(user).exclude(status=Employee.Status.EXITED)
    credits = (CourseCompletion.objects.filter(employee=OuterRef("pk")).values("employee")
               .annotate(total=Sum("credits")).values("total"))
    last = Attempt.objects.filter(paper__employee=OuterRef("pk"), submitted_at__isnull=False).order_by("-submitted_at")
    pre_job = Prefetch("enrolments", to_attr="pre_job", queryset=Enrolment.objects.filter(
        program__category=Category.PRE_JOB).select_related("program").prefetch_related(
        Prefetch("program__stages", queryset=ProgramStage.objects.order_by("order")),
        Prefetch("stage_results", queryset=StageResult.objects.order_by("stage__order", "attempt")))
        .order_by("-enrolled_on"))
    people = list(trainees.select_related("team").annotate(
        credits=Subquery(credits), last_score=Subquery(last.values("score")[:1]),
        last_exam=Subquery(last.values("paper__exam__title")[:1]),
        last_on=Subquery(last.values("submitted_at")[:1]), last_state=Subquery(last.values("state")[:1]))
        .prefetch_related(pre_job).order_by("employee_no")[:limit])
    rows = []
    for p in people:
        enrolment = p.pre_job[0] if p.pre_job else None
        stage = None
        if enrolment is not None:
            stage = learning_selectors.next_stage(enrolment, learning_selectors.stage_progress(enrolment))
        rows.append({"employee": p, "enrolment": enrolment, "stage": stage, "credits": p.credits,
                     "last_score": p.last_score, "last_exam": p.last_exam, "last_on": p.last_on,
                     "last_awaiting": p.last_state == Attempt.State.AWAITING_GRADING})
    return rows, trainees.count()


def trainer_cards(user, now: datetime.datetime | None = None) -> dict:
    """A trainer's home (DOMAIN.md C6, C7): their sessions to come, their held sessions whose attendance is not all
    taken, the grading queue (short answers waiting, by exam) and their trainees."""
    now = now or timezone.now()
    owned = learning_selectors.sessions_owned_by(user)
    upcoming = list(owned.filter(ends_at__gte=now).order_by("starts_at")[:LIST_LIMIT // 2])
    to_take = list(owned.filter(starts_at__lte=now, starts_at__gte=now - datetime.timedelta(days=SESSIONS_DAYS_BACK))
                   .filter(Q(listed=0) | Q(marked__lt=F("listed"))).order_by("-starts_at")[:LIST_LIMIT // 2])
    queue = exam_selectors.grading_queue(user)
    by_exam = list(queue.values("attempt__paper__exam_id", "attempt__paper__exam__title")
                   .annotate(n=Count("id"), oldest=Min("attempt__submitted_at")).order_by("oldest"))
    trainees, trainees_total = trainee_rows(user)
    return {"as_of": timezone.localdate(now), "upcoming": upcoming, "to_take": to_take,
            "grading_total": sum(r["n"] for r in by_exam), "grading_by_exam": by_exam,
            "trainees": trainees, "trainees_total": trainees_total, "limit": LIST_LIMIT}

