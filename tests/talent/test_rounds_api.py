"""The promotion-round API: the same rules as the pages, every write with a bearer token through a live server."""
import json
import urllib.error
import urllib.request

import pytest

from agentpath.accounts.models import ApiToken
from agentpath.org.models import EmploymentEvent
from agentpath.talent.models import PromotionRound, RoundCandidate, TalentDecision

from .test_promotion_rounds import TODAY, ladder, people  # noqa: F401  (fixtures)


def call(server, key, method, path, body=None):
    request = urllib.request.Request(f"{server.url}/api/v1{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json",
                                              "Accept-Language": "en"})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def keys(transactional_db, people):  # noqa: F811
    return {name: ApiToken.issue(user)[1] for name, user in people["users"].items()}


def test_a_round_opened_decided_and_closed_through_the_api(live_server, keys, people):  # noqa: F811
    server = live_server
    status, body = call(server, keys["hr"], "POST", "/talent/rounds", {
        "center": "sz", "period": "2026Q4", "effective_date": TODAY.isoformat(), "quotas": {"ladder-2": 1}})
    assert status == 201, body
    assert body["state"] == "open" and body["actions"] == ["start_deciding", "cancel"]
    round_id = body["id"]
    status, body = call(server, keys["hr"], "POST", f"/talent/rounds/{round_id}/actions", {"action": "close"})
    assert status == 409 and body["code"] == "state_changed"
    assert body["message"].startswith("It is Open for nominations now, so “Close” no longer applies")
    assert call(server, keys["hr"], "POST", f"/talent/rounds/{round_id}/actions",
                {"action": "start_deciding"})[0] == 200
    status, detail = call(server, keys["hr"], "GET", f"/talent/rounds/{round_id}")
    assert [q["left"] for q in detail["quotas"] if q["level"] == "ladder-2"] == [1]
    veteran = next(c for c in detail["candidates"] if c["employee_no"] == people["veteran"].employee_no)
    second = next(c for c in detail["candidates"] if c["employee_no"] == people["second"].employee_no)
    assert veteran["eligible"] and veteran["requirements"][0]["actual"].startswith("13 / 6")
    # the whole round at once: over the quota, nothing is decided
    status, body = call(server, keys["hr"], "POST", f"/talent/rounds/{round_id}/decisions", {"decisions": [
        {"candidate_id": veteran["id"], "decision": "approve", "reason": "好"},
        {"candidate_id": second["id"], "decision": "approve", "reason": "也好"}]})
    assert status == 422 and body["code"] == "quota_full"
    assert body["errors"] == [{"code": "quota_full", "field": None, "line": 2,
                               "message": "第二人: the quota for Step two is full (1 slots)."}]
    assert not TalentDecision.objects.exists()
    status, body = call(server, keys["hr"], "POST", f"/talent/rounds/{round_id}/decisions", {"decisions": [
        {"candidate_id": veteran["id"], "decision": "approve", "reason": "好"},
        {"candidate_id": second["id"], "decision": "defer", "reason": "下轮"}]})
    assert status == 201 and [d["decision"] for d in body] == ["approve", "defer"]
    event = EmploymentEvent.objects.get(pk=body[0]["event_id"])
    assert event.to_level.code == "ladder-2" and event.decision_ref == f"talent-decision:{body[0]['id']}"
    # every candidate decided: the round closes without asking
    assert call(server, keys["hr"], "POST", f"/talent/rounds/{round_id}/actions",
                {"action": "close"})[1]["state"] == "closed"


def test_api_writes_are_refused_to_team_leaders_and_out_of_scope(live_server, keys, people, ladder):  # noqa: F811
    server = live_server
    status, body = call(server, keys["leader"], "POST", "/talent/rounds", {
        "center": "sz", "period": "2026Q4", "effective_date": TODAY.isoformat()})
    assert status == 403 and not PromotionRound.objects.exists()
    rnd = PromotionRound.objects.create(center=people["center"], period="2026Q4", effective_date=TODAY,
                                        opened_by=people["users"]["hr"])
    assert call(server, keys["leader"], "POST", f"/talent/rounds/{rnd.pk}/actions",
                {"action": "start_deciding"})[0] == 403
    assert call(server, keys["agent"], "GET", f"/talent/rounds/{rnd.pk}")[0] == 404
    candidate = RoundCandidate.objects.create(round=rnd, employee=people["veteran"], transition=ladder[2],
                                              source="eligible")
    assert call(server, keys["agent"], "POST", f"/talent/rounds/{rnd.pk}/decisions", {"decisions": [
        {"candidate_id": candidate.pk, "decision": "approve", "reason": "x"}]})[0] == 404


