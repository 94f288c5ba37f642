"""Exam authoring in real Chromium with the Chinese UI: a trainer writes an exam from the bank, is refused at
scheduling because a cell asks for more ready questions than the bank has, fixes the blueprint, schedules it,
and an agent of the audience finds it on their exams page."""
import datetime

import pytest
from django.utils import timezone

from agentpath.exams import services
from agentpath.exams.drawing import schedule_exam
from agentpath.exams.models import Exam, Paper
from agentpath.performance.services import load_default_metrics
from tests.browser.conftest import login, screenshot
from tests.exams.conftest import NOW, make_question, new_exam, shown_key, wrong_answer
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_trainer_writes_is_refused_fixes_and_schedules_an_exam_that_the_agent_then_sees(page, org):
    for i in range(3):
        make_question(f"yw-{i}")
    make_question("gf-0", topic="服务规范", kind="true_false", key=("true",))
    make_question("gf-draft", topic="服务规范", kind="true_false", key=("true",), status="draft")
    login(page, "trainer", PASSWORD)
    page.goto(page.base_url + "/exams/")
    page.get_by_role("link", name="考试编排").click()
    page.get_by_role("link", name="新建考试").click()
    opens = timezone.localtime() - datetime.timedelta(minutes=5)
    page.get_by_label("编号").fill("m-2026-12")
    page.get_by_label("标题").fill("十二月业务月考")
    page.get_by_label("考试时长(分钟)").fill("30")
    page.get_by_label("开考时间").fill(opens.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("截止时间").fill((opens + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("深圳A组").check()
    page.get_by_label("业务知识 · 难度 1").fill("3")
    page.get_by_label("服务规范 · 难度 1").fill("2")  # the bank has one ready (and one draft)
    screenshot(page, "exam-authoring-new-zh")
    page.get_by_role("button", name="保存并安排").click()
    alert = page.get_by_role("alert").filter(has_text="无法安排")
    assert "主题“服务规范”难度 1 需要 2 道可用试题,题库只有 1 道。" in alert.inner_text()
    exam = Exam.objects.get(code="m-2026-12")
    assert exam.status == "draft" and not Paper.objects.filter(exam=exam).exists()
    screenshot(page, "exam-authoring-refused-zh")

    page.get_by_label("服务规范 · 难度 1").fill("1")
    page.get_by_role("button", name="保存并安排").click()
    page.get_by_text("已安排:抽取 4 份试卷,每位考生一份。").wait_for()
    row = page.get_by_test_id("authored-m-2026-12")
    assert row.get_by_test_id("status").inner_text() == "已抽卷"
    assert Paper.objects.filter(exam=exam).count() == 4
    screenshot(page, "exam-authoring-scheduled-zh")

    page.goto(page.base_url + "/exams/questions/bank/?topic=服务规范")
    assert page.get_by_test_id("question-gf-draft").get_by_test_id("status").inner_text() == "草稿"
    screenshot(page, "exam-question-bank-zh")

    page.context.clear_cookies()
    login(page, "agent", PASSWORD)
    page.goto(page.base_url + "/exams/")
    mine = page.get_by_test_id("exam-m-2026-12")
    assert "十二月业务月考" in mine.inner_text()
    assert mine.get_by_role("button", name="开始考试").is_visible()
    screenshot(page, "exam-authoring-agent-sees-zh")


def test_the_question_bank_shows_item_statistics_and_the_needs_checking_flag(page, org):
    """b3-0 is answered right only by the weaker takers (as in tests/exams/test_statistics.py)."""
    load_default_metrics()
    for i in range(4):
        make_question(f"b3-{i}", difficulty=3)
        make_question(f"tf-{i}", topic="服务规范", kind="true_false", key=("true",))
    exam = new_exam(org, cells=(("业务知识", 3, 4), ("服务规范", 1, 4)))
    schedule_exam(exam, seed=1, now=NOW)
    papers = list(Paper.objects.filter(exam=exam).order_by("employee_id"))
    others = sorted(i.version.question.code for i in papers[0].items.select_related("version__question"))
    others.remove("b3-0")
    for strength, paper in enumerate(papers):
        attempt = services.start_attempt(paper, NOW)
        for item in paper.items.select_related("version__question").order_by("position"):
            code = item.version.question.code
            right = strength < 2 if code == "b3-0" else others.index(code) <= strength + 2
            key = shown_key(item) if right else wrong_answer(item)
            services.save_answer(attempt, item.position, key, NOW)
        services.submit_attempt(attempt, NOW + datetime.timedelta(minutes=1))
    login(page, "trainer", PASSWORD)
    page.goto(page.base_url + "/exams/questions/bank/")
    page.get_by_label("难度").select_option("3")
    page.get_by_role("button", name="筛选").click()
    row = page.get_by_test_id("question-b3-0")
    assert "4 人作答,得分率 0.5" in row.inner_text() and row.get_by_test_id("needs-checking").is_visible()
    assert page.get_by_test_id("needs-checking").count() == 1
    screenshot(page, "exam-question-bank-statistics-zh")
    row.get_by_role("button", name="停用").click()
    assert page.get_by_test_id("question-b3-0").get_by_test_id("status").inner_text() == "已停用"
    assert page.get_by_label("难度").input_value() == "3"  # the filter is kept
