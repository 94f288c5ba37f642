"""Reading and writing the spreadsheets HR lives in (CSV and XLSX), shared by every import and export.

- open_rows() / read_table(): stream (line number, cells) from a CSV or XLSX upload. A CSV's encoding is
  decided on evidence (common.encodings); an XLSX is checked before it is parsed (common.workbook_guard) and
  read by python-calamine; both stop at the row limit they are given.
- RowError / ImportReport (common.reports): the row-level report every import gives.
- xlsx_response(): an export, with cells made safe from formula injection (and read back unchanged).
"""
import codecs
import csv
import datetime
import io
import os
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path

import python_calamine
from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

from . import workbook_guard
from .cells import safe_cell, undo_safe_cell
from .encodings import UndecidableEncoding, detect_csv_encoding
from .reports import ImportReport, RowError, errors_xlsx_bytes

__all__ = ["ImportReport", "RowError", "UploadRejected", "check_upload", "open_rows", "read_table", "safe_cell",
           "xlsx_bytes", "xlsx_response", "errors_xlsx_bytes", "errors_xlsx_response"]

ALLOWED_EXTENSIONS = {".csv", ".xlsx"}
MIB = 1024 * 1024


class UploadRejected(Exception):
    """The file as a whole cannot be read; the message says why and what is accepted."""


def _mib(size: int) -> str:
    return f"{size / MIB:.1f}".removesuffix(".0")


def check_upload(name: str, size: int | None) -> str:
    """Return the lower-case extension, or refuse a file of the wrong type or size."""
    ext = Path(name or "").suffix.lower()
    if ext not in ALLOWED_EXTENSIONS:
        raise UploadRejected(_("%(name)s is not a CSV or XLSX file; upload a .csv (UTF-8) or .xlsx file.")
                             % {"name": name or "?"})
    limit = settings.MAX_UPLOAD_BYTES
    if size is not None and size > limit:
        raise UploadRejected(_("%(name)s is %(size)s MiB; files up to %(limit)s MiB are accepted.")
                             % {"name": name, "size": _mib(size), "limit": _mib(limit)})
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
    return undo_safe_cell(str(value).strip())


def _empty_file(name: str) -> UploadRejected:
    return UploadRejected(_("The file is empty: %(name)s has no header row. Download the template, fill it in "
                            "and upload it again.") % {"name": name})


def _too_many_rows(name: str, rows: int, limit: int) -> UploadRejected:
    return UploadRejected(_("%(name)s has more than %(limit)s rows (%(rows)s or more); at most %(limit)s rows are "
                            "accepted in one file. Split it into files of up to %(limit)s rows.")
                          % {"name": name, "rows": f"{rows:,}", "limit": f"{limit:,}"})


def _cell_too_long(name: str, line: int, column: str, limit: int) -> UploadRejected:
    return UploadRejected(_("%(name)s, line %(line)s, column %(column)s: the cell is longer than %(limit)s "
                            "characters, the most a cell may hold; the file was not imported.")
                          % {"name": name, "line": line, "column": column[:60], "limit": f"{limit:,}"})


def _column_name(headers: list[str], index: int) -> str:
    return headers[index] if index < len(headers) and headers[index] else str(index + 1)


def _checked_cells(name: str, headers: list[str], line: int, cells: list[str], limit: int) -> list[str]:
    """The row's cells, or the refusal of the whole file when one is longer than `limit` characters."""
    if cells and max(map(len, cells)) > limit:
        index = next(i for i, c in enumerate(cells) if len(c) > limit)
        raise _cell_too_long(name, line, _column_name(headers, index), limit)
    return cells


def _size(binary) -> int:
    position = binary.tell()
    size = binary.seek(0, os.SEEK_END)
    binary.seek(position)
    return size


def open_rows(binary, name: str, *, max_rows: int
              ) -> tuple[list[str], Iterator[tuple[int, list[str]]], int | None]:
    """Headers, a stream of (line, cells) and an estimate of the row count (None if unknown), from a CSV or
    XLSX file object opened in binary mode (seekable). Lines are those the user sees (the header is line 1; a
    quoted cell spanning lines counts from where its row starts). Empty rows are skipped; memory stays flat.
    Every importer gives its row limit: a file of more data rows is refused (UploadRejected), an XLSX before it
    is parsed, a CSV when the stream reaches the row past the limit. A cell of more than
    settings.IMPORT_MAX_CELL_CHARS characters refuses the file too (an XLSX before it is parsed, when the XML
    shows it). An empty file is refused."""
    ext = check_upload(name, None)
    if ext == ".csv":
        return _csv_rows(binary, name, max_rows)
    return _xlsx_rows(binary, name, max_rows)


