"""Competency assessment pages (DOMAIN.md C3): the self-assessment, the supervisor's assessment that counts, the
gap and the person–position fit, the best lateral moves, the radar on the profile file; who may assess whom."""
import datetime
import re

import pytest

from agentpath.accounts.models import Role
from agentpath.careers.models import Requirement, Transition
from agentpath.org.services import record_move
from agentpath.talent.assessments import present_period
from agentpath.talent.competencies import load_competencies
from agentpath.talent.models import CompetencyAssessment
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
# the agent position's profile (talent.competency_data.PROFILES): communication 3, complaint handling 2, product
# knowledge 3, system operation 3; and team management 2, which the promotion to team leader asks for
# (careers.default_framework.COMPETENCY_REQUIREMENTS)
AGENT_SHEET = {"communication": 3, "complaint-handling": 1, "product-knowledge": 3, "system-operation": 3,
               "team-management": 2}


@pytest.fixture
def people(org):
    load_competencies()
    return org


def sheet_form(levels, period=None):
    return {"period": period or present_period(), **{f"level_{code}": str(lv) for code, lv in levels.items()}}


def cell(page, employee, testid):
    """The text of a cell of a person's row in a list."""
    row = re.search(rf'<tr data-employee="{employee.employee_no}">(.*?)</tr>', page, re.S)[1]
    return re.search(rf'data-testid="{testid}">(.*?)</td>', row, re.S)[1].strip()


def fit_shown(page) -> str:
    return re.search(r'data-testid="fit-score">(.*?)</span>', page, re.S)[1].strip()


def test_an_agent_self_assesses_but_only_the_supervisors_assessment_counts(people, client):
    agent = people.agents["sz-a"][0]
    client.force_login(people.users[Role.AGENT])
    sheet = client.get(f"/talent/competencies/{agent.employee_no}/assess/", **EN).content.decode()
    assert "按话术完成基本沟通" in sheet and "示范并辅导他人沟通" in sheet  # the level descriptions, 1 and 5
    assert "My competency self-assessment" in sheet
    response = client.post(f"/talent/competencies/{agent.employee_no}/assess/",
                           sheet_form({code: 5 for code in AGENT_SHEET}))
    assert response.status_code == 302
    page = client.get(response.url, **EN).content.decode()
    assert fit_shown(page) == "person–position fit 0 %"  # the supervisor has not assessed yet
    assert page.count('data-testid="self">5<') == 5  # the profile's four and team management, asked by the move
    listing = client.get("/talent/competencies/", **EN).content.decode()
    assert (cell(listing, agent, "self"), cell(listing, agent, "supervisor")) == ("4 / 4", "0 / 4")


def test_a_team_leader_assesses_a_member_and_the_fit_gaps_and_lateral_moves_show_it(people, client):
    member = people.agents["sz-a"][1]
    client.force_login(people.users[Role.TEAM_LEADER])
    response = client.post(f"/talent/competencies/{member.employee_no}/assess/", sheet_form(AGENT_SHEET))
    assert response.status_code == 302
    page = client.get(response.url, **EN).content.decode()
    assert fit_shown(page) == "person–position fit 88 %"  # (1 + 1/2 + 1 + 1) / 4
    gaps = dict(re.findall(r"<tr><td>([^<]+)</td><td>\d</td><td>\d</td><td>(\d)</td></tr>", page))
    assert gaps == {"沟通表达": "0", "投诉处理": "1", "业务知识": "0", "系统操作": "0"}
    assert re.search(r"Paperwork clerk</strong> <span[^>]*>100 %", page)  # systems 3/3, product 3/3: the best move
    listing = client.get("/talent/competencies/", **EN).content.decode()
    assert cell(listing, member, "fit") == "88 %" and cell(listing, member, "supervisor") == "4 / 4"
    files = client.get(f"/people/{member.employee_no}/", **EN).content.decode()
    assert 'id="competency-radar"' in files and fit_shown(files) == "person–position fit 88 %"


def test_the_supervisor_sees_the_self_assessment_beside_their_own(people, client):
    agent = people.agents["sz-a"][0]
    client.force_login(people.users[Role.AGENT])
    client.post(f"/talent/competencies/{agent.employee_no}/assess/", sheet_form({code: 4 for code in AGENT_SHEET}))
    client.force_login(people.users[Role.TEAM_LEADER])
    sheet = client.get(f"/talent/competencies/{agent.employee_no}/assess/", **EN).content.decode()
    assert "Supervisor's assessment of" in sheet and sheet.count('data-testid="self-level">4<') == 5


