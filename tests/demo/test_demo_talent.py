"""The demo's talent facts: potential ratings and competency assessments, so that a 9-box review of a demo
center places people and a person's competency page shows their fit.

The demo (with its KPI) is generated once for this module, for today, inside a transaction rolled back at the
end; each test runs in a savepoint of it.

CI runs this module once, on SQLite, the database of `make run`'s demo: the KPI's store and ranks on PostgreSQL
(COPY, the ranking statements) are the performance tests', which run on both engines.
"""
import re

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from agentpath.accounts.models import User
from agentpath.careers.models import Transition
from agentpath.careers.services import load_framework
from agentpath.common.calendar import last_quarters
from agentpath.demo.generator import generate
from agentpath.org.models import Center, Employee
from agentpath.talent.eligibility import evaluate_people
from agentpath.talent.models import CompetencyAssessment, PotentialRating

pytestmark = pytest.mark.engine_independent  # on SQLite only in CI (see above)
TODAY = timezone.localdate()
QUARTER = last_quarters(TODAY, 1)[0]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    fast_hasher = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast_hasher:
        load_framework("cola")
        yield generate(seed=2026, today=TODAY, quiet=True)
        transaction.set_rollback(True)


@pytest.fixture
def demo_db(demo, db):
    return demo


def login(client, username):
    client.force_login(User.objects.get(username=username))
    return client


def test_a_nine_box_review_of_a_demo_center_places_most_people_who_are_not_too_new(demo_db, client):
    sz = Center.objects.get(code="sz")
    page = login(client, "manager").post("/talent/nine-box/open/", {"center": "sz", "period": QUARTER.code},
                                         follow=True)
    html = page.content.decode()
    assert page.status_code == 200 and QUARTER.code in html
    grid = html.split('id="grid"')[1].split('id="moves"')[0]
    placed = len(re.findall(r'class="chip" data-employee=', grid))
    too_new = len(page.context["too_new"])
    unrated = len(page.context["unrated"])
    rated_or_not = placed + unrated
    assert rated_or_not + too_new == len(page.context["placements"]) > 200
    # each family is placed from its own composite; who has no data for the quarter is listed with the reason
    assert placed / rated_or_not >= 0.65, (placed, unrated)
    # every box of the grid has someone, and few are rated 5 (ready now)
    assert all(cell["people"] for cell in page.context["cells"] if cell["performance"] == 2)
    ratings = list(PotentialRating.objects.filter(employee__center=sz).values_list("rating", flat=True))
    assert ratings.count(5) < ratings.count(3) and ratings.count(5) < 0.12 * len(ratings)


def test_a_team_leaders_competency_page_shows_the_fit_and_the_assessed_levels(demo_db, client):
    leader = User.objects.get(username="leader")
    page = login(client, "leader").get(f"/talent/competencies/{leader.employee.employee_no}/")
    html = page.content.decode()
    fit = re.search(r'data-testid="fit-score">[^<]*?(\d+) ?%', html)
    assert fit and 0 < int(fit.group(1)) <= 100
    gaps = html.split('id="competency-gaps"')[1].split("</table>")[0]
    assessed = re.findall(r"<tr><td>[^<]+</td><td>(\d)</td><td>([\d—])</td>", gaps)
    assert len(assessed) >= 4 and all(actual != "—" for _required, actual in assessed)


def test_the_demo_agent_has_a_self_and_a_supervisor_assessment_by_their_team_leader(demo_db, client):
    agent = User.objects.get(username="agent").employee
    rows = CompetencyAssessment.objects.filter(employee=agent, period=QUARTER.code)
    assert {r.by for r in rows} == {"self", "supervisor"}
    assert {r.assessed_by.employee for r in rows if r.by == "supervisor"} == {agent.team.leader}
    page = login(client, "agent").get(f"/talent/competencies/{agent.employee_no}/")
    assert re.search(r'data-testid="fit-score">[^<]*?[1-9]\d* ?%', page.content.decode())


def eligible_for(source: str, target: str) -> list:
    """The active people of the demo at `source` eligible today for the promotion to `target`."""
    people = Employee.objects.filter(center__code__in=["sz", "gz"], status=Employee.Status.ACTIVE,
                                     level__code=source)
    return [emp_id for emp_id, options in evaluate_people(people, TODAY).items()
            if any(o.eligible and o.transition.to_level.code == target for o in options)]


def test_a_team_leader_is_eligible_for_supervisor_and_a_qa_officer_for_qa_lead(demo_db):
    """Issue 18 "Done when": the competencies the moves ask for are assessed (with spread: not everyone
    reaches them), the supervisors nominate the ready, and the team composite percentile and QA work rank them."""
    assert eligible_for("mgmt-tl", "mgmt-supervisor")
    assert eligible_for("qa-officer", "qa-lead")
    asked = CompetencyAssessment.objects.filter(employee__level__code="mgmt-tl", competency__code="team-building",
                                                by="supervisor", period=QUARTER.code)
    levels = set(asked.values_list("level", flat=True))
    assert len(levels) >= 3 and asked.filter(level__gte=3).count() < asked.count()


