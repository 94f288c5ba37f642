"""The career-anchor inventory: scoring by hand, the +4 rule, retakes, the radar page and HR's α."""
import re

import pytest

from agentpath.accounts.models import Role
from agentpath.development import anchors
from agentpath.development.models import AnchorTake
from agentpath.development.services import record_anchor_take
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# A hand-worked answer sheet. Technical items (1, 9, 17, 25, 33) rated 6, 5, 6, 4, 5; management items
# (2, 10, 18, 26, 34) rated 3, 3, 2, 2, 1; lifestyle item 8 rated 6; everything else 1. Most true: 1, 17, 2.
#   technical:  (6+4) + 5 + (6+4) + 4 + 5 = 34 -> 34 / 5 = 6.8
#   management: (3+4) + 3 + 2 + 2 + 1     = 15 -> 3.0
#   lifestyle:  6 + 1 + 1 + 1 + 1         = 10 -> 2.0
#   the other five anchors: 5 / 5 = 1.0
SHEET = {n: 1 for n in range(1, 41)} | {1: 6, 9: 5, 17: 6, 25: 4, 33: 5, 2: 3, 10: 3, 18: 2, 26: 2, 34: 1, 8: 6}
MOST_TRUE = [1, 17, 2]


def form_data(ratings, most_true):
    return {**{f"item_{n}": str(v) for n, v in ratings.items()}, "most_true": [str(n) for n in most_true]}


def test_items_are_forty_five_per_anchor_and_never_two_neighbours_of_one_anchor():
    assert len(anchors.ITEMS) == 40
    assert {a: sum(1 for i in anchors.ITEMS if i.anchor == a) for a in anchors.ANCHOR_ORDER} == \
        {a: 5 for a in anchors.ANCHOR_ORDER}
    assert all(anchors.ITEMS[k].anchor != anchors.ITEMS[k + 1].anchor for k in range(39))
    assert len({str(i.text) for i in anchors.ITEMS}) == 40


def test_hand_worked_sheet_scores_with_four_extra_points_for_the_three_most_true_items():
    scores = anchors.score_answers(SHEET, MOST_TRUE)
    assert scores["technical"] == 6.8
    assert scores["management"] == 3.0
    assert scores["lifestyle"] == 2.0
    assert {scores[a] for a in ("autonomy", "security", "entrepreneurial", "service", "challenge")} == {1.0}
    assert anchors.top_anchors(scores) == ["technical", "management", "lifestyle"]


def test_agent_takes_the_inventory_and_sees_the_radar_with_top_anchors_explained(org, client_for):
    agent = org.users[Role.AGENT]
    client = client_for(agent)
    page = client.get("/development/anchors/")
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count('name="most_true"') == 40
    response = client.post("/development/anchors/", form_data(SHEET, MOST_TRUE))
    assert response.status_code == 302
    profile = client.get(response["Location"]).content.decode()
    assert 'id="anchor-radar"' in profile
    assert re.search(r'data-anchor="technical"><th>[^<]+</th><td class="kpi-number">6.8<', profile)
    assert "技术/职能型" in profile  # the top anchor explained in Chinese
    assert "专家通道" in profile  # and the track to discuss


def test_picking_two_items_as_most_true_is_refused_with_the_count(org, client_for):
    agent = org.users[Role.AGENT]
    response = client_for(agent).post("/development/anchors/", form_data(SHEET, [1, 2]))
    assert response.status_code == 200
    assert "请恰好选出三项" in response.content.decode()
    assert not AnchorTake.objects.exists()


def test_retakes_are_kept_and_the_profile_shows_the_latest(org, client_for):
    agent = org.users[Role.AGENT]
    employee = agent.employee
    record_anchor_take(agent, employee, SHEET, MOST_TRUE)
    later = {n: 1 for n in range(1, 41)} | {6: 6, 14: 6, 22: 6, 30: 6, 38: 6}  # all service items 6
    record_anchor_take(agent, employee, later, [6, 14, 22])
    assert AnchorTake.objects.filter(employee=employee).count() == 2
    body = client_for(agent).get(f"/development/{employee.employee_no}/anchors/").content.decode()
    assert re.search(r'data-anchor="service"><th>[^<]+</th><td class="kpi-number">8.4<', body)  # (6*5+12)/5


def test_hr_sees_cronbachs_alpha_per_anchor_against_a_hand_computation(org, client_for):
    # Technical items over three sheets: [2,3,3,2,2], [4,4,5,4,3], [6,5,6,6,5]. Item variances 4, 1, 7/3, 4, 7/3
    # sum to 41/3; the sums 12, 20, 28 have variance 64; α = 5/4 · (1 - (41/3)/64) = 0.983.
    technical = [1, 9, 17, 25, 33]
    sheets = [[2, 3, 3, 2, 2], [4, 4, 5, 4, 3], [6, 5, 6, 6, 5]]
    people = [org.users[Role.AGENT]] + [UserFactory(role=Role.AGENT, employee=e) for e in org.agents["sz-a"][1:3]]
    for user, row in zip(people, sheets, strict=True):
        ratings = {n: 3 for n in range(1, 41)} | dict(zip(technical, row, strict=True))
        record_anchor_take(user, user.employee, ratings, [2, 3, 4])
    assert anchors.cronbach_alpha(sheets) == 0.983
    body = client_for(org.users[Role.HR_ADMIN]).get("/development/anchors/reliability/").content.decode()
    assert re.search(r'data-anchor="technical"><th>[^<]+</th><td class="kpi-number alpha">0.983</td><td>3</td>', body)
    assert client_for(org.users[Role.TEAM_LEADER]).get("/development/anchors/reliability/").status_code == 403  # as the API