def test_a_sheet_with_a_level_missing_is_refused_whole_naming_the_competency(people, client):
    member = people.agents["sz-a"][1]
    client.force_login(people.users[Role.TEAM_LEADER])
    levels = {**AGENT_SHEET, "complaint-handling": ""}
    page = client.post(f"/talent/competencies/{member.employee_no}/assess/", sheet_form(levels),
                       HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "投诉处理：— 不是有效的等级，请选择 1 到 5。" in page
    assert not CompetencyAssessment.objects.exists()


@pytest.mark.parametrize("period,message", [
    ("2026H2", "2026H2 is not a period; write a month as 2026-07 or a quarter as 2026Q3."),
    ("2099Q1", "2099Q1 has not begun; choose the present or an earlier period.")])
def test_a_period_that_is_not_one_or_has_not_begun_is_refused(people, client, period, message):
    member = people.agents["sz-a"][1]
    client.force_login(people.users[Role.TEAM_LEADER])
    page = client.post(f"/talent/competencies/{member.employee_no}/assess/", sheet_form(AGENT_SHEET, period),
                       **EN).content.decode()
    assert message in page and not CompetencyAssessment.objects.exists()


def move_team(employee, team, days_ago=1):
    """A team change that took effect `days_ago`, recorded but not yet applied to the employee row."""
    today = datetime.date.today()
    return record_move(employee, kind="team_change", effective_date=today - datetime.timedelta(days=days_ago),
                       team=team, today=today - datetime.timedelta(days=days_ago + 1))


def test_a_team_leader_assesses_the_team_in_force_not_the_team_on_the_employee_row(people, client):
    leaving, joining = people.agents["sz-a"][2], people.agents["sz-b"][0]
    move_team(leaving, people.teams[1])
    move_team(joining, people.teams[0])
    leaving.refresh_from_db()
    assert leaving.team == people.teams[0]  # the row still shows the old team: the move is not applied yet
    client.force_login(people.users[Role.TEAM_LEADER])
    listing = client.get("/talent/competencies/").content.decode()
    assert f'data-employee="{joining.employee_no}"' in listing
    assert f'data-employee="{leaving.employee_no}"' not in listing
    assert client.get(f"/talent/competencies/{leaving.employee_no}/assess/").status_code == 403
    assert client.post(f"/talent/competencies/{joining.employee_no}/assess/",
                       sheet_form(AGENT_SHEET)).status_code == 302


def path_competency_check(client, employee):
    page = client.get(f"/path/{employee.employee_no}/", **EN).content.decode()
    card = re.search(r'data-target="mgmt-tl">(.*?)</table>', page, re.S)[1]
    row = re.search(r'<tr class="req-(\w+)" data-status="\w+" data-kind="min_competency">.*?'
                    r'<td class="kpi-number[^"]*">(?:<span class="value">)?([^<]*)(?:</span>)?</td>', card, re.S)
    return row[1], row[2]


@pytest.mark.parametrize("level,status", [(1, "unmet"), (2, "met")])
def test_min_competency_reads_the_supervisors_assessment_from_the_page_at_its_boundary(people, client, level, status):
    """The promotion to team leader asks team management 2 (the default framework): the supervisor's 1 leaves it
    unmet, 2 meets it; the person's own 5 does not count."""
    transition = Transition.objects.get(from_level__code="mgmt-agent", to_level__code="mgmt-tl", kind="promotion")
    assert Requirement.objects.get(transition=transition, kind="min_competency").competency == "team-management"
    agent = people.agents["sz-a"][0]
    client.force_login(people.users[Role.AGENT])
    sheet = client.get(f"/talent/competencies/{agent.employee_no}/assess/", **EN).content.decode()
    assert "for the move to" in sheet and 'name="level_team-management"' in sheet  # asked by the move
    client.post(f"/talent/competencies/{agent.employee_no}/assess/",
                sheet_form({**AGENT_SHEET, "team-management": 5}))
    assert path_competency_check(client, agent) == ("unknown", "not assessed yet")
    client.force_login(people.users[Role.TEAM_LEADER])
    client.post(f"/talent/competencies/{agent.employee_no}/assess/",
                sheet_form({**AGENT_SHEET, "team-management": level}))
    assert path_competency_check(client, agent) == (status, f"{level} / 2")


def test_the_list_takes_as_many_queries_for_ten_more_assessed_people(people, client, queries):
    def ten_more_assessed_agents():
        for person in EmployeeFactory.create_batch(10, center=people.centers[0], team=people.teams[0]):
            client.force_login(people.users[Role.TEAM_LEADER])
            assert client.post(f"/talent/competencies/{person.employee_no}/assess/",
                               sheet_form(AGENT_SHEET)).status_code == 302
        client.force_login(people.users[Role.HR_ADMIN])

    client.force_login(people.users[Role.HR_ADMIN])
    queries.do_not_grow(queries.page(client, "/talent/competencies/?center=sz"), grow=ten_more_assessed_agents)
    page = client.get("/talent/competencies/?center=sz").content.decode()
    assert page.count("<tr data-employee=") == 18  # two leaders and six agents of sz, and the ten
    assert CompetencyAssessment.objects.count() == 10 * len(AGENT_SHEET)


def test_the_best_lateral_moves_of_an_agent_are_the_frameworks_lateral_moves_never_a_promotion(people, client):
    """An agent assessed at the level of 资深客服 (BUDDY, a promotion) and 客服组长 in every competency: the
    lateral moves offered are moves of the framework's kind "lateral" from the agent's level, at the same grade
    band (文书专员 paperwork clerk, 账务专员 billing clerk, 催收专员 collections agent: 7–8 like 客服代表), never a
    higher level; the best fit first (文书专员 100 %: systems and product knowledge; the other two 67 %: data
    analysis, collection negotiation not assessed)."""
    member = people.agents["sz-a"][1]
    client.force_login(people.users[Role.TEAM_LEADER])
    high = {"communication": 4, "complaint-handling": 4, "product-knowledge": 4, "system-operation": 4,
            "team-management": 2}
    client.post(f"/talent/competencies/{member.employee_no}/assess/", sheet_form(high))
    page = client.get(f"/talent/competencies/{member.employee_no}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    offered = re.findall(r"<strong>([^<]+)</strong> <span[^>]*data-testid=\"lateral-fit\"", page)
    assert offered == ["文书专员", "账务专员", "催收专员"]
    files = client.get(f"/people/{member.employee_no}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    listed = re.search(r'<ul class="small" id="lateral-fit">(.*?)</ul>', files, re.S)[1]
    assert re.findall(r"<li>([^:<]+): \d+ %</li>", listed) == ["文书专员", "账务专员", "催收专员"]
    lateral = set(Transition.objects.filter(kind="lateral", from_level=member.level)
                  .values_list("to_level__grade_min", "to_level__grade_max"))
    assert lateral == {(member.level.grade_min, member.level.grade_max)}
