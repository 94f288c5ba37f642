"""The demo's organisation, planned in memory: centers, teams, seats and who reports to whom (see plan.py)."""
import datetime
import math
from dataclasses import dataclass, field

from agentpath.common.calendar import add_months

from .catalog import F3, QL, QO, REP, SEN, SUP, TL, TR, TRS, VA, A, chinese_number
from .history import Person, after_months

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


class StructurePlanner:
    """The part of the Planner that lays out centers, teams and seats (a mixin: state lives on the Planner)."""

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
