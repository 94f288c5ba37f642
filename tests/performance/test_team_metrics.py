"""Scorecards for every family (issue 18): derived team metrics on a hand-worked team, the widened peer group, a
metric without data, the rank of a team leader read exactly as an agent's."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agentpath.accounts.models import Role
from agentpath.careers.models import Level, Position
from agentpath.development.models import Idp
from agentpath.org.models import Employee, EmploymentEvent
from agentpath.performance.defaults import AGENT_POSITIONS
from agentpath.performance.models import KpiPeriodValue, KpiResult, Metric, Scorecard
from agentpath.performance.ranking import compute_ranks
from agentpath.performance.services import load_default_scorecards, store_kpi_days
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
Q3 = "2026Q3"
TODAY = datetime.date(2026, 10, 2)
D = datetime.date


def put(rows):
    """rows: [(employee, date, {code: value})]"""
    metrics = {m.code: m for m in Metric.objects.all()}
    codes = sorted({c for _e, _d, values in rows for c in values})
    store_kpi_days([(e.pk, d, *[v.get(c) for c in codes]) for e, d, v in rows], [metrics[c].slot for c in codes])


def move(employee, day, team):
    EmploymentEvent.objects.create(employee=employee, kind="team_change", effective_date=day, from_team=employee.team,
                                   to_team=team, to_center=team.center, to_level=employee.level,
                                   to_position=employee.position, to_grade=employee.grade)


def leave(employee, day):
    EmploymentEvent.objects.create(employee=employee, kind="exit", effective_date=day, from_team=employee.team)
    Employee.objects.filter(pk=employee.pk).update(status=Employee.Status.EXITED, exit_date=day)


def value(employee, code, period=Q3):
    row = KpiPeriodValue.objects.filter(employee=employee, period=period, metric__code=code).first()
    return None if row is None else round(row.value, 2)


@pytest.fixture
def worked(org):
    """Team sz-a (leader L1): a all quarter, b leaves on 15 Aug, c moves to sz-b (leader L2) on 1 Aug, f is hired on
    1 Jul and leaves on 1 Aug. Team sz-b: d. A supervisor over L1 and L2, a manager of center sz.

    Call-weighted FCR: L1 (800 + 1800 + 1800 + 500) / 70 = 70.0; L2 (4000 + 1400) / 60 = 90.0; the supervisor and
    the manager (4900 + 5400) / 130 = 79.23. Call-weighted CSAT, over the days that have one (b has none): L1
    (900 + 2100 + 600) / 50 = 72.0; L2 (3800 + 1600) / 60 = 90.0; above them 9000 / 110 = 81.82. AHT (a's 1 Sep and
    d have none): L1 (3000 + 8400 + 3600) / 40 = 375.0; L2 9600 / 40 = 240.0; above them 24600 / 80 = 307.5.
    Monthly exams (pass mark 60): L1 70 ✓, 50 ✗, 40 ✗ → 33.33 %; L2 80 ✓,
    59 ✗ → 50 %. 90-day attrition of sz-a: f is its one member in the first 90 days and left → 100 %; sz-b has no
    new member: no value. 12-month attrition: sz-a had a, b, c, f and lost b and f → 50 %; sz-b had c, d → 0 %."""
    load_default_scorecards()
    l1, l2 = org.leaders["sz-a"], org.leaders["sz-b"]
    a, b, c = org.agents["sz-a"]
    d = org.agents["sz-b"][0]
    t_a, t_b = org.teams[0], org.teams[1]
    f = EmployeeFactory(center=t_a.center, team=t_a, hire_date=D(2026, 7, 1))
    sup = EmployeeFactory(center=t_a.center, team=None, level=Level.objects.get(code="mgmt-supervisor"),
                          position=Position.objects.get(code="supervisor"), hire_date=D(2023, 1, 1))
    boss = EmployeeFactory(center=t_a.center, team=None, level=Level.objects.get(code="mgmt-manager"),
                           position=Position.objects.get(code="cs-manager"), hire_date=D(2022, 1, 1))
    Employee.objects.filter(pk__in=[l1.pk, l2.pk]).update(manager=sup)
    move(c, D(2026, 8, 1), t_b)
    leave(b, D(2026, 8, 15))
    leave(f, D(2026, 8, 1))
    put([(a, D(2026, 7, 1), {"calls_handled": 10, "fcr": 80, "csat": 90, "aht": 300}),
         (a, D(2026, 9, 1), {"calls_handled": 30, "fcr": 60, "csat": 70}),
         (b, D(2026, 7, 2), {"calls_handled": 20, "fcr": 90, "aht": 420}),
         (c, D(2026, 7, 3), {"calls_handled": 10, "fcr": 50, "csat": 60, "aht": 360}),
         (c, D(2026, 8, 3), {"calls_handled": 40, "fcr": 100, "csat": 95, "aht": 240}),
         (d, D(2026, 7, 1), {"calls_handled": 20, "fcr": 70, "csat": 80}),
         (a, D(2026, 7, 31), {"exam_score": 70}), (b, D(2026, 7, 30), {"exam_score": 50}),
         (c, D(2026, 7, 31), {"exam_score": 40}), (c, D(2026, 8, 31), {"exam_score": 80}),
         (d, D(2026, 8, 31), {"exam_score": 59}),
         (l1, D(2026, 7, 31), {"exam_score": 85}), (l2, D(2026, 7, 31), {"exam_score": 75})])
    compute_ranks(Q3, today=TODAY)
    return dict(l1=l1, l2=l2, l3=org.leaders["gz-a"], a=a, b=b, c=c, d=d, f=f, sup=sup, boss=boss)


def test_every_position_of_the_default_framework_has_a_scorecard_whose_metrics_say_where_they_come_from():
    load_default_scorecards()
    assert Position.objects.count() == Scorecard.objects.count() == 56
    leader = Scorecard.objects.get(position__code="team-leader")
    assert leader.unit == "team" and leader.min_peer_size == 5
    kinds = {m.code: m.kind for m in Metric.objects.all()}
    assert kinds["team_fcr"] == "derived" and kinds["qa_calibration_dev"] == "imported"
    assert kinds["trainer_rating"] == "product"


def test_call_weighted_team_fcr_counts_each_day_for_the_team_the_agent_was_in(worked):
    assert value(worked["l1"], "team_fcr") == 70.0
    assert value(worked["l2"], "team_fcr") == 90.0
    assert value(worked["sup"], "team_fcr") == 79.23
    assert value(worked["boss"], "team_fcr") == 79.23


def test_call_weighted_team_csat_and_aht_weigh_only_the_days_that_have_a_value(worked):
    assert (value(worked["l1"], "team_csat"), value(worked["l2"], "team_csat")) == (72.0, 90.0)
    assert value(worked["sup"], "team_csat") == value(worked["boss"], "team_csat") == 81.82
    assert (value(worked["l1"], "team_aht"), value(worked["l2"], "team_aht")) == (375.0, 240.0)
    assert value(worked["sup"], "team_aht") == value(worked["boss"], "team_aht") == 307.5


def test_team_exam_pass_rate_counts_each_exam_for_the_team_of_its_day(worked):
    assert value(worked["l1"], "team_exam_pass") == 33.33
    assert value(worked["l2"], "team_exam_pass") == 50.0


def test_team_attrition_counts_leavers_for_the_team_they_left(worked):
    assert value(worked["l1"], "team_attrition_90d") == 100.0
    assert value(worked["l2"], "team_attrition_90d") is None  # no member in their first 90 days
    assert value(worked["l1"], "team_attrition_12m") == 50.0
    assert value(worked["l2"], "team_attrition_12m") == 0.0


def test_team_composite_percentile_and_bottom_half_read_the_members_ranks_at_their_last_day(worked):
    agents = list(KpiResult.objects.filter(period=Q3, position__code__in=AGENT_POSITIONS))  # a row per group
    # sz-a at its members' last day: a, b (left from sz-a); c ended the quarter in sz-b; f has no KPI
    l1_rows = [r for r in agents if r.employee_id in (worked["a"].pk, worked["b"].pk)]
    l2_rows = [r for r in agents if r.employee_id in (worked["c"].pk, worked["d"].pk)]
    assert len(l1_rows) == 3 and len(l2_rows) == 4  # b has no value-group rank (no CSAT): a mean over the ranks
    expected = round(sum(r.percentile for r in l1_rows) / len(l1_rows), 2)
    assert value(worked["l1"], "team_composite_pct") == expected
    bottom = sum(1 for r in l2_rows if r.rank - 1 >= r.peer_size * 0.5) / len(l2_rows)
    assert value(worked["l2"], "team_bottom_half") == round(100 * bottom, 2)


def test_team_leaders_are_ranked_in_a_widened_peer_group_when_their_center_has_too_few(worked):
    """Two team leaders in sz and one in gz: below the minimum of 5, so the peer group is every team leader
    (family customer service, level 组长) across centers; their rank is read like an agent's."""
    ranks = {r.employee_id: r for r in KpiResult.objects.filter(period=Q3, group_code="people")}
    l1, l2, l3 = ranks[worked["l1"].pk], ranks[worked["l2"].pk], ranks[worked["l3"].pk]
    assert l1.widened and l2.widened and l3.widened
    assert l1.peer_size == l2.peer_size == l3.peer_size == 3
    assert l3.center.code == "gz"
    assert sorted([l1.rank, l2.rank, l3.rank]) == [1, 2, 3]
    # agents keep their own peer group (position and center): the default agent scorecard has a minimum of 1
    assert not KpiResult.objects.filter(period=Q3, position__code="agent", widened=True).exists()


