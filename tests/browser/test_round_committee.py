"""The promotion round as a committee uses it, in real Chromium with the Chinese UI (issues 18, 19): an approval
despite unmet requirements demands the override (破格) and its reason; closing with undecided candidates asks
first; a manager opens a 组长 → 主管 round with a quota set by hand and approves an eligible team leader."""
import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from agentpath.accounts.models import Role
from agentpath.careers.models import Level, Requirement, Transition
from agentpath.common.calendar import add_months, last_quarters
from agentpath.learning.models import Course, CourseCompletion
from agentpath.org.models import Employee
from agentpath.performance.models import CompositeGroup, KpiDay, KpiResult, Metric
from agentpath.performance.services import load_default_scorecards
from agentpath.talent import rounds
from agentpath.talent.assessments import present_period
from agentpath.talent.models import Competency, CompetencyAssessment, Nomination, TalentDecision
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD, CenterFactory, EmployeeFactory, TeamFactory, UserFactory
from tests.talent.test_promotion_rounds import ladder, people  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = timezone.localdate()


def open_in_browser(page, quotas: dict, period="2026Q4", effective: datetime.date = TODAY):
    """The manager (one center: not picked) opens a round with quotas set by hand, then starts deciding."""
    page.set_default_timeout(60000)  # eight engineers share two cores: a page may take longer than usual
    page.set_default_navigation_timeout(60000)
    page.goto(page.base_url + "/talent/rounds/")
    form = page.locator("#open-round")
    assert form.locator("select[name=center]").count() == 0
    form.locator("input[name=period]").fill(period)
    form.locator("input[name=effective_date]").fill(effective.isoformat())
    for level, slots in quotas.items():
        form.locator(f"input[name='quota_{level}']").fill(str(slots))
    return form


def candidate(page, employee):
    return page.locator(f"tbody.candidate[data-employee='{employee.employee_no}']")


