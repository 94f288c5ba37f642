"""The demo's records around the people, planned in memory: employee numbers and managers, courses,
discipline and nominations (see plan.py)."""
import datetime
from decimal import Decimal

from agentpath.common.calendar import add_months

from .catalog import DISCIPLINE, ELECTIVES, ENTRY_LEVELS, NOMINATION_REASONS
from .history import Person, months_between

DAY = datetime.timedelta(days=1)


class RecordsPlanner:
    """The part of the Planner that writes records around the planned people (a mixin of the Planner)."""

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
