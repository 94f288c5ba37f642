"""The demo contact center, planned in memory from a seed (no database access here).

How it is built:
- Org structure: two centers, each a management team, customer-service teams of 12–18 agent seats with a
  team-leader seat, and support teams. Every seat reports to a boss seat (agent → TL → supervisor →
  manager → director; in Guangzhou rep → 高级专员 TL → F3 → 副经理 → F4 经理).
- Each seat is filled from the day its team opens until today by a chain of occupants: a newcomer stays
  until an exit drawn from a monthly hazard concentrated in the first months (probation, night shifts),
  the seat stays empty a few days or weeks, and the next one arrives. Leader and specialist seats are
  often filled by an internal promotion or lateral move, whose earlier career is drawn backwards.
- Today's people on agent seats get their level by a pyramid quota (longer tenure, better odds).
- Some team changes, rotations, demotions, grade steps; courses, discipline, nominations, demo users.
"""
import datetime
import random
import zlib

from agentpath.common.calendar import add_months

from . import people
from .catalog import (
    EDUCATION,
    EXIT_EARLY,
    EXIT_LATER,
    F1,
    FEMALE_SHARE,
    HAZARD,
    HIRE_CAUSES,
    HOME_ALIASES,
    PATHS,
    QUOTAS,
    REP,
    TL,
    A,
)
from .history import FrameworkView, Move, Person, after_months, materialize, months_between
from .records import RecordsPlanner
from .structure import CenterPlan, Plan, Seat, StructurePlanner, TeamPlan

DAY = datetime.timedelta(days=1)




def team_attrition_factor(team_code: str) -> float:
    """How much a team keeps its new agents, 0.5–1.5 × the base hazard (1 on average), stable per team (a hash,
    not a draw of the planner's random stream): team attrition varies by leader, so team leaders' attrition metrics
    spread while the center's stays within a third to half a year."""
    return 0.5 + (zlib.crc32(team_code.encode()) % 1000) / 1000

