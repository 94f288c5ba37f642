"""KPI import: every validation rule names its bad row; all-or-nothing; idempotent; corrections kept."""
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from agentpath.accounts.models import Role
from agentpath.common.spreadsheets import xlsx_bytes
from agentpath.performance.importers import ImportScope, import_kpi_file
from agentpath.performance.models import KpiDay, KpiImport, KpiRecordChange, Metric
from agentpath.performance.services import import_kpi_path

pytestmark = pytest.mark.django_db


def value(employee, date, code):
    metric = Metric.objects.get(code=code)
    day = KpiDay.objects.filter(employee=employee, date=date).first()
    return None if day is None else getattr(day, metric.column)


def wide(kpi, *rows, header="employee_no,date,aht,fcr,csat"):
    return "\n".join([header, *rows]) + "\n"


def test_wide_file_stores_every_value(kpi, import_csv):
    a, b = kpi.agents["sz-a"][:2]
    report = import_csv(wide(kpi, f"{a.employee_no},2026-07-01,310.5,82,91",
                             f"{b.employee_no},2026-07-01,280,,88.5"))
    assert report.ok and report.stored, report.errors
    assert (report.rows_read, report.created, report.updated, report.unchanged) == (2, 2, 0, 0)
    assert value(a, "2026-07-01", "aht") == 310.5
    assert value(b, "2026-07-01", "fcr") is None
    assert value(b, "2026-07-01", "csat") == 88.5


def test_long_file_with_chinese_headers_stores_every_value(kpi, import_csv):
    a = kpi.agents["sz-a"][0]
    report = import_csv(f"工号,日期,指标,数值\n{a.employee_no},2026/7/2,aht,300\n{a.employee_no},2026/7/2,质检得分,95\n")
    assert report.ok and report.stored, report.errors
    assert value(a, "2026-07-02", "aht") == 300
    assert value(a, "2026-07-02", "qa_score") == 95


def test_xlsx_file_is_imported_like_csv(kpi):
    a = kpi.agents["sz-a"][0]
    data = xlsx_bytes(["employee_no", "date", "aht"], [[a.employee_no, "2026-07-03", 250]])
    report = import_kpi_file(io.BytesIO(data), "kpi.xlsx")
    assert report.stored, report.errors
    assert value(a, "2026-07-03", "aht") == 250


@pytest.mark.parametrize(("cell", "column", "reason"), [
    ("NOBODY,2026-07-01,300", "employee_no", "is not in the roster"),
    ("{no},2026-13-01,300", "date", "is not a date"),
    ("{no},2026-07-16,300", "date", "is in the future"),
    ("{no},2026-07-01,fast", "aht", "is not a number"),
    ("{no},2026-07-01,-5", "aht", "outside the valid range"),
    ("{no},2026-07-01,99999", "aht", "outside the valid range"),
    (",2026-07-01,300", "employee_no", "This cell is empty"),
])
def test_each_validation_rule_rejects_its_bad_row(kpi, import_csv, cell, column, reason):
    a, b = kpi.agents["sz-a"][:2]
    with translation.override("en"):
        report = import_csv(wide(kpi, f"{b.employee_no},2026-07-01,300", cell.format(no=a.employee_no),
                                 header="employee_no,date,aht"))
    assert not report.stored
    assert [(e.line, e.column) for e in report.errors] == [(3, column)]
    assert reason in report.errors[0].reason
    assert KpiDay.objects.count() == 0


def test_same_employee_and_date_twice_is_rejected_naming_the_first_line(kpi, import_csv):
    a = kpi.agents["sz-a"][0]
    with translation.override("en"):
        report = import_csv(wide(kpi, f"{a.employee_no},2026-07-01,300", f"{a.employee_no},2026-07-01,301",
                                 header="employee_no,date,aht"))
    assert not report.stored
    assert [(e.line, e.column) for e in report.errors] == [(3, "employee_no")]
    assert "first on line 2" in report.errors[0].reason


def test_same_metric_twice_in_a_long_file_is_rejected(kpi, import_csv):
    a = kpi.agents["sz-a"][0]
    report = import_csv(f"employee_no,date,metric,value\n{a.employee_no},2026-07-01,aht,300\n"
                        f"{a.employee_no},2026-07-01,fcr,80\n{a.employee_no},2026-07-01,aht,310\n")
    assert not report.stored
    assert [e.line for e in report.errors] == [4]


def test_unknown_column_is_reported_on_the_header_line(kpi, import_csv):
    a = kpi.agents["sz-a"][0]
    with translation.override("en"):
        report = import_csv(wide(kpi, f"{a.employee_no},2026-07-01,300,1", header="employee_no,date,aht,speed"))
    assert not report.stored
    assert [(e.line, e.column, e.value) for e in report.errors] == [(1, "speed", "speed")]
    assert "not a metric code" in report.errors[0].reason


def test_unknown_metric_in_a_long_file_is_rejected(kpi, import_csv):
    a = kpi.agents["sz-a"][0]
    report = import_csv(f"employee_no,date,metric,value\n{a.employee_no},2026-07-01,speed,3\n")
    assert not report.stored
    assert [(e.line, e.column, e.value) for e in report.errors] == [(2, "metric", "speed")]


