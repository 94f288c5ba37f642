"""Training effectiveness for HR and center managers (issue 21): a course's or program's KPI and QA change against
the matched people who did not take it, on the page (picker, both groups' sizes, before/after, the difference with
its interval, "样本不足" when a group is too small) and in the API — the trainer scorecard's own method."""
import pytest

from agentpath.accounts.models import Role
from agentpath.learning.catalogue import load_training_catalogue
from agentpath.learning.effectiveness import program_effect
from agentpath.learning.models import Program
from agentpath.org.models import Employee
from tests.learning import effect_workforce as wf

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(framework):
    load_training_catalogue()


@pytest.fixture
def program_taken(org, catalogue):
    program = Program.objects.get(code="specialized-business")
    wf.build(org.centers[0], org.teams[0], wf.completed_program(program), takers=4, others=8)
    return program


def test_hr_picks_a_program_and_sees_both_groups_and_the_difference_with_its_interval(program_taken, org, client_for):
    hr = client_for(org.users[Role.HR_ADMIN])
    page = hr.get("/analytics/training/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'value="program:specialized-business"' in page and "培训效果" in page
    page = hr.get("/analytics/training/?training=program:specialized-business",
                  HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    expected = program_effect(Employee.objects.all(), program_taken)
    kpi = page.split('data-testid="effect-kpi"')[1].split('data-testid="effect-qa"')[0]
    assert "参加者：" in kpi and "32 人" in kpi and "对照组：" in kpi and "64 人" in kpi
    e = expected.of("kpi")
    assert f"差值 {e.difference:+.1f}（95% 置信区间 {e.low:+.1f} 至 {e.high:+.1f}）" in kpi
    assert e.low < wf.KPI_EFFECT < e.high
    assert "回归均值" in page


def test_the_api_gives_the_same_figures_and_refuses_a_request_naming_no_training(program_taken, org, client_for):
    hr = client_for(org.users[Role.HR_ADMIN])
    body = hr.get("/api/v1/analytics/training-effect?program=specialized-business").json()
    kpi = next(o for o in body["outcomes"] if o["outcome"] == "kpi")
    qa = next(o for o in body["outcomes"] if o["outcome"] == "qa")
    assert body["takers"] == 32 and kpi["treated_n"] == 32 and kpi["comparison_n"] == 64 and kpi["sufficient"]
    assert kpi["low"] < wf.KPI_EFFECT < kpi["high"] and qa["low"] < wf.QA_EFFECT < qa["high"]
    refused = hr.get("/api/v1/analytics/training-effect")
    assert refused.status_code == 422 and refused.json()["code"] == "one_training"
    assert hr.get("/api/v1/analytics/training-effect?course=no-such-course").status_code == 404


def test_a_group_too_small_says_not_enough_people_on_the_page_and_in_the_api(org, catalogue, client_for):
    program = Program.objects.get(code="specialized-business")
    wf.build(org.centers[0], org.teams[0], wf.completed_program(program), takers=0, others=3)
    for person in Employee.objects.filter(name__in=["agentoldlow0", "agentoldlow1"]):
        wf.completed_program(program)(person)
    manager = client_for(org.users[Role.CENTER_MANAGER])
    page = manager.get("/analytics/training/?training=program:specialized-business",
                       HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "样本不足" in page and 'data-testid="difference-kpi"' not in page
    body = manager.get("/api/v1/analytics/training-effect?program=specialized-business").json()
    kpi = next(o for o in body["outcomes"] if o["outcome"] == "kpi")
    assert (kpi["treated_n"], kpi["comparison_n"]) == (2, 1) and not kpi["sufficient"] and kpi["difference"] is None


def test_agents_and_team_leaders_do_not_reach_training_effectiveness(org, catalogue, client_for):
    for role in (Role.AGENT, Role.TEAM_LEADER):
        client = client_for(org.users[role])
        assert client.get("/analytics/training/").status_code == 404
        assert client.get("/api/v1/analytics/training-effect?program=specialized-business").status_code == 404
