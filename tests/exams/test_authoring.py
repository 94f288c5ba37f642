"""Exam authoring pages: a trainer writes a draft with the blueprint grid, scheduling refuses a bank too small
for it (naming the cell, what it needs and what the bank has), the fixed draft is scheduled and the audience
sees it; trainers see the exams of their centers only; the question bank's filter, statistics and actions."""
import datetime
import re

import pytest
from django.utils import timezone

from agentpath.exams import services
from agentpath.exams.drawing import schedule_exam
from agentpath.exams.models import BlueprintCell, Exam, ExamOverride, Paper, Question
from agentpath.performance.services import load_default_metrics
from tests.exams.conftest import NOW, shown_key, wrong_answer

pytestmark = pytest.mark.django_db


def exam_form(org, code="auth-1", hard=2, **extra):
    opens = timezone.localtime() - datetime.timedelta(minutes=5)
    data = {"code": code, "title": "十月业务月考", "time_limit_minutes": "30", "pass_mark": "60",
            "attempts_allowed": "1", "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (opens + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "audience_teams": [str(org.teams[0].pk)], "kpi_date": "",
            "bp-1-topic": "业务知识", "bp-1-1": "3", "bp-1-3": str(hard), "bp-2-topic": "服务规范", "bp-2-1": "2",
            "ov-TOTAL_FORMS": "2", "ov-INITIAL_FORMS": "0", "ov-MIN_NUM_FORMS": "0", "ov-MAX_NUM_FORMS": "200",
            "ov-0-employee_no": org.agents["sz-a"][1].employee_no, "ov-0-extra_minutes": "15",
            "ov-1-team": str(org.teams[0].pk), "ov-1-opens_at": (opens + datetime.timedelta(days=3)).strftime(
                "%Y-%m-%dT%H:%M"), "ov-1-closes_at": (opens + datetime.timedelta(days=4)).strftime("%Y-%m-%dT%H:%M")}
    data.update(extra)
    return data


def test_a_trainer_writes_a_draft_sees_the_small_bank_refused_then_schedules_it(bank, org, client_for):
    client = client_for(org.users["trainer"])
    grid = client.get("/exams/manage/new/").content.decode()
    row = grid[grid.index('data-topic="业务知识"'):].split("</tr>")[0]
    assert re.findall(r"题库可用 (\d+) 道", row) == ["8", "0", "4"]  # ready questions per difficulty

    response = client.post("/exams/manage/new/", exam_form(org, hard=5, action="schedule"), follow=True)
    page = response.content.decode()
    assert "草稿已保存,但无法安排:题库试题不足,无法安排该考试:主题“业务知识”难度 3 需要 5 道可用试题,题库只有 4 道。" in page
    exam = Exam.objects.get(code="auth-1")
    assert exam.status == "draft" and not Paper.objects.filter(exam=exam).exists()
    assert sorted((c.topic, c.difficulty, c.count) for c in exam.cells.all()) == [
        ("业务知识", 1, 3), ("业务知识", 3, 5), ("服务规范", 1, 2)]
    assert ExamOverride.objects.get(exam=exam, employee=org.agents["sz-a"][1]).extra_minutes == 15
    assert ExamOverride.objects.get(exam=exam, team=org.teams[0]).opens_at is not None

    data = exam_form(org, hard=4, action="schedule")
    del data["code"]
    response = client.post(f"/exams/manage/{exam.pk}/", data, follow=True)
    assert "已安排:抽取 4 份试卷,每位考生一份。" in response.content.decode()
    exam.refresh_from_db()
    assert exam.status == "scheduled" and Paper.objects.filter(exam=exam).count() == 4  # leader + 3 agents
    assert all(p.items.count() == 9 for p in Paper.objects.filter(exam=exam))
    assert client.post(f"/exams/manage/{exam.pk}/", data).status_code == 302  # scheduled: no longer a draft
    assert BlueprintCell.objects.filter(exam=exam, difficulty=3).get().count == 4

    mine = client_for(org.users["agent"]).get("/exams/").content.decode()
    assert "十月业务月考" in mine and "开始考试" in mine


