"""Early warning (issue 21): the default rules at their boundaries, one alert per person, rule and month, and the
team leader's acknowledgement with a note (page and API); never for agents."""
import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse

from agentpath.accounts.models import ApiToken, Role
from agentpath.analytics.early_warning import acknowledge_alert, raise_alerts
from agentpath.analytics.models import Alert, AlertRule
from agentpath.common.errors import Conflict, Invalid, NotFound
from agentpath.performance.models import KpiDay, KpiResult, Metric

AS_OF = datetime.date(2026, 11, 20)  # weeks: Oct 31–Nov 6, Nov 7–13, Nov 14–20


def _days(first: datetime.date, last: datetime.date):
    day = first
    while day <= last:
        yield day
        day += datetime.timedelta(days=1)


def _kpi(employee, day, **values):
    columns = {Metric.objects.get(code=code).column: v for code, v in values.items()}
    KpiDay.objects.update_or_create(employee=employee, date=day, defaults=columns)


def _weekly_fcr(employee, means):
    for (first, last), mean in zip([(datetime.date(2026, 10, 31), datetime.date(2026, 11, 6)),
                                    (datetime.date(2026, 11, 7), datetime.date(2026, 11, 13)),
                                    (datetime.date(2026, 11, 14), AS_OF)], means, strict=True):
        for day in _days(first, last):
            _kpi(employee, day, fcr=mean)


def _alerted(rule_code):
    return set(Alert.objects.filter(rule__code=rule_code).values_list("employee__employee_no", flat=True))


@pytest.mark.django_db
def test_fcr_down_three_points_two_weeks_running_raises_an_alert_and_less_does_not(org):
    falling, nearly, once = org.agents["sz-a"]
    _weekly_fcr(falling, [80, 77, 74])  # down exactly 3, then exactly 3
    _weekly_fcr(nearly, [80, 77, 74.1])  # the second week down 2.9
    _weekly_fcr(once, [80, 80, 70])  # down once only
    raise_alerts(AS_OF)
    assert _alerted("fcr-falling") == {falling.employee_no}
    facts = Alert.objects.get(employee=falling).facts
    assert [w[2] for w in facts["weeks"]] == [80, 77, 74]
    # the data that met the rule, built in SQL: the same JSON on PostgreSQL and SQLite
    assert facts == {"weeks": [["2026-10-31", "2026-11-06", 80.0], ["2026-11-07", "2026-11-13", 77.0],
                               ["2026-11-14", "2026-11-20", 74.0]]}


@pytest.mark.django_db
def test_complaint_rate_above_the_threshold_raises_and_at_it_does_not(org):
    above, at = org.agents["sz-a"][:2]
    for person, complaints in ((above, 2), (at, 1)):  # 20 days of the month: 0.1 and 0.05 a day
        for k, day in enumerate(_days(datetime.date(2026, 11, 1), AS_OF)):
            _kpi(person, day, complaints=1.0 if k < complaints else 0.0)
    raise_alerts(AS_OF)
    assert _alerted("complaints-high") == {above.employee_no}
    assert Alert.objects.get(employee=above).facts == {"mean": 0.1, "days": 20, "from": "2026-11-01",
                                                       "to": "2026-11-20"}


@pytest.mark.django_db
def test_three_absences_in_the_month_raise_an_alert_and_two_do_not(org):
    three, two = org.agents["sz-b"][:2]
    for person, absent in ((three, 3), (two, 2)):
        for k, day in enumerate(_days(datetime.date(2026, 11, 2), datetime.date(2026, 11, 13))):
            _kpi(person, day, attendance=0.0 if k < absent else 100.0)
    _kpi(two, datetime.date(2026, 10, 30), attendance=0.0)  # last month's absence does not count
    raise_alerts(AS_OF)
    assert _alerted("absences") == {three.employee_no}
    assert Alert.objects.get(employee=three).facts == {"absent_days": 3, "last": "2026-11-04",
                                                       "from": "2026-11-01", "to": "2026-11-20"}


def _rank(employee, percentile, period_start=datetime.date(2026, 11, 1)):
    KpiResult.objects.create(employee=employee, period_kind="month", period=f"{period_start:%Y-%m}",
                             period_start=period_start, group_id=1, group_code="business",
                             position_id=employee.position_id, center_id=employee.center_id, composite=0.0, rank=1,
                             peer_size=10, percentile=percentile)


@pytest.mark.django_db
def test_a_new_agent_under_p20_in_the_first_60_days_raises_an_alert(org):
    day60, day61, at_p20, veteran = org.agents["gz-a"] + [org.agents["sz-b"][2]]
    for person, hired, pct in ((day60, AS_OF - datetime.timedelta(days=60), 19.9),
                               (day61, AS_OF - datetime.timedelta(days=61), 5.0),
                               (at_p20, AS_OF - datetime.timedelta(days=10), 20.0),
                               (veteran, datetime.date(2024, 1, 15), 1.0)):
        person.hire_date = hired
        person.save(update_fields=["hire_date"])
        _rank(person, pct)
    _rank(at_p20, 50.0, datetime.date(2026, 10, 1))  # an older month does not count: the latest one does
    raise_alerts(AS_OF)
    assert _alerted("new-hire-low") == {day60.employee_no}
    assert Alert.objects.get(employee=day60).facts == {"period": "2026-11", "percentile": 19.9,
                                                       "hired": "2026-09-21"}


