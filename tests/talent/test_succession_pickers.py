"""Succession pickers a committee cannot misread (issue 19): every position named by title, family, level and
center, no two options alike in any picker of the succession, round and nominate pages; nothing pre-selected;
readiness chosen; a person whose level has no path to the position refused unless the note says why."""
import datetime
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import timezone

from agentpath.accounts.models import ApiToken, Role
from agentpath.careers.models import Level, Position
from agentpath.talent import rounds
from agentpath.talent.models import SuccessionCandidate
from tests.factories import CenterFactory, EmployeeFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


class Selects(HTMLParser):
    """Every <select> of a page: its name, its options (value, label) and which are selected."""

    def __init__(self):
        super().__init__()
        self.selects, self._option = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self.selects.append({"name": attrs.get("name"), "options": [], "selected": []})
        elif tag == "option" and self.selects:
            self._option = {"value": attrs.get("value"), "label": ""}
            if "selected" in attrs:
                self.selects[-1]["selected"].append(attrs.get("value"))

    def handle_data(self, data):
        if self._option is not None:
            self._option["label"] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            self._option["label"] = " ".join(self._option["label"].split())
            self.selects[-1]["options"].append(self._option)
            self._option = None


def selects_of(html: str) -> list[dict]:
    parser = Selects()
    parser.feed(html)
    return parser.selects


@pytest.fixture
def bench(framework):
    center = CenterFactory(code="sz", name="深圳中心")
    team = TeamFactory(center=center, name="A组")
    leader = EmployeeFactory(center=center, team=team, name="组长甲", level=Level.objects.get(code="mgmt-tl"))
    team.leader = leader
    team.save()
    users = {"manager": UserFactory(username="manager", role=Role.CENTER_MANAGER),
             "hr": UserFactory(username="hr", role=Role.HR_ADMIN),
             "leader": UserFactory(username="leader", role=Role.TEAM_LEADER, employee=leader)}
    users["manager"].centers.add(center)
    agent = EmployeeFactory(center=center, team=team, name="候补甲", hire_date=datetime.date(2025, 6, 1))
    director = EmployeeFactory(center=center, team=team, name="总监乙", level=Level.objects.get(code="mgmt-director"),
                               position=Position.objects.get(code="cs-director"))
    return {"center": center, "users": users, "agent": agent, "director": director}


def _assert_unique_labels(html: str, page: str) -> int:
    checked = 0
    for select in selects_of(html):
        labels = [o["label"] for o in select["options"]]
        twice = sorted({label for label in labels if labels.count(label) > 1})
        assert not twice, f"{page}: <select name={select['name']}> lists {twice} more than once"
        checked += 1
    return checked


def test_no_two_options_share_a_label_in_any_picker_of_the_succession_round_and_nominate_pages(bench, client):
    client.force_login(bench["users"]["hr"])
    rnd = rounds.open_round(center=bench["center"], period="2026Q4", effective_date=TODAY,
                            quotas={Level.objects.get(code="mgmt-tl"): 1}, by=bench["users"]["hr"], today=TODAY)
    pages = {"succession": client.get("/talent/succession/?center=sz").content.decode()}
    client.force_login(bench["users"]["manager"])  # a nominator: the round page shows the nomination form
    pages["round"] = client.get(f"/talent/rounds/{rnd.pk}/").content.decode()
    client.force_login(bench["users"]["leader"])
    pages["nominate"] = client.get(f"/path/{bench['agent'].employee_no}/").content.decode()
    assert 'id="nominate"' in pages["nominate"] and 'id="nominate"' in pages["round"]
    counted = {name: _assert_unique_labels(html, name) for name, html in pages.items()}
    assert all(counted.values()), counted  # each page has pickers to walk
    positions = next(s for s in selects_of(pages["succession"]) if s["name"] == "position")
    assert len(positions["options"]) - 1 == Position.objects.filter(is_key=True).count()


def test_a_key_position_is_named_by_title_family_level_and_center(bench, client):
    client.force_login(bench["users"]["manager"])
    picker = next(s for s in selects_of(client.get("/talent/succession/?center=sz").content.decode())
                  if s["name"] == "position")
    label = next(o["label"] for o in picker["options"] if o["value"] == "team-leader")
    assert label == "客服组长 · 客服 · 组长/领班 · 深圳中心"


def test_the_add_form_pre_selects_nothing(bench, client):
    client.force_login(bench["users"]["manager"])
    form = client.get("/talent/succession/?center=sz").content.decode().split('id="add-to-bench"')[1] \
        .split("</form>")[0]
    for select in selects_of(form):
        assert select["selected"] == [""], select["name"]
        assert select["options"][0]["value"] == ""


def test_readiness_is_chosen_never_defaulted(bench, client):
    client.force_login(bench["users"]["manager"])
    response = client.post("/talent/succession/add/", {"center": "sz", "position": "team-leader",
                                                       "employee": bench["agent"].employee_no, "readiness": ""})
    assert response.status_code == 422 and "请选择" in response.content.decode()
    assert not SuccessionCandidate.objects.exists()
    http = Client(enforce_csrf_checks=True)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(bench['users']['manager'])[1]}"}
    missing = http.post("/api/v1/talent/succession/sz/candidates",
                        {"position": "team-leader", "employee_no": bench["agent"].employee_no},
                        content_type="application/json", **auth)
    assert missing.status_code == 422 and not SuccessionCandidate.objects.exists()


def test_a_director_with_no_path_to_deputy_manager_is_refused_on_the_page_unless_the_note_says_why(bench, client):
    client.force_login(bench["users"]["manager"])
    form = {"center": "sz", "position": "cola-deputy-cs", "employee": bench["director"].employee_no,
            "readiness": "now"}
    refused = client.post("/talent/succession/add/", form)
    page = refused.content.decode()
    assert refused.status_code == 422 and "没有从" in page and "总监乙" in page
    assert 'value="cola-deputy-cs" selected' in page  # the form keeps what was chosen
    assert not SuccessionCandidate.objects.exists()
    added = client.post("/talent/succession/add/", {**form, "note": "轮岗学习副理职责"}, follow=True)
    assert "总监乙" in added.content.decode() and "已加入" in added.content.decode()
    assert SuccessionCandidate.objects.get().note == "轮岗学习副理职责"


def test_the_api_refuses_a_candidate_with_no_path_with_the_same_code(bench):
    http = Client(enforce_csrf_checks=True)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(bench['users']['manager'])[1]}"}
    body = {"position": "cola-deputy-cs", "employee_no": bench["director"].employee_no, "readiness": "now"}
    refused = http.post("/api/v1/talent/succession/sz/candidates", body, content_type="application/json", **auth)
    assert refused.status_code == 422 and refused.json()["code"] == "no_path_to_position"
    assert refused.json()["errors"][0]["field"] == "note"
    added = http.post("/api/v1/talent/succession/sz/candidates", {**body, "note": "轮岗学习副理职责"},
                      content_type="application/json", **auth)
    assert added.status_code == 201


def test_an_agent_has_a_path_to_a_team_leader_bench_and_needs_no_note(bench, client):
    client.force_login(bench["users"]["manager"])
    client.post("/talent/succession/add/", {"center": "sz", "position": "team-leader",
                                            "employee": bench["agent"].employee_no, "readiness": "12-24"})
    assert SuccessionCandidate.objects.get().employee == bench["agent"]