def test_the_nine_box_of_a_demo_center_places_its_team_leaders(demo_db, client):
    page = login(client, "manager").post("/talent/nine-box/open/", {"center": "sz", "period": QUARTER.code},
                                         follow=True)
    leaders = [p for p in page.context["placements"] if p.employee.position and
               p.employee.position.code == "team-leader" and not p.too_new]
    placed = [p for p in leaders if p.performance is not None and p.potential is not None]
    assert leaders and len(placed) >= 0.8 * len(leaders)
    listed = page.content.decode().split('id="unplaced"')[1].split("</ul>")[0]
    assert "未评定" not in listed and all("：" in item for item in re.findall(r"<li data-employee=[^>]*>(.*?)</li>",
                                                                              listed))


def path_rows(client, employee_no: str, target: str) -> dict[str, list[tuple[str, str]]]:
    """The requirement rows of the move to `target` on a person's path page, by kind: (status, what they have)."""
    html = client.get(f"/path/{employee_no}/").content.decode()
    card = html.split(f'data-kind="promotion" data-target="{target}">')[1].split('class="card mb-3 path-option"')[0]
    rows: dict[str, list[tuple[str, str]]] = {}
    for status, kind, value in re.findall(r'<tr class="req-\w+" data-status="(\w+)" data-kind="(\w+)">.*?'
                                          r'<span class="value">([^<]*)</span>', card, flags=re.S):
        rows.setdefault(kind, []).append((status, value))
    return rows


@pytest.mark.parametrize("source, target, competencies", [("mgmt-tl", "mgmt-supervisor", 2),
                                                          ("qa-officer", "qa-lead", 2)])
def test_an_eligible_leaders_path_shows_every_requirement_met_with_the_value_they_have(demo_db, client, source,
                                                                                       target, competencies):
    """Issue 18 "Done when": the path of a team leader to 主管 (and of a QA officer to 质检组长) shows the
    composite percentile, the credits, the exam average and each competency asked, every one with a value."""
    person = Employee.objects.get(pk=eligible_for(source, target)[0])
    rows = path_rows(login(client, "manager"), person.employee_no, target)
    assert {"min_kpi_percentile", "min_credits", "min_exam_average", "min_competency", "min_months_in_level",
            "supervisor_nomination"} <= set(rows)
    assert len(rows["min_competency"]) == competencies
    assert all(status == "met" for kind in rows for status, _value in rows[kind])
    assert re.fullmatch(r"P\d+(\.\d)? / P\d+", rows["min_kpi_percentile"][0][1])
    assert re.fullmatch(r"\d+(\.\d)? / \d+ 学分", rows["min_credits"][0][1])
    assert re.fullmatch(r"\d+(\.\d)? / \d+", rows["min_exam_average"][0][1])
    assert all(re.fullmatch(r"\d / \d", value) for _status, value in rows["min_competency"])


def test_every_promotion_from_a_level_with_people_has_someone_ready_or_one_requirement_away(demo_db):
    """Issue 18 "Done when": no rung of any track is dead on the demo (the successor programme and the scorecards of
    every family)."""
    people = Employee.objects.filter(center__code__in=["sz", "gz"], status=Employee.Status.ACTIVE)
    nearest: dict[tuple[str, str], int] = {}  # fewest requirements anyone at the source level misses
    for options in evaluate_people(people, TODAY, kinds=("promotion",)).values():
        for option in options:
            move = (option.transition.from_level.code, option.transition.to_level.code)
            missing = len(option.checks) - option.met_count
            nearest[move] = min(nearest.get(move, missing), missing)
    levels_with_people = set(people.values_list("level__code", flat=True))
    promotions = {(t.from_level.code, t.to_level.code) for t in
                  Transition.objects.filter(kind="promotion", from_level__code__in=levels_with_people)}
    assert len(promotions) >= 25 and set(nearest) == promotions
    assert {move: n for move, n in nearest.items() if n > 1} == {}
    assert sum(1 for n in nearest.values() if n == 0) >= 0.75 * len(promotions)  # mostly someone is ready


def test_the_managers_and_the_leaders_home_pages_show_who_is_ready_or_close_at_every_level(demo_db, client):
    promoting = set(Transition.objects.filter(kind="promotion").values_list("from_level__code", flat=True))
    for username, center in (("manager", "sz"), ("hr", "gz")):
        html = login(client, username).get(f"/?center={center}").content.decode()
        levels = set(Employee.objects.filter(center__code=center, status=Employee.Status.ACTIVE)
                     .values_list("level__code", flat=True)) & promoting
        assert len(levels) >= 6
        for level in levels:
            ready = int(re.search(rf'data-testid="ready-{level}">(\d+)<', html).group(1))
            close = int(re.search(rf'data-testid="close-{level}">(\d+)<', html).group(1))
            assert ready + close >= 1, (center, level)
    html = login(client, "leader").get("/").content.decode()
    listed = [html.split(f'id="{card}"')[1].split("</ul>")[0] for card in ("ready", "close")]
    assert sum(len(re.findall(r'href="/path/[A-Z]{2}\d+/"', card)) for card in listed) >= 1
