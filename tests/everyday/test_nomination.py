"""Team leaders nominate a member for a move from the member's path page, with a reason."""
import pytest

from agentpath.accounts.models import Role
from agentpath.careers.models import Transition
from agentpath.talent.models import Nomination

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def to_senior():
    return Transition.objects.get(from_level__code="mgmt-agent", to_level__code="pro-senior", from_position=None)


def test_team_leader_nominates_a_member_from_the_path_page(client, org):
    member = org.agents["sz-a"][1]
    client.force_login(org.users[Role.TEAM_LEADER])
    page = client.get(f"/path/{member.employee_no}/", **ZH).content.decode()
    assert 'id="nominate"' in page and "推荐晋升" in page
    response = client.post(f"/path/{member.employee_no}/nominate/",
                           {"transition": to_senior().pk, "reason": "连续两季度排名前 20%"}, follow=True, **ZH)
    assert "已推荐" in response.content.decode()
    nomination = Nomination.objects.get(employee=member)
    assert nomination.reason == "连续两季度排名前 20%" and nomination.nominated_by == org.users[Role.TEAM_LEADER]


def test_a_nomination_needs_a_reason_and_is_not_made_twice(client, org):
    member = org.agents["sz-a"][1]
    client.force_login(org.users[Role.TEAM_LEADER])
    url = f"/path/{member.employee_no}/nominate/"
    html = client.post(url, {"transition": to_senior().pk, "reason": "  "}, **ZH).content.decode()
    assert not Nomination.objects.exists() and "这个字段是必填项" in html
    client.post(url, {"transition": to_senior().pk, "reason": "好"}, **ZH)
    again = client.post(url, {"transition": to_senior().pk, "reason": "再推荐"}, **ZH).content.decode()
    assert Nomination.objects.count() == 1 and "已被推荐" in again


def test_agents_and_leaders_of_other_teams_cannot_nominate(client, org):
    member = org.agents["sz-a"][1]
    client.force_login(org.users[Role.AGENT])
    assert client.post(f"/path/{member.employee_no}/nominate/", {"transition": to_senior().pk, "reason": "x"}
                       ).status_code == 404
    assert 'id="nominate"' not in client.get("/me/path/").content.decode()
    client.force_login(org.users[Role.TEAM_LEADER])
    stranger = org.agents["sz-b"][0]
    assert client.post(f"/path/{stranger.employee_no}/nominate/", {"transition": to_senior().pk, "reason": "x"}
                       ).status_code == 404
    assert not Nomination.objects.exists()
