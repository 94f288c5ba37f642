"""Bottom-rank reviews (末位) under Chinese labour law: an improvement step first, never a dismissal."""
import datetime
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from agentpath.accounts.models import ApiToken, Role
from agentpath.careers.models import Level, Position
from agentpath.common.calendar import add_months, last_quarters
from agentpath.common.errors import Conflict, Invalid
from agentpath.common.models import TransitionLog
from agentpath.learning.models import Course
from agentpath.org.models import Employee, EmploymentEvent
from agentpath.org.services import record_exit
from agentpath.performance.models import CompositeGroup, KpiResult
from agentpath.performance.services import load_default_scorecards
from agentpath.talent import bottom_rank
from agentpath.talent.models import BottomRankReview, TalentDecision
from tests.factories import CenterFactory, EmployeeFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 11, 20)  # the last two complete quarters: 2026Q2 and 2026Q3


@pytest.fixture
def floor(framework):
    """Twenty agents of one center ranked on business capability; the two last in 2026Q3 are listed."""
    load_default_scorecards()
    center = CenterFactory(code="sz")
    team = TeamFactory(center=center)
    tl_level = Level.objects.get(code="mgmt-tl")
    people = [EmployeeFactory(center=center, team=team, name=f"坐席{i:02d}", hire_date=datetime.date(2024, 1, 1))
              for i in range(20)]
    people[19].hire_date = datetime.date(2026, 9, 1)  # too new to rate
    people[19].save()
    group = CompositeGroup.objects.get(scorecard__position__code="agent", code=CompositeGroup.BUSINESS)
    q3, q2 = last_quarters(AS_OF, 2)
    rows = []
    for period, order in ((q2, list(range(20))), (q3, list(range(20)))):
        if period is q2:  # in 2026Q2, 坐席17 was mid-table: only one quarter in the bottom
            order[17], order[5] = order[5], order[17]
        for rank, index in enumerate(order, start=1):
            person = people[index]
            rows.append(KpiResult(employee=person, period_kind="quarter", period=period.code,
                                  period_start=period.start, group=group, group_code=group.code,
                                  position=person.position, center=center, composite=100 - rank, rank=rank,
                                  peer_size=20, percentile=100 * (20 - rank) / 20))
    KpiResult.objects.bulk_create(rows)
    hr = UserFactory(username="hr", role=Role.HR_ADMIN)
    course = Course.objects.create(code="improve", name="绩效改进培训")
    return {"center": center, "people": people, "hr": hr, "course": course, "tl_level": tl_level}


def test_two_quarters_in_the_bottom_ten_percent_open_an_improvement_step_not_a_demotion(floor):
    result = bottom_rank.open_reviews(floor["center"], by=floor["hr"], training=floor["course"], as_of=AS_OF)
    assert [r.employee.name for r in result["opened"]] == ["坐席18"]  # 坐席17 was bottom in one quarter only
    review = result["opened"][0]
    assert review.state == "improving" and review.training == floor["course"]
    assert review.reassess_on == add_months(AS_OF, 3)
    assert [r["quarter"] for r in review.ranks_snapshot] == ["2026Q2", "2026Q3"]
    assert not EmploymentEvent.objects.filter(kind="demotion").exists()


def test_staff_under_the_minimum_tenure_are_too_new_to_rate_and_excluded(floor):
    result = bottom_rank.open_reviews(floor["center"], by=floor["hr"], training=floor["course"], as_of=AS_OF)
    assert [p.name for p in result["too_new"]] == ["坐席19"]
    assert not BottomRankReview.objects.filter(employee=floor["people"][19]).exists()


def test_a_demotion_cannot_be_decided_before_the_improvement_step_is_recorded_as_failed(floor):
    review = bottom_rank.open_reviews(floor["center"], by=floor["hr"], training=floor["course"],
                                      as_of=AS_OF)["opened"][0]
    with translation.override("en"), pytest.raises(Invalid, match="only after the improvement step"):
        bottom_rank.decide_review(review, by=floor["hr"], outcome="demotion", reason="末位",
                                  effective_date=AS_OF, today=AS_OF)
    with translation.override("en"), pytest.raises(Invalid, match="due on"):
        bottom_rank.record_improvement_result(review, by=floor["hr"], passed=False, note="未通过", today=AS_OF)
    later = review.reassess_on
    bottom_rank.record_improvement_result(review, by=floor["hr"], passed=True, note="复评合格", today=later)
    with pytest.raises(Invalid):
        bottom_rank.decide_review(review, by=floor["hr"], outcome="change_of_post", reason="x",
                                  effective_date=later, today=later)
    assert not TalentDecision.objects.exists()


