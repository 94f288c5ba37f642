"""Reading a KPI file's shape: which column holds what (wide or long), who may write which metrics, and the
cell parsers. Header text never reaches SQL: each file column gets a generated staging name here."""
import datetime
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from agentpath.accounts.models import Role
from agentpath.common.spreadsheets import ImportReport, RowError
from agentpath.org.scoping import center_ids_for

from ..models import Metric

EMPLOYEE_HEADERS = {"employee_no", "employee", "employee number", "工号", "员工编号", "坐席工号", "agent_id"}
DATE_HEADERS = {"date", "日期", "统计日期", "day"}
METRIC_HEADERS = {"metric", "指标", "指标代码", "metric_code"}
VALUE_HEADERS = {"value", "数值", "值"}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S")
# A number as people write it: PostgreSQL's float8 input minus NaN/Infinity and absurd lengths, "95%" allowed.
# The exponent may overflow a float: such a number is out of range (rules.py), not "not a number".
NUMBER_RE = r"^\s*[-+]?([0-9]{1,30}\.?[0-9]{0,30}|\.[0-9]{1,30})([eE][-+]?[0-9]{1,4})?\s*%?\s*$"
_NUMBER = re.compile(NUMBER_RE)
# The columns of the staging table that are not metric slots (names, never header text).
EMPLOYEE, DATE, METRIC, VALUE = "employee_no", "date_text", "metric_text", "value_text"

Progress = Callable[[int, int | None], None] | None


@dataclass
class KpiImportReport(ImportReport):
    """ImportReport counted in employee-days, plus the corrections made and the dates touched."""

    values_changed: int = 0
    error_count: int = 0  # every error, also those beyond the ones listed in `errors`
    first_date: datetime.date | None = None
    last_date: datetime.date | None = None
    timings: dict = field(default_factory=dict)  # seconds per phase, for the benchmark and the logs

    @property
    def total_errors(self) -> int:
        return max(self.error_count, len(self.errors))

    def as_dict(self) -> dict:
        return {**super().as_dict(), "values_changed": self.values_changed, "error_count": self.total_errors,
                "first_date": self.first_date.isoformat() if self.first_date else None,
                "last_date": self.last_date.isoformat() if self.last_date else None,
                "timings": {k: round(v, 3) for k, v in self.timings.items()}}


class ImportRejected(Exception):
    def __init__(self, report: ImportReport):
        self.report = report


def rejected(*errors: RowError) -> ImportRejected:
    return ImportRejected(KpiImportReport(errors=list(errors), error_count=len(errors)))


class Clock:
    """Seconds per phase, added up in report.timings."""

    def __init__(self, timings: dict):
        self.timings, self.last = timings, time.perf_counter()

    def __call__(self, phase: str):
        now = time.perf_counter()
        self.timings[phase] = self.timings.get(phase, 0) + now - self.last
        self.last = now


@dataclass
class ImportScope:
    """Whose rows and which metrics an importer may write: None means all (HR, CLI)."""

    center_ids: list[int] | None = None
    metric_sources: set[str] | None = None

    @classmethod
    def for_user(cls, user) -> "ImportScope":
        if user.is_superuser or user.role == Role.HR_ADMIN:
            return cls()
        if user.role == Role.QA:
            return cls(center_ids=center_ids_for(user) or [], metric_sources={Metric.Source.QA})
        raise PermissionError(_("Only HR and QA may import KPI."))

    def allows(self, metric: Metric) -> bool:
        return self.metric_sources is None or metric.source in self.metric_sources

    def employee_filter(self, alias: str) -> tuple[str, list]:
        """SQL (starting with AND) keeping the employees of the scope's centers, and its parameters."""
        if self.center_ids is None:
            return "", []
        return (f" AND {alias}.center_id IN ({', '.join(['%s'] * len(self.center_ids)) or 'NULL'})",
                list(self.center_ids))