class Planner(StructurePlanner, RecordsPlanner):
    """Plans the whole demo from one random generator: the structure (structure.py), the people and their
    moves (here), then the records around them (records.py). The order of the draws fixes the output."""

    def __init__(self, fw: FrameworkView, seed: int, today: datetime.date, scale: float = 1.0):
        self.fw, self.today, self.scale, self.seed = fw, today, scale, seed
        self.rng = random.Random(seed)
        self.centers: list[CenterPlan] = []
        self.teams: list[TeamPlan] = []
        self.seats: list[Seat] = []
        self.persons: list[Person] = []
        self.names: set[str] = set()
        self.home: dict[tuple, list[TeamPlan]] = {}
        self.rung: dict[int, int] = {}

    # ---- people --------------------------------------------------------------------------------------
    def _pick(self, weighted):
        return self.rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]

    def _new_person(self, seat, hire, lp, team, seniority, grade) -> Person:
        rng = self.rng
        track = self.fw.levels[seat.level].track
        female = rng.random() < (0.45 if seniority == "executive" else FEMALE_SHARE.get(track, 0.6))
        age = {"entry": lambda: rng.triangular(18.5, 31, 21),
               "experienced": lambda: rng.uniform(25, 37),
               "executive": lambda: rng.uniform(33, 46)}[seniority]()
        birth = hire - datetime.timedelta(days=int(age * 365.25))
        person = Person(
            key=len(self.persons), center=seat.center.code, seat=seat,
            name=people.chinese_name(rng, female, self.names), female=female, birth=birth,
            education=self._pick(EDUCATION[seniority]), phone=people.mobile(rng),
            id_number=people.id_number(rng, birth, female), hire_date=hire, hire_level=lp[0],
            hire_position=lp[1], hire_team=team.code, hire_grade=grade, hire_cause=self._pick(HIRE_CAUSES[seniority]))
        self.persons.append(person)
        return person

    def _home_team(self, center, lp, day) -> TeamPlan:
        level = HOME_ALIASES.get(lp[0], lp[0])
        homes = (self.home.get((center.code, level, lp[1])) if lp[1] else None) \
            or self.home.get((center.code, level, "*")) or [center.teams[0]]
        opened = [t for t in homes if t.start <= day]
        return self.rng.choice(opened or homes[:1])

    def _internal_path(self, seat, t):
        options = PATHS.get(seat.level)
        if not options:
            return None
        steps = self._pick([(steps, weight) for weight, steps in options])
        for durations in ([self.rng.uniform(lo, hi) for _, lo, hi in steps], [lo for _, lo, _ in steps]):
            starts, day = [], t
            for months in reversed(durations):
                day = after_months(day, -months)
                starts.append(day)
            starts.reverse()
            if starts[0] >= seat.center.opened:
                return [(lp, start) for (lp, _, _), start in zip(steps, starts, strict=True)]
        return None

    def _arrive(self, seat: Seat, t: datetime.date) -> Person:
        path = None
        if seat.p_internal and self.rng.random() < seat.p_internal:
            path = self._internal_path(seat, t)
        if path is None:
            seniority = {"new": "entry", "executive": "executive"}.get(seat.profile, "experienced")
            info = self.fw.levels[seat.level]
            grade = info.entry_grade
            if seniority != "entry" and self.rng.random() < 0.25:
                grade = info.clamp(grade - 1)
            return self._new_person(seat, t, (seat.level, seat.position), seat.team, seniority, grade)
        (lp0, hire), rest = path[0], path[1:]
        team = self._home_team(seat.center, lp0, hire)
        person = self._new_person(seat, hire, lp0, team, "entry", self.fw.levels[lp0[0]].entry_grade)
        person.internal = True
        for lp, start in rest:
            person.moves.append(Move(date=start, level=lp[0], position=lp[1],
                                     team=self._home_team(seat.center, lp, start).code))
        person.moves.append(Move(date=t, level=seat.level, position=seat.position, team=seat.team.code))
        return person

    def _draw_exit(self, start: datetime.date, profile: str, factor: float = 1.0) -> datetime.date | None:
        pieces, k = HAZARD[profile], 0
        while True:
            month_start = after_months(start, k)
            if month_start >= self.today:
                return None
            hazard = factor * next(h for until, h in pieces if until is None or k < until)
            if self.rng.random() < hazard:
                day = max(month_start + self.rng.randint(0, 30) * DAY, start + 3 * DAY)
                return day if day <= self.today - 3 * DAY else None
            k += 1

    def _fill(self, seat: Seat):
        t = seat.start
        while True:
            person = self._arrive(seat, t)
            exit_day = self._draw_exit(t, "internal" if person.internal else seat.profile,
                                       team_attrition_factor(seat.team.code) if seat.profile == "new" else 1.0)
            seat.occupants.append([t, exit_day, person])
            if exit_day is None:
                return
            person.exit_date = exit_day
            person.exit_cause = self._pick(EXIT_EARLY if person.tenure_months(self.today) < 6 else EXIT_LATER)
            gap = self.rng.randint(3, 30) if seat.profile == "new" else self.rng.randint(10, 60)
            t = min(exit_day + gap * DAY, self.today - DAY)

    # ---- levels of agents today, and the odd moves -----------------------------------------------------
    def _ladder_moves(self, person, ladder, rung, end):
        """Promotions up the first `rung` steps of the ladder, fitted between hire and `end`."""
        steps = ladder[:rung]
        mins = [lo for _, lo, _ in steps]
        spans = [self.rng.uniform(0, hi - lo) for _, lo, hi in steps]
        day = self._in_seat_since(person)
        slack = months_between(day, end) - 1.5 - sum(mins)
        factor = min(1.0, slack / sum(spans)) if sum(spans) > 0 else 0
        for (lp, lo, _), span in zip(steps, spans, strict=True):
            day = after_months(day, lo + span * max(factor, 0))
            person.moves.append(Move(date=day, level=lp[0], position=lp[1]))

    @staticmethod
    def _in_seat_since(person: Person) -> datetime.date:
        """Hire, or the move that brought an internal candidate to the seat."""
        return max([person.hire_date] + [m.date for m in person.moves])

    def _assign_member_levels(self):
        rng = self.rng
        for group, (ladder, shares) in QUOTAS.items():
            seats = [s for s in self.seats if s.group == group]
            active = [s.current for s in seats if s.current.exit_date is None]
            for person in active:
                self.rung[person.key] = 0
            for rung in range(len(ladder), 0, -1):
                need = sum(lo for _, lo, _ in ladder[:rung]) + 1.5
                in_seat = {p.key: months_between(self._in_seat_since(p), self.today) for p in active}
                eligible = [p for p in active if self.rung[p.key] == 0 and in_seat[p.key] >= need]
                k = min(len(eligible), round(shares[rung - 1] * len(active)))
                ranked = sorted(eligible, key=lambda p: -rng.random() ** (1 / in_seat[p.key]))
                for person in ranked[:k]:
                    self.rung[person.key] = rung
                    self._ladder_moves(person, ladder, rung, self.today)
            for seat in seats:  # people who left may have been promoted before they went
                for _, end, person in seat.occupants:
                    tenure = months_between(self._in_seat_since(person), end or self.today)
                    if end is None or tenure < 16 or rng.random() > 0.25:
                        continue
                    rung = 2 if tenure > 40 and rng.random() < 0.3 else 1
                    self._ladder_moves(person, ladder, rung, end)

    def _plain_agents(self, groups, min_tenure=0.0):
        return [s.current for s in self.seats if s.group in groups and s.current.exit_date is None
                and self.rung.get(s.current.key) == 0 and not s.current.special and not s.current.moves
                and s.current.tenure_months(self.today) >= min_tenure]

    def _pick_demo_agent(self) -> Person:
        """The `agent` login: an agent of the first Shenzhen team, hired 13 months ago (months in level met)."""
        team = next(t for t in self.teams if t.code == "sz-cs-01")
        candidates = [p for p in self._plain_agents({"sz-cs"}) if p.seat.team is team]
        agent = min(candidates, key=lambda p: (abs(p.tenure_months(self.today) - 13), p.key))
        hire = add_months(self.today, -13) - self.rng.randint(0, 10) * DAY
        for occupancy in agent.seat.occupants:
            if occupancy[2] is agent:
                occupancy[0] = hire
        agent.hire_date = hire
        agent.special = "demo-agent"
        return agent

    def _extras(self):
        rng, today = self.rng, self.today
        for groups, count, via, back in (({"sz-cs"}, 2, TL, A), ({"gz"}, 1, F1, REP)):
            pool = self._plain_agents(groups, 40 if via is TL else 26)
            for person in rng.sample(pool, min(count, len(pool))):
                up = after_months(person.hire_date, rng.uniform(14, 22) if via is TL else rng.uniform(8, 12))
                down = after_months(up, rng.uniform(8, 14))
                if down >= today - 30 * DAY:
                    continue
                person.special = "demoted"
                team = self._home_team(person.seat.center, via, up).code
                person.moves += [Move(date=up, level=via[0], position=via[1], team=team),
                                 Move(date=down, kind="demotion", level=back[0], position=person.seat.position,
                                      team=person.seat.team.code, cause="考核不合格, 降级 (末位淘汰)")]
        pool = [p for p in self._plain_agents({"sz-cs", "gz"}, 4) if p.seat.team.kind == "cs"]
        for person in rng.sample(pool, round(len(pool) * 0.07)):
            team = person.seat.team
            older = [t for t in person.seat.center.teams
                     if t.kind == "cs" and t is not team and t.start <= person.hire_date]
            if not older:
                continue
            person.special = "team-change"
            person.hire_team = rng.choice(older).code
            person.moves.append(Move(date=after_months(person.hire_date,
                                                       rng.uniform(2, person.tenure_months(today) - 1)),
                                     kind="team_change", team=team.code,
                                     cause=rng.choice(["团队调整", "新组组建, 调入", "业务线调整"])))
        pool = [p for p in self._plain_agents({"sz-cs", "gz"}, 14) if p.seat.team.kind == "cs"]
        for person in rng.sample(pool, round(len(pool) * 0.03)):
            away = rng.choice([t for t in person.seat.center.teams if t.kind == "support"])
            out = after_months(person.hire_date, rng.uniform(6, person.tenure_months(today) - 5))
            person.special = "rotation"
            person.moves += [Move(date=out, kind="rotation", team=away.code, cause=f"轮岗: {away.name}"),
                             Move(date=after_months(out, rng.uniform(2, 3.5)), kind="rotation",
                                  team=person.seat.team.code, cause="轮岗结束, 回原组")]
        pool = [p for p in self._plain_agents({"sz-cs", "gz", "sz-vip"}, 12) if p.female]
        for person in rng.sample(pool, round(len(pool) * 0.015)):
            person.status, person.special = "leave", "leave"

    def build(self) -> Plan:
        self._structure()
        for seat in self.seats:
            self._fill(seat)
        self._assign_member_levels()
        agent = self._pick_demo_agent()
        self._extras()
        for person in self.persons:
            materialize(self.fw, self.rng, person, self.today)
        self._numbers_and_managers()
        for person in self.persons:
            self._courses(person)
        self._demo_agent_courses(agent)
        team = next(t for t in self.teams if t.code == "sz-cs-01")
        leader = team.leader_seat.current
        disciplinary = self._discipline(agent, leader)
        nominations, nominators = self._nominations(agent, leader)
        seat_of = {}
        for seat in self.seats:
            seat_of.setdefault((seat.center.code, seat.level), seat)
        users = [
            dict(username="hr", role="hr_admin", person=None, centers=[]),
            dict(username="manager", role="center_manager", person=seat_of[("sz", "mgmt-manager")].current,
                 centers=["sz"]),
            dict(username="leader", role="team_leader", person=leader, centers=[]),
            dict(username="trainer", role="trainer", person=seat_of[("sz", "trainer")].current, centers=["sz"]),
            dict(username="qa", role="qa", person=seat_of[("sz", "qa-officer")].current, centers=["sz"]),
            dict(username="agent", role="agent", person=agent, centers=[]),
        ]
        users += nominators
        return Plan(self.seed, self.today, self.centers, self.teams, self.seats, self.persons, users, nominations,
                    disciplinary)


def build_plan(fw: FrameworkView, seed: int = 2026, today: datetime.date | None = None, scale: float = 1.0) -> Plan:
    return Planner(fw, seed, today or datetime.date.today(), scale).build()
