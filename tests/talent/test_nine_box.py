"""The 9-box review: placement from facts, moves with a reason, frozen once agreed, too new apart."""
import datetime
import io
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.utils import timezone, translation

from agentpath.accounts.models import ApiToken, Role
from agentpath.careers.models import Position
from agentpath.common.calendar import last_quarters
from agentpath.common.errors import Conflict, Invalid
from agentpath.common.models import TransitionLog
from agentpath.org.services import record_leave
from agentpath.performance.models import CompositeGroup, KpiResult
from agentpath.performance.services import load_default_scorecards
from agentpath.talent import nine_box
from agentpath.talent.models import Placement, PlacementMove, PotentialRating, TalentReview
from tests.factories import CenterFactory, EmployeeFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
QUARTER = last_quarters(TODAY, 1)[0]


@pytest.fixture
def floor(framework):
    """Four agents with over three years' tenure ranked 1–4 on business capability, each rated for potential
    1, 3, 3, 5; one newcomer (two months) apart."""
    load_default_scorecards()
    center = CenterFactory(code="sz", name="深圳中心")
    team = TeamFactory(center=center, name="A组")
    hr = UserFactory(username="hr", role=Role.HR_ADMIN)
    manager = UserFactory(username="manager", role=Role.CENTER_MANAGER)
    manager.centers.add(center)
    group = CompositeGroup.objects.get(scorecard__position__code="agent", code=CompositeGroup.BUSINESS)
    people = []
    for i, (composite, potential) in enumerate([(60, 1), (70, 3), (80, 3), (90, 5)]):
        person = EmployeeFactory(center=center, team=team, name=f"员工{i}", hire_date=datetime.date(2020, 1, 1))
        KpiResult.objects.create(employee=person, period_kind="quarter", period=QUARTER.code,
                                 period_start=QUARTER.start, group=group, group_code=group.code,
                                 position=person.position, center=center, composite=composite, rank=4 - i,
                                 peer_size=4, percentile=25 * i)
        PotentialRating.objects.create(employee=person, period=QUARTER.code, rating=potential, rated_by=hr,
                                       rated_on=TODAY - datetime.timedelta(days=5))
        people.append(person)
    newcomer = EmployeeFactory(center=center, team=team, name="新人", hire_date=TODAY - datetime.timedelta(days=60))
    return {"center": center, "people": people, "newcomer": newcomer, "hr": hr, "manager": manager}


def placement(review, employee):
    return Placement.objects.get(review=review, employee=employee)


def test_people_are_placed_by_percentile_in_position_and_tenure_band_and_potential(floor):
    review = nine_box.open_review(center=floor["center"], period=QUARTER.code, by=floor["manager"])
    boxes = [(placement(review, p).kpi_percentile, placement(review, p).performance, placement(review, p).potential)
             for p in floor["people"]]
    assert boxes == [(0.0, 1, 1), (33.3, 1, 2), (66.7, 2, 2), (100.0, 3, 3)]
    assert nine_box.BOX_ACTIONS[(3, 3)] == "promote" and nine_box.BOX_ACTIONS[(1, 1)] == "improvement_plan"