@pytest.mark.django_db
def test_raising_again_in_the_month_adds_no_second_alert_and_an_exited_person_gets_none(org):
    agent, gone = org.agents["sz-a"][:2]
    for person in (agent, gone):
        _weekly_fcr(person, [90, 80, 70])
    gone.status, gone.exit_date = "exited", datetime.date(2026, 11, 18)
    gone.save()
    assert raise_alerts(AS_OF)["fcr-falling"] == 1  # the number of new alerts of each rule
    assert raise_alerts(AS_OF + datetime.timedelta(days=3))["fcr-falling"] == 0
    assert Alert.objects.filter(rule__code="fcr-falling").count() == 1
    assert Alert.objects.get().raised_on == AS_OF  # the first one stays as it was raised
    assert _alerted("fcr-falling") == {agent.employee_no}


@pytest.mark.django_db
def test_an_inactive_rule_raises_nothing(org):
    _weekly_fcr(org.agents["sz-a"][0], [90, 80, 70])
    AlertRule.objects.filter(code="fcr-falling").update(active=False)
    assert "fcr-falling" not in raise_alerts(AS_OF)
    assert not Alert.objects.exists()


@pytest.fixture
def alert(org):
    _weekly_fcr(org.agents["sz-a"][1], [90, 80, 70])
    raise_alerts(AS_OF)
    return Alert.objects.get()


@pytest.mark.django_db
def test_the_team_leader_acknowledges_with_a_note_on_the_page(org, alert, client_for):
    client = client_for(org.users[Role.TEAM_LEADER])
    page = client.get(reverse("analytics:alerts"))
    assert org.agents["sz-a"][1].name in page.content.decode()
    empty = client.post(reverse("analytics:alert-acknowledge", args=[alert.pk]), {"note": "  "}, follow=True)
    assert "写一条备注" in empty.content.decode() or "Write a note" in empty.content.decode()
    client.post(reverse("analytics:alert-acknowledge", args=[alert.pk]), {"note": "已面谈，安排师傅带教"})
    alert.refresh_from_db()
    assert alert.note == "已面谈，安排师傅带教" and alert.acknowledged_by == org.users[Role.TEAM_LEADER]
    assert "已面谈" in client.get(reverse("analytics:alerts") + "?show=all").content.decode()


@pytest.mark.django_db
def test_acknowledging_needs_a_note_and_happens_once(org, alert):
    leader = org.users[Role.TEAM_LEADER]
    with pytest.raises(Invalid) as empty:
        acknowledge_alert(leader, alert.pk, "")
    assert empty.value.code == "note_required"
    acknowledge_alert(org.users[Role.CENTER_MANAGER], alert.pk, "谈过了")
    with pytest.raises(Conflict):
        acknowledge_alert(leader, alert.pk, "再谈")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.AGENT, Role.TRAINER, Role.QA])
def test_alerts_are_not_for_agents_trainers_or_qa(org, alert, client_for, role):
    client = client_for(org.users[role])
    assert client.get(reverse("analytics:alerts")).status_code == 404
    assert client.get("/api/v1/analytics/alerts").status_code == 404
    with pytest.raises(NotFound):
        acknowledge_alert(org.users[role], alert.pk, "x")


@pytest.mark.django_db
def test_a_leader_of_another_team_cannot_see_or_acknowledge_the_alert(org, alert, django_user_model):
    other = django_user_model.objects.create(username="gz-leader", role=Role.TEAM_LEADER,
                                             employee=org.leaders["gz-a"])
    with pytest.raises(NotFound):
        acknowledge_alert(other, alert.pk, "x")


@pytest.mark.django_db
def test_the_api_lists_and_acknowledges_with_the_shared_error_shape(org, alert):
    api = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(org.users[Role.TEAM_LEADER])[1]}")
    listed = api.get("/api/v1/analytics/alerts").json()
    assert [a["rule"] for a in listed] == ["fcr-falling"]
    url = f"/api/v1/analytics/alerts/{alert.pk}/acknowledge"
    empty = api.post(url, json.dumps({"note": ""}), content_type="application/json")
    assert empty.status_code == 422 and empty.json()["code"] == "note_required"
    done = api.post(url, json.dumps({"note": "已跟进"}), content_type="application/json")
    assert done.status_code == 200 and done.json()["note"] == "已跟进"
    again = api.post(url, json.dumps({"note": "再次"}), content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "already_acknowledged"
    assert api.post("/api/v1/analytics/alerts/999999/acknowledge", json.dumps({"note": "x"}),
                    content_type="application/json").status_code == 404
