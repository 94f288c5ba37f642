"""Helpers for roster files: real CSV and XLSX files written to a temporary folder."""
import csv
import datetime
import io

import pytest
from django.utils import timezone, translation
from openpyxl import Workbook

from tests.scratch_db import scratch_connection

HEADERS = ["工号", "姓名", "中心", "团队", "职位", "职级", "职等", "入职日期", "直属上级工号", "学历", "状态", "手机",
           "身份证号", "邮箱"]


def roster_row(no="N0001", **overrides):
    """One good row for the `org` fixture: an agent of team sz-a in center sz."""
    row = {"工号": no, "姓名": f"新员工{no}", "中心": "sz", "团队": "sz-a", "职位": "agent", "职级": "mgmt-agent",
           "职等": "8", "入职日期": "2024-03-01", "直属上级工号": "", "学历": "本科", "状态": "在职",
           "手机": "13900001111", "身份证号": "440301199202021236", "邮箱": f"{no.lower()}@example.com"}
    row.update(overrides)
    return row


def csv_bytes(rows, headers=HEADERS, encoding="utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(h, "") for h in headers])
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows, headers=HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h, "") for h in headers])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def roster_file(tmp_path):
    """roster_file(rows, kind="csv"|"xlsx"|"gbk", headers=HEADERS) -> path of a written roster file."""
    counter = iter(range(1000))

    def write(rows, kind="csv", headers=HEADERS):
        n = next(counter)
        if kind == "xlsx":
            path = tmp_path / f"roster{n}.xlsx"
            path.write_bytes(xlsx_bytes(rows, headers))
        else:
            path = tmp_path / f"roster{n}.csv"
            path.write_bytes(csv_bytes(rows, headers, "gbk" if kind == "gbk" else "utf-8-sig"))
        return path

    return write


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def today():
    return timezone.localdate()


def tomorrow():
    return today() + datetime.timedelta(days=1)


@pytest.fixture
def scratch(tmp_path, settings, django_db_blocker):
    """An empty database of the suite's engine, which migration states' models read and write (tests/org/migrating.py).
    The test database is not touched (no django_db mark)."""
    with django_db_blocker.unblock(), scratch_connection(tmp_path):
        settings.DATABASE_ROUTERS = ["tests.org.migrating.ScratchRouter"]
        yield
