"""The shared reader (common.open_rows): hostile files are refused before they cost memory, encodings are
decided on evidence, exports read back unchanged, and messages say what is true."""
import io
import json
import os
import subprocess
import sys
import textwrap

import pytest
from django.utils import translation

from agentpath.common.spreadsheets import (
    UploadRejected,
    check_upload,
    open_rows,
    read_table,
    safe_cell,
    xlsx_bytes,
)
from tests.common import xlsx_bombs

HEADERS = ["工号", "姓名", "中心", "团队", "职位", "职级", "职等", "入职日期", "直属上级工号", "学历", "状态", "手机",
           "身份证号", "邮箱"]
ROW = ["E10001", "张三", "sz", "sz-a", "agent", "mgmt-agent", "8", "2024-03-01", "", "本科", "在职", "13800138000",
       "440301199001011234", "a@example.com"]


def rows_of(data: bytes, name: str, max_rows: int = 1_000_000, **kwargs):
    headers, rows, _estimate = open_rows(io.BytesIO(data), name, max_rows=max_rows, **kwargs)
    return headers, list(rows)


def refusal(data: bytes, name: str, **kwargs) -> str:
    with translation.override("zh-hans"), pytest.raises(UploadRejected) as refused:
        rows_of(data, name, **kwargs)
    return str(refused.value)


# ------------------------------------------------------------------------------------------------ row limits

def test_a_workbook_whose_dimension_passes_the_row_limit_is_refused_before_it_is_read():
    message = refusal(xlsx_bombs.row_bomb(HEADERS, ROW, 51), "bomb.xlsx", max_rows=50)
    assert "bomb.xlsx" in message and "最多接受 50 行" in message


def test_a_workbook_without_dimension_is_counted_and_refused_past_the_row_limit():
    message = refusal(xlsx_bombs.row_bomb(HEADERS, ROW, 51, dimension=False), "bomb.xlsx", max_rows=50)
    assert "最多接受 50 行" in message


def test_a_workbook_at_the_row_limit_is_read_with_its_lines():
    headers, rows = rows_of(xlsx_bombs.row_bomb(HEADERS, ROW, 50), "ok.xlsx", max_rows=50)
    assert headers == HEADERS and len(rows) == 50
    assert rows[0] == (2, ROW) and rows[-1][0] == 51


def test_a_csv_stops_at_the_row_past_the_limit():
    data = ("\n".join([",".join(HEADERS)] + [",".join(ROW)] * 51) + "\n").encode()
    assert "最多接受 50 行" in refusal(data, "big.csv", max_rows=50)
    assert len(rows_of(data, "big.csv", max_rows=51)[1]) == 51


def test_a_shared_string_shown_in_thousands_of_cells_is_refused_before_it_is_read(settings):
    # 17 KB on disk; read by calamine it takes 300 MB (the string is copied into every cell).
    data = xlsx_bombs.shared_strings_bomb(["工号"], cells=3000, length=100_000)
    message = refusal(data, "strings.xlsx")
    assert "内存" in message and "CSV UTF-8" in message


PEAK = textwrap.dedent("""
    import io, json, sys
    import django
    django.setup()
    from django.conf import settings
    from agentpath.common.spreadsheets import UploadRejected, open_rows
    sys.path.insert(0, sys.argv[2])
    from tests.common import xlsx_bombs
    kind = sys.argv[1]
    data = {"rows": lambda: xlsx_bombs.compact_row_bomb(14, 2_000_000),
            "copies": lambda: xlsx_bombs.shared_strings_bomb(["a"], cells=30_000, length=100_000),
            "strings": lambda: xlsx_bombs.many_strings_bomb(strings=100_000, length=2_000)}[kind]()
    def high_water_kb():
        # VmHWM belongs to this program's own memory map; ru_maxrss would carry over the forking pytest's size.
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    before = high_water_kb()
    try:
        headers, rows, _ = open_rows(io.BytesIO(data), "bomb.xlsx", max_rows=settings.ROSTER_MAX_ROWS)
        sum(1 for _ in rows)
        outcome = "read"
    except UploadRejected as exc:
        outcome = str(exc)
    print(json.dumps({"size": len(data), "outcome": outcome, "before_mb": before // 1024,
                      "peak_mb": high_water_kb() // 1024}))
""")


@pytest.mark.parametrize("kind", ["rows", "copies", "strings"])
def test_bombs_are_refused_within_300_mb(kind):
    """A 2-million-row bomb, a shared string copied into 30,000 cells (3 GB if read) and a table of 100,000
    long shared strings: each refused, the process stays small."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "agentpath.settings"}
    out = subprocess.run([sys.executable, "-c", PEAK, kind, root], env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["outcome"] != "read"
    assert result["peak_mb"] < 300, result


# ------------------------------------------------------------------------------------------------- encodings

def test_a_utf8_csv_with_one_stray_latin1_byte_is_refused_naming_line_and_byte():
    data = "工号,姓名\nE1,赵敏\nE2,Caf".encode() + b"\xe9\n"
    message = refusal(data, "roster.csv")
    assert "第 3 行" in message and "0xE9" in message and "CSV UTF-8" in message


def test_a_gbk_csv_is_read_as_gbk_and_utf8_with_or_without_bom_as_utf8():
    text = "工号,姓名\nE1,赵敏\n"
    for data in (text.encode("gbk"), text.encode("utf-8"), text.encode("utf-8-sig")):
        assert rows_of(data, "roster.csv") == (["工号", "姓名"], [(2, ["E1", "赵敏"])])


def test_a_file_in_neither_encoding_is_refused_naming_the_first_bad_byte():
    message = refusal(b"a,b\n1,2\n\xff\xfe\xff,3\n", "junk.csv")
    assert "第 3 行" in message and "0xFF" in message


# -------------------------------------------------------------------------------------------------- messages

@pytest.mark.parametrize("name,data", [("empty.csv", b""), ("blank.csv", b"\n\n"), ("bom.csv", b"\xef\xbb\xbf"),
                                       ("empty.xlsx", None)])
def test_an_empty_file_is_refused_as_empty(name, data):
    if data is None:
        data = xlsx_bytes([], [])
    assert "文件为空" in refusal(data, name)


def test_the_size_limit_is_shown_in_mib_as_configured(settings):
    settings.MAX_UPLOAD_BYTES = 20 * 1024 * 1024
    with translation.override("zh-hans"), pytest.raises(UploadRejected) as refused:
        check_upload("big.csv", 21 * 1024 * 1024 + 1)
    assert "21 MiB" in str(refused.value) and "20 MiB" in str(refused.value)


# ---------------------------------------------------------------------------------------------- round trip

def test_cells_neutralised_against_formulas_read_back_as_they_were():
    names = ["=SUM(A1)", "+86 138", "-李四", "@王五", "'引号开头", "普通"]
    data = xlsx_bytes(["姓名"], [[n] for n in names])
    assert [cells[0] for _line, cells in rows_of(data, "export.xlsx")[1]] == names
    csv_data = ("姓名\n" + "\n".join(safe_cell(n) for n in names) + "\n").encode()
    assert [cells[0] for _line, cells in rows_of(csv_data, "export.csv")[1]] == names


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_file_named_xlsx_that_is_no_workbook_is_refused_in_the_users_language_for_every_importer(language):
    with translation.override(language), pytest.raises(UploadRejected) as refused:
        read_table(io.BytesIO("工号,姓名\nE1,张三\n".encode()), "kpi.xlsx", max_rows=10)

    message = str(refused.value)
    assert "zip file" not in message
    assert ("这不是 Excel 工作簿" if language == "zh-hans" else "this is not an Excel workbook") in message
