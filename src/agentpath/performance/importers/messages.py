"""What a KPI import tells people: the rows of kpi_errors rendered as RowErrors in the user's language (the
first MAX_REPORTED_ERRORS of them; the total is always exact), and the messages about a file as a whole."""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from agentpath.common.spreadsheets import RowError

from ..models import Metric
from . import rules
from .job import Job
from .layout import Layout

# Errors listed in the report; the count of all errors is always exact.
MAX_REPORTED_ERRORS = 10_000


@dataclass
class Context:
    """What a rule's message may mention."""

    layout: Layout
    today: object
    metrics: dict[str, Metric]


def collect(job: Job, cursor) -> tuple[int, int, list[RowError]]:
    """(errors in all, lines with an error, the first MAX_REPORTED_ERRORS errors in line order)."""
    cursor.execute("SELECT COUNT(*), COUNT(DISTINCT line) FROM kpi_errors")
    total, lines = cursor.fetchone()
    cursor.execute("SELECT line, col, value, code, arg FROM kpi_errors ORDER BY line, col LIMIT %s",
                   [MAX_REPORTED_ERRORS])
    rows = cursor.fetchall()
    ctx = Context(job.layout, job.today, {str(m.pk): m for m in Metric.objects.all()})
    return total, lines, [render(row, ctx) for row in rows]


def render(row, ctx: Context) -> RowError:
    line, col, value, code, arg = row
    value = "" if value is None else str(value)
    if code == rules.RANGE:
        try:
            value = f"{float(value):g}"
        except ValueError:
            pass
    return RowError(line=line, column=ctx.layout.column_label(col) if col else "", value=value,
                    reason=rules.MESSAGES[code](value, arg, ctx))


def empty_file(name: str) -> RowError:
    return RowError(1, "", name, _("The file is empty; the first row must name the columns, e.g. "
                                   "employee_no,date,aht,fcr, and each row below holds one employee's day."))


def no_data_rows() -> RowError:
    return RowError(2, "", "", _("The file has no rows below the header; nothing to import."))