def test_after_a_failed_improvement_step_a_change_of_post_becomes_an_event_with_its_decision(floor):
    review = bottom_rank.open_reviews(floor["center"], by=floor["hr"], training=floor["course"],
                                      as_of=AS_OF)["opened"][0]
    day = review.reassess_on
    bottom_rank.record_improvement_result(review, by=floor["hr"], passed=False, note="培训已完成，复评仍未达标",
                                          today=day)
    clerk = Position.objects.get(code="paperwork-clerk")
    decision = bottom_rank.decide_review(review, by=floor["hr"], outcome="change_of_post", reason="调至文书岗",
                                         effective_date=day, position=clerk, today=day)
    event = EmploymentEvent.objects.get(decision_ref=decision.ref)
    assert (event.kind, event.to_position.code) == ("lateral", "paperwork-clerk")
    assert decision.requirements_snapshot[0]["improvement"] == "培训已完成，复评仍未达标"
    review.refresh_from_db()
    assert review.state == "decided"


def test_dismissal_is_never_proposed_nor_accepted(floor):
    review = bottom_rank.open_reviews(floor["center"], by=floor["hr"], training=floor["course"],
                                      as_of=AS_OF)["opened"][0]
    bottom_rank.record_improvement_result(review, by=floor["hr"], passed=False, note="未达标", today=review.reassess_on)
    assert "dismiss" not in " ".join(bottom_rank.REVIEW_OUTCOMES)
    with translation.override("en"), pytest.raises(Invalid, match="nothing else is decided here"):
        bottom_rank.decide_review(review, by=floor["hr"], outcome="dismissal", reason="x",
                                  effective_date=review.reassess_on, today=review.reassess_on)


