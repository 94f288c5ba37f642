"""Talent facts for the demo center (issue 9 "Done when"): the supervisors' potential ratings of the last
complete quarter and self and supervisor competency assessments, so that the 9-box review places people and
the fit and radar pages show values. Fixed seed; set-based (a few bulk inserts, never one query per person).

Who rates: a team's leader rates its members; the team leaders themselves, and people of no team, are rated
by the center's manager login where the demo has one (`manager`, Shenzhen), by HR elsewhere. People who rate
or assess themselves get a login of their own when they have none: like the demo's nominating team leaders,
it cannot log in (no password), its user name is the employee number.

Who is assessed: the leaders, everyone above the agents' posts (senior agents, QA, trainers, schedulers, the
functional families, supervisors), the demo agent and a sample of agents; each on their post's profile and on the
competencies the promotions open from their level ask for (min_competency), which a supervisor assesses around
the level the move asks — about half reach it. For every promotion a few people whose results meet it (or all
but one of them) are in the successor programme: its courses, the move's competency level, their supervisor's
nomination. So every promotion whose source level has people has someone ready or one requirement away, and a
round has candidates.
"""
import datetime
import math
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from agentpath.accounts.models import Role, User
from agentpath.careers.models import Requirement, Transition
from agentpath.common.calendar import last_quarters, months_between
from agentpath.learning.models import Course, CourseCompletion
from agentpath.org.models import Employee, Team

from .competencies import load_competencies
from .eligibility import evaluate_people
from .models import Competency, CompetencyAssessment, Nomination, PositionCompetency, PotentialRating

MIN_TENURE_MONTHS = 6  # the 9-box review's "too new to rate" (talent.nine_box.DEFAULT_CUTOFFS)
RATED_SHARE = 0.95  # a few supervisors did not rate everyone
# potential 1..5: most people can grow in their post or take on more; few are ready for the next level now
RATING_WEIGHTS = [7, 23, 42, 22, 6]
AGENT_POSITIONS = {"agent", "vip-assistant", "cola-rep-cs"}  # the posts taking calls: a sample is assessed
AGENT_SAMPLE = 0.3  # share of the agents who were assessed
# supervisor's level minus the level the position requires; self-assessment minus the supervisor's
SUPERVISOR_DELTA = ([-2, -1, 0, 1], [8, 30, 45, 17])
SELF_DELTA = ([-1, 0, 1], [15, 50, 35])
# supervisor's level minus the level a move open to the person asks: about half reach it
MOVE_DELTA = ([-2, -1, 0, 1], [12, 40, 33, 15])
NOMINATION_REASON = "绩效与能力达到晋升标准, 推荐参加本轮晋升评审"


def _asked_by_moves() -> dict[int, dict[int, int]]:
    """For each level: the competencies (id) that the promotions open from it ask for, with the highest level."""
    asked: dict[int, dict[int, int]] = {}
    competency_ids = dict(Competency.objects.values_list("code", "id"))
    for level_id, code, value in Requirement.objects.filter(
            kind=Requirement.Kind.MIN_COMPETENCY, transition__kind=Transition.Kind.PROMOTION).values_list(
            "transition__from_level_id", "competency", "value"):
        if code in competency_ids:
            row = asked.setdefault(level_id, {})
            row[competency_ids[code]] = max(row.get(competency_ids[code], 0), int(value))
    return asked


# The successor programme (后备干部培养, seed 004 班组长是这样"练"成的): for every promotion of the framework, a few of
# the people at its source level whose results (KPI, exam), time in level and record meet the move, or all but one
# of them, take in the year the next level's courses and others, in this order, until they have the credits the
# move asks; their supervisor assesses them against the move's competencies and nominates them.
PROGRAMME_COURSES = ["coaching-skills", "performance-evaluation-pdr", "people-time-management", "data-analysis",
                     "meeting-skills", "presentation-skills", "business-time-management", "star-interview",
                     "qa-calibration", "project-management", "hr-development"]
PROGRAMME_KINDS = {Requirement.Kind.REQUIRED_COURSE, Requirement.Kind.MIN_CREDITS, Requirement.Kind.MIN_COMPETENCY,
                   Requirement.Kind.SUPERVISOR_NOMINATION}
# what the programme cannot give: the people it takes meet all of these, or all but one (one requirement away)
EARNED_KINDS = {Requirement.Kind.MIN_MONTHS_IN_LEVEL, Requirement.Kind.MIN_KPI_PERCENTILE,
                Requirement.Kind.MIN_EXAM_AVERAGE, Requirement.Kind.NO_DISCIPLINE, Requirement.Kind.MIN_STAR_RATING}
# places per promotion: a tenth of the people at its source level, at least PROGRAMME_MIN_PLACES
PROGRAMME_SHARE, PROGRAMME_MIN_PLACES = 0.1, 3
# the supervisor's level of a programme member minus the level the move asks: the programme trained them to it
PROGRAMME_DELTA = ([0, 1], [75, 25])


