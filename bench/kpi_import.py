"""KPI import benchmark (issue 3): a wide CSV of 10,000 agents × 100 days × 10 metrics (1,000,000 rows).

    .venv/bin/python bench/kpi_import.py            # the issue's size
    .venv/bin/python bench/kpi_import.py --small    # 1,000 agents × 20 days

In one run against the same PostgreSQL (a throwaway cluster unless DATABASE_URL is set):
 (a) the product's import path (validation, upsert and all), in a child process whose peak RSS is measured;
 (b) a bare COPY of the same file into an unindexed table with the file's columns — the limit;
 (c) the typical Django way: parse the rows, bulk_create the KpiDay objects in batches of 5,000 — the peer;
then the same file imported again, which must change nothing. Last line: one JSON object.
"""
import argparse
import csv
import datetime
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Timer, database, last_line, make_agents, setup_django  # noqa: E402

METRICS = ["calls_handled", "aht", "fcr", "csat", "nps", "qa_score", "adherence", "attendance", "sales_conversion",
           "complaints"]


def write_file(path: Path, numbers: list[str], days: list[datetime.date], seed: int = 3) -> int:
    rnd = random.Random(seed)
    rows = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(["employee_no", "date", *METRICS]) + "\n")
        for day in days:
            ds = day.isoformat()
            lines = []
            for no in numbers:
                aht = rnd.lognormvariate(5.7, 0.25)
                lines.append(f"{no},{ds},{rnd.randint(20, 90)},{aht:.1f},{rnd.betavariate(8, 2) * 100:.1f},"
                             f"{rnd.betavariate(9, 1.5) * 100:.1f},{rnd.randint(-40, 90)},{rnd.betavariate(12, 1.5) * 100:.1f},"
                             f"{rnd.betavariate(20, 1.5) * 100:.1f},100,{rnd.betavariate(2, 20) * 100:.1f},"
                             f"{1 if rnd.random() < 0.03 else 0}\n")
            f.write("".join(lines))
            rows += len(lines)
    return rows


def child_import(path: str) -> None:
    """Run in a fresh interpreter: the product's import path, timed; prints JSON with time and peak RSS."""
    setup_django(migrate=False)
    from _common import peak_rss_mb
    from agentpath.performance.importers import import_kpi_path

    started = time.perf_counter()
    report = import_kpi_path(path)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak_mb": peak_rss_mb(), "report": {
        k: v for k, v in report.as_dict().items() if k != "errors"}, "errors": len(report.errors)}))


def run_child(path: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child-import", str(path)], env=os.environ,
                         capture_output=True, text=True, check=False)
    if out.returncode:
        sys.stderr.write(out.stderr)
        raise SystemExit("the product import failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def bare_copy(path: Path) -> float:
    from django.db import connection

    cols = ", ".join(["employee_no text", "date date"] + [f"{m} double precision" for m in METRICS])
    with connection.cursor() as c:
        c.execute("DROP TABLE IF EXISTS bench_bare_copy")
        c.execute(f"CREATE TABLE bench_bare_copy ({cols})")
        started = time.perf_counter()
        with open(path, "rb") as f, c.cursor.copy("COPY bench_bare_copy FROM STDIN (FORMAT csv, HEADER true)") as cp:
            while data := f.read(1 << 20):
                cp.write(data)
        seconds = time.perf_counter() - started
        c.execute("DROP TABLE bench_bare_copy")
    return seconds


def orm_load(path: Path) -> float:
    """The peer: what a typical Django app does — a dict of employees, csv.DictReader, bulk_create by 5,000."""
    from django.db import connection

    from agentpath.org.models import Employee
    from agentpath.performance.models import KpiDay, Metric

    with connection.cursor() as c:
        c.execute("TRUNCATE performance_kpiday")
    started = time.perf_counter()
    employees = dict(Employee.objects.values_list("employee_no", "id"))
    columns = {m.code: m.column for m in Metric.objects.filter(code__in=METRICS)}
    batch = []
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            values = {columns[m]: float(row[m]) for m in METRICS if row[m] != ""}
            batch.append(KpiDay(employee_id=employees[row["employee_no"]],
                                date=datetime.date.fromisoformat(row["date"]), **values))
            if len(batch) == 5000:
                KpiDay.objects.bulk_create(batch)
                batch = []
    if batch:
        KpiDay.objects.bulk_create(batch)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="1,000 agents × 20 days")
    parser.add_argument("--child-import", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_import:
        return child_import(args.child_import)
    agents, days_count = (1_000, 20) if args.small else (10_000, 100)
    with database(), tempfile.TemporaryDirectory(prefix="kpi-bench-") as tmp:
        setup_django()

        numbers = make_agents(agents)
        last = datetime.date.today() - datetime.timedelta(days=1)
        days = [last - datetime.timedelta(days=i) for i in range(days_count - 1, -1, -1)]
        path = Path(tmp) / "kpi-wide.csv"
        with Timer() as t:
            rows = write_file(path, numbers, days)
        print(f"generated {rows:,} rows × {len(METRICS)} metrics ({path.stat().st_size / 1e6:.0f} MB) "
              f"in {t.seconds:.1f} s", flush=True)

        from django.db import connection

        connection.close()  # the child process opens its own
        a = run_child(path)
        assert a["report"]["stored"] and a["report"]["created"] == rows, a
        print(f"(a) product import: {a['seconds']:.2f} s, {rows / a['seconds']:,.0f} rows/s, "
              f"{rows * len(METRICS) / a['seconds']:,.0f} values/s, peak RSS {a['peak_mb']:.0f} MB", flush=True)
        copy_s = bare_copy(path)
        print(f"(b) bare COPY, unindexed: {copy_s:.2f} s, {rows / copy_s:,.0f} rows/s", flush=True)
        connection.close()
        again = run_child(path)
        changed = again["report"]["created"] + again["report"]["updated"] + again["report"]["values_changed"]
        print(f"re-import of the same file: {again['seconds']:.2f} s; created {again['report']['created']}, "
              f"updated {again['report']['updated']}, values changed {again['report']['values_changed']}, "
              f"unchanged {again['report']['unchanged']:,}", flush=True)
        orm_s = orm_load(path)
        print(f"(c) Django ORM bulk_create by 5,000: {orm_s:.2f} s, {rows / orm_s:,.0f} rows/s", flush=True)
        ratio, orm_ratio = a["seconds"] / copy_s, orm_s / a["seconds"]
        print(f"import / COPY = {ratio:.2f} (target ≤ 2); ORM / import = {orm_ratio:.1f} (target ≥ 5); "
              f"peak {a['peak_mb']:.0f} MB (target < 500)", flush=True)
        last_line({"import_s": round(a["seconds"], 3), "copy_s": round(copy_s, 3), "orm_s": round(orm_s, 3),
                   "ratio": round(ratio, 3), "orm_ratio": round(orm_ratio, 2), "peak_mb": round(a["peak_mb"], 1),
                   "reimport_changed_rows": changed})


if __name__ == "__main__":
    main()
