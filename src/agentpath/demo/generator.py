"""The demo contact center (`agentpath demo`), also used by the benchmarks.

generate() plans everything in memory from a fixed seed (demo.plan), then stores it in bulk. The rows are
what org.services would have written for the same hires, moves and exits (hire event first, every move
with its from_/to_ values, the employee row equal to the result of the latest event); history rows for
employees are created with django-simple-history's bulk helper.
"""
import datetime
import itertools
import sys
import time
from collections import Counter, defaultdict
from contextlib import contextmanager

from django.db import models, transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from agentpath.accounts.models import User
from agentpath.analytics.demo_data import generate_demo_analytics
from agentpath.careers.models import Framework, Level, Position, Requirement, Transition
from agentpath.careers.services import load_framework
from agentpath.common.calendar import MONTH, add_months, period_of
from agentpath.learning.demo_data import generate_demo_training
from agentpath.learning.models import Course, CourseCompletion
from agentpath.org.models import Center, DisciplinaryRecord, Employee, EmploymentEvent, Team
from agentpath.performance.demo_data import generate_demo_kpi, rank_demo_kpi
from agentpath.performance.stars import compute_star_ratings
from agentpath.recognition.services import award_period
from agentpath.talent.demo_data import generate_demo_talent
from agentpath.talent.models import CompetencyAssessment, Nomination, PotentialRating

from .exams import PAST_MONTHS, delete_demo_exams, generate_demo_exam, generate_past_exams
from .history import FrameworkView, LevelInfo
from .plan import Plan, build_plan

DEMO_CENTERS = ("sz", "gz")
DEMO_PASSWORD = "agentpath-demo"
CHUNK = 2000  # rows built and inserted at a time
DEMO_USERNAMES = ("hr", "manager", "leader", "trainer", "qa", "agent")
ROLE_LABELS = {"hr_admin": "HR 管理员 / HR admin", "center_manager": "运营经理 / center manager",
               "team_leader": "组长 / team leader", "trainer": "内训师 / trainer", "qa": "质检 / QA",
               "agent": "坐席 / agent"}


def framework_view(today: datetime.date) -> FrameworkView:
    """The loaded framework as plain codes: levels with bands and entry courses, transitions, credits."""
    courses = defaultdict(list)
    effective = Q(effective_to__isnull=True) | Q(effective_to__gte=today)
    for level_code, course_code in (Requirement.objects
                                    .filter(effective, kind=Requirement.Kind.REQUIRED_COURSE, level__isnull=False,
                                            effective_from__lte=today)
                                    .order_by("id").values_list("level__code", "course__code")):
        courses[level_code].append(course_code)
    levels = {lv.code: LevelInfo(lv.code, lv.track.code, lv.order, lv.grade_min, lv.grade_max,
                                 tuple(courses[lv.code]))
              for lv in Level.objects.select_related("track").order_by("code")}
    transitions = {}
    for src, dst, kind in (Transition.objects.exclude(kind=Transition.Kind.GRADE_STEP).order_by("id")
                           .values_list("from_level__code", "to_level__code", "kind")):
        transitions.setdefault((src, dst), kind)
    return FrameworkView(levels, transitions, dict(Course.objects.values_list("code", "credits")))


def recognise_recent_months(today: datetime.date, months: int) -> None:
    """The star ratings and the month's badge awards of the last complete months, oldest first, so an agent of the
    demo finds badges with their facts, a level and stars (the same services HR's monthly run calls)."""
    this_month = period_of(today, MONTH).start
    for back in range(months, 0, -1):
        month = period_of(add_months(this_month, -back), MONTH)
        compute_star_ratings(month)
        award_period(month)


def is_loaded() -> bool:
    return Center.objects.filter(code="sz").exists()