def test_a_trainer_names_teams_of_their_centers_and_sees_only_their_centers_exams(bank, org, client_for):
    client = client_for(org.users["trainer"])
    levels_only = exam_form(org, code="auth-2", audience_teams=[])
    levels_only["audience_levels"] = [str(org.agents["sz-a"][0].level_id)]
    page = client.post("/exams/manage/new/", levels_only).content.decode()
    assert "请至少选择一个您所在中心的团队" in page and not Exam.objects.filter(code="auth-2").exists()
    gz = client.post("/exams/manage/new/", exam_form(org, code="auth-3", audience_teams=[str(org.teams[2].pk)]))
    assert gz.status_code == 200 and not Exam.objects.filter(code="auth-3").exists()  # gz-a is not a choice

    for field, value in (("pass_mark", "150"), ("time_limit_minutes", "0"), ("bp-1-1", "x")):
        page = client.post("/exams/manage/new/", exam_form(org, code="auth-4", **{field: value})).content.decode()
        assert not Exam.objects.filter(code="auth-4").exists()
        assert {"pass_mark": "确保该值小于或等于100", "time_limit_minutes": "确保该值大于或等于1", "bp-1-1": "“x”不是 0 到 200 之间的题数"}[field] in page

    hr = org.users["hr_admin"]
    for code, team in (("hr-sz", org.teams[1]), ("hr-gz", org.teams[2])):
        e = Exam.objects.create(code=code, title=code, owner=hr, time_limit_minutes=30, opens_at=NOW,
                                closes_at=NOW + datetime.timedelta(days=1))
        e.audience_teams.set([team])
    listed = client.get("/exams/manage/").content.decode()
    assert 'data-testid="authored-hr-sz"' in listed and "hr-gz" not in listed
    gz_exam = Exam.objects.get(code="hr-gz")
    assert client.get(f"/exams/manage/{gz_exam.pk}/").status_code == 404
    assert client.post(f"/exams/manage/{gz_exam.pk}/schedule/").status_code == 404
    both = Exam.objects.get(code="hr-sz")  # HR's draft for sz-b and gz-a: the trainer sees it, and gz-a too
    both.audience_teams.add(org.teams[2])
    assert "广州A组" in client.get(f"/exams/manage/{both.pk}/").content.decode()
    kept = exam_form(org, audience_teams=[str(org.teams[1].pk), str(org.teams[2].pk)])
    del kept["code"]
    page = client.post(f"/exams/manage/{both.pk}/", kept).content.decode()
    assert "以下团队不在您的中心:gz-a" in page
    assert sorted(t.code for t in both.audience_teams.all()) == ["gz-a", "sz-b"] and not both.cells.exists()
    agent = client_for(org.users["agent"])
    assert agent.get("/exams/manage/").status_code == 404 and agent.get("/exams/questions/bank/").status_code == 404


def test_the_question_bank_filters_shows_needs_checking_and_retires(bank, make_exam, org, client_for):
    load_default_metrics()
    exam = make_exam(cells=(("业务知识", 3, 4), ("服务规范", 1, 4)))
    schedule_exam(exam, seed=1, now=NOW)
    papers = list(Paper.objects.filter(exam=exam).order_by("employee_id"))
    others = sorted(i.version.question.code for i in papers[0].items.select_related("version__question"))
    others.remove("b3-0")
    for strength, paper in enumerate(papers):  # as in test_statistics: b3-0 is right only for the weak takers
        attempt = services.start_attempt(paper, NOW)
        for item in paper.items.select_related("version__question").order_by("position"):
            code = item.version.question.code
            right = strength < 2 if code == "b3-0" else others.index(code) <= strength + 2
            key = shown_key(item) if right else wrong_answer(item)
            services.save_answer(attempt, item.position, key, NOW)
        services.submit_attempt(attempt, NOW + datetime.timedelta(minutes=1))
    client = client_for(org.users["trainer"])
    page = client.get("/exams/questions/bank/", {"topic": "业务知识", "difficulty": "3"}).content.decode()
    codes = re.findall(r'data-testid="question-([\w-]+)"', page)
    assert codes == ["b3-0", "b3-1", "b3-2", "b3-3"]
    row = page[page.index('data-testid="question-b3-0"'):].split("</tr>")[0]
    assert "需要核查" in row and "4 人作答,得分率 0.5" in row
    assert sum("需要核查</a>" in r for r in page.split("<tr")) == 1

    b30 = Question.objects.get(code="b3-0")
    response = client.post(f"/exams/questions/{b30.pk}/status/", {"status": "retired",
                                                                   "next_query": "topic=业务知识&difficulty=3"})
    assert response.status_code == 302 and "difficulty=3" in response["Location"]
    b30.refresh_from_db()
    assert b30.status == "retired"
    retired = client.get("/exams/questions/bank/", {"status": "retired"}).content.decode()
    assert re.findall(r'data-testid="question-([\w-]+)"', retired) == ["b3-0"]
    assert Paper.objects.filter(exam=exam, items__version__question=b30).count() == 4  # drawn papers keep it
    client.post(f"/exams/questions/{b30.pk}/status/", {"status": "ready"})
    b30.refresh_from_db()
    assert b30.status == "ready"
