"""The report every import gives: counts, and the bad rows with line, column, value and reason.

A report keeps the first MAX_SHOWN_ERRORS errors for pages and API answers, the true total and the totals by
kind; every error also goes to a spill file on disk, from which save_error_file() writes the full list as an
XLSX the user downloads (error_file_url). Memory stays bounded however many rows are bad.
"""
import csv
import io
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from .cells import safe_cell

MAX_SHOWN_ERRORS = 1000
MAX_ECHOED_CHARS = 200  # of a value an error repeats: a 110 MB cell must not come back in the answer
MAX_MESSAGE_CHARS = 1000  # of a reason: the longest, listing what is accepted, are a few hundred


def clipped(text: str, limit: int = MAX_ECHOED_CHARS) -> str:
    """`text`, or its first `limit` characters and "…" with how many more there were."""
    text = str(text)
    return text if len(text) <= limit else f"{text[:limit]}…(+{len(text) - limit:,})"
MAX_KINDS = 50  # distinct kinds counted one by one; the rest are counted together
XLSX_MAX_SHEET_ROWS = 1_048_575  # data rows of one Excel sheet (below its header)
ERROR_FILE_DAYS = 7  # error files older than this are removed when a new one is written


@dataclass(frozen=True)
class RowError:
    line: int  # 1-based line in the file as the user sees it (the header is line 1)
    column: str
    value: str
    reason: str
    kind: str = ""  # what went wrong, without the row's particulars; the reason when empty

    def __post_init__(self):
        """The one place an error's echo of the file is bounded: the value and the column (a header from the file)
        keep their first MAX_ECHOED_CHARS characters, and a reason that quotes the whole value quotes the clipped
        one (pages, API answers and the error file all show what is kept here)."""
        value, column = str(self.value), str(self.column)
        if len(value) > MAX_ECHOED_CHARS:
            object.__setattr__(self, "value", clipped(value))
            if value in self.reason:
                object.__setattr__(self, "reason", self.reason.replace(value, clipped(value)))
        if len(column) > MAX_ECHOED_CHARS:
            object.__setattr__(self, "column", clipped(column))
            if column in self.reason:
                object.__setattr__(self, "reason", self.reason.replace(column, clipped(column)))
        for name in ("reason", "kind"):  # a message quoting a long value some other way (stripped, in part)
            if len(getattr(self, name)) > MAX_MESSAGE_CHARS:
                object.__setattr__(self, name, clipped(getattr(self, name), MAX_MESSAGE_CHARS))

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "value": self.value, "reason": self.reason,
                "kind": self.kind}

    @property
    def tally_key(self) -> str:
        return f"{self.column}: {self.kind or self.reason}" if self.column else (self.kind or self.reason)


@dataclass
class ImportReport:
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)  # the first MAX_SHOWN_ERRORS (add_errors keeps it so)
    stored: bool = False  # False when the file was rejected and nothing was written
    error_count: int = 0  # every error, however many are shown
    error_kinds: Counter = field(default_factory=Counter)
    error_file: str = ""  # name of the full list as XLSX (save_error_file)
    _spill: object = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total_errors(self) -> int:
        return max(self.error_count, len(self.errors))

    @property
    def errors_truncated(self) -> bool:
        return self.total_errors > len(self.errors)

    def add_errors(self, errors) -> None:
        """Count every error by kind; keep the first MAX_SHOWN_ERRORS, spill the others to disk."""
        for error in errors:
            self.error_count += 1
            key = error.tally_key
            if key in self.error_kinds or len(self.error_kinds) < MAX_KINDS:
                self.error_kinds[key] += 1
            else:
                self.error_kinds[""] += 1  # other kinds
            if len(self.errors) < MAX_SHOWN_ERRORS:
                self.errors.append(error)
            else:
                if self._spill is None:
                    self._spill = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")
                csv.writer(self._spill).writerow((error.line, error.column, error.value, error.reason))

    def kinds(self) -> list[dict]:
        """Totals by kind, largest first; the kind "" gathers the kinds past MAX_KINDS."""
        return [{"kind": kind, "count": count} for kind, count in self.error_kinds.most_common()]

    def all_errors(self):
        yield from self.errors
        if self._spill is not None:
            self._spill.seek(0)
            for line, column, value, reason in csv.reader(self._spill):
                yield RowError(int(line), column, value, reason)

    def save_error_file(self, owner) -> str:
        """Write every error as an XLSX in MEDIA_ROOT/import-errors (when there are errors); the name embeds
        the owner's id, so only they (or HR) may download it."""
        if not self.total_errors:
            return ""
        folder = error_dir()
        cutoff = time.time() - ERROR_FILE_DAYS * 86400
        for old in folder.glob("*.xlsx"):
            if old.stat().st_mtime < cutoff:
                old.unlink(missing_ok=True)
        name = f"{owner.pk if owner is not None else 0}-{uuid.uuid4().hex}.xlsx"
        (folder / name).write_bytes(errors_xlsx_bytes(self.all_errors()))
        self.error_file = name
        if self._spill is not None:
            self._spill.close()
            self._spill = None
        return name

    @property
    def error_file_url(self) -> str:
        """Where an API client downloads the full list (with the credentials it imported with)."""
        return reverse("api:import_errors", args=[self.error_file]) if self.error_file else ""

    @property
    def error_page_url(self) -> str:
        """Where a signed-in user downloads the full list from the page."""
        return reverse("org:import-errors", args=[self.error_file]) if self.error_file else ""

    def as_dict(self) -> dict:
        return {"rows_read": self.rows_read, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "skipped": self.skipped, "stored": self.stored,
                "error_count": self.total_errors, "errors_shown": len(self.errors),
                "errors_by_kind": self.kinds(), "error_file_url": self.error_file_url,
                "errors": [e.as_dict() for e in self.errors]}


ERROR_FILE_NAME = r"^\d+-[0-9a-f]{32}\.xlsx$"


def error_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "import-errors"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def errors_xlsx_bytes(errors: Iterable[RowError]) -> bytes:
    """Every error of an import, one per row (a new sheet past Excel's row limit), written as it streams."""
    from openpyxl import Workbook  # heavy, and only an import with errors needs it (pyproject: allow-list)

    wb = Workbook(write_only=True)
    headers = [_("line"), _("column"), _("value"), _("reason")]
    ws, rows = None, XLSX_MAX_SHEET_ROWS
    for e in errors:
        if rows >= XLSX_MAX_SHEET_ROWS:
            ws, rows = wb.create_sheet(title=f"{_('errors')} {len(wb.worksheets) + 1}"[:31]), 0
            ws.append(headers)
        ws.append([e.line, safe_cell(e.column), safe_cell(e.value), safe_cell(e.reason)])
        rows += 1
    if ws is None:
        wb.create_sheet(title=_("errors")).append(headers)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