@transaction.atomic
def delete_demo() -> None:
    """Remove the demo centers and everything hanging off them, and the demo users: also what people did in the
    demo since it was made (reviews held, rounds decided, plans agreed), which protects the people it names."""
    centers = Center.objects.filter(code__in=DEMO_CENTERS)
    employees = Employee.objects.filter(center__in=centers)
    ids = list(employees.values_list("id", flat=True))
    for rows in (centers, Team.objects.filter(center__in=centers), employees):  # not the users: what a demo
        _delete_what_protects(rows)  # login did outside the demo centers is not the demo's to delete
    Nomination.objects.filter(employee_id__in=ids).delete()
    CompetencyAssessment.objects.filter(employee_id__in=ids).delete()  # they hold on to the assessors' logins
    PotentialRating.objects.filter(employee_id__in=ids).delete()
    PotentialRating.history.filter(employee_id__in=ids).delete()
    delete_demo_exams(ids)
    User.objects.filter(Q(username__in=DEMO_USERNAMES) | Q(employee_id__in=ids)).delete()
    Team.objects.filter(center__in=centers).update(leader=None)
    employees.update(manager=None)
    with override_settings(SIMPLE_HISTORY_ENABLED=False):  # their history goes too; don't write it first
        employees.delete()
    Employee.history.filter(id__in=ids).delete()
    Team.objects.filter(center__in=centers).delete()
    centers.delete()


_DEMO_OWN = (Center, Team, Employee, User)


def _delete_what_protects(rows, depth: int = 0) -> None:
    """Delete the rows elsewhere whose protected foreign keys (PROTECT, RESTRICT) point at `rows`, after what
    protects them in turn; the rows themselves stay, and so do the demo's own centers, teams, people and logins
    (delete_demo removes those in its own order)."""
    if depth > 8:
        raise RuntimeError(f"protected foreign keys nested too deep at {rows.model.__name__}")
    for relation in rows.model._meta.related_objects:
        if relation.on_delete not in (models.PROTECT, models.RESTRICT) or relation.related_model in _DEMO_OWN:
            continue
        protecting = relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": rows})
        if protecting.exists():
            _delete_what_protects(protecting, depth + 1)
            protecting.delete()


def _bulk(model, rows, chunk: int = CHUNK) -> int:
    """Insert rows from an iterable a chunk at a time (bounded memory, one INSERT per chunk)."""
    count = 0
    rows = iter(rows)
    while batch := list(itertools.islice(rows, chunk)):
        model.objects.bulk_create(batch)
        count += len(batch)
    return count


