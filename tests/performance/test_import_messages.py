"""KPI import messages people read (issue 7): an empty or header-only file is refused, a huge number is out of
range (naming the range), and the error total is the true total, through the CLI, the page and the API."""
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from agentpath.accounts.models import Role
from agentpath.performance import importers
from agentpath.performance.models import KpiDay, KpiImport

pytestmark = pytest.mark.django_db


def run_cli(path, *args):
    """`agentpath import kpi FILE`: (exit code, what it printed)."""
    out = io.StringIO()
    with translation.override("zh-hans"):
        try:
            call_command("import", "kpi", str(path), *args, stdout=out, stderr=io.StringIO())
        except CommandError as exc:
            return exc.returncode, out.getvalue() + str(exc)
    return 0, out.getvalue()


def upload(client, name, data, django_capture_on_commit_callbacks):
    f = io.BytesIO(data)
    f.name = name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/kpi/import/", {"file": f})
    kpi_import = KpiImport.objects.latest("pk")
    assert response.status_code == 302 and response.url == f"/kpi/import/{kpi_import.pk}/"
    return kpi_import, client.get(response.url).content.decode()


@pytest.fixture
def hr(kpi, client_for):
    client = client_for(kpi.users[Role.HR_ADMIN])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    return client


def test_a_header_only_kpi_file_is_refused_by_the_cli_with_no_data_rows(kpi, tmp_path):
    path = tmp_path / "kpi.csv"
    path.write_text("employee_no,date,aht,fcr\n", encoding="utf-8")
    code, printed = run_cli(path)
    assert code != 0
    assert "表头下没有数据行" in printed and "导入完成" not in printed
    assert KpiImport.objects.get().status == KpiImport.Status.REJECTED


def test_a_header_only_kpi_upload_is_rejected_on_the_import_page(kpi, hr, django_capture_on_commit_callbacks):
    kpi_import, page = upload(hr, "kpi.csv", b"employee_no,date,aht\n", django_capture_on_commit_callbacks)
    assert kpi_import.status == KpiImport.Status.REJECTED
    assert "表头下没有数据行" in page


@pytest.mark.parametrize("data", [b"", b"\n\n", "\ufeff".encode()])
def test_an_empty_kpi_file_says_the_file_is_empty(kpi, tmp_path, data):
    path = tmp_path / "kpi.csv"
    path.write_bytes(data)
    code, printed = run_cli(path)
    assert code != 0
    assert "文件为空" in printed and "没有工号列" not in printed


def test_an_empty_kpi_upload_says_the_file_is_empty(kpi, hr):
    f = io.BytesIO(b"")
    f.name = "kpi.csv"
    response = hr.post("/kpi/import/", {"file": f})
    assert response.status_code == 200 and "文件为空" in response.content.decode()
    assert not KpiImport.objects.exists()


def test_a_huge_number_is_out_of_range_naming_the_range_not_not_a_number(kpi, import_csv):
    a, b = kpi.agents["sz-a"][:2]
    for big in ("1e308", "1E+308", "-1e400", "1e999"):
        with translation.override("en"):
            report = import_csv(f"employee_no,date,aht\n{a.employee_no},2026-07-01,300\n"
                                f"{b.employee_no},2026-07-01,{big}\n")
        assert not report.stored
        assert [(e.line, e.column) for e in report.errors] == [(3, "aht")], (big, report.errors)
        reason = report.errors[0].reason
        assert "outside the valid range" in reason and "0 to 7200" in reason, (big, reason)
        assert "not a number" not in reason
    assert not KpiDay.objects.exists()


def test_a_huge_number_in_a_long_file_or_api_batch_is_out_of_range(kpi, import_csv, hr):
    a = kpi.agents["sz-a"][0]
    with translation.override("en"):
        report = import_csv(f"employee_no,date,metric,value\n{a.employee_no},2026-07-01,fcr,1e308\n")
    assert [(e.line, e.column) for e in report.errors] == [(2, "value")]
    assert "outside the valid range" in report.errors[0].reason and "0 to 100" in report.errors[0].reason
    batch = {"records": [{"employee_no": a.employee_no, "date": "2026-07-01", "metric": "aht", "value": "1e308"}]}
    response = hr.post("/api/v1/kpi/records", batch, content_type="application/json")
    assert response.status_code == 422
    assert "超出" in response.json()["errors"][0]["reason"] and "0 至 7200" in response.json()["errors"][0]["reason"]


def test_a_huge_number_via_the_cli_is_out_of_range(kpi, tmp_path):
    a = kpi.agents["sz-a"][0]
    path = tmp_path / "kpi.csv"
    path.write_text(f"employee_no,date,aht\n{a.employee_no},2026-07-01,1e308\n", encoding="utf-8")
    code, printed = run_cli(path)
    assert code != 0
    assert "超出" in printed and "0 至 7200" in printed and "不是数字" not in printed


def test_the_error_total_is_the_true_total_beyond_the_reported_errors(kpi, tmp_path, monkeypatch, hr,
                                                                      django_capture_on_commit_callbacks):
    monkeypatch.setattr(importers.messages, "MAX_REPORTED_ERRORS", 50)
    a = kpi.agents["sz-a"][0]
    rows = "".join(f"NOBODY{i},2026-07-01,300\n" for i in range(137))
    data = f"employee_no,date,aht\n{a.employee_no},2026-07-01,300\n{rows}".encode()
    path = tmp_path / "kpi.csv"
    path.write_bytes(data)
    code, printed = run_cli(path)
    assert code != 0
    assert "137" in printed.splitlines()[-1] and "50" not in printed.splitlines()[-1]
    kpi_import, page = upload(hr, "kpi.csv", data, django_capture_on_commit_callbacks)
    assert kpi_import.error_count == 137
    assert "137" in page


def test_a_utf8_kpi_csv_with_one_stray_latin1_byte_is_refused_naming_the_byte(kpi, tmp_path):
    """Encoding on evidence (issue 7): the COPY fast path and the careful path decide alike; a damaged UTF-8
    file is refused, never read as GB18030."""
    no = kpi.agents["sz-a"][0].employee_no
    text = f"employee_no,date,aht\n{no},2026-09-01,300\n".encode() + "# 备注 caf".encode() + b"\xe9\n"
    path = tmp_path / "kpi.csv"
    path.write_bytes(text)
    code, printed = run_cli(path)
    assert code != 0
    assert "0xE9" in printed and "UTF-8" in printed
    assert not KpiDay.objects.exists()


def test_a_carriage_return_inside_a_kpi_cell_is_a_row_error_not_a_crash(kpi, import_csv):
    """A quoted cell holding a line break reaches the staging COPY on PostgreSQL (issue 7, found by fuzzing)."""
    a, b = kpi.agents["sz-a"][:2]
    report = import_csv(f'employee_no,date,aht\n{a.employee_no},2026-07-01,300\n"{b.employee_no[:2]}\r{b.employee_no[2:]}",2026-07-01,310\n')
    assert not report.stored
    assert [e.line for e in report.errors] == [3]
    assert not KpiDay.objects.exists()