def test_the_review_page_opens_improvement_steps_and_records_a_failed_step(floor, client):
    review = bottom_rank.open_reviews(floor["center"], by=floor["hr"], training=floor["course"],
                                      as_of=AS_OF)["opened"][0]
    client.force_login(floor["hr"])
    page = client.get("/talent/reviews/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'data-employee="{review.employee.employee_no}"' in page and "Improvement step under way" in page
    assert "dismiss" not in page.lower().replace("dismissal is never proposed", "")
    BottomRankReview.objects.filter(pk=review.pk).update(reassess_on=datetime.date(2020, 1, 1))
    client.post(f"/talent/reviews/{review.pk}/result/", {"passed": "no", "note": "复评未达标"})
    client.post(f"/talent/reviews/{review.pk}/decide/", {"outcome": "keep", "reason": "再给一次机会"})
    review.refresh_from_db()
    assert review.state == "decided" and review.decisions.get().reason == "再给一次机会"


def failed_review(floor):
    """坐席18's review with the improvement step recorded as done and failed, re-assessment date passed."""
    review = bottom_rank.open_reviews(floor["center"], by=floor["hr"], training=floor["course"],
                                      as_of=AS_OF)["opened"][0]
    BottomRankReview.objects.filter(pk=review.pk).update(reassess_on=datetime.date(2026, 1, 1))
    review = BottomRankReview.objects.get(pk=review.pk)
    return bottom_rank.record_improvement_result(review, by=floor["hr"], passed=False, note="复评仍未达标")


def api(client, user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}", "HTTP_ACCEPT_LANGUAGE": "en"}


def test_a_bottom_rank_review_cannot_make_a_bottom_ranked_agent_customer_service_director(floor, client):
    """Issue 16: `outcome=change_of_post, position=cs-director` made a bottom-ranked agent 客服总监 at once."""
    review = failed_review(floor)
    client.force_login(floor["hr"])
    page = client.post(f"/talent/reviews/{review.pk}/decide/", {"outcome": "change_of_post", "position": "cs-director",
                                                                "reason": "调岗"},
                       follow=True, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Customer service director is not a post a bottom-rank review may move 坐席18 to" in page
    person = Employee.objects.get(pk=review.employee_id)
    assert (person.position.code, person.level.code) == ("agent", "mgmt-agent")
    assert not TalentDecision.objects.exists() and not EmploymentEvent.objects.exclude(kind="hire").exists()
    assert BottomRankReview.objects.get(pk=review.pk).state == "failed"
    # the page offers only the posts the framework reaches at the same or a lower level
    offered = client.get("/talent/reviews/").content.decode().split(f'action="/talent/reviews/{review.pk}/decide/"')[1]
    assert 'value="paperwork-clerk"' in offered and 'value="cs-director"' not in offered.split("</form>")[0]


def test_the_api_refuses_a_change_of_post_upward_with_its_code(floor):
    review = failed_review(floor)
    client = Client(enforce_csrf_checks=True)
    refused = client.post(f"/api/v1/talent/reviews/{review.pk}/decision", {
        "outcome": "change_of_post", "position": "cs-director", "reason": "调岗"}, content_type="application/json",
        **api(client, floor["hr"]))
    assert refused.status_code == 422 and refused.json()["code"] == "post_not_reachable"
    in_chinese = client.post(f"/api/v1/talent/reviews/{review.pk}/decision", {
        "outcome": "change_of_post", "position": "cs-director", "reason": "调岗"}, content_type="application/json",
        **{**api(client, floor["hr"]), "HTTP_ACCEPT_LANGUAGE": "zh-hans"})
    assert in_chinese.json()["message"] == ("末位评估不能把 坐席18 调到客服总监：只能调到同级或更低职级、且框架中有从客服代表出发的"
                                            "降级或横向通路可达的岗位。")
    assert not TalentDecision.objects.exists()


def test_a_demotion_goes_down_the_framework_as_an_event_linked_to_its_decision(floor):
    review = failed_review(floor)
    person = review.employee
    person.level = floor["tl_level"]
    person.position = Position.objects.get(code="team-leader")
    person.save()
    decision = bottom_rank.decide_review(review, by=floor["hr"], outcome="demotion", reason="复评未达标",
                                         effective_date=AS_OF, today=AS_OF)
    event = EmploymentEvent.objects.get(decision_ref=decision.ref)
    assert (event.kind, event.to_level.code, event.to_position.code) == ("demotion", "mgmt-agent", "agent")
    assert decision.event == event


def test_one_outcome_per_review_a_second_decision_is_refused_409(floor):
    review = failed_review(floor)
    bottom_rank.decide_review(review, by=floor["hr"], outcome="keep", reason="再给一次机会", effective_date=AS_OF,
                              today=AS_OF)
    with pytest.raises(Conflict) as refused:  # a second page still showing the failed step
        bottom_rank.decide_review(review, by=floor["hr"], outcome="change_of_post", reason="调岗",
                                  position=Position.objects.get(code="paperwork-clerk"), effective_date=AS_OF,
                                  today=AS_OF)
    assert (refused.value.code, refused.value.status) == ("already_decided", 409)
    assert TalentDecision.objects.count() == 1 and not EmploymentEvent.objects.exclude(kind="hire").exists()
    log = TransitionLog.objects.filter(object_id=review.pk, content_type__model="bottomrankreview")
    assert list(log.values_list("transition", "source", "target")) == [
        ("fail_improvement", "improving", "failed"), ("decide", "failed", "decided")]


def test_the_database_holds_one_outcome_per_review(floor):
    review = failed_review(floor)
    decision = bottom_rank.decide_review(review, by=floor["hr"], outcome="keep", reason="x", effective_date=AS_OF,
                                         today=AS_OF)
    fields = {f.name: getattr(decision, f.name) for f in TalentDecision._meta.concrete_fields if f.name != "id"}
    with pytest.raises(IntegrityError), transaction.atomic():
        TalentDecision.objects.create(**{**fields, "outcome": "demotion"})


def test_the_state_of_a_review_moves_only_by_its_transitions(floor):
    review = failed_review(floor)
    with pytest.raises(AttributeError):
        review.state = "improving"


def test_nobody_records_or_decides_their_own_bottom_rank_review(floor, client):
    review = failed_review(floor)
    own = UserFactory(username="own-manager", role=Role.CENTER_MANAGER, employee=review.employee)
    own.centers.add(floor["center"])
    client.force_login(own)
    page = client.post(f"/talent/reviews/{review.pk}/decide/", {"outcome": "keep", "reason": "我自己"},
                       HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 403
    answer = Client(enforce_csrf_checks=True).post(f"/api/v1/talent/reviews/{review.pk}/decision", {
        "outcome": "keep", "reason": "我自己"}, content_type="application/json", **api(client, own))
    assert answer.status_code == 403 and answer.json()["code"] == "self_decision"
    assert not TalentDecision.objects.exists()


def test_the_re_assessment_date_is_a_setting_and_an_input_of_the_step(floor, client, settings):
    settings.TALENT_REASSESS_MONTHS = 2
    review = bottom_rank.open_reviews(floor["center"], by=floor["hr"], training=floor["course"],
                                      as_of=AS_OF)["opened"][0]
    assert review.reassess_on == add_months(AS_OF, 2)
    BottomRankReview.objects.all().delete()
    client.force_login(floor["hr"])
    no = floor["people"][18].employee_no  # the page sets each person's plan (tests/talent/test_improvement_plans.py)
    client.post("/talent/reviews/open/", {"center": "sz", "confirm": "yes", "people": [no], f"training-{no}": "improve",
                                          f"goal-{no}": "达标", f"reassess_on-{no}": "2027-04-30"})
    assert BottomRankReview.objects.get().reassess_on == datetime.date(2027, 4, 30)
    BottomRankReview.objects.all().delete()
    opened = Client(enforce_csrf_checks=True).post("/api/v1/talent/reviews", {
        "center": "sz", "training": "improve", "reassess_on": "2027-05-31"}, content_type="application/json",
        **api(client, floor["hr"]))
    assert opened.status_code == 201 and opened.json()["opened"][0]["reassess_on"] == "2027-05-31"
    past = Client(enforce_csrf_checks=True).post("/api/v1/talent/reviews", {
        "center": "sz", "training": "improve", "reassess_on": "2020-01-01"}, content_type="application/json",
        **api(client, floor["hr"]))
    assert past.status_code == 422 and past.json()["code"] == "reassessment_date_past"


def test_an_integration_drives_a_review_from_result_to_decision(floor, client):
    review = bottom_rank.open_reviews(floor["center"], by=floor["hr"], training=floor["course"],
                                      as_of=AS_OF)["opened"][0]
    auth, http = api(client, floor["hr"]), Client(enforce_csrf_checks=True)
    early = http.post(f"/api/v1/talent/reviews/{review.pk}/result", {"passed": False, "note": "未达标"},
                      content_type="application/json", **auth)
    assert early.status_code == 422 and early.json()["code"] == "reassessment_not_due"
    BottomRankReview.objects.filter(pk=review.pk).update(reassess_on=datetime.date(2026, 1, 1))
    recorded = http.post(f"/api/v1/talent/reviews/{review.pk}/result", {"passed": False, "note": "培训后复评未达标"},
                         content_type="application/json", **auth)
    assert recorded.status_code == 200 and recorded.json()["state"] == "failed"
    decided = http.post(f"/api/v1/talent/reviews/{review.pk}/decision", {
        "outcome": "change_of_post", "position": "paperwork-clerk", "reason": "调至文书岗"},
        content_type="application/json", **auth)
    assert decided.status_code == 201
    assert (decided.json()["move_kind"], decided.json()["to_position"]) == ("lateral", "paperwork-clerk")
    again = http.post(f"/api/v1/talent/reviews/{review.pk}/decision", {"outcome": "keep", "reason": "x"},
                      content_type="application/json", **auth)
    assert again.status_code == 409 and again.json()["code"] == "already_decided"
    body = http.get(f"/api/v1/talent/reviews/{review.pk}", **auth).json()
    assert body["state"] == "decided" and body["decision"]["outcome"] == "change_of_post"


def _in_parallel(count, post):
    """`count` threads released together by a barrier, each sending `post()`; their answers."""
    barrier, answers = threading.Barrier(count), []

    def run():
        try:
            barrier.wait(10)
            answers.append(post())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return answers


@pytest.mark.django_db(transaction=True)
def test_eight_parallel_decide_posts_on_one_review_make_one_decision_and_one_move(floor):
    """Issue 16: eight parallel decide posts on review 15 made 8 decisions and 8 move events."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the race is PostgreSQL's")
    review = failed_review(floor)

    def post():
        client = Client()
        client.force_login(floor["hr"])
        answer = client.post(f"/talent/reviews/{review.pk}/decide/", {
            "outcome": "change_of_post", "position": "paperwork-clerk", "reason": "调至文书岗"},
            HTTP_ACCEPT_LANGUAGE="en")
        return answer.status_code, "The review of 坐席18 is already decided." in answer.content.decode()

    answers = sorted(_in_parallel(8, post))
    assert answers == [(302, False)] + [(409, True)] * 7  # the others see the message, answered 409 as by the API
    assert TalentDecision.objects.filter(review=review).count() == 1
    assert EmploymentEvent.objects.filter(decision_ref__startswith="talent-decision:").count() == 1


@pytest.mark.django_db(transaction=True)
def test_eight_parallel_api_decisions_one_wins_the_others_409_already_decided(floor):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the race is PostgreSQL's")
    review = failed_review(floor)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(floor['hr'])[1]}"}

    def post():
        answer = Client(enforce_csrf_checks=True).post(f"/api/v1/talent/reviews/{review.pk}/decision", {
            "outcome": "change_of_post", "position": "paperwork-clerk", "reason": "调至文书岗"},
            content_type="application/json", **auth)
        return answer.status_code, answer.json().get("code")

    answers = sorted(_in_parallel(8, post), key=lambda a: a[0])
    assert answers == [(201, None)] + [(409, "already_decided")] * 7
    assert TalentDecision.objects.filter(review=review).count() == 1
    assert EmploymentEvent.objects.filter(decision_ref__startswith="talent-decision:").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_pass_and_a_fail_recorded_together_one_stands_the_other_409(floor):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the race is PostgreSQL's")
    review = bottom_rank.open_reviews(floor["center"], by=floor["hr"], training=floor["course"],
                                      as_of=AS_OF)["opened"][0]
    BottomRankReview.objects.filter(pk=review.pk).update(reassess_on=datetime.date(2026, 1, 1))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(floor['hr'])[1]}"}
    results = iter([True, False])

    def post():
        answer = Client(enforce_csrf_checks=True).post(f"/api/v1/talent/reviews/{review.pk}/result", {
            "passed": next(results), "note": "复评"}, content_type="application/json", **auth)
        return answer.status_code, answer.json().get("code")

    answers = sorted(_in_parallel(2, post), key=lambda a: a[0])
    assert answers == [(200, None), (409, "already_recorded")]
    assert TransitionLog.objects.filter(object_id=review.pk, content_type__model="bottomrankreview").count() == 1


def _failed_reviews(floor, people):
    for person in people:
        BottomRankReview.objects.create(employee=person, center=floor["center"], quarters="2026Q2,2026Q3",
                                        share="0.10", state="failed", training=floor["course"],
                                        reassess_on=datetime.date(2026, 1, 1), opened_by=floor["hr"],
                                        opened_on=datetime.date(2025, 10, 1), result_note="未达标")


def test_the_review_page_reads_the_same_number_of_queries_for_two_or_twelve_failed_steps(floor, client):
    client.force_login(floor["hr"])
    _failed_reviews(floor, floor["people"][:2])
    with CaptureQueriesContext(connection) as few:
        assert client.get("/talent/reviews/").status_code == 200
    _failed_reviews(floor, floor["people"][2:12])
    with CaptureQueriesContext(connection) as many:
        page = client.get("/talent/reviews/")
    assert page.content.decode().count('name="position"') == 12
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_later_run_opens_no_second_step_for_someone_whose_step_is_under_way(floor):
    first = bottom_rank.open_reviews(floor["center"], by=floor["hr"], training=floor["course"], as_of=AS_OF)
    q4 = last_quarters(datetime.date(2027, 2, 20), 1)[0]  # 2026Q4 ranked as 2026Q3 was
    KpiResult.objects.bulk_create([KpiResult(**{**{f.attname: getattr(r, f.attname) for f in KpiResult._meta.concrete_fields
                                                   if f.attname != "id"}, "period": q4.code, "period_start": q4.start})
                                   for r in KpiResult.objects.filter(period="2026Q3")])
    later = bottom_rank.open_reviews(floor["center"], by=floor["hr"], training=floor["course"],
                                     as_of=datetime.date(2027, 2, 20))  # 2026Q3 and 2026Q4: the same people
    assert [r.employee.name for r in first["opened"]] == ["坐席18"]
    assert later["opened"] == [] and [p.name for p in later["under_way"]] == ["坐席18"]
    assert BottomRankReview.objects.count() == 1


def test_the_review_of_someone_who_has_left_is_not_decided(floor):
    review = failed_review(floor)
    record_exit(review.employee, effective_date=AS_OF, cause="resigned", today=AS_OF)
    with translation.override("en"), pytest.raises(Conflict, match="has left") as refused:
        bottom_rank.decide_review(review, by=floor["hr"], outcome="keep", reason="x", effective_date=AS_OF,
                                  today=AS_OF)
    assert refused.value.code == "employee_left" and not TalentDecision.objects.exists()