def test_the_managers_round_demands_a_reason_for_an_override_and_asks_before_closing(page, people):  # noqa: F811
    newcomer, second = people["newcomer"], people["second"]
    page.set_default_navigation_timeout(60000)
    login(page, "manager", PASSWORD)
    form = open_in_browser(page, {"ladder-2": 2})
    screenshot(page, "round-open-form-zh")
    form.get_by_role("button", name="发起本轮评审").click()
    page.wait_for_load_state("networkidle")
    assert "晋升评审已开启" in page.locator(".alert").first.inner_text()
    rnd = rounds.PromotionRound.objects.get()
    rounds.nominate(rnd, newcomer, Level.objects.get(code="ladder-2"), people["users"]["leader"], "投诉处理出色")
    page.get_by_role("button", name="开始决策").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("round-state").inner_text() == "决策中"
    row = candidate(page, newcomer)
    unmet = row.locator(".candidate-row .req-cell.req-unmet")
    assert unmet.count() == 1 and "✘" in unmet.inner_text() and "1 / 6" in unmet.inner_text()
    # the unmet cell is coloured by the stylesheet (not only a class name)
    assert unmet.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(248, 215, 218)"

    row.locator("summary").click()
    row.locator("form.decide select[name=decision]").select_option("approve")
    row.locator("form.decide input[name=reason]").fill("投诉处理标杆")
    row.locator("form.decide button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "批准须勾选破格并填写破格理由" in page.locator(".alert-danger").first.inner_text()
    assert not TalentDecision.objects.exists()
    screenshot(page, "round-override-demands-reason-zh")

    row = candidate(page, newcomer)  # the page answered opens the candidate's explanation again
    row.locator("form.decide select[name=decision]").select_option("approve")
    row.locator("form.decide input[name=reason]").fill("投诉处理标杆")
    row.locator("form.decide input[name=override]").check()
    row.locator("form.decide textarea[name=override_reason]").fill("中心新开投诉专线，急需其经验")
    row.locator("form.decide button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "（破格），已连同理由记录" in page.locator(".alert-success").first.inner_text()
    row = candidate(page, newcomer)
    assert row.get_by_test_id("standing-decision").inner_text() == "批准"
    assert row.get_by_test_id("override-badge").inner_text() == "破格"
    assert page.get_by_test_id("count-overrides").inner_text() == "1"
    assert "1 / 2" in page.locator("#quota-usage .quota-chip[data-level='ladder-2']").inner_text()
    screenshot(page, "round-committee-table-override-zh")

    # closing with the others undecided asks first, naming them
    page.locator("#round-actions").get_by_role("button", name="结束").click()
    page.wait_for_load_state("networkidle")
    undecided = page.get_by_test_id("undecided-list").inner_text()
    assert second.name in undecided and people["veteran"].name in undecided and newcomer.name not in undecided
    assert rounds.PromotionRound.objects.get().state == "deciding"
    screenshot(page, "round-close-asks-first-zh")
    page.locator("#close-reason").fill("材料不全，下轮再议")
    page.get_by_role("button", name="结束评审并记录为未决定").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("round-state").inner_text() == "已结束"
    assert "2 名候选人已记录为未决定" in page.locator("main").inner_text()
    assert sorted(TalentDecision.objects.filter(outcome="not_decided").values_list(
        "candidate__employee__name", flat=True)) == sorted([second.name, people["veteran"].name])


@pytest.fixture
def leader_center(framework):
    """A center whose team leader meets every requirement of 组长 → 主管: 4 years in level, the supervisor
    courses and 16 credits, ranked P80 on the team leaders' 团队绩效 composite for the last two quarters (the rows
    the ranking writes, built by hand: a ranking needs a quarter of team KPI), a monthly-exam average of 86 over
    six months, assessed 3 and 4 by the supervisor on 团队建设 and 绩效辅导, nominated by the operations
    supervisor."""
    load_default_scorecards()
    center = CenterFactory(code="wh", name="武汉中心")
    team = TeamFactory(center=center, name="一组")
    tl_level = Level.objects.get(code="mgmt-tl")
    leader = EmployeeFactory(center=center, team=team, level=tl_level, position=tl_level.positions.get(
        code="team-leader"), grade=7, name="周组长", hire_date=datetime.date(2021, 3, 1))
    team.leader = leader
    team.save()
    transition = Transition.objects.get(from_level=tl_level, to_level__code="mgmt-supervisor", kind="promotion",
                                        from_position=None, to_position=None)
    required = ["performance-evaluation-pdr", "people-time-management"]  # the courses 主管 asks for
    courses = list(Course.objects.filter(code__in=required)) + list(
        Course.objects.filter(credits__gt=0).exclude(code__in=required).order_by("-credits")[:6])
    for course in courses:
        CourseCompletion.objects.create(employee=leader, course=course, completed_on=TODAY - datetime.timedelta(days=90),
                                        credits=course.credits)
    group = CompositeGroup.objects.get(scorecard__position__code="team-leader", code="team")
    for quarter in last_quarters(TODAY, 2):
        KpiResult.objects.create(employee=leader, period_kind="quarter", period=quarter.code,
                                 period_start=quarter.start, group=group, group_code=group.code,
                                 position=leader.position, center=center, composite=88, rank=2, peer_size=10,
                                 percentile=80)
    ops = UserFactory(username="wh-ops", role=Role.CENTER_MANAGER)
    ops.centers.add(center)
    exam = Metric.objects.get(code="exam_score").column
    for months_ago, score in ((1, 84), (2, 88), (3, 86)):
        KpiDay.objects.create(employee=leader, date=add_months(TODAY, -months_ago), **{exam: score})
    for code, level in (("team-building", 3), ("performance-coaching", 4)):  # what 主管 asks for: 3 and 3
        CompetencyAssessment.objects.create(employee=leader, competency=Competency.objects.get(code=code),
                                            period=present_period(TODAY), by=CompetencyAssessment.By.SUPERVISOR,
                                            level=level, assessed_by=ops, assessed_on=TODAY)
    Nomination.objects.create(employee=leader, transition=transition, nominated_by=ops, nominated_on=TODAY,
                              reason="团队连续两季度第一")
    manager = UserFactory(username="wh-manager", role=Role.CENTER_MANAGER)
    manager.centers.add(center)
    unmet = [(r.kind, r.value) for r in Requirement.objects.filter(transition=transition)]
    return {"center": center, "leader": leader, "manager": manager, "requirements": unmet}


def test_a_manager_opens_a_team_leader_to_supervisor_round_with_a_quota_by_hand_and_approves(page, leader_center):
    """Issue 18 "Done when": the manager sets the 主管 quota by hand, approves the eligible team leader, and the
    move takes effect on the round's date (the first of next month), not before."""
    leader = leader_center["leader"]
    effective = add_months(TODAY.replace(day=1), 1)
    page.set_default_navigation_timeout(60000)
    login(page, "wh-manager", PASSWORD)
    form = open_in_browser(page, {"mgmt-supervisor": 1}, effective=effective)
    form.get_by_role("button", name="发起本轮评审").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="开始决策").click()
    page.wait_for_load_state("networkidle")
    row = candidate(page, leader)
    assert row.get_attribute("data-eligible") == "yes", row.inner_text()
    assert row.locator(".candidate-row .req-cell.req-unmet").count() == 0
    assert "组长/领班 → 主管" in row.get_by_test_id("move").inner_text()
    assert "0 / 1" in page.locator("#quota-usage .quota-chip[data-level='mgmt-supervisor']").inner_text()
    page.goto(page.url.split("?")[0] + "?target=mgmt-supervisor&eligible=yes")  # the committee's filter
    row = candidate(page, leader)
    row.locator("summary").click()
    explained = row.inner_text()
    assert "P80 / P70" in explained and "86 / 75" in explained and "3 / 3" in explained and "4 / 3" in explained
    row.locator("form.decide select[name=decision]").select_option("approve")
    row.locator("form.decide input[name=reason]").fill("团队指标领先，带出两名组长")
    screenshot(page, "round-tl-to-supervisor-zh")
    row.locator("form.decide button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "周组长：批准，已记录。" in page.locator(".alert-success").first.inner_text()
    assert "1 / 1" in page.locator("#quota-usage .quota-chip[data-level='mgmt-supervisor']").inner_text()

    # scheduled for its date: until then the leader is still 组长; on the day the daily run moves them
    assert Employee.objects.get(pk=leader.pk).level.code == "mgmt-tl"
    call_command("apply-scheduled-moves", "--date", (effective - datetime.timedelta(days=1)).isoformat(),
                 stdout=StringIO())
    assert Employee.objects.get(pk=leader.pk).level.code == "mgmt-tl"
    call_command("apply-scheduled-moves", "--date", effective.isoformat(), stdout=StringIO())
    assert Employee.objects.get(pk=leader.pk).level.code == "mgmt-supervisor"
    page.goto(page.base_url + f"/people/{leader.employee_no}/")
    screenshot(page, "round-tl-to-supervisor-moved-zh")
    level_row = page.locator("#tab-profile tr").filter(has=page.locator("th", has_text="职级")).inner_text()
    assert "主管" in level_row and "组长" not in level_row
