"""KPI page defects found by trying every page (issue 11): each drawn and written so a leader can read it."""
import datetime
import io
import json
import re

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from openpyxl import load_workbook

from agentpath.accounts.models import Role
from agentpath.performance.charts import composite_histogram
from agentpath.performance.demo_data import generate_demo_kpi
from agentpath.performance.models import KpiImport
from agentpath.performance.services import load_default_scorecards
from tests.factories import EmployeeFactory, build_org

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture(scope="module")
def kpi_module(django_db_setup, django_db_blocker):
    """The `org` people, 30 more agents in two teams and a year of their KPI with ranks: built once for the
    module, in a transaction rolled back after its last test; each test rolls back to it (kpi_data)."""
    fast_hasher = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast_hasher:
        org = build_org()
        load_default_scorecards()
        for team in org.teams[:2]:
            EmployeeFactory.create_batch(30, center=team.center, team=team)
        generate_demo_kpi(3, datetime.date.today())
        yield org
        transaction.set_rollback(True)


@pytest.fixture
def kpi_data(kpi_module, db):
    return kpi_module


def chart(html: str, element_id: str) -> dict:
    return json.loads(re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)[1])


def test_histogram_shows_the_composite_not_the_flat_percentiles(client, kpi_data):
    client.force_login(kpi_data.users[Role.TEAM_LEADER])
    html = client.get("/kpi/teams/sz-a/", **ZH).content.decode()
    data = chart(html, "kpi-distribution-data")
    assert "综合得分分布" in html
    counts = next(iter(data["series"].values()))
    assert sum(counts) == 33 and counts != [round(33 / 10)] * 10
    assert not data["bins"][0].startswith("0–10")  # bins span the observed composites, not 0–100 percentiles


def test_composite_histogram_bins_over_the_observed_range():
    data = composite_histogram({"业务": [60.0, 70.0, 70.0, 80.0]}, bins=4)
    assert data["series"] == {"业务": [1, 0, 2, 1]} and data["bins"][0] == "60.0–65.0"


def test_team_table_gives_rank_peer_group_and_percentile_their_own_cells(client, kpi_data):
    client.force_login(kpi_data.users[Role.TEAM_LEADER])
    html = client.get("/kpi/teams/sz-a/", **ZH).content.decode()
    table = html[html.index('data-testid="team-table"'):html.index("</table>")]
    table = table[table.index("<tbody"):]
    assert "·" not in re.sub(r'data-testid="peer-group">[^<]*', "", table)  # no "3/12 · 84" crammed cells
    peer = next(p for p in re.findall(r'data-testid="peer-group">([^<]*)<', table) if p != "—")
    assert "客服代表 · 深圳中心" in peer and "人" in peer  # which peer group the rank is within, and its size
    percentile = next(p for p in re.findall(r'data-testid="percentile">([^<]*)<', table) if p != "—")
    assert re.fullmatch(r"\d+\.\d", percentile)  # one format: one decimal, as everywhere


def test_percentile_has_one_format_on_the_persons_file(client, kpi_data):
    member = kpi_data.agents["sz-a"][0]
    client.force_login(kpi_data.users[Role.TEAM_LEADER])
    html = client.get(f"/kpi/employees/{member.employee_no}/", **ZH).content.decode()
    card = re.search(r'data-testid="latest-percentile-[a-z-]+">([\d.]+)<', html)
    assert card and re.fullmatch(r"\d+\.\d", card[1])


def test_center_bottom_half_is_paged(client, kpi_data):
    client.force_login(kpi_data.users[Role.CENTER_MANAGER])
    html = client.get("/kpi/centers/sz/", **ZH).content.decode()
    bottom = html[html.index('data-testid="center-bottom"'):]
    rows = bottom[:bottom.index("</tbody>")].count("<tr") - 1  # less the header row
    assert rows == 25 and 'data-testid="pager"' in bottom and "第 1 页" in bottom
    second = client.get("/kpi/centers/sz/?page=2", **ZH).content.decode()
    assert "第 2 页" in second


def test_current_partial_month_is_marked_as_in_progress(client, kpi_data):
    member = kpi_data.agents["sz-a"][0]
    client.force_login(kpi_data.users[Role.TEAM_LEADER])
    html = client.get(f"/kpi/employees/{member.employee_no}/", **ZH).content.decode()
    today = timezone.localdate()
    month_end = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    expected = "" if today == month_end else f"{today:%Y-%m}"
    assert f'data-partial-month="{expected}"' in html and 'data-label-partial="本月进行中"' in html


