"""KPI import benchmark (issues 3 and 6): a wide CSV of 10,000 agents × 100 days × 10 metrics (1,000,000 rows).

    .venv/bin/python bench/kpi_import.py            # the issue's size
    .venv/bin/python bench/kpi_import.py --small    # 2,000 agents × 50 days (100,000 rows: smaller files
                                                    # measure fixed costs, not the load)

In one run against the same PostgreSQL (a throwaway cluster unless DATABASE_URL is set):
 (a) the product's import path (validation, upsert and all), in a child process whose peak RSS is measured;
 (b) a bare COPY of the same file into an unindexed table with the file's columns — for reference (`ratio`);
 (f) the durable floor: the same rows, typed (employee id, date, values), COPYed into a logged table of the
     KpiDay table's shape with its primary key — the least any durable, indexed load can cost (`floor_ratio`);
 (c) the typical Django way: parse the rows, bulk_create the KpiDay objects in batches of 5,000 — the peer;
 (l) the design KpiDay replaced (docs/kpi.md): the same values as one row per employee, date and metric,
     COPYed to a staging table and upserted (INSERT … ON CONFLICT) into a table keyed (employee, date, metric),
     then the same values again (re-import);
then the same file imported again, which must change nothing.
(p) the product's import of the same values in the long layout (one line per employee, date and metric), into an
    empty day table and again: `long_ratio` = long / wide (issue 18).
Targets: floor_ratio ≤ 1.5, orm_ratio ≥ 5, peak RSS < 500 MB, re-import changes 0 rows, long_ratio ≤ 2. The process exits
non-zero when one is missed; the last line is one JSON object either way.
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

from _common import Timer, database, finish, last_line, make_agents, setup_django  # noqa: E402

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
    from agentpath.performance.services import import_kpi_path

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


def typed_file(path: Path, tmp: Path) -> Path:
    """The file's rows as the KpiDay table stores them (employee id, ISO date, the values), for the floor."""
    from agentpath.org.models import Employee

    ids = {no.encode(): b"%d" % pk for no, pk in Employee.objects.values_list("employee_no", "id")}
    out_path = tmp / "kpi-typed.csv"
    with open(path, "rb") as f, open(out_path, "wb") as out:
        f.readline()
        for line in f:
            no, rest = line.split(b",", 1)
            out.write(ids[no] + b"," + rest)
    return out_path


def durable_floor(typed: Path) -> tuple[float, str]:
    """COPY the typed rows into a logged table shaped like performance_kpiday, with its primary key (and any
    other index it has). Returns (seconds, the table's indexes)."""
    from django.db import connection, transaction

    from agentpath.performance.models import Metric

    cols = ", ".join(["employee_id", "date"] + [Metric.objects.get(code=m).column for m in METRICS])
    with connection.cursor() as c:
        c.execute("DROP TABLE IF EXISTS bench_floor")
        c.execute("CREATE TABLE bench_floor (LIKE performance_kpiday INCLUDING ALL)")
        c.execute("SELECT string_agg(indexdef, '; ') FROM pg_indexes WHERE tablename = 'bench_floor'")
        indexes = c.fetchone()[0]
        started = time.perf_counter()
        with transaction.atomic():
            with open(typed, "rb") as f, c.cursor.copy(f"COPY bench_floor ({cols}) FROM STDIN (FORMAT csv)") as cp:
                while data := f.read(1 << 20):
                    cp.write(data)
        seconds = time.perf_counter() - started  # committed: durable
        c.execute("DROP TABLE bench_floor")
    return seconds, indexes


def long_file(path: Path, tmp: Path, header: bool = False) -> tuple[Path, int]:
    """The same values, one line per employee, date and metric (the long layout); with the header row a file
    for the product's import has."""
    out_path = tmp / "kpi-long.csv"
    count = 0
    codes = [m.encode() for m in METRICS]
    with open(path, "rb") as f, open(out_path, "wb") as out:
        f.readline()
        if header:
            out.write(b"employee_no,date,metric,value\n")
        for line in f:
            no, day, *values = line.rstrip(b"\n").split(b",")
            lines = [b"%s,%s,%s,%s\n" % (no, day, code, v) for code, v in zip(codes, values, strict=True) if v]
            out.write(b"".join(lines))
            count += len(lines)
    return out_path, count


