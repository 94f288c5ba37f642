"""The long format (one line per person, day and metric; the functional families' metrics arrive so) stores
exactly what the wide format stores for the same values, by the fast path on PostgreSQL (issue 18)."""
import pytest

from agentpath.performance.models import KpiDay, Metric
from agentpath.performance.services import load_default_metrics

pytestmark = pytest.mark.django_db
CODES = ["aht", "fcr", "qa_calibration_dev", "work_volume"]


def stored():
    cols = {c: Metric.objects.get(code=c).column for c in CODES}
    return sorted((d.employee_id, d.date.isoformat(), *[getattr(d, cols[c]) for c in CODES])
                  for d in KpiDay.objects.all())


def test_long_import_equals_wide_import_of_the_same_values(kpi, import_csv):
    people = [*kpi.agents["sz-a"], *kpi.agents["sz-b"]]
    rows = [(p.employee_no, f"2026-07-{day:02d}", 300 + i + day, 70 + day / 2, None if day % 3 else 2.5 + i, 40 + i)
            for i, p in enumerate(people) for day in range(1, 11)]
    wide = "employee_no,date," + ",".join(CODES) + "\n" + "".join(
        ",".join([no, day, *["" if v is None else str(v) for v in values]]) + "\n" for no, day, *values in rows)
    long = "employee_no,date,metric,value\n" + "".join(
        f"{no},{day},{code},{v}\n" for no, day, *values in rows for code, v in zip(CODES, values, strict=True)
        if v is not None)
    report = import_csv(wide, name="wide.csv")
    assert report.ok and report.stored, report.errors
    by_wide = stored()
    KpiDay.objects.all().delete()
    report = import_csv(long, name="long.csv")
    assert report.ok and report.stored, report.errors
    assert report.rows_read == long.count("\n") - 1
    assert report.created == len(rows)
    assert stored() == by_wide
    again = import_csv(long, name="long.csv")  # re-import: nothing changes
    assert (again.created, again.updated, again.values_changed) == (0, 0, 0)


def test_a_long_file_with_a_repeated_metric_is_refused_naming_the_line(kpi, import_csv):
    a = kpi.agents["sz-a"][0]
    report = import_csv(f"employee_no,date,metric,value\n{a.employee_no},2026-07-01,aht,300\n"
                        f"{a.employee_no},2026-07-01,aht,310\n", name="long.csv")
    assert not report.stored
    assert {e.line for e in report.errors} >= {3}


def test_a_derived_metric_cannot_be_imported(kpi, import_csv):
    load_default_metrics()
    a = kpi.agents["sz-a"][0]
    report = import_csv(f"employee_no,date,metric,value\n{a.employee_no},2026-07-01,team_fcr,80\n", name="long.csv")
    assert not report.stored
