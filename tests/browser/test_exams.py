"""Exams in real Chromium with the Chinese UI: take, reload, submit, grade; and a server killed mid-exam."""
import datetime
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.utils import timezone

from agentpath.exams.drawing import schedule_exam
from agentpath.exams.models import Attempt
from agentpath.performance.services import load_default_metrics
from tests.browser.conftest import login, screenshot
from tests.exams.conftest import make_question, new_exam, shown_key
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def small_bank():
    make_question("s1", key=("B",))
    make_question("s2", topic="服务规范", kind="true_false", key=("true",))
    make_question("k1", topic="投诉处理", kind="short", key=("先道歉再核实",), points=2)


def answer_on_page(page, position, value):
    form = page.locator(f"#q{position}")
    form.locator(f"input[value='{value}']").check()
    form.locator("[data-testid=saved]").wait_for()


def test_a_submit_with_a_blank_question_warns_naming_it_and_the_review_shows_the_score_not_the_key(page, org):
    load_default_metrics()
    make_question("s1", key=("B",))
    make_question("s3", key=("A",))
    make_question("s2", topic="服务规范", kind="true_false", key=("true",))
    exam = new_exam(org, cells=(("业务知识", 1, 2), ("服务规范", 1, 1)),
                    opens=timezone.now() - datetime.timedelta(minutes=5))
    schedule_exam(exam, seed=4)
    login(page, "agent", PASSWORD)
    page.goto(page.base_url + "/exams/")
    page.get_by_role("button", name="开始考试").click()
    page.wait_for_selector("#time-left")
    drawn = {i.version.question.code: i for i in Attempt.objects.get().paper.items.select_related("version__question")}
    answer_on_page(page, drawn["s1"].position, shown_key(drawn["s1"])[0])
    answer_on_page(page, drawn["s2"].position, "true")
    page.get_by_role("button", name="交卷").click()
    warning = page.locator("[data-testid=blank-warning]")
    assert f"第 {drawn['s3'].position} 题没有作答" in warning.inner_text()
    assert Attempt.objects.get().state == "in_progress"
    screenshot(page, "agent-exam-blank-warning-zh")
    page.get_by_role("button", name="仍然交卷(含未作答题目)").click()
    page.wait_for_selector("[data-testid=score]")
    assert page.locator("[data-testid=score]").inner_text() == "66.7"  # two of three right; the window is open:
    assert page.locator("[data-testid=key]").count() == 0  # no key, no answers until it closes
    assert page.locator("[data-testid=review-later]").is_visible()
    screenshot(page, "agent-exam-result-window-open-zh")


def test_agent_answers_reloads_finds_answers_kept_submits_and_a_trainer_grades_the_short_answer(page, org):
    load_default_metrics()
    small_bank()
    exam = new_exam(org, cells=(("业务知识", 1, 1), ("服务规范", 1, 1), ("投诉处理", 1, 1)),
                     opens=timezone.now() - datetime.timedelta(minutes=5))
    schedule_exam(exam, seed=4)
    login(page, "agent", PASSWORD)
    page.goto(page.base_url + "/exams/")
    page.get_by_role("button", name="开始考试").click()
    page.wait_for_selector("#time-left")
    drawn = {i.version.question.code: i for i in Attempt.objects.get().paper.items.select_related("version__question")}
    items = {code: i.position for code, i in drawn.items()}
    key_s1 = shown_key(drawn["s1"])[0]  # the options are shuffled per paper
    answer_on_page(page, items["s1"], key_s1)
    answer_on_page(page, items["s2"], "true")
    page.locator(f"#q{items['k1']} textarea").fill("先向客户道歉,再核实情况")
    page.locator(f"#q{items['k1']} [data-testid=saved]").wait_for()
    page.reload()
    assert page.locator(f"#q{items['s1']} input[value='{key_s1}']").is_checked()
    assert page.locator(f"#q{items['s2']} input[value='true']").is_checked()
    assert page.locator(f"#q{items['k1']} textarea").input_value() == "先向客户道歉,再核实情况"
    page.get_by_role("button", name="交卷").click()
    page.wait_for_selector("[data-testid=state]")
    assert page.locator("[data-testid=state]").inner_text() == "待阅卷"
    screenshot(page, "agent-exam-submitted-zh")

    page.context.clear_cookies()
    login(page, "trainer", PASSWORD)
    page.goto(page.base_url + "/exams/grading/")
    card = page.locator("[data-testid=to-grade]")
    assert "先向客户道歉,再核实情况" in card.inner_text()
    card.locator("input[name=points]").fill("2")
    card.get_by_role("button", name="保存评分").click()
    page.wait_for_selector("text=没有待评分的简答题。")

    page.context.clear_cookies()
    login(page, "agent", PASSWORD)
    page.goto(page.base_url + f"/exams/attempts/{Attempt.objects.get().pk}/result/")
    assert page.locator("[data-testid=score]").inner_text() == "100.0"
    assert page.locator("[data-testid=passed]").inner_text() == "已通过"


