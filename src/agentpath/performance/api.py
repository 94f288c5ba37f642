"""KPI API under /api/v1/kpi: push daily values in batches, read a person's values and ranks (scoped)."""
import datetime
from typing import Annotated

from django.http import Http404
from ninja import Field, Router, Schema, Status

from agentpath.api_common import (
    ONE_LINE,
    ImportRejectedBase,
    ImportRowErrorOut,
    OneLineText,
    errors,
    refusal,
    rejected_body,
)
from agentpath.common.import_guard import ImportBusy

from . import selectors, services

router = Router()


class RecordIn(Schema):
    employee_no: str = Field(..., max_length=20, pattern=ONE_LINE, examples=["E00001"])
    date: str = Field(..., max_length=20, pattern=ONE_LINE, examples=["2026-07-01"])
    metric: str = Field(..., max_length=60, pattern=ONE_LINE, examples=["aht"])
    value: float | OneLineText | None = Field(..., examples=[312.5])


class BatchIn(Schema):
    records: list[RecordIn] = Field(..., max_length=100_000)
    skip_bad_rows: bool = False


class RowErrorOut(ImportRowErrorOut):
    line: int = Field(..., description="the record's position in the batch, 1-based")


class BatchOut(Schema):
    import_id: int
    stored: bool
    records_read: int
    created: int = Field(..., description="new employee-days")
    updated: int = Field(..., description="employee-days with a new or corrected value")
    unchanged: int
    skipped: int
    values_changed: int = Field(..., description="values replaced by a different one (kept in history)")
    errors: list[RowErrorOut]


class BatchRejectedOut(ImportRejectedBase, BatchOut):
    """A rejected batch (422 import_rejected: nothing stored, each bad record in `errors`)."""


class DayOut(Schema):
    date: datetime.date
    values: dict[str, float]


class EmployeeDaysOut(Schema):
    employee_no: str
    days: list[DayOut]


class RankOut(Schema):
    period: str
    period_kind: str
    group: str
    group_name: str
    composite: float
    rank: int
    peer_size: int
    percentile: float
    deductions: float
    bottom_half: bool
    peer_group_widened: bool = Field(description="too few peers in the center: ranked among the same family and "
                                                 "level across centers")


class EmployeeRanksOut(Schema):
    employee_no: str
    ranks: list[RankOut]


class MetricOut(Schema):
    code: str
    name: str
    name_en: str
    unit: str
    higher_is_better: bool
    aggregation: str
    min_value: float | None
    max_value: float | None


@router.get("/metrics", response=list[MetricOut], summary="Metric definitions")
def list_metrics(request):
    return selectors.metrics()


@router.post("/records", response={200: BatchOut, 422: BatchRejectedOut, **errors(403, 409)},
             summary="Push a batch of daily KPI values (all-or-nothing unless skip_bad_rows)")
def post_records(request, batch: BatchIn):
    services.check_may_import_kpi(request.user)
    try:
        kpi_import, report = services.import_records([r.dict() for r in batch.records], user=request.user,
                                                     skip_bad_rows=batch.skip_bad_rows)
    except ImportBusy as busy:
        return refusal(409, "import_busy", str(busy))
    body = {"import_id": kpi_import.pk, "stored": report.stored, "records_read": report.rows_read,
            "created": report.created, "updated": report.updated, "unchanged": report.unchanged,
            "skipped": report.skipped, "values_changed": report.values_changed,
            "errors": [e.as_dict() for e in report.errors]}
    if not report.stored:
        return Status(422, rejected_body({**body, "error_count": report.total_errors}))
    return Status(200, body)


@router.get("/employees/{employee_no}/records", response={200: EmployeeDaysOut, **errors(404)},
            summary="A person's daily values")
def employee_records(request, employee_no: str, start: datetime.date | None = None, end: datetime.date | None = None):
    employee, rows = selectors.days_for(request.user, employee_no, start, end)
    return {"employee_no": employee.employee_no, "days": [{"date": d, "values": v} for d, v in rows]}


@router.get("/employees/{employee_no}/ranks", response={200: EmployeeRanksOut, **errors(404)},
            summary="A person's composites, ranks and percentiles per month and quarter")
def employee_ranks(request, employee_no: str, kind: Annotated[str, Field(max_length=7)] | None = None):
    if kind not in (None, "month", "quarter"):
        raise Http404
    employee, results = selectors.ranks_for(request.user, employee_no, kind)
    return {"employee_no": employee.employee_no, "ranks": [{
        "period": r.period, "period_kind": r.period_kind, "group": r.group_code, "group_name": r.group.display_name,
        "composite": r.composite, "rank": r.rank, "peer_size": r.peer_size, "percentile": r.percentile,
        "deductions": r.deductions, "bottom_half": r.in_bottom_half, "peer_group_widened": r.widened}
        for r in results]}
