"""GET /api/v1/framework: tracks with their levels, transitions and requirements."""
from ninja import Router, Schema

from . import selectors

router = Router()


class RequirementOut(Schema):
    id: int
    kind: str
    description: str
    value: float | None
    course: str | None
    window_months: int | None
    quarters: int | None
    effective_from: str
    effective_to: str | None


class TransitionOut(Schema):
    id: int
    kind: str
    to_level: str
    from_position: str | None
    to_position: str | None
    note: str
    requirements: list[RequirementOut]


class LevelOut(Schema):
    code: str
    name: str
    name_en: str
    order: int
    corporate_title: str
    grade_min: int
    grade_max: int
    positions: list[str]
    entry_requirements: list[RequirementOut]
    transitions: list[TransitionOut]


class TrackOut(Schema):
    code: str
    name: str
    name_en: str
    kind: str
    levels: list[LevelOut]


class FrameworkOut(Schema):
    tracks: list[TrackOut]


def _req(r) -> dict:
    return {"id": r.id, "kind": r.kind, "description": str(r), "value": float(r.value) if r.value is not None else None,
            "course": r.course.code if r.course_id else None, "window_months": r.window_months,
            "quarters": r.quarters, "effective_from": r.effective_from.isoformat(),
            "effective_to": r.effective_to.isoformat() if r.effective_to else None}


@router.get("", response=FrameworkOut, summary="The career framework: tracks, levels, transitions, requirements")
def framework(request):
    tracks = []
    for track in selectors.framework_tree():
        levels = []
        for level in track.levels.all():
            levels.append({
                "code": level.code, "name": level.name, "name_en": level.name_en, "order": level.order,
                "corporate_title": level.corporate_title, "grade_min": level.grade_min, "grade_max": level.grade_max,
                "positions": [p.code for p in level.positions.all()],
                "entry_requirements": [_req(r) for r in level.entry_requirements.all()],
                "transitions": [{"id": t.id, "kind": t.kind, "to_level": t.to_level.code,
                                 "from_position": t.from_position.code if t.from_position_id else None,
                                 "to_position": t.to_position.code if t.to_position_id else None,
                                 "note": t.note, "requirements": [_req(r) for r in t.requirements.all()]}
                                for t in level.transitions_out.all()],
            })
        tracks.append({"code": track.code, "name": track.name, "name_en": track.name_en, "kind": track.kind,
                       "levels": levels})
    return {"tracks": tracks}