def long_upsert(long_path: Path) -> float:
    """One long-format import: COPY into staging, resolve employees and metrics by joins, upsert by key."""
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as c:
        c.execute("CREATE TEMP TABLE bench_long_stage (employee_no text, date date, metric text, value float8) "
                  "ON COMMIT DROP")
        with open(long_path, "rb") as f, c.cursor.copy("COPY bench_long_stage FROM STDIN (FORMAT csv)") as cp:
            while data := f.read(1 << 20):
                cp.write(data)
        c.execute("""INSERT INTO bench_long (employee_id, date, metric_id, value)
            SELECT e.id, s.date, m.id, s.value FROM bench_long_stage s
            JOIN org_employee e ON e.employee_no = s.employee_no JOIN performance_metric m ON m.code = s.metric
            ON CONFLICT (employee_id, date, metric_id) DO UPDATE SET value = EXCLUDED.value
            WHERE bench_long.value IS DISTINCT FROM EXCLUDED.value""")
    return time.perf_counter() - started


def long_design(path: Path, tmp: Path) -> dict:
    from django.db import connection

    long_path, values = long_file(path, tmp)
    with connection.cursor() as c:
        c.execute("DROP TABLE IF EXISTS bench_long")
        c.execute("CREATE TABLE bench_long (employee_id bigint, date date, metric_id integer, value float8, "
                  "PRIMARY KEY (employee_id, date, metric_id))")
    first = long_upsert(long_path)
    again = long_upsert(long_path)
    with connection.cursor() as c:
        c.execute("DROP TABLE bench_long")
    long_path.unlink()
    return {"values": values, "long_s": first, "long_reimport_s": again}


