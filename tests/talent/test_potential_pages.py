"""The supervisor's potential rating (9-box potential axis): rated on a page, every change kept, read by the 9-box."""
import re

import pytest

from agentpath.accounts.models import Role
from agentpath.talent import nine_box
from agentpath.talent.assessments import present_period
from agentpath.talent.models import Placement, PotentialRating
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def row(page, employee) -> str:
    return re.search(rf'<tr data-employee="{employee.employee_no}">(.*?)</tr>', page, re.S)[1]


def rate(client, employee, rating, period=None, note="", back="list"):
    return client.post(f"/talent/potential/{employee.employee_no}/", {
        "period": period or present_period(), "rating": str(rating), "note": note, "back": back})


def test_a_team_leader_rates_a_member_from_the_list_and_the_9_box_places_by_it(org, client):
    member = org.agents["sz-a"][1]
    client.force_login(org.users[Role.TEAM_LEADER])
    listing = client.get("/talent/potential/", **EN).content.decode()
    assert f'data-employee="{org.agents["sz-b"][0].employee_no}"' not in listing  # another team's agent
    assert re.search(r'data-testid="latest">—<', row(listing, member))
    response = rate(client, member, 4)
    assert response.status_code == 302 and response.url.startswith("/talent/potential/?period=")
    listing = client.get(response.url, **EN).content.decode()
    assert '<option value="4" title="Ready for the next level within one to two years" selected>' in row(listing, member)
    assert 'data-testid="latest">4<' in row(listing, member)
    review = nine_box.open_review(center=org.centers[0], period=present_period(), by=org.users[Role.HR_ADMIN])
    placed = Placement.objects.get(review=review, employee=member)
    assert (placed.potential_rating, placed.computed_potential) == (4, 3)  # cut-offs 3 and 4: high


def test_rating_a_quarter_again_changes_it_and_keeps_the_earlier_value(org, client):
    member = org.agents["sz-a"][1]
    client.force_login(org.users[Role.TEAM_LEADER])
    rate(client, member, 2, note="需要更多历练", back="")
    client.force_login(org.users[Role.CENTER_MANAGER])
    rate(client, member, 4, note="跨组支援表现突出", back="")
    page = client.get(f"/talent/potential/{member.employee_no}/", **EN).content.decode()
    history = page.split('id="rating-history"')[1]
    assert re.search(r'data-testid="rating">4</td>\s*<td>manager</td>', history)
    assert re.search(r"was 2</td>\s*<td>leader</td>.*需要更多历练", history, re.S)
    assert PotentialRating.objects.get(employee=member).history.count() == 2


@pytest.mark.parametrize("period,rating,message", [
    ("2026-07", 3, "A potential rating is given for a quarter, e.g. 2026Q3; 2026-07 is a month."),
    ("2099Q1", 3, "2099Q1 has not begun; choose the present or an earlier period."),
    (None, 6, "6 is not a potential rating; choose 1 to 5."),
    (None, "", "— is not a potential rating; choose 1 to 5.")])
def test_a_bad_rating_is_refused_with_what_is_accepted_and_nothing_is_stored(org, client, period, rating, message):
    client.force_login(org.users[Role.TEAM_LEADER])
    response = client.post(f"/talent/potential/{org.agents['sz-a'][1].employee_no}/",
                           {"period": period or present_period(), "rating": str(rating)}, **EN)
    assert response.status_code == 200 and message in response.content.decode()
    assert not PotentialRating.objects.exists()


def test_only_supervisors_rate_and_only_their_own_people(org, client):
    client.force_login(org.users[Role.AGENT])
    assert client.get("/talent/potential/").status_code == 403  # not a supervisor: refused, as by the API
    assert rate(client, org.agents["sz-a"][0], 5).status_code == 403  # not even themselves
    client.force_login(org.users[Role.TEAM_LEADER])
    assert rate(client, org.agents["gz-a"][0], 3).status_code == 404  # out of scope
    assert rate(client, org.leaders["sz-a"], 5).status_code == 403  # oneself: in scope, not theirs to rate
    assert not PotentialRating.objects.exists()


def test_the_list_takes_as_many_queries_for_ten_more_rated_people(org, client, queries):
    def ten_more_rated_agents():
        client.force_login(org.users[Role.TEAM_LEADER])
        for person in EmployeeFactory.create_batch(10, center=org.centers[0], team=org.teams[0]):
            assert rate(client, person, 4).status_code in (200, 302)
        client.force_login(org.users[Role.HR_ADMIN])

    client.force_login(org.users[Role.HR_ADMIN])
    queries.do_not_grow(queries.page(client, "/talent/potential/?center=sz"), grow=ten_more_rated_agents)
    page = client.get("/talent/potential/?center=sz").content.decode()
    assert page.count("<tr data-employee=") == 18
    assert PotentialRating.objects.count() == 10
