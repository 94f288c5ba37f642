"""The state of one KPI import run, shared by staging, rules, merge and messages."""
import datetime
import logging
from dataclasses import dataclass, field

from django.db import DataError, connection, transaction

from ..models import KpiImport, Metric
from .layout import ImportScope, Layout, Progress

logger = logging.getLogger(__name__)

# Temp tables of one run (fixed names: a run owns its connection's session while it runs).
TEMP_TABLES = ("kpi_stage", "kpi_errors", "kpi_dates", "kpi_metric_map", "kpi_typed", "kpi_typed_long",
               "kpi_changed")


@dataclass
class Job:
    layout: Layout
    scope: ImportScope
    skip_bad_rows: bool
    progress: Progress
    kpi_import: KpiImport | None
    today: datetime.date
    pg: bool = field(default_factory=lambda: connection.vendor == "postgresql")
    rows_read: int = 0
    metrics_by_slot: dict[int, Metric] = field(default_factory=dict)

    @property
    def temp(self) -> str:
        """CREATE TEMP TABLE's suffix: PostgreSQL drops them with the transaction; SQLite drop_temp_tables()."""
        return " ON COMMIT DROP" if self.pg else ""

    def employee_join(self, stage_alias: str = "s") -> tuple[str, list]:
        """Join to the employees in scope by employee number, and its parameters."""
        cond, params = self.scope.employee_filter("e")
        return f"org_employee e ON e.employee_no = {stage_alias}.employee_no{cond}", params

    def tell(self, done: int, total: int | None) -> None:
        if self.progress:
            self.progress(done, total)

    def slots(self) -> list[int]:
        """The metric slots this run writes, in slot order."""
        return sorted(self.metrics_by_slot)


def drop_temp_tables(cursor) -> None:
    for name in TEMP_TABLES:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")


def bigger_temp_buffers(cursor) -> None:
    """A bigger local buffer for the temp tables (PostgreSQL). PostgreSQL takes it only before the session's
    first temp table access; on a connection that already had one, the buffer stays what it is (the default is
    only slower). A temp table of a rolled-back transaction leaves no temp schema but counts as an access, so the
    refusal (DataError, "cannot be changed after any temporary tables have been accessed") is expected there."""
    cursor.execute("SELECT pg_my_temp_schema() = 0")
    if not cursor.fetchone()[0]:
        return
    try:
        with transaction.atomic():
            cursor.execute("SET temp_buffers = '256MB'")
    except DataError as refused:
        logger.info("temp_buffers kept at the session's value: %s", refused)
