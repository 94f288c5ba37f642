"""The session lifecycle through the pages (scheduled → held → feedback closed by explicit buttons; only those
marked present rate), the sessions list for an agent and for a team leader, and every training list's XLSX."""
import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from agentpath.accounts.models import Role
from agentpath.learning.models import Attendance, Course, CourseCompletion, TrainingSession
from agentpath.learning.services import schedule_recurring_sessions
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
SHEET = "/training/teams/sz-a/attendance/"


def text(response):
    return response.content.decode()


def xlsx_rows(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).active.values)


@pytest.fixture
def yesterday(org, catalogue):
    day = timezone.localdate() - datetime.timedelta(days=1)
    schedule_recurring_sessions([org.teams[0]], day, day)
    return TrainingSession.objects.get(event__kind="morning_briefing", event__date=day)


def test_session_moves_by_buttons_and_only_those_present_rate_it(org, yesterday, client, client_for):
    here, away = org.agents["sz-a"][0], org.agents["sz-a"][1]
    away_user = UserFactory(username="away", role=Role.AGENT, employee=away)
    leader = client_for(org.users[Role.TEAM_LEADER])
    sheet = f"{SHEET}?session={yesterday.pk}"
    for person, status in ((here, "present"), (away, "absent")):
        leader.post(SHEET, {"session": yesterday.pk, "employee_no": person.employee_no, "status": status})
    page = text(leader.get(sheet, **ZH))
    assert "<strong>已排期</strong>" in page and "标记为已举行" in page and "关闭反馈" not in page
    leader.post(SHEET, {"session": yesterday.pk, "action": "close"})  # not held yet: refused
    yesterday.refresh_from_db()
    assert yesterday.state == "scheduled"
    leader.post(SHEET, {"session": yesterday.pk, "action": "held"})
    page = text(leader.get(sheet, **ZH))
    assert "<strong>已举行</strong>" in page and "关闭反馈" in page

    agent = client_for(org.users[Role.AGENT])
    past = text(agent.get("/training/sessions/?when=past", **ZH))
    row = past.split('data-testid="session-row"')[1]
    assert "晨会业务培训" in row and "出席" in row and 'name="rating"' in row
    response = agent.post("/training/me/", {"session": yesterday.pk, "rating": "4", "comment": "案例很实用",
                                            "back": "sessions"})
    assert response["Location"] == "/training/sessions/"
    assert "4 / 5" in text(agent.get("/training/sessions/?when=past", **ZH))

    absent = client_for(away_user)
    row = text(absent.get("/training/sessions/?when=past", **ZH)).split('data-testid="session-row"')[1]
    assert "缺席" in row and 'name="rating"' not in row  # nothing to rate
    absent.post("/training/me/", {"session": yesterday.pk, "rating": "1"})
    assert "只有登记为出席的人才能为该场次评分。" in text(absent.get("/training/me/", **ZH))
    assert Attendance.objects.get(session=yesterday, employee=away).rating is None

    leader = client_for(org.users[Role.TEAM_LEADER])
    leader.post(SHEET, {"session": yesterday.pk, "action": "close"})
    page = text(leader.get(sheet, **ZH))
    assert "<strong>反馈已关闭</strong>" in page and "关闭反馈" not in page
    leader.post(SHEET, {"session": yesterday.pk, "employee_no": away.employee_no, "status": "present"})
    assert "该场次已关闭,考勤不能再修改。" in text(leader.get(sheet, **ZH))
    agent = client_for(org.users[Role.AGENT])
    agent.post("/training/me/", {"session": yesterday.pk, "rating": "5"})
    assert "该场次现在不能评分。" in text(agent.get("/training/me/", **ZH))
    assert Attendance.objects.get(session=yesterday, employee=here).rating == 4
    assert TrainingSession.objects.get(pk=yesterday.pk).state == "feedback_closed"


def test_my_courses_and_the_sessions_list_show_an_agents_next_sessions(org, catalogue, client_for):
    today = timezone.localdate()
    schedule_recurring_sessions([org.teams[0], org.teams[1]], today + datetime.timedelta(days=1),
                                today + datetime.timedelta(days=7))
    agent = client_for(org.users[Role.AGENT])
    upcoming = text(agent.get("/training/sessions/", **ZH))
    assert upcoming.count('data-testid="session-row"') == 7 + (1 if any(
        (today + datetime.timedelta(days=d)).weekday() == 4 for d in range(1, 8)) else 0)  # 7 briefings, 1 review
    rows = xlsx_rows(agent.get("/training/sessions/?format=xlsx", **ZH))
    assert rows[0][:3] == ("开始时间", "结束时间", "培训活动")
    assert rows[1][0] == datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(8, 30))
    assert rows[1][2] == "晨会业务培训"
    assert "晨会业务培训" in text(agent.get("/training/me/", **ZH)).split('data-testid="next-sessions"')[1]


def test_a_team_leader_lists_the_teams_sessions_with_marked_counts_and_exports_them(org, yesterday, client_for):
    leader = client_for(org.users[Role.TEAM_LEADER])
    leader.post(SHEET, {"session": yesterday.pk, "employee_no": org.agents["sz-a"][0].employee_no,
                        "status": "late"})
    page = text(leader.get("/training/sessions/?when=past", **ZH))
    assert page.count('data-testid="session-row"') == 1 and "1 / 4" in page
    rows = xlsx_rows(leader.get("/training/sessions/?when=past&format=xlsx", **ZH))
    assert rows[0][3:8] == ("团队", "地点", "状态", "名单人数", "已登记")
    assert rows[1][3] == "深圳A组" and rows[1][6:8] == (4, 1)


def test_every_training_list_exports_to_xlsx(org, yesterday, client_for):
    agent = org.agents["sz-a"][0]
    course = Course.objects.get(code="complaint-handling")
    CourseCompletion.objects.create(employee=agent, course=course, credits=2, completed_on=datetime.date(2026, 3, 2))
    CourseCompletion.objects.create(employee=agent, course=Course.objects.get(code="pre-job-program"), credits=3,
                                    completed_on=datetime.date(2026, 4, 1))
    own = client_for(org.users[Role.AGENT])
    ledger = xlsx_rows(own.get("/training/me/?format=xlsx&list=credits", **ZH))
    assert ledger[0] == ("完成日期", "课程代码", "课程", "来源", "成绩", "学分", "累计")
    assert [(r[1], r[5], r[6]) for r in ledger[1:]] == [("complaint-handling", 2, 2), ("pre-job-program", 3, 5)]
    assert xlsx_rows(own.get("/training/me/?format=xlsx", **ZH))[0][0] == "培训项目"  # enrolments
    hr = client_for(org.users[Role.HR_ADMIN])
    for url in ("/training/?format=xlsx", "/training/sessions/?when=past&format=xlsx",
                f"{SHEET}?session={yesterday.pk}&format=xlsx", "/training/results/?format=xlsx",
                "/training/differentiated/?format=xlsx", "/training/trainers/people/?format=xlsx"):
        response = hr.get(url, **ZH)
        assert response.status_code == 200, url
        assert len(xlsx_rows(response)[0]) >= 3, url
