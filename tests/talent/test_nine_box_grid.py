"""The 9-box as a calibration grid (issue 19): each box named once with its count and share against the guide,
people as chips opening their card, a move by pick with its reason answered with a message and listed with
who and why, filters by team and family, and an XLSX export (formula-safe)."""
import io
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from agentpath.talent import nine_box
from agentpath.talent.models import Placement
from tests.factories import TeamFactory
from tests.talent.test_nine_box import QUARTER, floor  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


class Boxes(HTMLParser):
    """Each box of the grid: its name, the count line and the chips' employee numbers."""

    def __init__(self):
        super().__init__()
        self.boxes, self._in = {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and "data-box" in attrs:
            self._box = attrs["data-box"]
            self.boxes[self._box] = {"name": "", "count": "", "chips": []}
        elif tag == "strong" and "box-name" in (attrs.get("class") or ""):
            self._in = "name"
        elif tag == "span" and attrs.get("data-testid") == "count":
            self._in = "count"
        elif tag == "details" and "data-employee" in attrs:
            self.boxes[self._box]["chips"].append(attrs["data-employee"])

    def handle_data(self, data):
        if self._in:
            self.boxes[self._box][self._in] += data.strip()

    def handle_endtag(self, tag):
        if tag in ("strong", "span"):
            self._in = None


def boxes_of(html: str) -> dict:
    parser = Boxes()
    parser.feed(html)
    return parser.boxes


@pytest.fixture
def review(floor):  # noqa: F811
    return nine_box.open_review(center=floor["center"], period=QUARTER.code, by=floor["hr"])


def test_each_box_is_named_once_with_its_count_and_share_of_the_rated(floor, review, client):  # noqa: F811
    # hand-built: 员工0 (P0, potential 1) low/low; 员工1 (P25, 3) low/medium... as placed; 员工3 moved to 33
    client.force_login(floor["manager"])
    boxes = boxes_of(client.get(f"/talent/nine-box/{review.pk}/").content.decode())
    assert len(boxes) == 9 and len({b["name"] for b in boxes.values()}) == 9
    placed = {p.employee.employee_no: f"{p.performance}{p.potential}"
              for p in Placement.objects.filter(review=review, too_new=False).select_related("employee")}
    for code, box in boxes.items():
        here = sorted(no for no, at in placed.items() if at == code)
        assert sorted(box["chips"]) == here
        assert box["count"] == f"{len(here)} · {round(100 * len(here) / 4)}%"
    assert boxes["33"]["name"] == "明星" and boxes["11"]["name"] == "待改进"


def test_a_chip_opens_the_card_with_kpi_trend_fit_potential_rating_and_rater_and_the_path(floor, review, client):  # noqa: F811
    client.force_login(floor["manager"])
    page = client.get(f"/talent/nine-box/{review.pk}/").content.decode()
    who = floor["people"][3]
    card = page.split(f'<details class="chip" data-employee="{who.employee_no}">')[1].split("</details>")[0]
    assert f"{QUARTER.code} P75" in card and "5/5 · hr" in card and f"/path/{who.employee_no}/" in card
    assert "岗位匹配度:</span> —" in card  # never assessed by a supervisor: no fit, not "0 %"


def test_a_move_by_pick_needs_a_reason_answers_with_a_message_and_is_listed_with_who_and_why(floor, review, client):  # noqa: F811
    client.force_login(floor["manager"])
    who = floor["people"][0]
    refused = client.post(f"/talent/nine-box/{review.pk}/move/", {"employee": who.employee_no, "box": "22"})
    assert refused.status_code == 422 and "必须填写书面理由" in refused.content.decode()
    moved = client.post(f"/talent/nine-box/{review.pk}/move/", {"employee": who.employee_no, "box": "22",
                                                                "reason": "新业务线表现突出"}, follow=True)
    page = moved.content.decode()
    assert "员工0 已从 待改进 调整到 中坚力量" in page
    line = page.split('<ol id="moves"')[1].split("</ol>")[0]
    assert "员工0" in line and "待改进 → 中坚力量" in line and "manager" in line and "新业务线表现突出" in line
    assert placement_box(review, who) == "22"


def placement_box(review, employee) -> str:
    p = Placement.objects.get(review=review, employee=employee)
    return f"{p.performance}{p.potential}"


def test_the_grid_filters_by_team_and_by_family(floor, review, client):  # noqa: F811
    other = TeamFactory(center=floor["center"], name="B组")
    moved = floor["people"][3]
    moved.team = other
    moved.save()
    client.force_login(floor["manager"])
    page = client.get(f"/talent/nine-box/{review.pk}/?team={other.code}").content.decode()
    chips = [no for box in boxes_of(page).values() for no in box["chips"]]
    assert chips == [moved.employee_no]
    none = client.get(f"/talent/nine-box/{review.pk}/?family=billing").content.decode()
    assert not [no for box in boxes_of(none).values() for no in box["chips"]]


def test_the_export_lists_every_placement_with_its_boxes_and_moves_formula_safe(floor, review, client):  # noqa: F811
    hostile = floor["people"][1]
    hostile.name = "=HYPERLINK(\"http://x\")"
    hostile.save()
    client.force_login(floor["manager"])
    client.post(f"/talent/nine-box/{review.pk}/move/", {"employee": floor["people"][0].employee_no, "box": "22",
                                                        "reason": "=1+1"})
    response = client.get(f"/talent/nine-box/{review.pk}/export/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert list(rows[0]) == ["工号", "姓名", "团队", "职位", "职族", "KPI 百分位", "潜力评级", "计算所得格", "校准后格",
                             "会上的调整"]
    by_no = {r[0]: r for r in rows[1:]}
    assert len(by_no) == 5  # four rated and the newcomer
    assert by_no[hostile.employee_no][1] == "'=HYPERLINK(\"http://x\")"  # never a formula
    moved = by_no[floor["people"][0].employee_no]
    assert moved[8] == "中坚力量" and "manager" in moved[9] and "=1+1" in moved[9]
    assert not any(str(c).startswith("=") for r in rows for c in r if c is not None)
