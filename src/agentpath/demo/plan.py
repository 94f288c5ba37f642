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
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal

from . import people
from .catalog import (
    DISCIPLINE,
    EDUCATION,
    ELECTIVES,
    ENTRY_LEVELS,
    EXIT_EARLY,
    EXIT_LATER,
    F1,
    F3,
    FEMALE_SHARE,
    HAZARD,
    HIRE_CAUSES,
    HOME_ALIASES,
    NOMINATION_REASONS,
    PATHS,
    QL,
    QO,
    QUOTAS,
    REP,
    SEN,
    SUP,
    TL,
    TR,
    TRS,
    VA,
    A,
    chinese_number,
)
from .history import FrameworkView, Move, Person, add_months, after_months, materialize, months_between

DAY = datetime.timedelta(days=1)

@dataclass(eq=False, repr=False)
class CenterPlan:
    code: str
    name: str
    city: str
    prefix: str
    opened: datetime.date
    teams: list = field(default_factory=list)


@dataclass(eq=False, repr=False)
class TeamPlan:
    code: str
    name: str
    center: CenterPlan
    start: datetime.date
    kind: str  # management, cs, vip, support
    leader_seat: "Seat | None" = None
    supervisor_seat: "Seat | None" = None


@dataclass(eq=False, repr=False)
class Seat:
    center: CenterPlan
    team: TeamPlan
    level: str
    position: str | None
    boss: "Seat | None"
    profile: str
    start: datetime.date
    p_internal: float = 0.0
    group: str | None = None
    occupants: list = field(default_factory=list)  # [start, end or None, person]

    @property
    def depth(self) -> int:
        return 0 if self.boss is None else self.boss.depth + 1

    @property
    def current(self) -> Person:
        return self.occupants[-1][2]

    def occupant_on(self, day: datetime.date) -> Person:
        best = self.occupants[0][2]
        for start, end, person in self.occupants:
            if start <= day:
                best = person
                if end is None or day < end:
                    break
        return best


@dataclass(repr=False)
class Plan:
    seed: int
    today: datetime.date
    centers: list[CenterPlan]
    teams: list[TeamPlan]
    seats: list[Seat]
    persons: list[Person]
    users: list[dict]
    nominations: list[dict]
    disciplinary: list[dict]


