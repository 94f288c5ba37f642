"""Issue 21 in real Chromium, in Chinese: HR records an exit with an interview note through the form; the retention
page redraws by team; a team leader reads the flight-risk page and acknowledges an early-warning alert with a
note, and opens an action of the person's development plan from an alert; HR picks a program on the training
effectiveness page."""
import datetime

import pytest
from django.utils import timezone

from agentpath.accounts.models import Role
from agentpath.analytics.models import Alert, AlertRule
from agentpath.analytics.risk import train_risk_model
from agentpath.development import idp_services
from agentpath.development.models import IdpAction
from agentpath.learning.catalogue import load_training_catalogue
from agentpath.learning.models import Program
from agentpath.org.models import EmploymentEvent, ExitRecord
from tests.analytics.test_risk import _synthetic_workforce
from tests.browser.conftest import login, open_menu_item, screenshot
from tests.factories import PASSWORD
from tests.learning import effect_workforce as wf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_records_an_exit_with_an_interview_note_through_the_form(page, org):
    person = org.agents["sz-a"][2]
    login(page, "hr", PASSWORD)
    page.goto(page.base_url + f"/people/{person.employee_no}/exit/")
    day = timezone.localdate() - datetime.timedelta(days=3)
    page.fill("#id_effective_date", day.isoformat())
    page.select_option("#id_exit_type", "voluntary")
    page.select_option("#id_reason", index=1)
    page.select_option("#id_regretted", "yes")
    page.fill("#id_interview_notes", "离职面谈：排班压力大，希望转后台岗位")
    screenshot(page, "analytics-exit-form")
    page.click("[data-testid=exit-form] button[type=submit]")
    page.wait_for_load_state("networkidle")
    record = ExitRecord.objects.get(event__employee=person)
    assert record.interview_notes == "离职面谈：排班压力大，希望转后台岗位" and record.regretted is True
    assert EmploymentEvent.objects.get(employee=person, kind="exit").effective_date == day


def test_the_retention_page_redraws_by_team(page, org):
    _synthetic_workforce(org, size=90)
    login(page, "hr", PASSWORD)
    page.goto(page.base_url + "/analytics/retention/")
    page.wait_for_selector("#retention-chart[data-ready='1']")
    assert "2023Q1" in page.inner_text("[data-testid=retention-table]")
    page.select_option("[data-testid=grouping]", "team")
    page.click("[data-testid=grouping-form] button[type=submit]")
    page.wait_for_selector("#retention-chart[data-ready='1']")
    table = page.inner_text("[data-testid=retention-table]")
    assert all(team.name in table for team in org.teams) and "2023Q1" not in table
    assert "by=team" in page.url
    screenshot(page, "analytics-retention-by-team")


def test_a_team_leader_reads_the_risk_list_and_acknowledges_an_alert_with_a_note(page, org):
    _synthetic_workforce(org)
    train_risk_model(datetime.date(2026, 12, 1))
    person = org.agents["sz-a"][1]
    alert = Alert.objects.create(rule=AlertRule.objects.get(code="absences"), employee=person, period="2026-11",
                                 raised_on=datetime.date(2026, 11, 20),
                                 facts={"absent_days": 3, "from": "2026-11-01", "to": "2026-11-20"})
    login(page, "leader", PASSWORD)
    open_menu_item(page, "流失风险")
    page.wait_for_selector("#calibration-chart[data-ready='1']")
    assert "不做任何决定" in page.inner_text("[data-testid=risk-banner]")
    names = page.inner_text("[data-testid=risk-list]")
    assert org.teams[0].name in names and org.teams[1].name not in names and org.teams[2].name not in names
    screenshot(page, "analytics-risk-leader")
    open_menu_item(page, "预警")
    row = page.locator(f"[data-testid=alert-{alert.pk}]")
    assert "本月缺勤三次" in row.inner_text()
    row.locator("input[name=note]").fill("已与本人面谈，家中有事，已调整排班")
    row.locator("form[action$='acknowledge'] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    alert.refresh_from_db()
    assert alert.note == "已与本人面谈，家中有事，已调整排班" and alert.acknowledged_by.username == "leader"
    page.goto(page.base_url + "/analytics/alerts/?show=all")
    assert "已调整排班" in page.inner_text("[data-testid=alerts]")
    screenshot(page, "analytics-alert-acknowledged")


def test_a_team_leader_opens_an_idp_action_from_an_alert(page, org):
    agent = org.users[Role.AGENT]
    idp_services.save_idp(agent, agent.employee, target_position=None,
                          target_date=timezone.localdate() + datetime.timedelta(days=180), goals=["稳定接通率"])
    alert = Alert.objects.create(rule=AlertRule.objects.get(code="fcr-falling"), employee=agent.employee,
                                 period=f"{timezone.localdate():%Y-%m}", raised_on=timezone.localdate(),
                                 facts={"weeks": [["2026-11-01", "2026-11-07", 80], ["2026-11-08", "2026-11-14", 76],
                                                  ["2026-11-15", "2026-11-21", 72]]})
    login(page, "leader", PASSWORD)
    page.goto(page.base_url + "/analytics/alerts/")
    row = page.locator(f"[data-testid=alert-{alert.pk}]")
    row.locator("[data-testid=open-idp-action] summary").click()
    row.locator("select[name=kind]").select_option("mentor")
    row.locator("input[name=title]").fill("安排师傅每周陪听两次")
    row.locator("input[name=due_date]").fill((timezone.localdate() + datetime.timedelta(days=30)).isoformat())
    screenshot(page, "analytics-alert-idp-action-form")
    row.locator("[data-testid=open-idp-action] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "已添加到" in page.inner_text("body")
    assert "安排师傅每周陪听两次" in page.inner_text(f"[data-testid=alert-{alert.pk}] [data-testid=idp-action]")
    assert IdpAction.objects.get(idp__employee=agent.employee).title == "安排师傅每周陪听两次"
    screenshot(page, "analytics-alert-idp-action-opened")


def test_hr_picks_a_program_and_reads_its_effect_against_the_matched_group(page, org):
    load_training_catalogue()
    program = Program.objects.get(code="specialized-business")
    wf.build(org.centers[0], org.teams[0], wf.completed_program(program), takers=4, others=8)
    login(page, "hr", PASSWORD)
    open_menu_item(page, "培训效果")
    page.select_option("#training", "program:specialized-business")
    page.wait_for_selector("[data-testid=effect]")
    kpi = page.inner_text("[data-testid=effect-kpi]")
    assert "32 人" in kpi and "64 人" in kpi and "95% 置信区间" in kpi
    screenshot(page, "analytics-training-effect")