def test_staff_under_the_minimum_tenure_are_too_new_to_rate_and_shown_apart(floor, client):
    review = nine_box.open_review(center=floor["center"], period=QUARTER.code, by=floor["manager"])
    new = placement(review, floor["newcomer"])
    assert new.too_new and new.performance is None
    client.force_login(floor["manager"])
    page = client.get(f"/talent/nine-box/{review.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    too_new = page.split('data-testid="too-new">')[1].split("</p>")[0]
    assert "新人" in too_new
    grid = page.split('id="grid"')[1].split("</table>")[0]
    assert f'data-employee="{floor["newcomer"].employee_no}"' not in grid


def test_a_manager_moves_a_person_only_with_a_written_reason_and_the_move_is_kept(floor, client):
    review = nine_box.open_review(center=floor["center"], period=QUARTER.code, by=floor["manager"])
    client.force_login(floor["manager"])
    who = floor["people"][1]
    page = client.post(f"/talent/nine-box/{review.pk}/move/", {"employee": who.employee_no, "box": "23",
                                                               "reason": ""}, follow=True, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Moving a person to another box needs a written reason." in page
    client.post(f"/talent/nine-box/{review.pk}/move/", {"employee": who.employee_no, "box": "23",
                                                        "reason": "跨组支援表现突出"})
    moved = placement(review, who)
    assert (moved.performance, moved.potential, moved.computed_performance) == (2, 3, 1)
    page = client.get(f"/talent/nine-box/{review.pk}/").content.decode()
    assert "跨组支援表现突出" in page
    assert f'data-employee="{who.employee_no}"' in page.split('data-box="23"')[1].split("</td>")[0]


def test_a_frozen_review_keeps_what_the_meeting_agreed_when_ratings_change_later(floor):
    review = nine_box.open_review(center=floor["center"], period=QUARTER.code, by=floor["manager"])
    nine_box.freeze(review, by=floor["manager"])
    PotentialRating.objects.filter(employee=floor["people"][0]).update(rating=5)
    assert (placement(review, floor["people"][0]).potential_rating, placement(review, floor["people"][0]).potential) \
        == (1, 1)
    with translation.override("en"), pytest.raises(Conflict, match="frozen"):
        nine_box.move_placement(placement(review, floor["people"][0]), by=floor["manager"], box="33", reason="x")
    assert TalentReview.objects.get().state == "frozen"


def test_risk_and_impact_of_loss_are_recorded_for_a_key_person(floor):
    review = nine_box.open_review(center=floor["center"], period=QUARTER.code, by=floor["manager"])
    star = nine_box.record_risk(placement(review, floor["people"][3]), by=floor["manager"], risk_of_loss="high",
                                impact_of_loss="high")
    assert (star.risk_of_loss, star.impact_of_loss) == ("high", "high")
    with pytest.raises(Invalid):
        nine_box.record_risk(star, by=floor["manager"], risk_of_loss="extreme", impact_of_loss="high")


def test_agents_and_other_centers_cannot_open_a_review(floor, client):
    review = nine_box.open_review(center=floor["center"], period=QUARTER.code, by=floor["manager"])
    client.force_login(UserFactory(username="agent", role=Role.AGENT))
    assert client.get(f"/talent/nine-box/{review.pk}/").status_code == 404
    other = UserFactory(username="gz", role=Role.CENTER_MANAGER)
    other.centers.add(CenterFactory(code="gz"))
    client.force_login(other)
    assert client.get(f"/talent/nine-box/{review.pk}/").status_code == 404


def test_the_api_moves_a_person_with_a_reason_and_reads_the_review_with_a_bearer_token(floor, client):
    review = nine_box.open_review(center=floor["center"], period=QUARTER.code, by=floor["manager"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(floor['manager'])[1]}", "HTTP_ACCEPT_LANGUAGE": "en"}
    who = floor["people"][1].employee_no
    url = f"/api/v1/talent/nine-box/{review.pk}/moves"
    refused = client.post(url, {"employee_no": who, "box": "23", "reason": " "},
                          content_type="application/json", **auth)
    assert refused.status_code == 422
    assert (refused.json()["code"], refused.json()["message"]) == (
        "reason_required", "Moving a person to another box needs a written reason.")
    assert client.post(url, {"employee_no": who, "box": "23", "reason": "跨组支援"},
                       content_type="application/json", **auth).status_code == 201
    body = client.get(f"/api/v1/talent/nine-box/{review.pk}", **auth).json()
    row = next(p for p in body["placements"] if p["employee_no"] == who)
    assert (row["performance"], row["potential"], row["action"], row["moves"][0]["reason"]) == (2, 3, "develop",
                                                                                               "跨组支援")


def test_the_api_moves_to_a_box_named_as_the_page_names_it_by_digits_or_by_code(floor):
    review = nine_box.open_review(center=floor["center"], period=QUARTER.code, by=floor["manager"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(floor['manager'])[1]}", "HTTP_ACCEPT_LANGUAGE": "en"}
    http, url = Client(enforce_csrf_checks=True), f"/api/v1/talent/nine-box/{review.pk}/moves"
    who = floor["people"][0].employee_no  # placed low / low (11)
    by_digits = http.post(url, {"employee_no": who, "box": "32", "reason": "季度末冲刺"},
                          content_type="application/json", **auth)
    assert by_digits.status_code == 201
    assert {k: by_digits.json()[k] for k in ("employee_no", "box", "box_code", "from_box", "to", "reason")} == {
        "employee_no": who, "box": "32", "box_code": "high_performer", "from_box": "11", "to": [3, 2],
        "reason": "季度末冲刺"}
    by_code = http.post(url, {"employee_no": who, "box": "core_player", "reason": "复核后回调"},
                        content_type="application/json", **auth)
    assert (by_code.status_code, by_code.json()["box"], by_code.json()["from_box"]) == (201, "22", "32")
    for wrong in ("44", "3", "superstar", ""):
        refused = http.post(url, {"employee_no": who, "box": wrong, "reason": "x"}, content_type="application/json",
                            **auth)
        assert (refused.status_code, refused.json()["code"]) == (422, "invalid_box"), wrong
    row = next(p for p in http.get(f"/api/v1/talent/nine-box/{review.pk}", **auth).json()["placements"]
               if p["employee_no"] == who)
    assert (row["box"], [m["box"] for m in row["moves"]]) == ("22", ["32", "22"])
    assert PlacementMove.objects.filter(placement__employee=floor["people"][0]).count() == 2


def test_the_quarter_s_reviews_of_every_center_open_at_once_each_among_its_own_peers(floor):
    """`agentpath talent open-reviews`: one pass for all centers; a second center's agents (lower composites)
    do not change the first center's percentiles; a second run is refused by name and opens nothing."""
    group = CompositeGroup.objects.get(scorecard__position__code="agent", code=CompositeGroup.BUSINESS)
    other = CenterFactory(code="gz", name="广州中心")
    team = TeamFactory(center=other, name="B组")
    for i, composite in enumerate([10, 20]):
        person = EmployeeFactory(center=other, team=team, name=f"广州{i}", hire_date=datetime.date(2020, 1, 1))
        KpiResult.objects.create(employee=person, period_kind="quarter", period=QUARTER.code,
                                 period_start=QUARTER.start, group=group, group_code=group.code,
                                 position=person.position, center=other, composite=composite, rank=2 - i,
                                 peer_size=2, percentile=100 * i)
    out = io.StringIO()
    with translation.override("zh-hans"):
        call_command("talent", "open-reviews", "--period", QUARTER.code, "--by", "hr", stdout=out)
    assert "深圳中心" in out.getvalue() and "广州中心" in out.getvalue() and "5 人" in out.getvalue()
    shenzhen = TalentReview.objects.get(center=floor["center"], period=QUARTER.code)
    assert [placement(shenzhen, p).kpi_percentile for p in floor["people"]] == [0.0, 33.3, 66.7, 100.0]
    guangzhou = TalentReview.objects.get(center=other, period=QUARTER.code)
    assert sorted(guangzhou.placements.values_list("kpi_percentile", flat=True)) == [0.0, 100.0]
    with translation.override("zh-hans"), pytest.raises(CommandError, match="已有 .* 的人才盘点"):
        call_command("talent", "open-reviews", "--period", QUARTER.code, "--by", "hr", stdout=io.StringIO())
    assert TalentReview.objects.count() == 2


def test_unpaid_long_leave_moves_a_person_into_a_shorter_tenure_band(floor):
    """Tenure is counted less unpaid long leave (org.leave): an agent hired 14 months before the quarter's review
    but away unpaid for 5 months is in the under-one-year band, ranked against the other newer agents, not
    against the long-serving four."""
    group = CompositeGroup.objects.get(scorecard__position__code="agent", code=CompositeGroup.BUSINESS)
    team = floor["people"][0].team
    hired = TODAY - datetime.timedelta(days=430)
    away, peer = (EmployeeFactory(center=floor["center"], team=team, name=name, hire_date=hired)
                  for name in ("休假者", "同期"))
    record_leave(away, kind="unpaid", start=hired + datetime.timedelta(days=60),
                 end=hired + datetime.timedelta(days=210))
    for person, composite in ((away, 95), (peer, 50)):
        KpiResult.objects.create(employee=person, period_kind="quarter", period=QUARTER.code,
                                 period_start=QUARTER.start, group=group, group_code=group.code,
                                 position=person.position, center=floor["center"], composite=composite, rank=1,
                                 peer_size=1, percentile=50)
    review = nine_box.open_review(center=floor["center"], period=QUARTER.code, by=floor["manager"])
    # without the leave both would be in the 1–3 years band (100 and 0); with it each is alone in their band, and
    # so read on their rank's own percentile (50 each), not against each other
    assert placement(review, away).kpi_percentile == 50.0 and placement(review, peer).kpi_percentile == 50.0
    assert [placement(review, p).kpi_percentile for p in floor["people"]] == [0.0, 33.3, 66.7, 100.0]


def test_freezing_is_a_transition_logged_once_a_second_freeze_is_refused_409(floor, client):
    review = nine_box.open_review(center=floor["center"], period=QUARTER.code, by=floor["manager"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(floor['manager'])[1]}"}
    http = Client(enforce_csrf_checks=True)
    first = http.post(f"/api/v1/talent/nine-box/{review.pk}/freeze", content_type="application/json", **auth)
    assert first.status_code == 200 and first.json()["state"] == "frozen"
    second = http.post(f"/api/v1/talent/nine-box/{review.pk}/freeze", content_type="application/json", **auth)
    assert second.status_code == 409 and second.json()["code"] == "state_changed"
    moved = http.post(f"/api/v1/talent/nine-box/{review.pk}/moves", {
        "employee_no": floor["people"][0].employee_no, "box": "33", "reason": "会后补调"},
        content_type="application/json", **auth)
    assert moved.status_code == 409 and moved.json()["code"] == "review_frozen"
    log = TransitionLog.objects.filter(object_id=review.pk, content_type__model="talentreview")
    assert list(log.values_list("transition", "source", "target", "by")) == [
        ("freeze", "open", "frozen", floor["manager"].pk)]


def test_nobody_moves_themselves_in_the_grid(floor, client):
    review = nine_box.open_review(center=floor["center"], period=QUARTER.code, by=floor["manager"])
    me = floor["people"][1]
    own = UserFactory(username="own-manager", role=Role.CENTER_MANAGER, employee=me)
    own.centers.add(floor["center"])
    client.force_login(own)
    page = client.post(f"/talent/nine-box/{review.pk}/move/", {"employee": me.employee_no, "box": "33", "reason": "我自己"})
    assert page.status_code == 403
    assert (placement(review, me).performance, placement(review, me).potential) == (1, 2)


def test_an_integration_opens_a_review_and_records_a_risk_of_loss(floor):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(floor['manager'])[1]}"}
    http = Client(enforce_csrf_checks=True)
    opened = http.post("/api/v1/talent/nine-box", {"center": "sz", "period": QUARTER.code},
                       content_type="application/json", **auth)
    assert opened.status_code == 201
    review_id = opened.json()["id"]
    risk = http.post(f"/api/v1/talent/nine-box/{review_id}/risks", {
        "employee_no": floor["people"][3].employee_no, "risk_of_loss": "high", "impact_of_loss": "high"},
        content_type="application/json", **auth)
    assert risk.status_code == 200
    assert (placement(review_id, floor["people"][3]).risk_of_loss, risk.json()["impact_of_loss"]) == ("high", "high")


@pytest.mark.django_db(transaction=True)
def test_two_freezes_sent_together_one_wins_the_other_409(floor):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the race is PostgreSQL's")
    review = nine_box.open_review(center=floor["center"], period=QUARTER.code, by=floor["manager"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(floor['manager'])[1]}"}
    barrier, answers = threading.Barrier(2), []

    def freeze():
        try:
            barrier.wait(10)
            answer = Client(enforce_csrf_checks=True).post(f"/api/v1/talent/nine-box/{review.pk}/freeze",
                                                           content_type="application/json", **auth)
            answers.append((answer.status_code, answer.json().get("code")))
        finally:
            connection.close()

    threads = [threading.Thread(target=freeze) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(answers, key=lambda a: a[0]) == [(200, None), (409, "state_changed")]
    assert TransitionLog.objects.filter(object_id=review.pk, transition="freeze").count() == 1


def test_team_leaders_and_qa_are_placed_from_their_own_familys_main_composite(floor, client):
    """A team leader's 团队绩效 and a QA officer's 质检工作 (their scorecards' first composite group) place them, not
    the agents' 业务能力; alone in their position and tenure band, the rank's own percentile (its peer group) is
    the one read."""
    center, hr = floor["center"], floor["hr"]
    placed = {}
    for position, group_code, composite, percentile in (("team-leader", "team", 72.0, 80.0),
                                                         ("qa-officer", "quality_work", 40.0, 20.0)):
        post = Position.objects.get(code=position)
        person = EmployeeFactory(center=center, position=post, level=post.level, name=position,
                                 hire_date=datetime.date(2020, 1, 1))
        for group in CompositeGroup.objects.filter(scorecard__position__code=position):  # every group ranked
            main = group.code == group_code
            KpiResult.objects.create(employee=person, period_kind="quarter", period=QUARTER.code,
                                     period_start=QUARTER.start, group=group, group_code=group.code,
                                     position=person.position, center=center, composite=composite if main else 1,
                                     rank=1, peer_size=5, percentile=percentile if main else 0)
        PotentialRating.objects.create(employee=person, period=QUARTER.code, rating=4, rated_by=hr,
                                       rated_on=TODAY - datetime.timedelta(days=5))
        placed[position] = person
    review = nine_box.open_review(center=center, period=QUARTER.code, by=floor["manager"])
    assert (placement(review, placed["team-leader"]).kpi_percentile,
            placement(review, placed["team-leader"]).performance) == (80.0, 3)
    assert (placement(review, placed["qa-officer"]).kpi_percentile,
            placement(review, placed["qa-officer"]).performance) == (20.0, 1)


def test_a_person_left_out_of_the_grid_is_listed_with_the_reason_and_the_fix(floor, client):
    center = floor["center"]
    clerk = EmployeeFactory(center=center, position=Position.objects.get(code="paperwork-clerk"),
                            level=Position.objects.get(code="paperwork-clerk").level, name="文书甲",
                            hire_date=datetime.date(2021, 1, 1))
    review = nine_box.open_review(center=center, period=QUARTER.code, by=floor["manager"])
    client.force_login(floor["manager"])
    page = client.get(f"/talent/nine-box/{review.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    listed = page.split('id="unplaced"')[1].split("</ul>")[0]
    assert (f'<li data-employee="{clerk.employee_no}">文书甲: {QUARTER.code} 没有 KPI 综合分：请导入该季度的 KPI 并'
            "重新计算排名; 没有潜力评定：请其上级进行潜力评定</li>") in listed
    assert "未评定" not in page