def _csv_rows(binary, name: str, max_rows: int):
    try:
        encoding = detect_csv_encoding(binary)
    except UndecidableEncoding as exc:
        bad = exc.bad
        raise UploadRejected(_("%(name)s is neither UTF-8 nor GBK text: line %(line)s has the byte 0x%(byte)s "
                               "(byte %(offset)s of the file), which is not valid %(encoding)s. Nothing was read; "
                               "save the file as “CSV UTF-8” and upload it again.")
                             % {"name": name, "line": bad.line, "byte": f"{bad.byte:02X}",
                                "offset": bad.offset + 1, "encoding": bad.encoding.upper()}) from exc
    size = _size(binary)
    limit = settings.IMPORT_MAX_CELL_CHARS
    # The csv module stops at a cell of more than field_size_limit() characters (131,072 unless raised): such a
    # cell is refused as too long without being read whole; a shorter one by _checked_cells.
    reader = csv.reader(codecs.getreader(encoding)(binary, errors="strict"))
    try:
        headers = [h.strip() for h in next(reader, [])]
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise _cell_too_long(name, 1, "?", limit) from exc
        raise UploadRejected(_("%(name)s cannot be read as CSV (%(err)s); save it as CSV UTF-8.")
                             % {"name": name, "err": exc}) from exc
    if not any(headers):
        raise _empty_file(name)
    _checked_cells(name, headers, 1, headers, limit)

    def rows():
        line, count = 1, 0
        try:
            for cells in reader:
                start, line = line + 1, reader.line_num
                if any(c.strip() for c in cells):
                    count += 1
                    if count > max_rows:
                        raise _too_many_rows(name, count, max_rows)
                    yield start, [undo_safe_cell(c) for c in _checked_cells(name, headers, start, cells, limit)]
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise _cell_too_long(name, line + 1, "?", limit) from exc
            raise UploadRejected(_("%(name)s cannot be read after line %(line)s (%(err)s).")
                                 % {"name": name, "line": line, "err": exc}) from exc

    # About 60 bytes per row in a typical wide file; callers refine it as they read.
    return headers, rows(), (size // 60 if size else None)


def _xlsx_rows(binary, name: str, max_rows: int):
    unreadable = _("%(name)s is not a readable XLSX workbook (%(err)s).")
    limit = settings.IMPORT_MAX_CELL_CHARS
    try:
        workbook_guard.check_workbook(binary, max_rows=max_rows, max_cell_bytes=settings.XLSX_MAX_CELL_BYTES,
                                      max_cell_chars=limit)
    except workbook_guard.TooBig as big:
        if big.max_rows:
            raise _too_many_rows(name, big.rows, big.max_rows) from big
        if big.max_cell_chars:
            raise UploadRejected(_("%(name)s holds a cell of at least %(size)s KiB of text; cells of at most %(limit)s "
                                   "characters are accepted. Nothing was read.")
                                 % {"name": name, "size": f"{big.long_cell_bytes // 1024:,}",
                                    "limit": f"{limit:,}"}) from big
        raise UploadRejected(_("%(name)s is too large to read as a workbook: its cells would take about %(size)s "
                               "MiB of memory, and at most %(limit)s MiB are allowed. Save it as “CSV UTF-8” "
                               "(read row by row, without this limit) or split it.")
                             % {"name": name, "size": _mib(big.cell_bytes), "limit": _mib(big.max_cell_bytes)}
                             ) from big
    except workbook_guard.Damaged as exc:
        raise UploadRejected(unreadable % {"name": name, "err": exc}) from exc
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(binary)
        sheet = workbook.get_sheet_by_index(0)
    except (python_calamine.CalamineError, ValueError, OSError) as exc:
        raise UploadRejected(unreadable % {"name": name, "err": exc}) from exc
    first_line = (sheet.start[0] + 1) if sheet.start else 1  # calamine's range starts at the first used row
    it = sheet.iter_rows()
    headers = [_text(h) for h in next(it, [])]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise _empty_file(name)
    _checked_cells(name, headers, first_line, headers, limit)

    def xrows():
        for line, values in enumerate(it, start=first_line + 1):
            if any(v not in (None, "") for v in values):
                yield line, _checked_cells(name, headers, line, [_text(v) for v in values], limit)
        workbook.close()

    return headers, xrows(), max(sheet.height - 1, 0)


def read_table(binary, name: str, *, max_rows: int
               ) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """Headers and a stream of (line, {header: stripped text}) from a CSV or XLSX file (see open_rows)."""
    headers, rows, _estimate = open_rows(binary, name, max_rows=max_rows)

    def as_dicts():
        for line, cells in rows:
            yield line, {h: (cells[i].strip() if i < len(cells) and cells[i] else "") for i, h in enumerate(headers)}

    return headers, as_dicts()


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
    response = HttpResponse(errors_xlsx_bytes(errors),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename=\"{filename}\""
    return response
