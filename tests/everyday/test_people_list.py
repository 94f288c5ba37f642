"""The people list: opens on active staff, status is a filter, sorts by its columns, pages with a size and a jump,
and exports exactly what it shows to an XLSX with a frozen header and an auto-filter."""
import io

import pytest
from openpyxl import load_workbook

from agentpath.accounts.models import Role
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def numbers_in(html: str) -> list[str]:
    body = html[html.index('id="employee-table"'):]
    body = body[body.index("<tbody"):body.index("</tbody>")]
    return [chunk.split('">', 1)[1].split("<", 1)[0] for chunk in body.split('href="/people/')[1:]]


def test_people_list_opens_on_active_staff_and_status_is_a_filter(client, org, team):
    client.force_login(org.users[Role.TEAM_LEADER])
    html = client.get("/people/", **ZH).content.decode()
    assert "离职老王" not in html and "新人小李" in html
    everyone = client.get("/people/?status=all", **ZH).content.decode()
    assert "离职老王" in everyone
    exited = client.get("/people/?status=exited", **ZH).content.decode()
    assert "离职老王" in exited and "新人小李" not in exited
    assert team["leaver"].exit_date.isoformat() in exited  # the exit date is a column


def test_team_list_sorts_by_months_in_level(client, org, team):
    client.force_login(org.users[Role.TEAM_LEADER])
    newest_first = numbers_in(client.get("/people/?sort=months_in_level", **ZH).content.decode())
    assert newest_first[0] == team["close"].employee_no  # three months in level: the fewest
    longest_first = numbers_in(client.get("/people/?sort=-months_in_level", **ZH).content.decode())
    assert longest_first[-1] == team["close"].employee_no


def test_people_list_pages_with_a_chosen_size_and_a_jump(client, org):
    EmployeeFactory.create_batch(30, center=org.centers[0], team=org.teams[1])
    client.force_login(org.users[Role.CENTER_MANAGER])
    html = client.get("/people/?per_page=25&page=2", **ZH).content.decode()
    assert "第 2 页,共 2 页" in html and 'name="per_page"' in html and 'id="jump-page"' in html
    assert len(numbers_in(html)) == 38 - 25


def test_export_is_what_the_list_shows_with_frozen_header_autofilter_and_masked_phone(client, org, team):
    client.force_login(org.users[Role.TEAM_LEADER])
    response = client.get("/people/export.xlsx?sort=-months_in_level", **ZH)
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    names = [r[1] for r in rows[1:]]
    assert "离职老王" not in names and names[-1] == "新人小李"  # active only, in the list's order
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{len(rows)}"
    assert ws.column_dimensions["B"].width >= 10
    phone = rows[0].index("手机")
    leader = org.leaders["sz-a"].employee_no
    assert {r[phone] for r in rows[1:] if r[0] != leader} == {"138******78"}  # masked as on screen
    assert next(r[phone] for r in rows[1:] if r[0] == leader) == "13812345678"  # everyone sees their own


def test_level_page_lists_its_people_with_the_same_sorting_paging_and_export(client, org, team):
    client.force_login(org.users[Role.TEAM_LEADER])
    html = client.get("/careers/levels/mgmt-agent/?sort=-months_in_level", **ZH).content.decode()
    people = html[html.index('id="level-people"'):]
    assert "新人小李" in people and "离职老王" not in people  # active by default
    assert numbers_in(people)[-1] == team["close"].employee_no and 'data-testid="pager"' in people
    assert 'href="/people/export.xlsx?level=mgmt-agent&amp;sort=-months_in_level"' in people
    exited = client.get("/careers/levels/mgmt-agent/?status=exited", **ZH).content.decode()
    assert "离职老王" in exited[exited.index('id="level-people"'):]