def _write(plan: Plan) -> dict:
    levels = {lv.code: lv for lv in Level.objects.all()}
    positions = {p.code: p for p in Position.objects.all()}
    courses = {c.code: c for c in Course.objects.all()}
    centers = {c.code: Center.objects.create(code=c.code, name=c.name, city=c.city) for c in plan.centers}
    teams = {t.code: t for t in Team.objects.bulk_create(
        [Team(code=t.code, name=t.name, center=centers[t.center.code]) for t in plan.teams])}

    # Bosses before their people, so that every manager already has an id. Rows are built and stored a chunk
    # at a time (at --scale 80 the plan has some 150,000 people), and only the ids are kept.
    ids: dict[int, int] = {}
    by_depth = defaultdict(list)
    for person in plan.persons:
        by_depth[person.seat.depth].append(person)
    for depth in sorted(by_depth):
        tier = by_depth[depth]
        for start in range(0, len(tier), CHUNK):
            chunk = tier[start:start + CHUNK]
            rows = [Employee(employee_no=p.employee_no, name=p.name, center=centers[p.center], team=teams.get(p.team),
                             position=positions.get(p.position), level=levels[p.level], grade=p.grade,
                             hire_date=p.hire_date, manager_id=ids[p.manager.key] if p.manager else None,
                             education=p.education, status=p.status, exit_date=p.exit_date, phone=p.phone,
                             id_number=p.id_number, email=f"{p.employee_no.lower()}@example.com")
                    for p in chunk]
            for person, row in zip(chunk, bulk_create_with_history(rows, Employee, batch_size=500), strict=True):
                ids[person.key] = row.pk
    for team in plan.teams:
        teams[team.code].leader_id = ids[team.leader_seat.current.key]
    Team.objects.bulk_update(teams.values(), ["leader"], batch_size=200)

    def fk(table, code):
        return table[code].pk if code else None

    events = (EmploymentEvent(employee_id=ids[p.key], kind=ev["kind"], effective_date=ev["effective_date"],
                              from_level_id=fk(levels, ev.get("from_level")), to_level_id=fk(levels, ev.get("to_level")),
                              from_position_id=fk(positions, ev.get("from_position")),
                              to_position_id=fk(positions, ev.get("to_position")),
                              from_grade=ev.get("from_grade"), to_grade=ev.get("to_grade"),
                              from_team_id=fk(teams, ev.get("from_team")), to_team_id=fk(teams, ev.get("to_team")),
                              from_center=None if ev["kind"] == "hire" else centers[p.center],
                              to_center=None if ev["kind"] == "exit" else centers[p.center], cause=ev["cause"])
              for p in plan.persons for ev in p.events)
    n_events = _bulk(EmploymentEvent, events)
    completions = (CourseCompletion(employee_id=ids[p.key], course=courses[code], completed_on=day,
                                    credits=courses[code].credits, score=score, source="demo")
                   for p in plan.persons for code, day, score in p.completions)
    n_completions = _bulk(CourseCompletion, completions)
    DisciplinaryRecord.objects.bulk_create(
        [DisciplinaryRecord(employee_id=ids[d["person"].key], date=d["date"], severity=d["severity"],
                            description=d["description"]) for d in plan.disciplinary])

    users = {}
    hashed = None  # hashing is slow on purpose; every demo login has the same password, so hash it once
    for spec in plan.users:
        person = spec["person"]
        user = User(username=spec["username"], role=spec["role"], employee_id=ids[person.key] if person else None,
                    first_name=person.name if person else "HR 管理员")
        if spec.get("nominator_only"):
            user.set_unusable_password()  # an account for nominating; log in as `leader` instead
        elif hashed is None:
            user.set_password(DEMO_PASSWORD)
            hashed = user.password
        else:
            user.password = hashed
        user.save()
        if spec["centers"]:
            user.centers.set([centers[c] for c in spec["centers"]])
        users[spec["username"]] = user
    transitions = {(t.from_level.code, t.to_level.code): t for t in Transition.objects.filter(
        from_position__isnull=True, to_position__isnull=True,
        kind__in=[Transition.Kind.PROMOTION, Transition.Kind.LATERAL]).select_related("from_level", "to_level")}
    Nomination.objects.bulk_create(
        [Nomination(employee_id=ids[n["person"].key], transition=transitions[(n["src"], n["dst"])],
                    nominated_by=users[n["by"]], nominated_on=n["on"], reason=n["reason"])
         for n in plan.nominations])
    return {"centers": len(centers), "teams": len(teams), "employees": len(ids), "events": n_events,
            "course completions": n_completions, "disciplinary records": len(plan.disciplinary),
            "nominations": len(plan.nominations), "users": len(users)}


def plan_figures(plan: Plan) -> dict:
    """Head-count by level, exits and attrition, computed from the plan (the same facts as the rows)."""
    today = plan.today
    active = [p for p in plan.persons if p.exit_date is None]
    exited = [p for p in plan.persons if p.exit_date]
    early = [p for p in exited if p.exit_date < add_months(p.hire_date, 6)]
    year_ago = add_months(today, -12)
    month_ends = [add_months(today, -k) for k in range(13)]
    headcounts = [sum(1 for p in plan.persons if p.hire_date <= d and (p.exit_date is None or p.exit_date > d))
                  for d in month_ends]
    exits_last_year = sum(1 for p in exited if p.exit_date > year_ago)
    hires_last_year = sum(1 for p in plan.persons if p.hire_date > year_ago)
    average = sum(headcounts) / len(headcounts)
    return {
        "active": sum(1 for p in active if p.status == "active"), "on leave": sum(1 for p in active if p.status == "leave"),
        "exited": len(exited), "exits within 6 months of hire": len(early),
        "share of exits within 6 months": round(len(early) / max(len(exited), 1), 3),
        "exits last 12 months": exits_last_year, "hires last 12 months": hires_last_year,
        "average head-count last 12 months": round(average, 1),
        "annual attrition": round(exits_last_year / average, 3) if average else 0,
        "by level": Counter((p.center, p.level) for p in active),
    }


