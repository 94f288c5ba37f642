"""GET /api/v1/employees/{employee_no}/path: standing and every open move with each requirement explained."""
from ninja import Router, Schema

from agentpath.api_common import ApiError

from . import selectors
from .cycle_api import router as cycle_router
from .round_api import router as round_router

router = Router()
router.add_router("/talent", round_router)  # promotion rounds: /api/v1/talent/rounds…
router.add_router("/talent", cycle_router)  # staffing and 9-box reviews


class CheckOut(Schema):
    kind: str
    label: str
    description: str
    status: str  # met | unmet | unknown (no data yet)
    met: bool
    actual: str


class OptionOut(Schema):
    transition_id: int
    kind: str
    to_level: str
    to_level_name: str
    to_position: str | None
    track: str
    eligible: bool
    met: int
    total: int
    requirements: list[CheckOut]


class PathOut(Schema):
    employee_no: str
    name: str
    track: str
    level: str
    level_name: str
    grade: int
    status: str  # active | leave | exited
    exit_date: str | None  # the day the person left; the requirements are then evaluated as of that day
    months_in_level: int | None  # None: no level history on the day
    tenure_months: int
    as_of: str
    options: list[OptionOut]


@router.get("/employees/{employee_no}/path", response={200: PathOut, 404: ApiError},
            summary="An employee's path and open moves")
def employee_path(request, employee_no: str):
    data = selectors.path_for(request.user, employee_no)
    e = data["employee"]
    return {
        "employee_no": e.employee_no, "name": e.name, "track": e.level.track.code, "level": e.level.code,
        "level_name": e.level.display_name, "grade": e.grade, "status": e.status,
        "exit_date": data["left_on"].isoformat() if data["left_on"] else None, "months_in_level": data["months_in_level"],
        "tenure_months": data["tenure_months"], "as_of": data["as_of"].isoformat(),
        "options": [{
            "transition_id": o.transition.id, "kind": o.transition.kind, "to_level": o.transition.to_level.code,
            "to_level_name": o.transition.to_level.display_name,
            "to_position": o.transition.to_position.code if o.transition.to_position_id else None,
            "track": o.transition.to_level.track.code, "eligible": o.eligible, "met": o.met_count,
            "total": len(o.checks),
            "requirements": [{"kind": c.kind, "label": c.label, "description": c.description, "status": c.status,
                              "met": c.met, "actual": c.actual} for c in o.checks],
        } for o in data["options"]],
    }