def _successor_programme(center_codes, today: datetime.date, rnd: random.Random,
                         demo_agent: int | None) -> set[tuple[int, int]]:
    """Who joins the successor programme of which promotion (employee id, transition id): per promotion, those
    at its source level with the fewest unmet requirements of EARNED_KINDS (none, else one), up to its places,
    the nearest first; they took the next level's courses and enough others for the credits the move asks in the
    last year. The demo agent keeps what the demo promises them (a course missing for 组长)."""
    people = Employee.objects.filter(center__code__in=center_codes, status=Employee.Status.ACTIVE)
    if demo_agent:
        people = people.exclude(pk=demo_agent)
    courses = {c.code: c for c in Course.objects.all()}
    reqs = Requirement.objects.select_related("course").in_bulk()  # the framework's few hundred rows, once
    by_move: dict[int, list] = {}
    at_level: dict[int, int] = {}
    for emp_id, options in sorted(evaluate_people(people, today, kinds=(Transition.Kind.PROMOTION,)).items()):
        for option in options:
            at_level[option.transition.id] = at_level.get(option.transition.id, 0) + 1
            unmet = [c for c in option.checks if not c.met]
            earned = sum(1 for c in unmet if c.kind in EARNED_KINDS)
            if earned <= 1 and {c.kind for c in unmet} <= PROGRAMME_KINDS | EARNED_KINDS:
                by_move.setdefault(option.transition.id, []).append((earned, len(unmet), rnd.random(), emp_id, unmet))
    joined, completions = set(), []
    for transition_id, candidates in sorted(by_move.items()):
        places = max(PROGRAMME_MIN_PLACES, math.ceil(PROGRAMME_SHARE * at_level[transition_id]))
        best = min(c[0] for c in candidates)  # one requirement away only where nobody meets them all
        for _earned, _n, _draw, emp_id, unmet in sorted(c for c in candidates if c[0] == best)[:places]:
            joined.add((emp_id, transition_id))
            needed = [reqs[c.requirement_id].course for c in unmet if c.kind == Requirement.Kind.REQUIRED_COURSE]
            credits = next((reqs[c.requirement_id].value for c in unmet if c.kind == Requirement.Kind.MIN_CREDITS), 0)
            taken = [c.code for c in needed]
            for code in PROGRAMME_COURSES:
                if sum(courses[c].credits for c in taken) >= credits:
                    break
                if code not in taken:
                    taken.append(code)
            completions += [CourseCompletion(employee_id=emp_id, course=courses[code], credits=courses[code].credits,
                                             completed_on=today - datetime.timedelta(days=rnd.randint(20, 320)),
                                             source="demo") for code in taken]
    CourseCompletion.objects.bulk_create(completions, ignore_conflicts=True)
    return joined


def _nominate_the_programme(programme: set[tuple[int, int]], today: datetime.date, logins: dict[int, User],
                            fallback) -> int:
    """The supervisors nominate the members of the successor programme for their move up (the person's manager's
    login, else the center's manager or HR): one bulk insert. Those who already hold a nomination keep it."""
    ids = {emp_id for emp_id, _t in programme}
    people = dict(Employee.objects.filter(id__in=ids).values_list("id", "manager_id"))
    centers = dict(Employee.objects.filter(id__in=ids).values_list("id", "center__code"))
    asks = set(Requirement.objects.filter(kind=Requirement.Kind.SUPERVISOR_NOMINATION, transition__isnull=False)
               .values_list("transition_id", flat=True))
    held = set(Nomination.objects.filter(employee_id__in=ids, withdrawn=False)
               .values_list("employee_id", "transition_id"))
    rows = [Nomination(employee_id=emp_id, transition_id=transition_id,
                       nominated_by=logins.get(people[emp_id]) or fallback[centers[emp_id]],
                       nominated_on=today - datetime.timedelta(days=7), reason=NOMINATION_REASON)
            for emp_id, transition_id in sorted(programme) if transition_id in asks
            and (emp_id, transition_id) not in held]
    Nomination.objects.bulk_create(rows)
    return len(rows)


def _accounts(people: list[dict], leaders: set[int], center_codes) -> dict[int, User]:
    """The login of each person of the demo centers (employee id -> user), created without a password for those
    of `people` who have none (read by center, not by a list of ids: no bound-parameter limit at --scale 80)."""
    def logins():
        return {u.employee_id: u for u in User.objects.filter(employee__center__code__in=center_codes)}

    have = logins()
    unusable = make_password(None)
    User.objects.bulk_create([User(username=p["employee_no"].lower(), employee_id=p["id"], first_name=p["name"],
                                   role=Role.TEAM_LEADER if p["id"] in leaders else Role.AGENT, password=unusable)
                              for p in people if p["id"] not in have], batch_size=500)
    return logins()


def _when(rnd: random.Random, quarter_end: datetime.date, today: datetime.date) -> datetime.date:
    """A day of the review weeks after the quarter (never after today)."""
    return min(today, quarter_end + datetime.timedelta(days=rnd.randint(3, 20)))


