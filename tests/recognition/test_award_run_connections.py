"""The award run spreads its rules over database connections when it owns its transactions, runs them one after
another inside a caller's transaction, and a failed rule fails the run naming it; a clean re-run then gives exactly
the awards of one clean run (issue 20, docs/recognition.md "The award run")."""
import datetime
import json

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django_tasks import TaskResultStatus

from agentpath.inbox.models import InboxItem
from agentpath.learning.models import Attendance, TrainingEvent, TrainingSession
from agentpath.recognition.models import Award, Badge
from agentpath.recognition.services import AwardRuleFailed, award_connections, award_period, in_run_order
from agentpath.recognition.tasks import run_awards

OCT = datetime.date(2026, 10, 20)
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="SQLite has one writer (and compares a number with any text)")


def _facts_of_month(kpi_day, org):
    """Exam scores, a held session with everyone of team sz-a present, and hire dates that reach 90 days and a
    year: four badges with awards in October."""
    agents = org.agents["sz-a"]
    for agent, score in zip(agents, (100, 96, 80), strict=True):
        kpi_day(agent, OCT, exam_score=score)
    team = agents[0].team
    event = TrainingEvent.objects.create(kind=TrainingEvent.Kind.MORNING_BRIEFING, team=team, center=team.center,
                                         date=OCT, name="晨会")
    start = datetime.datetime(2026, 10, 20, 0, 30, tzinfo=datetime.UTC)
    session = TrainingSession.objects.create(event=event, starts_at=start, ends_at=start + datetime.timedelta(hours=1),
                                             state=TrainingSession.State.HELD)
    for agent in agents:
        Attendance.objects.create(event=event, session=session, employee=agent, status=Attendance.Status.PRESENT)


def _awards() -> set[tuple]:
    return {(*row[:4], json.dumps(row[4], sort_keys=True))
            for row in Award.objects.values_list("badge__code", "employee_id", "occasion", "earned_on", "facts")}


def _break_full_attendance():
    """A parameter the database cannot compare (the admin's JSON field takes any value): the rule's statement fails.
    The full-attendance badge is the run's second rule (rules.heaviness: after the 90-day milestone, with the
    pre-job course's badge, as heavy and shown before it, inactive)."""
    Badge.objects.filter(code="pre-job-graduate").update(active=False)
    Badge.objects.filter(code="full-attendance").update(params={"min_sessions": "many"})
    runs = in_run_order(Badge.objects.filter(active=True).exclude(rule=Badge.Rule.BY_HAND))
    assert [b.code for b in runs[:2]] == ["tenure-90d", "full-attendance"]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_run_whose_second_rule_fails_fails_naming_it_and_a_clean_rerun_gives_the_awards_of_one_clean_run(
        org, kpi_day):
    _facts_of_month(kpi_day, org)
    _break_full_attendance()
    assert award_connections() == 2  # the run owns its transactions: two connections at once
    with pytest.raises(AwardRuleFailed) as failure:
        award_period("2026-10")
    assert failure.value.badge_code == "full-attendance" and "full-attendance" in str(failure.value)
    assert Award.objects.filter(badge__code="tenure-90d").exists()  # the first rule committed before the failure
    assert not Award.objects.filter(badge__code="full-attendance").exists()
    assert not InboxItem.objects.exists()  # nobody is told of a failed run

    Badge.objects.filter(code="full-attendance").update(params={"min_sessions": 1})  # HR corrects the badge
    award_period("2026-10")  # the month again: the rest, and nothing twice
    after_failure, items = _awards(), InboxItem.objects.count()
    assert Award.objects.count() == len(after_failure)

    Award.objects.all().delete()
    InboxItem.objects.all().delete()
    award_period("2026-10")  # one clean run from nothing
    assert _awards() == after_failure and InboxItem.objects.count() == items
    assert {code for code, *_ in after_failure} >= {"tenure-90d", "tenure-1y", "full-attendance", "exam-95",
                                                    "exam-ace"}


@on_postgresql
@pytest.mark.django_db(transaction=True)
@override_settings(RECOGNITION_AWARD_CONNECTIONS=3)
def test_the_run_takes_as_many_connections_as_the_setting_says_and_gives_what_one_connection_gives(org, kpi_day):
    _facts_of_month(kpi_day, org)
    assert award_connections() == 3
    spread = award_period("2026-10")
    given = _awards()
    Award.objects.all().delete()
    with override_settings(RECOGNITION_AWARD_CONNECTIONS=1):
        assert award_connections() == 1
        alone = award_period("2026-10")
    assert _awards() == given and alone.counts == spread.counts and set(spread.seconds) == set(spread.counts)


@pytest.mark.django_db
def test_inside_a_callers_transaction_the_rules_run_on_its_connection_and_roll_back_with_it(org, kpi_day):
    _facts_of_month(kpi_day, org)
    assert connection.in_atomic_block and award_connections() == 1
    with pytest.raises(RuntimeError, match="the caller gave up"), transaction.atomic():
        award_period("2026-10")
        assert Award.objects.filter(badge__code="exam-95").count() == 2
        raise RuntimeError("the caller gave up")
    assert not Award.objects.exists()


@on_postgresql
@pytest.mark.django_db
def test_a_failed_rule_fails_the_background_run_and_the_page_names_it(org, kpi_day, client_for):
    _facts_of_month(kpi_day, org)
    _break_full_attendance()
    result = run_awards.enqueue("2026-10")
    assert result.status == TaskResultStatus.FAILED
    response = client_for(org.users["hr_admin"]).get("/recognition/runs/?period=2026-10", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "徽章“全勤之星”的规则执行失败" in response.content.decode()