def test_kpi_import_is_reachable_from_the_kpi_pages_for_importers(client, kpi_data):
    client.force_login(kpi_data.users[Role.QA])
    assert 'href="/kpi/import/"' in client.get("/kpi/centers/sz/", **ZH).content.decode()
    client.force_login(kpi_data.users[Role.CENTER_MANAGER])
    html = client.get("/kpi/centers/sz/", **ZH).content.decode()
    assert 'class="btn btn-sm btn-outline-primary" href="/kpi/import/"' not in html


def test_hr_switches_center_on_the_kpi_center_page(client, kpi_data):
    client.force_login(kpi_data.users[Role.HR_ADMIN])
    html = client.get("/kpi/centers/sz/", **ZH).content.decode()
    assert 'id="kpi-center-switch"' in html and 'value="/kpi/centers/gz/"' in html
    client.force_login(kpi_data.users[Role.CENTER_MANAGER])
    assert 'id="kpi-center-switch"' not in client.get("/kpi/centers/sz/", **ZH).content.decode()


def test_composite_histogram_labels_tell_small_bins_apart():
    data = composite_histogram({"业务": [0.0, 0.35, 1.0]})
    assert data["bins"][0] == "0.00–0.10" and data["series"]["业务"] == [1, 0, 0, 1, 0, 0, 0, 0, 0, 1]


def test_import_history_sorts_filters_pages_and_exports_what_it_shows(client, kpi_data):
    hr = kpi_data.users[Role.HR_ADMIN]
    for n in range(30):
        KpiImport.objects.create(source="upload", file_name=f"kpi-{n:02d}.csv", created_by=hr,
                                 status="failed" if n % 10 == 0 else "done", error_count=n % 10 == 0)
    client.force_login(hr)
    html = client.get("/kpi/import/?status=failed&sort=file_name", **ZH).content.decode()
    table = html[html.index('data-testid="kpi-imports"'):html.index("</table>", html.index('data-testid="kpi-imports"'))]
    assert re.findall(r"kpi-\d\d\.csv", table) == ["kpi-00.csv", "kpi-10.csv", "kpi-20.csv"]
    assert 'data-testid="pager"' in html and "第 1 页" not in html  # one page only: no page links
    rows = list(load_workbook(io.BytesIO(client.get("/kpi/import/history.xlsx?status=failed&sort=-file_name", **ZH)
                                         .content)).worksheets[0].iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == ["kpi-20.csv", "kpi-10.csv", "kpi-00.csv"] and rows[1][4] == "失败"


def test_team_table_sorts_by_percentile_and_exports_what_it_shows(client, kpi_data):
    client.force_login(kpi_data.users[Role.TEAM_LEADER])
    html = client.get("/kpi/teams/sz-a/", **ZH).content.decode()
    column = re.search(r'href="\?sort=([a-z0-9_-]+__percentile)"', html)[1]
    sorted_html = client.get(f"/kpi/teams/sz-a/?sort=-{column}", **ZH).content.decode()
    table = sorted_html[sorted_html.index('data-testid="team-table"'):]
    shown = [float(v) for v in re.findall(r'data-testid="percentile">([\d.]+)<', table)]
    first_group = shown[::2]
    assert first_group == sorted(first_group, reverse=True) and len(first_group) == 33
    rows = list(load_workbook(io.BytesIO(client.get(f"/kpi/teams/sz-a/export.xlsx?sort=-{column}", **ZH).content))
                .worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 1 + 33 and rows[0][0] == "员工"  # every ranked member of the team


def test_center_bottom_half_sorts_and_exports_what_it_shows(client, kpi_data):
    client.force_login(kpi_data.users[Role.CENTER_MANAGER])
    html = client.get("/kpi/centers/sz/?sort=-percentile", **ZH).content.decode()
    table = html[html.index('data-testid="center-bottom"'):]
    shown = [float(v) for v in re.findall(r'kpi-number text-end">([\d.]+)</td>\s*<td class="kpi-number text-end">[\d.]+</td>\s*</tr>', table)]
    rows = list(load_workbook(io.BytesIO(client.get("/kpi/centers/sz/bottom-half.xlsx?sort=-percentile", **ZH).content))
                .worksheets[0].iter_rows(values_only=True))
    percentile = rows[0].index("百分位")
    values = [r[percentile] for r in rows[1:]]
    assert values == sorted(values, reverse=True) and len(values) > 25  # all of them, not one page
    assert shown == [] or shown == sorted(shown, reverse=True)