@transaction.atomic
def generate_demo_talent(seed: int, today: datetime.date, center_codes) -> dict:
    """Potential ratings and competency assessments of the last complete quarter for the active people of the
    demo centers; a second run adds nothing."""
    rnd = random.Random(seed * 31 + 9)
    pick = random.Random(seed * 31 + 10)  # who is assessed and at what level: a stream of its own
    load_competencies()  # the dictionary and the default position profiles (a second run changes nothing)
    quarter = last_quarters(today, 1)[0]
    people = list(Employee.objects.filter(center__code__in=center_codes, status=Employee.Status.ACTIVE)
                  .order_by("employee_no").values("id", "employee_no", "name", "hire_date", "team_id",
                                                  "position_id", "position__code", "center__code", "level_id"))
    if not people or PotentialRating.objects.filter(employee__center__code__in=center_codes,
                                                    period=quarter.code).exists():
        return {"potential ratings": 0, "competency assessments": 0}
    teams = list(Team.objects.filter(center__code__in=center_codes, leader__isnull=False)
                 .values("id", "leader_id", "leader__employee_no", "leader__name"))
    leader_of_team = {t["id"]: t["leader_id"] for t in teams}
    leaders = set(leader_of_team.values())
    fallback = {code: User.objects.get(username="manager" if code == "sz" else "hr")
                for code in {p["center__code"] for p in people}}
    profiles: dict[int, list[tuple[int, int]]] = {}
    for position_id, competency_id, level in PositionCompetency.objects.order_by(
            "position_id", "competency__code").values_list("position_id", "competency_id", "level"):
        profiles.setdefault(position_id, []).append((competency_id, level))
    demo_agent = User.objects.filter(username="agent").values_list("employee_id", flat=True).first()

    settled = [p for p in people if months_between(p["hire_date"], today) >= MIN_TENURE_MONTHS]
    rated = [p for p in settled if rnd.random() < RATED_SHARE]
    asked = _asked_by_moves()
    programme = _successor_programme(center_codes, today, pick, demo_agent)
    members = {emp_id for emp_id, _t in programme}
    assessed = [p for p in settled if (p["position_id"] in profiles or p["level_id"] in asked) and (
        p["position__code"] not in AGENT_POSITIONS or p["id"] in leaders or p["id"] == demo_agent
        or p["id"] in members or pick.random() < AGENT_SAMPLE)]

    def rater_id(p) -> int | None:
        leader = leader_of_team.get(p["team_id"])
        return leader if leader and leader != p["id"] else None

    needs_login = {t["leader_id"]: {"id": t["leader_id"], "employee_no": t["leader__employee_no"],
                                    "name": t["leader__name"]} for t in teams}
    needs_login.update({p["id"]: p for p in assessed})
    logins = _accounts(list(needs_login.values()), leaders, center_codes)

    def rater(p) -> User:
        r = rater_id(p)
        return logins[r] if r else fallback[p["center__code"]]

    ratings = []
    for p in rated:
        by = rater(p)
        row = PotentialRating(employee_id=p["id"], period=quarter.code, rated_by=by,
                              rating=rnd.choices(range(1, 6), RATING_WEIGHTS)[0],
                              rated_on=_when(rnd, quarter.last_day, today))
        row._history_user = by
        ratings.append(row)
    bulk_create_with_history(ratings, PotentialRating, batch_size=500)

    assessments = []
    for p in assessed:
        by, on = rater(p), _when(rnd, quarter.last_day, today)
        own = logins[p["id"]]
        by_move = asked.get(p["level_id"], {})
        sheet = dict(profiles.get(p["position_id"], []))  # the COLA rows F1–F3 have no post of their own
        for competency_id, required in sorted({**sheet, **by_move}.items()):
            move_level = by_move.get(competency_id, 0)
            if move_level > sheet.get(competency_id, 0) or (move_level and p["id"] in members):
                # assessed against the move's level (the programme trained its members to it)
                spread = PROGRAMME_DELTA if p["id"] in members else MOVE_DELTA
                boss = max(1, min(5, by_move[competency_id] + pick.choices(*spread)[0]))
            else:
                boss = max(1, min(5, required + pick.choices(*SUPERVISOR_DELTA)[0]))
            mine = max(1, min(5, boss + pick.choices(*SELF_DELTA)[0]))
            common = dict(employee_id=p["id"], competency_id=competency_id, period=quarter.code)
            assessments.append(CompetencyAssessment(**common, by=CompetencyAssessment.By.SUPERVISOR, level=boss,
                                                    assessed_by=by, assessed_on=on))
            assessments.append(CompetencyAssessment(**common, by=CompetencyAssessment.By.SELF, level=mine,
                                                    assessed_by=own, assessed_on=on - datetime.timedelta(days=2)))
    CompetencyAssessment.objects.bulk_create(assessments, batch_size=1000)
    nominated = _nominate_the_programme(programme, today, logins, fallback)
    return {"potential ratings": len(ratings), "competency assessments": len(assessments),
            "people assessed": len(assessed), "successor programme places": len(programme),
            "nominations of the successor programme": nominated}