def test_a_metric_without_data_gets_no_value_and_the_composite_uses_the_others(worked):
    assert value(worked["l2"], "team_attrition_90d") is None
    people = KpiResult.objects.get(period=Q3, group_code="people", employee=worked["l2"])
    assert people.composite is not None


def test_a_scorecard_that_needs_every_metric_ranks_nobody_missing_one(worked):
    Scorecard.objects.filter(position__code="team-leader").update(composite_over_available=False)
    compute_ranks(Q3, today=TODAY)
    people = set(KpiResult.objects.filter(period=Q3, group_code="people", position__code="team-leader")
                 .values_list("employee_id", flat=True))
    assert worked["l2"].pk not in people  # no 90-day attrition: no composite, no rank


def test_idp_agreement_of_the_team_comes_from_development_through_the_registry(worked):
    """sz-a's members at their last day: a, b and f (left from sz-a); a has an agreed IDP → 33.33 %."""
    Idp.objects.create(employee=worked["a"], state=Idp.State.AGREED,
                       decided_at=timezone.make_aware(datetime.datetime(2026, 8, 1, 10)))
    compute_ranks(Q3, today=TODAY)
    assert value(worked["l1"], "team_idp_agreed") == 33.33
    assert value(worked["l2"], "team_idp_agreed") == 0.0
    assert value(worked["l1"], "team_idp_on_time") is None  # not available: no fact records it


def test_the_performance_file_names_the_peer_group_and_says_which_metric_has_no_data(worked, org, client_for,
                                                                                    monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    page = client_for(org.users[Role.HR_ADMIN]).get(reverse("performance:employee",
                                                           args=[worked["l2"].employee_no]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "本期无团队90天流失率数据" in text
    assert "已扩大: 各中心同职族同职级" in text
    assert "团队首次解决率" in text and "90" in text