class Planner:
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

    # ---- structure ---------------------------------------------------------------------------------
    def n(self, count: float, minimum: int = 1) -> int:
        return max(minimum, round(count * self.scale))

    def _team(self, center, code, name, start, kind) -> TeamPlan:
        team = TeamPlan(code, name, center, start, kind)
        center.teams.append(team)
        self.teams.append(team)
        return team

    def _seat(self, center, team, lp, boss, profile, start, p_internal=0.0, group=None) -> Seat:
        seat = Seat(center, team, lp[0], lp[1], boss, profile, start, p_internal, group)
        self.seats.append(seat)
        if group is None or team.kind in ("cs", "vip"):
            for key in ((center.code, lp[0], lp[1]), (center.code, lp[0], "*")):
                homes = self.home.setdefault(key, [])
                if team not in homes:
                    homes.append(team)
        return seat

    def _cs_teams(self, center, prefix, label, count) -> list[TeamPlan]:
        rng = self.rng
        first_wave = math.ceil(count * 0.65)
        later = sorted(after_months(center.opened, rng.uniform(8, 44)) for _ in range(count - first_wave))
        starts = [center.opened] * first_wave + later
        return [self._team(center, f"{prefix}-cs-{i + 1:02d}", f"{label}{chinese_number(i + 1)}组", start, "cs")
                for i, start in enumerate(starts)]

    def _support_team(self, center, code, name, head, boss, subleads, members):
        team = self._team(center, code, name, center.opened, "support")
        head_seat = self._seat(center, team, head, boss, "experienced", center.opened - 25 * DAY, 0.6)
        team.leader_seat = head_seat
        leads = [self._seat(center, team, lp, head_seat, "experienced", center.opened - 20 * DAY, 0.7)
                 for lp, count in subleads for _ in range(self.n(count))]
        bosses = leads or [head_seat]
        i = 0
        for lp, count, p_internal, profile, group in members:
            for _ in range(self.n(count)):
                start = center.opened + self.rng.randint(0, 60) * DAY
                self._seat(center, team, lp, bosses[i % len(bosses)], profile, start, p_internal, group)
                i += 1
        return team

    def _structure(self):
        rng, today = self.rng, self.today
        sz = CenterPlan("sz", "深圳呼叫中心", "深圳", "SZ", add_months(today, -56))
        gz = CenterPlan("gz", "广州客户运营中心", "广州", "GZ", add_months(today, -48))
        self.centers = [sz, gz]

        ops = self._team(sz, "sz-ops", "深圳运营管理组", sz.opened - 90 * DAY, "management")
        director = self._seat(sz, ops, ("mgmt-director", "cs-director"), None, "executive", sz.opened - 90 * DAY)
        ops.leader_seat = director
        m_ops, m_support = (self._seat(sz, ops, ("mgmt-manager", "cs-manager"), director, "executive",
                                       sz.opened - 60 * DAY, 0.4) for _ in range(2))
        cs = self._cs_teams(sz, "sz", "深圳客服", self.n(19, 2))
        sups = [self._seat(sz, ops, SUP, m_ops, "experienced", sz.opened - 30 * DAY, 0.6)
                for _ in range(math.ceil(len(cs) / 4))]
        for i, team in enumerate(cs):
            team.supervisor_seat = sups[i * len(sups) // len(cs)]
            team.leader_seat = self._seat(sz, team, TL, team.supervisor_seat, "experienced", team.start - 20 * DAY,
                                          0.75)
            for _ in range(rng.randint(12, 18)):
                self._seat(sz, team, A, team.leader_seat, "new", team.start + rng.randint(0, 14) * DAY,
                           group="sz-cs")
        for k in range(self.n(2)):
            team = cs[k * len(cs) // self.n(2)]
            self._seat(sz, team, ("pro-chief", "chief-expert"), team.supervisor_seat, "experienced", sz.opened, 0.9)
        vip = self._team(sz, "sz-vip", "VIP客户经理组", sz.opened, "vip")
        vip.leader_seat = self._seat(sz, vip, ("vip-supervisor", "vip-supervisor"), m_support, "experienced",
                                     sz.opened - 20 * DAY, 0.6)
        for _ in range(self.n(rng.randint(13, 16), 4)):
            self._seat(sz, vip, VA, vip.leader_seat, "new", sz.opened + rng.randint(0, 20) * DAY, group="sz-vip")
        self._support_team(sz, "sz-qa", "质检组", ("qa-manager", "qa-manager"), m_support, [(QL, 2)],
                           [(QO, 10, 0.7, "experienced", None)])
        self._support_team(sz, "sz-training", "培训组", ("training-manager", "training-manager"), m_support,
                           [(TRS, 2)], [(TR, 6, 0.75, "experienced", None)])
        for code, name, lead, first, count, p_internal, profile in [
                ("sz-wfm", "排班组", "scheduling-lead", "scheduler", 4, 0.7, "experienced"),
                ("sz-mis", "MIS报表组", "mis-lead", "mis-analyst", 3, 0.6, "experienced"),
                ("sz-paperwork", "文书工单组", "paperwork-lead", "paperwork-clerk", 8, 0.4, "new"),
                ("sz-billing", "账务组", "billing-lead", "billing-clerk", 7, 0.4, "new"),
                ("sz-collections", "催收组", "collections-lead", "collections-agent", 14, 0.3, "new"),
                ("sz-risk", "风险管理组", "risk-lead", "risk-officer", 5, 0.7, "experienced")]:
            self._support_team(sz, code, name, (lead, lead), m_support, [],
                               [((first, first), count, p_internal, profile, None)])

        ops = self._team(gz, "gz-ops", "广州运营管理组", gz.opened - 90 * DAY, "management")
        head = self._seat(gz, ops, ("cola-f4", "cola-f4-manager"), None, "executive", gz.opened - 90 * DAY)
        ops.leader_seat = head
        d_cs = self._seat(gz, ops, ("cola-deputy", "cola-deputy-cs"), head, "executive", gz.opened - 60 * DAY, 0.4)
        d_qa = self._seat(gz, ops, ("cola-deputy", "cola-deputy-hdqa"), head, "executive", gz.opened - 60 * DAY,
                          0.4)
        cs = self._cs_teams(gz, "gz", "广州客服", self.n(13, 2))
        sups = [self._seat(gz, ops, F3, d_cs, "experienced", gz.opened - 30 * DAY, 0.6)
                for _ in range(math.ceil(len(cs) / 4.5))]
        for i, team in enumerate(cs):
            team.supervisor_seat = sups[i * len(sups) // len(cs)]
            team.leader_seat = self._seat(gz, team, SEN, team.supervisor_seat, "experienced", team.start - 20 * DAY,
                                          0.75)
            for _ in range(rng.randint(12, 18)):
                self._seat(gz, team, REP, team.leader_seat, "new", team.start + rng.randint(0, 14) * DAY, group="gz")
        self._support_team(gz, "gz-hdqa", "HD/QA组", ("cola-senior", "cola-senior-hdqa-lead"), d_qa, [],
                           [(("cola-rep", "cola-rep-hdqa"), 7, 0.5, "new", "gz")])
        self._support_team(gz, "gz-backoffice", "账务与自用组", ("cola-senior", "cola-senior-self-lead"), d_cs, [],
                           [(("cola-rep", "cola-rep-billing"), 4, 0.4, "new", "gz"),
                            (("cola-rep", "cola-rep-self"), 3, 0.4, "new", "gz"),
                            (("cola-senior", "cola-senior-billing"), 1, 0.7, "experienced", None),
                            (("cola-senior", "cola-senior-risk"), 1, 0.7, "experienced", None),
                            (("cola-senior", "cola-senior-cotech"), 1, 0.5, "experienced", None)])
        self._support_team(gz, "gz-training", "培训与催收组", ("cola-senior", "cola-senior-training-coll-lead"), d_qa,
                           [], [(("cola-senior", "cola-senior-trainer"), 2, 0.7, "experienced", None),
                                (("cola-rep", "cola-rep-training-coll"), 5, 0.4, "new", "gz")])

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

    def _draw_exit(self, start: datetime.date, profile: str) -> datetime.date | None:
        pieces, k = HAZARD[profile], 0
        while True:
            month_start = after_months(start, k)
            if month_start >= self.today:
                return None
            hazard = next(h for until, h in pieces if until is None or k < until)
            if self.rng.random() < hazard:
                day = max(month_start + self.rng.randint(0, 30) * DAY, start + 3 * DAY)
                return day if day <= self.today - 3 * DAY else None
            k += 1

    def _fill(self, seat: Seat):
        t = seat.start
        while True:
            person = self._arrive(seat, t)
            exit_day = self._draw_exit(t, "internal" if person.internal else seat.profile)
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

    # ---- numbers, managers, courses, discipline, nominations, users ---------------------------------------
    def _numbers_and_managers(self):
        for center in self.centers:
            mine = sorted((p for p in self.persons if p.center == center.code), key=lambda p: (p.hire_date, p.key))
            for i, person in enumerate(mine, start=1):
                person.employee_no = f"{center.prefix}{i:05d}"
        for person in self.persons:
            boss = person.seat.boss
            person.manager = boss.occupant_on(person.exit_date or self.today) if boss else None

    def _courses(self, person: Person):
        rng, fw, today = self.rng, self.fw, self.today
        end = person.exit_date or today
        done: dict[str, datetime.date] = {}

        def add(code, day):
            if code not in done and person.hire_date <= day <= end and day <= today:
                done[code] = day

        for ev in person.events:
            if ev["kind"] == "hire":
                if ev["to_level"] in ENTRY_LEVELS and rng.random() < 0.93:
                    add("pre-job-program", person.hire_date + rng.randint(21, 35) * DAY)
                for code in fw.levels[ev["to_level"]].courses:
                    if rng.random() < 0.9:
                        add(code, person.hire_date + rng.randint(30, 180) * DAY)
            elif ev["kind"] in ("promotion", "lateral") and ev["to_level"] != ev["from_level"]:
                for code in fw.levels[ev["to_level"]].courses:
                    day = max(ev["effective_date"] - rng.randint(15, 270) * DAY, person.hire_date + 30 * DAY)
                    if rng.random() < 0.96:
                        add(code, min(day, ev["effective_date"] - DAY))
        if person.exit_date is None:
            since = person.level_since
            in_level = months_between(since, today)
            low = max(since, add_months(today, -24))
            for nxt in fw.next_levels(person.level):
                for code in fw.levels[nxt].courses:
                    if code not in done and rng.random() < min(0.6, 0.06 + in_level / 40):
                        add(code, low + rng.randint(0, max((today - low).days, 0)) * DAY)
        k = rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 5]) if person.exit_date is None else \
            (rng.choice([0, 0, 1, 2]) if person.tenure_months(today) > 6 else 0)
        low = max(person.hire_date + 45 * DAY, add_months(end, -20))
        for code in rng.sample(ELECTIVES, k):
            if low < end:
                add(code, low + rng.randint(0, (end - low).days) * DAY)
        person.completions = [(code, day, Decimal(rng.randint(140, 200)) / 2)
                              for code, day in sorted(done.items(), key=lambda kv: (kv[1], kv[0]))]

    def _demo_agent_courses(self, agent: Person):
        """Some requirements for 组长 met (months in level, 辅导技巧), one not: 团队管理培训 is missing."""
        rng, today = self.rng, self.today
        done = {code: (day, score) for code, day, score in agent.completions if code != "team-management"}
        for code, months_ago in (("pre-job-program", None), ("coaching-skills", 3), ("complaint-handling", 5),
                                 ("telephone-training", 8)):
            if code not in done:
                day = agent.hire_date + rng.randint(21, 35) * DAY if months_ago is None else \
                    add_months(today, -months_ago) - rng.randint(0, 20) * DAY
                done[code] = (day, Decimal(rng.randint(160, 196)) / 2)
        agent.completions = [(c, d, s) for c, (d, s) in sorted(done.items(), key=lambda kv: (kv[1][0], kv[0]))]

    def _discipline(self, agent, leader) -> list[dict]:
        rng, today = self.rng, self.today
        active = [p for p in self._plain_agents({"sz-cs", "gz", "sz-vip"}, 3) if p is not agent]
        exited = [p for p in self.persons if p.exit_date and p.tenure_months(today) > 4]
        rows = []
        for person in rng.sample(active, min(12, len(active))) + rng.sample(exited, min(3, len(exited))):
            end = (person.exit_date or today) - 5 * DAY
            low = max(person.hire_date + 30 * DAY, add_months(today, -30))
            if low >= end:
                continue
            severity, text = rng.choice(DISCIPLINE)
            rows.append(dict(person=person, date=low + rng.randint(0, (end - low).days) * DAY,
                             severity=severity, description=text))
        return rows

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

    def _nominations(self, agent, leader):
        rng, today = self.rng, self.today
        rows, nominators = [], []
        sz_teams = [t for t in self.teams if t.kind == "cs" and t.center.code == "sz"]
        gz_teams = [t for t in self.teams if t.kind == "cs" and t.center.code == "gz"]
        plan = [(sz_teams[0], "leader", [("mgmt-agent", "mgmt-tl"), ("mgmt-agent", "pro-senior")])]
        plan += [(t, None, [("mgmt-agent", "pro-senior")]) for t in sz_teams[1:3]]
        plan += [(t, None, [("cola-rep", "cola-f1")]) for t in gz_teams[:1]]
        for team, username, transitions in plan:
            tl = team.leader_seat.current
            if username is None:
                username = tl.employee_no.lower()
                nominators.append(dict(username=username, role="team_leader", person=tl, centers=[],
                                       nominator_only=True))
            candidates = sorted((p for p in self._plain_agents({"sz-cs", "gz"}, 9)
                                 if p.seat.team is team and p is not agent and p.status == "active"),
                                key=lambda p: (-p.tenure_months(today), p.key))
            for person, (src, dst) in zip(candidates, transitions, strict=False):
                if person.level != src:
                    continue
                rows.append(dict(person=person, src=src, dst=dst, by=username,
                                 on=today - rng.randint(3, 60) * DAY, reason=rng.choice(NOMINATION_REASONS)))
        return rows, nominators


def build_plan(fw: FrameworkView, seed: int = 2026, today: datetime.date | None = None, scale: float = 1.0) -> Plan:
    return Planner(fw, seed, today or datetime.date.today(), scale).build()
