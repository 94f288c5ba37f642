"""Recurring on-job sessions (seed 002 §3.4.3), attendance marked by the team leader, ratings by those present."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from agentpath.common.errors import Invalid
from agentpath.learning.models import Attendance, TrainingEvent, TrainingSession
from agentpath.learning.services import (
    add_attendee,
    close_feedback,
    mark_attendance,
    mark_session_held,
    rate_session,
    schedule_recurring_sessions,
)

pytestmark = pytest.mark.django_db
MONDAY, FRIDAY = datetime.date(2026, 11, 16), datetime.date(2026, 11, 20)


def test_week_has_daily_morning_briefings_and_a_friday_review_for_every_member(org, catalogue):
    team = org.teams[0]
    created = schedule_recurring_sessions([team], MONDAY, MONDAY + datetime.timedelta(days=6))
    assert created == 8  # 7 morning briefings + 1 Friday review
    assert schedule_recurring_sessions([team], MONDAY, MONDAY + datetime.timedelta(days=6)) == 0
    review = TrainingSession.objects.get(event__kind=TrainingEvent.Kind.WEEKLY_REVIEW)
    local = timezone.localtime(review.starts_at)
    assert (review.event.date, local.strftime("%H:%M"), timezone.localtime(review.ends_at).strftime("%H:%M")) == (
        FRIDAY, "17:30", "18:00")
    briefing = TrainingSession.objects.filter(event__kind=TrainingEvent.Kind.MORNING_BRIEFING).first()
    assert timezone.localtime(briefing.starts_at).strftime("%H:%M") == "08:30"
    assert Attendance.objects.filter(session=briefing).count() == 4  # the leader and three agents


def test_an_attendee_belongs_to_one_session_of_an_event(org, catalogue):
    team = org.teams[0]
    schedule_recurring_sessions([team], MONDAY, MONDAY)
    first = TrainingSession.objects.get()
    second = TrainingSession.objects.create(event=first.event, starts_at=first.starts_at + datetime.timedelta(hours=1),
                                            ends_at=first.ends_at + datetime.timedelta(hours=1))
    agent = org.agents["sz-a"][0]
    add_attendee(second, agent)
    assert list(Attendance.objects.filter(employee=agent).values_list("session_id", flat=True)) == [second.pk]


def test_only_people_marked_present_rate_a_held_session(org, catalogue):
    schedule_recurring_sessions([org.teams[0]], MONDAY, MONDAY)
    session = TrainingSession.objects.get()
    here, away = org.agents["sz-a"][0], org.agents["sz-a"][1]
    mark_attendance(session, here, "present", org.users["team_leader"])
    mark_attendance(session, away, "absent", org.users["team_leader"])
    with pytest.raises(ValidationError):
        rate_session(session, here, 5)  # still scheduled
    mark_session_held(session)
    rate_session(session, here, 4, "讲得清楚")
    with pytest.raises(PermissionDenied):
        rate_session(session, away, 5)
    close_feedback(session)
    with pytest.raises(ValidationError):
        rate_session(session, here, 5)
    with pytest.raises(Invalid, match="该场次已关闭"):
        mark_attendance(session, away, "present", org.users["team_leader"])
    assert Attendance.objects.get(employee=here).rating == 4


def test_team_leader_marks_the_whole_team_on_one_screen_with_one_tap_each(org, catalogue, client_for):
    today = timezone.localdate()
    schedule_recurring_sessions([org.teams[0]], today, today)
    client = client_for(org.users["team_leader"])
    page = client.get("/training/teams/sz-a/attendance/")
    assert page.status_code == 200
    body = page.content.decode()
    for agent in org.agents["sz-a"]:
        assert agent.name in body
    session = TrainingSession.objects.get(event__kind="morning_briefing")
    agent = org.agents["sz-a"][2]
    tap = client.post("/training/teams/sz-a/attendance/", {"session": session.pk, "employee_no": agent.employee_no,
                                                           "status": "late"}, HTTP_HX_REQUEST="true")
    assert tap.status_code == 200
    assert 'data-testid="attendance-status">迟到<' in tap.content.decode()
    assert "已登记 1 / 4" in tap.content.decode()  # the count at the top follows
    assert Attendance.objects.get(session=session, employee=agent).status == "late"
    assert client.get("/training/teams/sz-b/attendance/").status_code == 404  # not their team


def test_agent_sees_next_sessions_and_rates_one_attended(org, catalogue, client_for):
    today = timezone.localdate()
    schedule_recurring_sessions([org.teams[0]], today - datetime.timedelta(days=1), today + datetime.timedelta(days=1))
    agent = org.agents["sz-a"][0]
    past = TrainingSession.objects.get(event__date=today - datetime.timedelta(days=1), event__kind="morning_briefing")
    mark_attendance(past, agent, "present", org.users["team_leader"])
    mark_session_held(past)
    client = client_for(org.users["agent"])
    page = client.get("/training/me/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "为参加过的培训评分" in page
    assert "晨会业务培训" in page  # the next sessions
    client.post("/training/me/", {"session": past.pk, "rating": "5", "comment": "好"})
    assert Attendance.objects.get(session=past, employee=agent).rating == 5


def test_schedule_command_creates_every_teams_sessions_once(org, catalogue, capsys):
    call_command("training", "schedule", "--first", "2026-11-16", "--last", "2026-11-20")
    call_command("training", "schedule", "--first", "2026-11-16", "--last", "2026-11-20")
    assert capsys.readouterr().out.splitlines() == ["18 training events scheduled", "0 training events scheduled"]


def test_ad_hoc_training_with_two_sessions_splits_the_team(org, catalogue, client_for):
    client = client_for(org.users["team_leader"])
    response = client.post("/training/teams/sz-a/attendance/", {
        "action": "ad_hoc", "name": "新资费宣贯", "date": "2026-12-02", "start1": "14:00", "end1": "15:00",
        "start2": "16:00", "end2": "17:00"})
    assert response.status_code == 302
    event = TrainingEvent.objects.get(kind="ad_hoc")
    per_session = sorted(s.attendances.count() for s in event.sessions.all())
    assert per_session == [2, 2]  # the leader and three agents, split over two sessions
    assert Attendance.objects.filter(event=event).values("employee").distinct().count() == 4