# ------------------------------------------------------------------ a real application server, killed mid-exam

SETUP = """
import datetime
from django.utils import timezone
from agentpath.accounts.models import Role
from agentpath.careers.services import load_framework
from agentpath.exams.drawing import schedule_exam
from agentpath.exams.models import BlueprintCell, Exam, Question, QuestionVersion
from agentpath.org.models import Center, Team
from tests.factories import EmployeeFactory, UserFactory
load_framework("cola")
center = Center.objects.create(code="sz", name="深圳中心")
team = Team.objects.create(code="sz-a", name="深圳A组", center=center)
agent = EmployeeFactory(center=center, team=team, name="王小雨")
UserFactory(username="xiaoyu", role=Role.AGENT, employee=agent)
hr = UserFactory(username="hr", role=Role.HR_ADMIN)
for i in range(4):
    q = Question.objects.create(code=f"q{i}", topic="业务知识", difficulty=1, kind="single", status="ready")
    QuestionVersion.objects.create(question=q, number=1, text=f"题目{i}", options=["甲", "乙", "丙"], answer_key=["A"])
exam = Exam.objects.create(code="m", title="月考", owner=hr, time_limit_minutes=20,
                           opens_at=timezone.now() - datetime.timedelta(minutes=5),
                           closes_at=timezone.now() + datetime.timedelta(days=1))
exam.audience_teams.set([team])
BlueprintCell.objects.create(exam=exam, topic="业务知识", difficulty=1, count=4)
schedule_exam(exam, seed=1)
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env, port):
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "agentpath.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError("gunicorn did not start")


def test_a_server_killed_mid_exam_keeps_every_acknowledged_answer_and_the_taker_resumes(browser, tmp_path,
                                                                                       migrated_sqlite_url):
    db = migrated_sqlite_url.removeprefix("sqlite:///")
    env = {**os.environ, "DATABASE_URL": migrated_sqlite_url, "DEBUG": "1", "AGENTPATH_VAR_DIR": str(tmp_path),
           "PYTHONPATH": os.pathsep.join(str(Path(__file__).resolve().parents[2] / part) for part in ("src", ""))}
    agentpath = str(Path(sys.executable).parent / "agentpath")
    subprocess.run([agentpath, "shell", "-c", SETUP], env=env, check=True)
    port = free_port()
    server = start_gunicorn(env, port)
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = f"http://127.0.0.1:{port}"
    try:
        login(page, "xiaoyu", PASSWORD)
        page.goto(page.base_url + "/exams/")
        page.get_by_role("button", name="开始考试").click()
        page.wait_for_selector("#time-left")
        attempt_url = page.url
        for position, letter in ((1, "A"), (2, "B"), (3, "C")):
            answer_on_page(page, position, letter)  # acknowledged on screen
        left_before = int(page.locator("#time-left").get_attribute("data-seconds"))

        os.killpg(server.pid, signal.SIGKILL)  # the whole process group: master and workers, no clean-up
        server.wait()
        stored = dict(sqlite3.connect(db).execute(
            "SELECT i.position, a.response FROM exams_answer a JOIN exams_paperitem i ON i.id = a.item_id").fetchall())
        orders = {position: json.loads(order) for position, order in sqlite3.connect(db).execute(
            "SELECT position, option_order FROM exams_paperitem").fetchall()}

        def as_stored(position, shown):  # the paper shows the options shuffled; answers keep the question's letters
            order = orders[position]
            return chr(ord("A") + order[ord(shown) - ord("A")]) if order else shown

        assert stored == {p: json.dumps([as_stored(p, letter)]) for p, letter in ((1, "A"), (2, "B"), (3, "C"))}

        time.sleep(2)
        server = start_gunicorn(env, port)
        page.goto(attempt_url)
        assert page.locator("#q1 input[value='A']").is_checked()
        assert page.locator("#q2 input[value='B']").is_checked()
        assert page.locator("#q3 input[value='C']").is_checked()
        left_after = int(page.locator("#time-left").get_attribute("data-seconds"))
        assert left_before - 60 < left_after < left_before  # the server's clock kept running
        answer_on_page(page, 4, "A")
        page.get_by_role("button", name="交卷").click()
        page.wait_for_selector("[data-testid=score]")
        right = sum(as_stored(p, letter) == "A" for p, letter in ((1, "A"), (2, "B"), (3, "C"), (4, "A")))
        assert page.locator("[data-testid=score]").inner_text() == f"{100 * right / 4:.1f}"  # the key is A
    finally:
        context.close()
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