@dataclass
class Layout:
    """Which file column holds what. Wide: a column per metric; long: metric and value columns."""

    headers: list[str]
    employee: int
    date: int
    metric: int | None = None
    value: int | None = None
    metric_columns: list[tuple[int, Metric]] = field(default_factory=list)
    ignored: list[int] = field(default_factory=list)

    @property
    def is_long(self) -> bool:
        return self.metric is not None

    def stage_names(self) -> list[str]:
        """The staging column of each file column: employee_no, date_text, metric_text, value_text, cNN for
        metric slot NN, xI for an ignored column I. Generated here, so no header text ever becomes SQL."""
        fixed = {self.employee: EMPLOYEE, self.date: DATE, self.metric: METRIC, self.value: VALUE}
        slots = {i: f"c{m.slot:02d}" for i, m in self.metric_columns}
        return [fixed.get(i) or slots.get(i) or f"x{i}" for i in range(len(self.headers))]

    def number_names(self) -> list[str]:
        return [n for n in self.stage_names() if n == VALUE or n.startswith("c")]

    def column_label(self, stage_name: str) -> str:
        """What a report calls a staging column: the header as written for a metric column of a wide file,
        else the column's role (employee_no, date, metric, value)."""
        if stage_name.startswith("c"):
            return self.headers[self.stage_names().index(stage_name)]
        return {EMPLOYEE: "employee_no", DATE: "date", METRIC: "metric", VALUE: "value"}.get(stage_name, stage_name)


def metric_lookup(metrics: Iterable[Metric]) -> dict[str, Metric]:
    """A metric by its code, Chinese or English name (case-insensitive)."""
    lookup = {}
    for m in metrics:
        for key in (m.name_en, m.name, m.code):
            if key:
                lookup[key.strip().lower()] = m
    return lookup


def detect_layout(headers: list[str], metrics: dict[str, Metric], scope: ImportScope,
                  errors: list[RowError]) -> Layout:
    """Map the header row; unknown columns become errors on line 1. Raises ImportRejected when the file
    lacks a column nothing can be imported without."""
    lowered = [h.strip().lower() for h in headers]

    def find(names):
        return next((i for i, h in enumerate(lowered) if h in names), None)

    employee, date = find(EMPLOYEE_HEADERS), find(DATE_HEADERS)
    metric, value = find(METRIC_HEADERS), find(VALUE_HEADERS)
    fatal = []
    if employee is None:
        fatal.append(RowError(1, "employee_no", "", _("The file has no employee number column; the first row must "
                                                       "name the columns, e.g. employee_no,date,aht,fcr.")))
    if date is None:
        fatal.append(RowError(1, "date", "", _("The file has no date column; the first row must name the columns, "
                                               "e.g. employee_no,date,aht,fcr.")))
    if (metric is None) != (value is None):
        fatal.append(RowError(1, "metric" if metric is None else "value", "",
                              _("A long file needs both a metric column and a value column.")))
    if fatal:
        raise rejected(*fatal)
    layout = Layout(headers=headers, employee=employee, date=date, metric=metric, value=value)
    known = {employee, date, metric, value}
    codes = ", ".join(sorted({m.code for m in metrics.values()}))
    for i, h in enumerate(lowered):
        if i in known:
            continue
        if not h:
            layout.ignored.append(i)
            continue
        m = metrics.get(h)
        if m is None or layout.is_long:
            reason = _("Column %(value)s is not a metric code or a known column; known metric codes: %(codes)s.") % {
                "value": headers[i], "codes": codes}
        elif not scope.allows(m):
            reason = _("You may import only the metrics of your own system, not %(value)s.") % {"value": headers[i]}
        elif any(m.pk == other.pk for _i, other in layout.metric_columns):
            reason = _("Column %(value)s repeats metric %(metric)s; keep one column per metric.") % {
                "value": headers[i], "metric": m.code}
        else:
            layout.metric_columns.append((i, m))
            continue
        layout.ignored.append(i)
        errors.append(RowError(1, headers[i], headers[i], reason))
    if not layout.is_long and not layout.metric_columns:
        errors.append(RowError(1, "", ",".join(headers), _(
            "No column is a metric code; a wide file has one column per metric, e.g. employee_no,date,aht,fcr; "
            "a long file has employee_no,date,metric,value.")))
        raise rejected(*errors)
    return layout


def parse_date(text: str) -> datetime.date | None:
    text = text.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_number(text: str) -> float | None:
    """A float, or None when the text is not a number (NaN and infinities are not numbers here; a number too
    large for a float is ±inf, which no metric's range accepts)."""
    if not _NUMBER.match(text):
        return None
    return float(text.strip().rstrip("%").strip())