def test_messages_are_in_the_users_language(kpi, import_csv):
    with translation.override("zh-hans"):
        report = import_csv(wide(kpi, "NOBODY,2026-07-01,300", header="employee_no,date,aht"))
    assert "花名册" in report.errors[0].reason


def test_one_bad_row_among_many_stores_nothing(kpi, import_csv):
    agents = [e for team in kpi.agents.values() for e in team]
    rows = [f"{a.employee_no},2026-06-{d:02d},{300 + d},{80 + d % 5},90" for a in agents for d in range(1, 29)]
    rows.insert(100, f"{agents[0].employee_no},2026-06-29,300,180,90")  # fcr 180 %
    report = import_csv(wide(kpi, *rows))
    assert not report.stored
    assert [(e.line, e.column) for e in report.errors] == [(102, "fcr")]
    assert KpiDay.objects.count() == 0


def test_skip_bad_rows_stores_the_good_rows_and_reports_the_bad(kpi, import_csv):
    a, b = kpi.agents["sz-a"][:2]
    report = import_csv(wide(kpi, f"{a.employee_no},2026-07-01,300", "NOBODY,2026-07-01,300",
                             f"{b.employee_no},2026-07-01,abc", header="employee_no,date,aht"), skip_bad_rows=True)
    assert report.stored
    assert (report.created, report.skipped) == (1, 2)
    assert [e.line for e in report.errors] == [3, 4]
    assert value(a, "2026-07-01", "aht") == 300
    assert not KpiDay.objects.filter(employee=b).exists()


def test_reimporting_the_same_file_changes_nothing(kpi, import_csv):
    a, b = kpi.agents["sz-a"][:2]
    text = wide(kpi, f"{a.employee_no},2026-07-01,310.5,82,91", f"{b.employee_no},2026-07-01,280,70,88.5")
    import_csv(text)
    again = import_csv(text)
    assert again.stored
    assert (again.created, again.updated, again.unchanged, again.values_changed) == (0, 0, 2, 0)
    assert not KpiRecordChange.objects.exists()


def test_a_corrected_value_replaces_the_old_one_and_the_change_is_kept(kpi, import_csv):
    a = kpi.agents["sz-a"][0]
    import_csv(wide(kpi, f"{a.employee_no},2026-07-01,310,82,91"))
    report = import_csv(wide(kpi, f"{a.employee_no},2026-07-01,290", header="employee_no,date,aht"))
    assert (report.created, report.updated, report.values_changed) == (0, 1, 1)
    assert value(a, "2026-07-01", "aht") == 290
    assert value(a, "2026-07-01", "fcr") == 82  # a file without the column leaves the value alone
    change = KpiRecordChange.objects.get()
    assert (change.employee, str(change.date), change.metric.code, change.old_value, change.new_value) == \
        (a, "2026-07-01", "aht", 310, 290)


def test_qa_may_import_only_qa_metrics_of_their_centers(kpi, import_csv):
    scope = ImportScope.for_user(kpi.users[Role.QA])
    mine, other = kpi.agents["sz-a"][0], kpi.agents["gz-a"][0]
    report = import_csv(wide(kpi, f"{mine.employee_no},2026-07-01,95", f"{other.employee_no},2026-07-01,90",
                             header="employee_no,date,qa_score"), scope=scope)
    assert [(e.line, e.column) for e in report.errors] == [(3, "employee_no")]
    report = import_csv(wide(kpi, f"{mine.employee_no},2026-07-01,95,300", header="employee_no,date,qa_score,aht"),
                        scope=scope)
    assert [(e.line, e.column) for e in report.errors] == [(1, "aht")]


def test_cli_import_path_reports_progress(kpi, tmp_path):
    a = kpi.agents["sz-a"][0]
    path = tmp_path / "kpi.csv"
    path.write_text(wide(kpi, f"{a.employee_no},2026-07-01,310,82,91"), encoding="utf-8")
    seen = []
    report = import_kpi_path(path, progress=lambda done, total: seen.append((done, total)))
    assert report.stored and report.created == 1
    assert seen[-1] == (1, 1)
    assert KpiImport.objects.get().status == KpiImport.Status.DONE


def test_agentpath_import_kpi_command_stores_the_file(kpi, tmp_path, capsys):
    a = kpi.agents["sz-a"][0]
    path = tmp_path / "kpi.csv"
    path.write_text(wide(kpi, f"{a.employee_no},2026-07-01,310,82,91"), encoding="utf-8")
    call_command("import", "kpi", str(path))
    assert value(a, "2026-07-01", "aht") == 310


def test_a_row_with_too_many_cells_is_reported(kpi, import_csv):
    a, b = kpi.agents["sz-a"][:2]
    report = import_csv(wide(kpi, f"{a.employee_no},2026-07-01,300", f"{b.employee_no},2026-07-01,300,7",
                             header="employee_no,date,aht"))
    assert not report.stored
    assert [(e.line, e.value) for e in report.errors] == [(3, "7")]