def logins() -> list[tuple[str, str, str, str]]:
    """(role, username, password, who) for the demo users, read from the database."""
    rows = []
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES).select_related(
        "employee", "employee__level", "employee__team", "employee__center")}
    for username in DEMO_USERNAMES:
        user = users.get(username)
        if user is None:
            continue
        emp = user.employee
        if emp is None:
            who = "HR 管理员, 全部中心 / HR admin, all centers"
        else:
            who = f"{emp.name} {emp.employee_no} · {emp.level.name} · {emp.team.name if emp.team else ''} · " \
                  f"{emp.center.name}"
            if user.role == "agent":
                who += " (入职约 13 个月, 晋升组长尚缺「团队管理培训」等条件 / 13 months in, not yet ready for TL)"
        rows.append((ROLE_LABELS.get(user.role, user.role), username, DEMO_PASSWORD, who))
    return rows


def write_logins(out) -> None:
    out.write("\n演示账号 / demo logins:\n")
    out.write(f"  {'role':<28} {'username':<9} {'password':<15} who\n")
    for role, username, password, who in logins():
        out.write(f"  {role:<28} {username:<9} {password:<15} {who}\n")


class DemoError(Exception):
    pass


class _Out:
    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> None:
        if self.stream is not None:
            self.stream.write(text if text.endswith("\n") else text + "\n")


def generate(seed: int = 2026, today: datetime.date | None = None, stdout=None, scale: float = 1.0, *,
             reset: bool = False, kpi: bool = True, quiet: bool = False) -> dict:
    """Create the demo contact center, or do nothing if it is there (unless reset). Returns figures and the
    time each step took."""
    out = _Out(None if quiet else (stdout or sys.stdout))
    today = today or timezone.localdate()
    timings: dict[str, float] = {}

    @contextmanager
    def step(name):
        started = time.perf_counter()
        yield
        timings[name] = time.perf_counter() - started
        out.write(f"  {name}: {timings[name]:.2f} s")

    if is_loaded() and not reset:
        out.write("demo already loaded / 演示数据已存在 (agentpath demo --reset 重新生成 / to regenerate)")
        write_logins(out)
        return {"created": False, "timings": timings}
    out.write(f"生成演示呼叫中心 / generating the demo contact center: seed {seed}, today {today}, scale {scale}")
    if reset:
        with step("reset (delete the previous demo)"):
            delete_demo()
    clash = sorted(User.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True))
    if clash:
        raise DemoError(f"users {', '.join(clash)} already exist; the demo needs these names "
                        f"(agentpath demo --reset deletes them) / 用户名已被占用")
    with step("framework"):
        if not Framework.objects.filter(code="cola").exists():
            load_framework("cola")
        fw = framework_view(today)
    with step("plan (in memory)"):
        plan = build_plan(fw, seed, today, scale)
    with step("write rows"), transaction.atomic():
        counts = _write(plan)
    kpi_done = False
    if kpi:
        with step("KPI (performance.demo_data)"):
            generate_demo_kpi(seed, today, ranks=False)
    with step(f"past {PAST_MONTHS} months' exams sat and graded (demo.exams)"):
        counts["exam attempts"] = generate_past_exams(seed, today, DEMO_CENTERS)
    with step("monthly exam (demo.exams)"):
        generate_demo_exam(seed, today, DEMO_CENTERS)
    if kpi:
        with step("KPI ranks, the exams' scores counted (performance.demo_data)"):
            rank_demo_kpi(today)
        kpi_done = True
    with step("training (learning.demo_data)"):
        generate_demo_training(seed, today, Team.objects.filter(center__code__in=DEMO_CENTERS))
    with step("talent (talent.demo_data)"):
        talent = generate_demo_talent(seed, today, DEMO_CENTERS)
    with step("recognition (star ratings and badges of the last 3 months)"):
        recognise_recent_months(today, 3)
    with step("analytics (exit records; with KPI the flight-risk model and early warnings)"):
        analytics = generate_demo_analytics(seed, today, kpi=kpi)
    figures = plan_figures(plan)
    out.write("  " + ", ".join(f"{v} {k}" for k, v in {**counts, **talent, **analytics}.items()))
    out.write(f"  {figures['active']} active, {figures['on leave']} on leave, {figures['exited']} exited; "
              f"attrition last 12 months {figures['annual attrition']:.0%}, "
              f"{figures['share of exits within 6 months']:.0%} of exits within 6 months of hire")
    out.write(f"  total {sum(timings.values()):.1f} s")
    write_logins(out)
    return {"created": True, "timings": timings, "counts": counts, "figures": figures, "plan": plan,
            "kpi": kpi_done}
