"""Reading and writing the spreadsheets HR lives in (CSV and XLSX), shared by every import and export.

- read_table(): streams (line number, {column: text}) from a CSV or XLSX upload, whatever its size.
- RowError / ImportReport: the row-level report every import gives (line, column, value, reason).
- xlsx_response(): an export, with cells made safe from formula injection.
"""
import codecs
import csv
import datetime
import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

ALLOWED_EXTENSIONS = {".csv", ".xlsx"}
# A cell starting with one of these is run as a formula by Excel/WPS (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class UploadRejected(Exception):
    """The file as a whole cannot be read; the message says why and what is accepted."""


@dataclass(frozen=True)
class RowError:
    line: int  # 1-based line in the file as the user sees it (the header is line 1)
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "value": self.value, "reason": self.reason}


@dataclass
class ImportReport:
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    stored: bool = False  # False when the file was rejected and nothing was written

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total_errors(self) -> int:
        """Every error found; an importer listing only the first ones overrides this with the true total."""
        return len(self.errors)

    def as_dict(self) -> dict:
        return {"rows_read": self.rows_read, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "skipped": self.skipped, "stored": self.stored,
                "errors": [e.as_dict() for e in self.errors]}


def check_upload(name: str, size: int | None) -> str:
    """Return the lower-case extension, or refuse a file of the wrong type or size."""
    ext = Path(name or "").suffix.lower()
    if ext not in ALLOWED_EXTENSIONS:
        raise UploadRejected(_("%(name)s is not a CSV or XLSX file; upload a .csv (UTF-8) or .xlsx file.")
                             % {"name": name or "?"})
    limit = settings.MAX_UPLOAD_BYTES
    if size is not None and size > limit:
        raise UploadRejected(_("%(name)s is %(size).1f MB; files up to %(limit).0f MB are accepted.")
                             % {"name": name, "size": size / 1e6, "limit": limit / 1e6})
    return ext


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode_lines(binary) -> Iterator[str]:
    """UTF-8 (with or without BOM) first; GBK/GB18030 as exported by Chinese Excel as a fallback."""
    head = binary.read(65536)
    encoding = "utf-8-sig"
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a multi-byte char cut at the buffer's end
            encoding = "gb18030"
    reader = codecs.getreader(encoding)(_Chain(head, binary), errors="strict")
    yield from reader


class _Chain(io.RawIOBase):
    def __init__(self, head: bytes, rest):
        self.head, self.rest = head, rest

    def readable(self):
        return True

    def readinto(self, buffer):
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n], self.head = self.head[:n], self.head[n:]
            return n
        data = self.rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def read(self, size=-1):
        if size is None or size < 0:
            data, self.head = self.head + self.rest.read(), b""
            return data
        return super().read(size)


def open_rows(binary, name: str) -> tuple[list[str], Iterator[tuple[int, list[str]]], int | None]:
    """Headers, a stream of (line, cells) and an estimate of the row count (None if unknown), from a CSV or
    XLSX file object opened in binary mode. Lines are those the user sees (the header is line 1; a quoted
    cell spanning lines counts from where its row starts). Empty rows are skipped; memory stays flat."""
    ext = check_upload(name, None)
    if ext == ".csv":
        try:
            size = os.fstat(binary.fileno()).st_size
        except (AttributeError, OSError, io.UnsupportedOperation):
            size = None
        reader = csv.reader(_decode_lines(binary))
        try:
            headers = [h.strip() for h in next(reader, [])]
        except (UnicodeDecodeError, csv.Error) as exc:
            raise UploadRejected(_("%(name)s cannot be read as CSV (%(err)s); save it as CSV UTF-8.")
                                 % {"name": name, "err": exc}) from exc

        def rows():
            line = 1
            try:
                for cells in reader:
                    start, line = line + 1, reader.line_num
                    if any(c.strip() for c in cells):
                        yield start, cells
            except (UnicodeDecodeError, csv.Error) as exc:
                raise UploadRejected(_("%(name)s cannot be read after line %(line)s (%(err)s).")
                                     % {"name": name, "line": line, "err": exc}) from exc

        # About 60 bytes per row in a typical wide file; callers refine it as they read.
        return headers, rows(), (size // 60 if size else None)
    from openpyxl import load_workbook

    try:
        wb = load_workbook(binary, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise UploadRejected(_("%(name)s is not a readable XLSX workbook (%(err)s).") % {"name": name, "err": exc}) \
            from exc
    ws = wb.worksheets[0]
    it = ws.iter_rows(values_only=True)
    headers = [_text(h) for h in next(it, ())]
    while headers and not headers[-1]:
        headers.pop()

    def xrows():
        for line, values in enumerate(it, start=2):
            if any(v not in (None, "") for v in values):
                yield line, [_text(v) for v in values]
        wb.close()

    return headers, xrows(), (ws.max_row - 1 if ws.max_row else None)


def read_table(binary, name: str) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """Headers and a stream of (line, {header: stripped text}) from a CSV or XLSX file (see open_rows)."""
    headers, rows, _estimate = open_rows(binary, name)

    def as_dicts():
        for line, cells in rows:
            yield line, {h: (cells[i].strip() if i < len(cells) and cells[i] else "") for i, h in enumerate(headers)}

    return headers, as_dicts()


def safe_cell(value):
    """Neutralise spreadsheet formula injection: text starting with = + - @ is prefixed with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _xlsx_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return safe_cell(value)


def _display_width(value) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)  # CJK characters take two columns


def xlsx_bytes(headers: list[str], rows: Iterable[Iterable], sheet_title: str = "Sheet1") -> bytes:
    """An XLSX of one sheet as people expect of an export: the header row frozen, an auto-filter over the
    table, columns as wide as their content (capped), every cell formula-safe (safe_cell)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    body = [[_xlsx_value(v) for v in row] for row in rows]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_title[:31])
    for i, header in enumerate(headers, start=1):
        widest = max([_display_width(header), *(_display_width(r[i - 1]) for r in body[:2000] if len(r) >= i)])
        ws.column_dimensions[get_column_letter(i)].width = min(max(widest + 2, 8), 50)
    ws.freeze_panes = "A2"
    if headers:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(body) + 1}"
    ws.append([safe_cell(h) for h in headers])
    for row in body:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_response(filename: str, headers: list[str], rows: Iterable[Iterable], sheet_title: str = "Sheet1"):
    response = HttpResponse(xlsx_bytes(headers, rows, sheet_title),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename=\"{filename}\""
    return response


def errors_xlsx_response(filename: str, errors: Iterable[RowError]):
    return xlsx_response(filename, [_("line"), _("column"), _("value"), _("reason")],
                         ((e.line, e.column, e.value, e.reason) for e in errors), sheet_title=_("errors"))
