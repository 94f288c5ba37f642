"""Training in real Chromium with the Chinese UI: attendance on a phone, the differentiated-training run."""
import datetime

import pytest
from django.utils import timezone

from agentpath.careers.models import Level
from agentpath.learning.catalogue import load_training_catalogue
from agentpath.learning.models import Attendance, TrainerProfile, TrainingSession
from agentpath.learning.services import mark_attendance, mark_session_held, schedule_recurring_sessions
from agentpath.performance.models import CompositeGroup, KpiResult
from agentpath.performance.services import load_default_scorecards
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD, EmployeeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    yield page
    context.close()


def test_team_leader_marks_the_morning_briefing_on_a_phone(phone, org):
    load_training_catalogue()
    today = timezone.localdate()
    schedule_recurring_sessions([org.teams[0]], today, today)
    login(phone, "leader", PASSWORD)
    phone.goto(phone.base_url + "/training/teams/sz-a/attendance/")
    assert "晨会" in phone.locator("[data-testid=session-state]").inner_text()
    rows = phone.locator("[data-testid=attendance-row]")
    assert rows.count() == 4
    for i, status in enumerate(["出席", "出席", "迟到", "请假"]):
        row = phone.locator("[data-testid=attendance-row]").nth(i)
        row.get_by_role("button", name=status).tap()
        phone.locator("[data-testid=attendance-row]").nth(i).locator(
            f"[data-testid=attendance-status]:text-is('{status}')").wait_for()
    assert phone.locator("[data-testid=marked-count]").inner_text() == "已登记 4 / 4"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    screenshot(phone, "leader-attendance-phone-zh")
    marks = sorted(Attendance.objects.values_list("status", flat=True))
    assert marks == ["excused", "late", "present", "present"]
    phone.get_by_role("button", name="标记为已举行").tap()  # scheduled → held: those present may now rate it
    phone.locator("[data-testid=session-state] strong:text-is('已举行')").wait_for()
    assert phone.get_by_role("button", name="关闭反馈").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_agent_rates_on_a_phone_the_session_they_attended(phone, org):
    load_training_catalogue()
    day = timezone.localdate() - datetime.timedelta(days=1)
    schedule_recurring_sessions([org.teams[0]], day, day)
    session = TrainingSession.objects.get(event__kind="morning_briefing")
    agent = org.agents["sz-a"][0]
    mark_attendance(session, agent, "present", org.users["team_leader"])
    mark_attendance(session, org.agents["sz-a"][1], "absent", org.users["team_leader"])
    mark_session_held(session)
    login(phone, "agent", PASSWORD)
    phone.goto(phone.base_url + "/training/sessions/?when=past")
    row = phone.locator("[data-testid=session-row]", has_text="晨会业务培训")
    assert "出席" in row.inner_text() and "已举行" in row.inner_text()
    row.get_by_role("combobox", name="评分").select_option("4")
    row.get_by_role("textbox", name="评语").fill("案例贴近实际")
    screenshot(phone, "agent-rates-session-phone-zh")
    row.get_by_role("button", name="评分").tap()
    phone.wait_for_url("**/training/sessions/")
    phone.goto(phone.base_url + "/training/sessions/?when=past")
    row = phone.locator("[data-testid=session-row]", has_text="晨会业务培训")
    assert "4 / 5" in row.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "agent-rated-session-phone-zh")
    rated = Attendance.objects.get(session=session, employee=agent)
    assert (rated.rating, rated.comment) == (4, "案例贴近实际")
    assert Attendance.objects.get(session=session, employee=org.agents["sz-a"][1]).rating is None


def test_hr_runs_differentiated_training_and_sees_who_and_why(page, org):
    load_training_catalogue()
    load_default_scorecards()
    people = [EmployeeFactory(center=org.centers[0], team=org.teams[0], hire_date=datetime.date(2020, 1, 6),
                              name=n) for n in ("甲", "乙", "丙", "丁")]
    group = CompositeGroup.objects.filter(code="business").first()
    for rank, emp in enumerate(people, start=1):
        KpiResult.objects.create(employee=emp, period_kind="quarter", period="2026Q3",
                                 period_start=datetime.date(2026, 7, 1), group=group, group_code="business",
                                 position=emp.position, center=emp.center, composite=1 - rank / 10, rank=rank,
                                 peer_size=4, percentile=round(100 * (4 - rank) / 3, 1))
    login(page, "hr", PASSWORD)
    page.goto(page.base_url + "/training/differentiated/")
    page.fill("input[name=quarter]", "2026Q3")
    page.get_by_role("button", name="运行本季度").click()
    page.wait_for_selector("[data-testid=run-outcome]:has-text('已完成')")
    page.goto(page.url)  # the finished run lists its enrolments
    table = page.locator("[data-testid=rule-enrolments]")
    row = table.locator("tr", has_text="丙")
    assert "业务能力综合排名 P33 < P50" in row.inner_text()
    assert "必修" in row.inner_text()
    assert "可选" in table.locator("tr", has_text="乙").inner_text()
    screenshot(page, "hr-differentiated-training-zh")


def test_hr_edits_a_trainer_profile_and_sees_the_trainer_path(page, org):
    trainer = org.users["trainer"]
    trainer.employee = EmployeeFactory(center=org.centers[0], team=None, level=Level.objects.get(code="trainer"),
                                       name="王讲师", hire_date=datetime.date(2021, 3, 1))
    trainer.save()
    login(page, "hr", PASSWORD)
    page.goto(page.base_url + "/training/trainers/people/")
    page.get_by_role("link", name="王讲师").click()  # the trainer's name from their employee record
    page.get_by_label("内训师路径阶段").select_option("trainer")
    page.get_by_label("擅长领域").fill("投诉处理、案例教学")
    page.get_by_label("内训师简介").fill("一线客服出身,带过 12 期岗前培训。")
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector("text=内训师档案已保存。")
    profile = page.locator("[data-testid=trainer-profile]").inner_text()
    assert "认证内训师" in profile and "投诉处理、案例教学" in profile
    assert page.get_by_role("heading", name="王讲师").is_visible()
    assert "在内训师通道上的职级为内训师/培训导师。" in page.locator("[data-testid=trainer-stands]").inner_text()
    assert page.locator("[data-testid=trainer-level][data-state=current]").inner_text().startswith("内训师/培训导师")
    screenshot(page, "hr-trainer-profile-zh")
    assert TrainerProfile.objects.get(user=trainer).bio == "一线客服出身,带过 12 期岗前培训。"