def test_quoted_cells_and_gbk_files_are_read(kpi, import_csv):
    a = kpi.agents["sz-a"][0]
    report = import_csv(f'"employee_no","date","aht"\n"{a.employee_no}","2026-07-01","300"\n')
    assert report.stored and report.created == 1, report.errors
    gbk = f"工号,日期,质检得分\n{a.employee_no},2026-07-02,95\n".encode("gbk")
    report = import_kpi_file(io.BytesIO(gbk), "gbk.csv")
    assert report.stored and report.created == 1, report.errors
    assert value(a, "2026-07-02", "qa_score") == 95


# ------------------------------------------------------------------ the typed fast path (PostgreSQL, plain wide CSV)

def on_postgresql():
    return connection.vendor == "postgresql"


def test_a_clean_wide_file_takes_the_typed_fast_path(kpi, import_csv):
    a, b = kpi.agents["sz-a"][:2]
    report = import_csv(wide(kpi, f"{a.employee_no},2026-07-01,310.5,82,", f"{b.employee_no},2026/7/1,280,70,88.5"))
    assert report.stored and (report.rows_read, report.created) == (2, 2), report.errors
    assert (str(report.first_date), str(report.last_date)) == ("2026-07-01", "2026-07-01")
    if on_postgresql():
        assert "typed" not in report.timings and "fast_path_abandoned" not in report.timings, report.timings
    assert value(a, "2026-07-01", "aht") == 310.5
    assert value(a, "2026-07-01", "csat") is None  # an empty cell is no value
    assert value(b, "2026-07-01", "csat") == 88.5


@pytest.mark.parametrize(("cell", "column", "reason"), [
    ("{no},2026-07-01,fast,80", "aht", "is not a number"),  # COPY cannot read the cell
    ("{no},2026-07-01,300,180", "fcr", "outside the valid range"),  # the INSERT leaves the row out
    ("{no},2026-07-01,NaN,80", "aht", "outside the valid range|is not a number"),  # PostgreSQL | SQLite
    ("NOBODY,2026-07-01,300,80", "employee_no", "is not in the roster"),  # Python does not know the number
    ("{no},2026-07-16,300,80", "date", "is in the future"),
    ("{first},2026-07-01,301,80", "employee_no", "first on line 2"),  # the primary key refuses the repeat
])
def test_the_fast_path_falls_back_and_the_careful_path_names_the_bad_row(kpi, import_csv, cell, column, reason):
    a, b = kpi.agents["sz-a"][:2]
    rows = [f"{a.employee_no},2026-07-01,300,80", cell.format(no=b.employee_no, first=a.employee_no)]
    with translation.override("en"):
        report = import_csv(wide(kpi, *rows, header="employee_no,date,aht,fcr"))
        assert not report.stored
        assert [(e.line, e.column) for e in report.errors] == [(3, column)]
        assert any(r in report.errors[0].reason for r in reason.split("|")), report.errors
        assert KpiDay.objects.count() == 0
        if on_postgresql():
            assert "fast_path_abandoned" in report.timings, report.timings
        skipped = import_csv(wide(kpi, *rows, header="employee_no,date,aht,fcr"), skip_bad_rows=True)
    assert skipped.stored and (skipped.created, skipped.skipped) == (1, 1)
    assert value(a, "2026-07-01", "aht") == 300


def test_the_fast_path_merges_into_existing_days_and_keeps_corrections(kpi, import_csv):
    a, b = kpi.agents["sz-a"][:2]
    import_csv(wide(kpi, f"{a.employee_no},2026-07-01,310,82,91"))
    report = import_csv(wide(kpi, f"{a.employee_no},2026-07-01,290,82,", f"{b.employee_no},2026-07-01,280,70,88"))
    assert report.stored, report.errors
    assert (report.created, report.updated, report.unchanged, report.values_changed) == (1, 1, 0, 1)
    if on_postgresql():
        assert "fast_path_abandoned" not in report.timings and "check" in report.timings, report.timings
    assert value(a, "2026-07-01", "aht") == 290
    assert value(a, "2026-07-01", "csat") == 91  # an empty cell leaves the stored value alone
    change = KpiRecordChange.objects.get()
    assert (change.metric.code, change.old_value, change.new_value) == ("aht", 310, 290)
    again = import_csv(wide(kpi, f"{a.employee_no},2026-07-01,290,82,", f"{b.employee_no},2026-07-01,280,70,88"))
    assert (again.created, again.updated, again.unchanged, again.values_changed) == (0, 0, 2, 0)
    assert KpiRecordChange.objects.count() == 1


def test_a_repeat_in_a_file_over_existing_days_is_still_reported(kpi, import_csv):
    a = kpi.agents["sz-a"][0]
    import_csv(wide(kpi, f"{a.employee_no},2026-07-01,310", header="employee_no,date,aht"))
    with translation.override("en"):
        report = import_csv(wide(kpi, f"{a.employee_no},2026-07-01,300", f"{a.employee_no},2026-07-01,301",
                                 header="employee_no,date,aht"))
    assert not report.stored
    assert [(e.line, e.column) for e in report.errors] == [(3, "employee_no")]
    assert value(a, "2026-07-01", "aht") == 310