def test_nominations_and_recommendations_through_the_api_with_bearer_tokens(live_server, keys, people, ladder):  # noqa: F811
    """An integration nominates and recommends as the pages do (the same services), and the same refusals answer
    the same status and code as on the page."""
    server = live_server
    status, body = call(server, keys["hr"], "POST", "/talent/rounds", {
        "center": "sz", "period": "2026Q4", "effective_date": TODAY.isoformat(), "quotas": {"ladder-2": 1}})
    round_id = body["id"]
    status, body = call(server, keys["leader"], "POST", f"/talent/rounds/{round_id}/nominations", {
        "employee_no": people["newcomer"].employee_no, "to_level": "ladder-2", "reason": "带教新人表现突出"})
    assert status == 201, body
    assert (body["employee_no"], body["to_level"], body["nominated_by"]) == (
        people["newcomer"].employee_no, "ladder-2", "leader")
    status, body = call(server, keys["leader"], "POST", f"/talent/rounds/{round_id}/nominations", {
        "employee_no": people["second"].employee_no, "to_level": "ladder-2", "reason": "x"})
    assert status == 404  # not in the leader's team: as if nobody had that number
    nominee = RoundCandidate.objects.get(round_id=round_id, employee=people["newcomer"])
    status, body = call(server, keys["manager"], "POST", f"/talent/rounds/{round_id}/recommendations", {
        "candidate_id": nominee.pk, "recommendation": "support", "note": "同意"})
    assert status == 200 and (body["manager_recommendation"], body["manager_note"]) == ("support", "同意")
    status, body = call(server, keys["hr"], "POST", f"/talent/rounds/{round_id}/recommendations", {
        "candidate_id": nominee.pk, "recommendation": "support"})
    assert (status, body["code"]) == (403, "not_a_recommender")
    # from the path: the leader nominates the veteran for the ladder's promotion
    status, body = call(server, keys["leader"], "POST", f"/talent/employees/{people['veteran'].employee_no}/nominations",
                        {"transition_id": ladder[2].pk, "reason": "稳定达标"})
    assert status == 201 and body["reason"] == "稳定达标"
    status, body = call(server, keys["leader"], "POST", f"/talent/employees/{people['veteran'].employee_no}/nominations",
                        {"transition_id": ladder[2].pk, "reason": "再推一次"})
    assert (status, body["code"]) == (409, "already_nominated")


def test_quotas_set_by_hand_and_an_override_through_the_api_with_a_bearer_token(live_server, keys, people):  # noqa: F811
    server = live_server
    status, body = call(server, keys["hr"], "POST", "/talent/rounds", {
        "center": "sz", "period": "2026Q4", "effective_date": TODAY.isoformat(), "quotas": {"ladder-2": 1},
        "no_limit": {"mgmt-supervisor": ""}})
    assert (status, body["code"]) == (422, "quota_reason_required")
    status, body = call(server, keys["hr"], "POST", "/talent/rounds", {
        "center": "sz", "period": "2026Q4", "effective_date": TODAY.isoformat(), "quotas": {"ladder-2": 1},
        "no_limit": {"mgmt-supervisor": "全员竞聘"}})
    assert status == 201, body
    round_id = body["id"]
    status, body = call(server, keys["leader"], "POST", f"/talent/rounds/{round_id}/nominations", {
        "employee_no": people["newcomer"].employee_no, "to_level": "ladder-2", "reason": "投诉处理出色"})
    assert status == 201, body
    status, body = call(server, keys["leader"], "POST", f"/talent/rounds/{round_id}/quotas",
                        {"level": "ladder-2", "slots": 5, "reason": "组长想多要名额"})
    assert (status, body["code"]) == (403, "not_a_decider")
    status, body = call(server, keys["hr"], "POST", f"/talent/rounds/{round_id}/quotas",
                        {"level": "ladder-2", "slots": 3, "reason": "新开项目组"})
    assert status == 200 and (body["slots"], body["source"], body["reason"]) == (3, "manual", "新开项目组")
    assert call(server, keys["hr"], "POST", f"/talent/rounds/{round_id}/actions",
                {"action": "start_deciding"})[0] == 200
    status, detail = call(server, keys["hr"], "GET", f"/talent/rounds/{round_id}")
    history = [(h["level"], h["from_slots"], h["to_slots"], h["reason"]) for h in detail["quota_history"]
               if h["level"] == "ladder-2"]
    assert history == [("ladder-2", None, 1, "Set by hand"), ("ladder-2", 1, 3, "新开项目组")]
    supervisor = next(q for q in detail["quotas"] if q["level"] == "mgmt-supervisor")
    assert (supervisor["slots"], supervisor["left"], supervisor["reason"]) == (None, None, "全员竞聘")
    newcomer = next(c for c in detail["candidates"] if c["employee_no"] == people["newcomer"].employee_no)
    status, body = call(server, keys["hr"], "POST", f"/talent/rounds/{round_id}/decisions", {"decisions": [
        {"candidate_id": newcomer["id"], "decision": "approve", "reason": "潜力好"}]})
    assert (status, body["code"]) == (422, "override_reason_required")
    status, body = call(server, keys["hr"], "POST", f"/talent/rounds/{round_id}/decisions", {"decisions": [
        {"candidate_id": newcomer["id"], "decision": "approve", "reason": "潜力好", "override": True,
         "override_reason": "中心急需"}]})
    assert status == 201 and body[0]["override"] is True
    # the veteran and the second are undecided: closing asks first, naming them, then records them not decided
    status, body = call(server, keys["hr"], "POST", f"/talent/rounds/{round_id}/actions", {"action": "close"})
    assert (status, body["code"]) == (409, "undecided_candidates")
    assert sorted(e["message"] for e in body["errors"]) == sorted(
        f"{p.name} ({p.employee_no}) has no decision." for p in (people["veteran"], people["second"]))
    assert call(server, keys["hr"], "POST", f"/talent/rounds/{round_id}/actions",
                {"action": "close", "close_undecided": True})[1]["state"] == "closed"
    assert TalentDecision.objects.filter(outcome="not_decided").count() == 2