def product_long_import(path: Path, tmp: Path, rows: int) -> dict:
    """(p) The product's import of the same values in the long layout into an empty day table (as (a) loaded the
    wide file), then again (re-import, which must change nothing): issue 18, long within 2× of wide."""
    from django.db import connection

    long_path, values = long_file(path, tmp, header=True)
    with connection.cursor() as c:
        c.execute("TRUNCATE performance_kpiday, performance_kpirecordchange")
    connection.close()
    first = run_child(long_path)
    assert first["report"]["stored"] and first["report"]["created"] == rows, first
    again = run_child(long_path)
    report = again["report"]
    long_path.unlink()
    return {"values": values, "long_import_s": first["seconds"], "long_reimport_s": again["seconds"],
            "changed": report["created"] + report["updated"] + report["values_changed"]}


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
    parser.add_argument("--small", action="store_true", help="2,000 agents × 50 days")
    parser.add_argument("--agents", type=int, help="agents (default 10,000; 2,000 with --small)")
    parser.add_argument("--days", type=int, help="days (default 100; 50 with --small)")
    parser.add_argument("--profile", action="store_true", help="only the product import and the floor, with the "
                        "import's time per phase (no targets)")
    parser.add_argument("--long", action="store_true", help="only the product's wide import and its long import of "
                        "the same values (long_ratio)")
    parser.add_argument("--child-import", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_import:
        return child_import(args.child_import)
    agents, days_count = (2_000, 50) if args.small else (10_000, 100)
    agents, days_count = args.agents or agents, args.days or days_count
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
        if args.long:
            product_long = product_long_import(path, Path(tmp), rows)
            long_ratio = product_long["long_import_s"] / a["seconds"]
            print(f"(p) long import of the same values: {product_long['long_import_s']:.2f} s (re-import "
                  f"{product_long['long_reimport_s']:.2f} s); long / wide = {long_ratio:.2f} (target ≤ 2); load "
                  f"average {os.getloadavg()[0]:.2f}", flush=True)
            missed = [] if long_ratio <= 2 and product_long["changed"] == 0 else ["long_ratio ≤ 2"]
            finish({"import_s": round(a["seconds"], 3), "long_values": product_long["values"],
                    "long_import_s": round(product_long["long_import_s"], 3),
                    "long_import_reimport_s": round(product_long["long_reimport_s"], 3),
                    "long_ratio": round(long_ratio, 3), "load_avg": round(os.getloadavg()[0], 2)}, missed)
            return
        copy_s = bare_copy(path)
        print(f"(b) bare COPY, unindexed: {copy_s:.2f} s, {rows / copy_s:,.0f} rows/s", flush=True)
        typed = typed_file(path, Path(tmp))
        floor_s, floor_indexes = durable_floor(typed)
        typed.unlink()
        print(f"(f) durable floor, COPY of the typed rows into a table like KpiDay ({floor_indexes}): "
              f"{floor_s:.2f} s, {rows / floor_s:,.0f} rows/s", flush=True)
        if args.profile:
            last_line({"import_s": round(a["seconds"], 3), "floor_s": round(floor_s, 3),
                       "floor_ratio": round(a["seconds"] / floor_s, 3), "timings": a["report"].get("timings")})
            return
        connection.close()
        again = run_child(path)
        changed = again["report"]["created"] + again["report"]["updated"] + again["report"]["values_changed"]
        print(f"re-import of the same file: {again['seconds']:.2f} s; created {again['report']['created']}, "
              f"updated {again['report']['updated']}, values changed {again['report']['values_changed']}, "
              f"unchanged {again['report']['unchanged']:,}", flush=True)
        orm_s = orm_load(path)
        print(f"(c) Django ORM bulk_create by 5,000: {orm_s:.2f} s, {rows / orm_s:,.0f} rows/s", flush=True)
        long = long_design(path, Path(tmp))
        print(f"(l) long layout, {long['values']:,} employee/date/metric rows upserted: {long['long_s']:.2f} s "
              f"(re-import {long['long_reimport_s']:.2f} s) against {a['seconds']:.2f} s "
              f"(re-import {again['seconds']:.2f} s) as {rows:,} day rows", flush=True)
        product_long = product_long_import(path, Path(tmp), rows)
        long_ratio = product_long["long_import_s"] / a["seconds"]
        print(f"(p) the product's import of the long file ({product_long['values']:,} lines, the same values): "
              f"{product_long['long_import_s']:.2f} s (re-import {product_long['long_reimport_s']:.2f} s); "
              f"long / wide = {long_ratio:.2f} (target ≤ 2)", flush=True)
        ratio, floor_ratio, orm_ratio = a["seconds"] / copy_s, a["seconds"] / floor_s, orm_s / a["seconds"]
        targets = {"floor_ratio ≤ 1.5": floor_ratio <= 1.5, "orm_ratio ≥ 5": orm_ratio >= 5,
                   "long_ratio ≤ 2": long_ratio <= 2, "long re-import changes nothing": product_long["changed"] == 0,
                   "peak RSS < 500 MB": a["peak_mb"] < 500, "re-import changes nothing": changed == 0}
        print(f"import / floor = {floor_ratio:.2f} (target ≤ 1.5); ORM / import = {orm_ratio:.1f} (target ≥ 5); "
              f"import / bare COPY = {ratio:.2f} (reference); peak {a['peak_mb']:.0f} MB (target < 500); "
              f"long / wide = {long['long_s'] / a['seconds']:.1f}; load average {os.getloadavg()[0]:.2f} "
              f"on {os.cpu_count()} cores", flush=True)
        missed = [name for name, ok in targets.items() if not ok]
        figures = {"import_s": round(a["seconds"], 3), "floor_s": round(floor_s, 3),
                   "floor_ratio": round(floor_ratio, 3), "copy_s": round(copy_s, 3), "ratio": round(ratio, 3),
                   "orm_s": round(orm_s, 3), "orm_ratio": round(orm_ratio, 2), "peak_mb": round(a["peak_mb"], 1),
                   "reimport_s": round(again["seconds"], 3), "reimport_changed_rows": changed,
                   "long_values": long["values"], "long_s": round(long["long_s"], 3),
                   "long_reimport_s": round(long["long_reimport_s"], 3),
                   "long_import_s": round(product_long["long_import_s"], 3),
                   "long_import_reimport_s": round(product_long["long_reimport_s"], 3),
                   "long_ratio": round(long_ratio, 3),
                   "load_avg": round(os.getloadavg()[0], 2), "timings": a["report"].get("timings"),
                   "targets_met": not missed}
    finish(figures, missed)


if __name__ == "__main__":
    main()
