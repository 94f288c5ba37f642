"""Improvement plans per person (issue 19): the bottom-rank review's "发起改进期" proposes for each person the course
that addresses their weakest metrics against their peer group (and says why), lets the decider change course,
goal and re-assessment date per person, lists who gets what for confirmation, and only then opens the steps;
the API takes the same per-person plans."""
import datetime
from html.parser import HTMLParser

import pytest
from django.test import Client

from agentpath.accounts.models import ApiToken
from agentpath.common.calendar import last_quarters
from agentpath.performance.models import KpiDay, Metric
from agentpath.talent.models import BottomRankReview
from tests.talent.test_bottom_rank import AS_OF, floor  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


class Selected(HTMLParser):
    """The selected value of each <select> of a page, by name."""

    def __init__(self):
        super().__init__()
        self.values, self._name = {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self._name = attrs.get("name")
        elif tag == "option" and "selected" in attrs and self._name:
            self.values[self._name] = attrs.get("value")


@pytest.fixture
def plans(floor):  # noqa: F811
    """坐席18 and 坐席19 (no longer too new) are the bottom two in both quarters; in 2026Q3 坐席18's AHT and FCR
    are the worst of the peer group, 坐席19's QA score is."""
    people = floor["people"]
    people[19].hire_date = datetime.date(2024, 1, 1)
    people[19].save()
    col = {m.code: m.column for m in Metric.objects.all()}
    q3 = last_quarters(AS_OF, 1)[0]
    days = []
    for i, person in enumerate(people):
        values = {"qa_score": 70 + i, "aht": 300 + i, "fcr": 70 + i / 2, "adherence": 90, "calls_handled": 80}
        if i == 18:
            values.update(aht=900, fcr=40)
        if i == 19:
            values.update(qa_score=30)
        days += [KpiDay(employee=person, date=q3.start + datetime.timedelta(days=d),
                        **{col[k]: v for k, v in values.items()}) for d in range(3)]
    KpiDay.objects.bulk_create(days)
    return {**floor, "weak_aht": people[18], "weak_qa": people[19]}


def test_each_person_gets_the_course_that_addresses_their_weakest_metric_pre_selected_with_why(plans, client):
    client.force_login(plans["hr"])
    page = client.get("/talent/reviews/?center=sz").content.decode()
    parser = Selected()
    parser.feed(page)
    aht, qa = plans["weak_aht"].employee_no, plans["weak_qa"].employee_no
    assert parser.values[f"training-{aht}"] == "business-time-management"
    assert parser.values[f"training-{qa}"] == "quality-assurance"
    row = page.split(f'<tr class="plan" data-employee="{aht}">')[1].split("</tr>")[0]
    assert "最弱指标:平均处理时长 在同组 20 人中处于 P0" in row and "首次解决率" in row
    assert "复评前将平均处理时长、首次解决率提升至同组中位数(P50)" in row  # the goal to start from


def _form(plans, **changes):
    aht, qa = plans["weak_aht"].employee_no, plans["weak_qa"].employee_no
    data = {"center": "sz", "people": [aht, qa],
            f"training-{aht}": "business-time-management", f"goal-{aht}": "AHT 降到 400 秒以内",
            f"reassess_on-{aht}": "2027-03-01",
            f"training-{qa}": "self-review", f"goal-{qa}": "质检得分达到 80 分", f"reassess_on-{qa}": "2027-04-01"}
    return {**data, **changes}


def test_the_plans_are_listed_for_confirmation_and_opened_only_when_confirmed(plans, client):
    client.force_login(plans["hr"])
    confirm = client.post("/talent/reviews/open/", _form(plans))
    page = confirm.content.decode()
    assert confirm.status_code == 200 and "确认改进计划" in page and "以下 2 人将进入改进期" in page
    qa_row = page.split(f'<tr data-employee="{plans["weak_qa"].employee_no}">')[1].split("</tr>")[0]
    assert "自我复盘技巧" in qa_row and "质检得分达到 80 分" in qa_row and "2027-04-01" in qa_row
    assert not BottomRankReview.objects.exists()  # nothing opened before the confirmation
    opened = client.post("/talent/reviews/open/", {**_form(plans), "confirm": "yes"}, follow=True)
    assert "已发起 2 个改进期" in opened.content.decode()
    got = {r.employee.name: (r.training.code, r.goal, r.reassess_on) for r in BottomRankReview.objects.all()}
    assert got == {"坐席18": ("business-time-management", "AHT 降到 400 秒以内", datetime.date(2027, 3, 1)),
                   "坐席19": ("self-review", "质检得分达到 80 分", datetime.date(2027, 4, 1))}


def test_everyone_the_rule_finds_needs_their_own_plan_with_a_goal(plans, client):
    client.force_login(plans["hr"])
    qa = plans["weak_qa"].employee_no
    one = _form(plans, people=[plans["weak_aht"].employee_no])
    refused = client.post("/talent/reviews/open/", {**one, "confirm": "yes"})
    assert refused.status_code == 422 and "缺少:坐席19" in refused.content.decode()
    no_goal = client.post("/talent/reviews/open/", _form(plans, **{f"goal-{qa}": " "}))
    assert no_goal.status_code == 422 and "坐席19:请填写改进目标" in no_goal.content.decode()
    kept = Selected()
    kept.feed(no_goal.content.decode())
    assert kept.values[f"training-{qa}"] == "self-review"  # the form shown again keeps what was chosen
    assert not BottomRankReview.objects.exists()


def test_the_api_proposes_and_takes_the_same_per_person_plans(plans):
    http = Client(enforce_csrf_checks=True)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(plans['hr'])[1]}"}
    proposals = {p["employee_no"]: p for p in http.get("/api/v1/talent/reviews/proposals/sz", **auth).json()}
    aht, qa = plans["weak_aht"].employee_no, plans["weak_qa"].employee_no
    assert proposals[aht]["training"] == "business-time-management"
    assert [w["code"] for w in proposals[aht]["weakest"]] == ["aht", "fcr"]
    assert proposals[qa]["training"] == "quality-assurance"
    body = {"center": "sz", "plans": [
        {"employee_no": aht, "training": "telephone-training", "goal": "AHT 降到 400 秒以内", "reassess_on": "2027-03-01"},
        {"employee_no": qa, "training": "quality-assurance", "goal": ""}]}
    refused = http.post("/api/v1/talent/reviews", body, content_type="application/json", **auth)
    assert refused.status_code == 422 and refused.json()["code"] == "goal_required"
    assert refused.json()["errors"][0]["field"] == f"{qa}.goal"
    body["plans"][1]["goal"] = "质检得分达到 80 分"
    opened = http.post("/api/v1/talent/reviews", body, content_type="application/json", **auth)
    assert opened.status_code == 201
    assert {r["employee_no"]: (r["training"], r["goal"]) for r in opened.json()["opened"]} == {
        aht: ("telephone-training", "AHT 降到 400 秒以内"), qa: ("quality-assurance", "质检得分达到 80 分")}
