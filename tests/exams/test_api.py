"""The exams API through a live server with bearer tokens: every write (import, start, save, submit)."""
import datetime
import json
import urllib.error
import urllib.request
import uuid

import pytest
from django.utils import timezone

from agentpath.accounts.models import ApiToken
from agentpath.exams.models import Answer, Attempt, Exam, Question
from agentpath.performance.services import load_default_metrics

pytestmark = pytest.mark.django_db(transaction=True)


def call(live_server, key, method, path, body=None, multipart=None):
    headers = {"Authorization": f"Bearer {key}"}
    data = None
    if multipart:
        boundary = uuid.uuid4().hex
        name, content = multipart
        data = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
                f"Content-Type: text/csv\r\n\r\n").encode() + content.encode() + f"\r\n--{boundary}--\r\n".encode()
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    elif body is not None:
        data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
    request = urllib.request.Request(live_server.url + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


QUESTIONS = ("编号,主题,难度,题型,题干,选项A,选项B,答案,状态\n"
             "A1,业务,1,单选,查询话费先核实什么?,身份,套餐,A,可用\n"
             "A2,业务,1,判断,可以泄露客户号码。,,,错,可用\n")


def test_a_trainer_imports_questions_and_an_agent_sits_the_exam_through_the_api(live_server, org):
    load_default_metrics()
    _t, trainer_key = ApiToken.issue(org.users["trainer"])
    _a, agent_key = ApiToken.issue(org.users["agent"])
    status, report = call(live_server, trainer_key, "POST", "/api/v1/exams/questions/import",
                          multipart=("q.csv", QUESTIONS))
    assert status == 200 and report["created"] == 2
    status, _body = call(live_server, agent_key, "POST", "/api/v1/exams/questions/import",
                         multipart=("q.csv", QUESTIONS))
    assert status == 403
    assert Question.objects.count() == 2

    opens = timezone.now() - datetime.timedelta(minutes=5)
    spec = {"code": "api-exam", "title": "接口月考", "time_limit_minutes": 30, "opens_at": opens.isoformat(),
            "closes_at": (opens + datetime.timedelta(days=1)).isoformat(), "teams": ["sz-a"], "monthly": True,
            "blueprint": [{"topic": "业务", "difficulty": 1, "count": 3}], "seed": 3}
    status, refused = call(live_server, trainer_key, "POST", "/api/v1/exams", spec)
    assert status == 422 and refused["message"] == "题库试题不足,无法安排该考试:主题“业务”难度 1 需要 3 道可用试题,题库只有 2 道。"
    spec["blueprint"][0]["count"] = 2
    status, created = call(live_server, agent_key, "POST", "/api/v1/exams", spec)
    assert status == 403
    status, created = call(live_server, trainer_key, "POST", "/api/v1/exams", spec)
    assert status == 201 and created["papers"] == 4 and created["seed"] == 3
    exam = Exam.objects.get(code="api-exam")
    status, attempt = call(live_server, agent_key, "POST", f"/api/v1/exams/{exam.pk}/attempts", {})
    assert status == 200 and attempt["state"] == "in_progress" and 1790 <= attempt["seconds_left"] <= 1800
    by_code = {q["text"]: q for q in attempt["questions"]}
    first = by_code["查询话费先核实什么?"]["position"]
    shown = chr(ord("A") + by_code["查询话费先核实什么?"]["options"].index("身份"))  # options shuffled per paper
    status, saved = call(live_server, agent_key, "POST", f"/api/v1/exams/attempts/{attempt['id']}/answers",
                         {"position": first, "answer": [shown]})
    assert status == 200 and saved["answer"] == [shown]
    assert Answer.objects.get(attempt_id=attempt["id"]).response == ["A"]  # stored as the question's own letter
    status, again = call(live_server, agent_key, "POST", f"/api/v1/exams/{exam.pk}/attempts", {})
    assert again["id"] == attempt["id"]  # one active attempt: resumed
    assert next(q for q in again["questions"] if q["position"] == first)["saved_answer"] == [shown]

    status, result = call(live_server, agent_key, "POST", f"/api/v1/exams/attempts/{attempt['id']}/submit", {})
    assert status == 200 and result["state"] == "graded" and result["score"] == 50.0 and result["passed"] is False
    status, _late = call(live_server, agent_key, "POST", f"/api/v1/exams/attempts/{attempt['id']}/answers",
                         {"position": first, "answer": ["B"]})
    assert status == 409
    status, seen = call(live_server, trainer_key, "GET", f"/api/v1/exams/{exam.pk}/results")
    assert status == 200 and [r["score"] for r in seen] == [50.0]
    assert Attempt.objects.get().score == 50.0


@pytest.mark.parametrize("opens_at", ["0482-01-12T15:44:52+16:14", "2026-12-01T09:00:00+15:00", "2300-01-01T00:00:00Z"])
def test_an_exam_window_outside_real_times_is_422_naming_the_field(client, org, opens_at):
    """Found by the OpenAPI fuzzer on PostgreSQL (a +16:14 offset answered 500): refused before any write."""
    _t, key = ApiToken.issue(org.users["trainer"])
    spec = {"code": "odd-time", "title": "时间", "time_limit_minutes": 30, "opens_at": opens_at,
            "closes_at": "2026-12-02T09:00:00+08:00", "teams": ["sz-a"],
            "blueprint": [{"topic": "业务", "difficulty": 1, "count": 1}]}
    response = client.post("/api/v1/exams", json.dumps(spec), content_type="application/json",
                           headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 422
    assert "opens_at" in json.dumps(response.json()["errors"])
    assert not Exam.objects.filter(code="odd-time").exists()
