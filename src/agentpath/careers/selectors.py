"""Reads of the career framework, visible to every signed-in role. The framework with its people (head-counts over
the centers the user may see, a level's people) is read in org.roadmap."""
import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from .models import Level, Position, Requirement, Track, Transition


def effective_requirements(as_of: datetime.date | None = None) -> QuerySet:
    as_of = as_of or timezone.localdate()
    return (Requirement.objects.filter(effective_from__lte=as_of)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=as_of)).select_related("course"))


def roadmap(as_of: datetime.date | None = None) -> dict:
    """Tracks with their levels (ordered) and transitions, in a bounded number of queries."""
    tracks = list(Track.objects.select_related("framework").prefetch_related(
        Prefetch("levels", queryset=Level.objects.order_by("order").prefetch_related(
            Prefetch("positions", queryset=Position.objects.order_by("code")),
            Prefetch("entry_requirements", queryset=effective_requirements(as_of))))))
    transitions = list(Transition.objects.select_related("from_level", "to_level", "from_position", "to_position")
                       .prefetch_related(Prefetch("requirements", queryset=effective_requirements(as_of))))
    return {"tracks": tracks, "transitions": transitions}


def roadmap_chart(data: dict, level_url) -> dict:
    """ECharts graph option data: lanes = tracks (columns), steps = levels (rows), arrows = transitions."""
    nodes, links, lanes = [], [], []
    lane_width, step_height = 190, 110
    for lane, track in enumerate(data["tracks"]):
        x = lane * lane_width
        lanes.append({"name": track.display_name, "kind": track.get_kind_display(), "x": x, "code": track.code})
        for level in track.levels.all():
            nodes.append({
                "id": level.code, "name": level.display_name, "x": x, "y": -level.order * step_height,
                "lane": lane, "step": level.order,
                "value": level.headcount, "band": level.grade_band, "title": level.corporate_title,
                "track": track.display_name, "kind": track.kind, "url": level_url(level),
            })
    for t in data["transitions"]:
        if t.kind == Transition.Kind.GRADE_STEP or t.from_level_id == t.to_level_id:
            continue  # grade steps and same-level position moves are listed on the level page
        links.append({"source": t.from_level.code, "target": t.to_level.code, "kind": t.kind,
                      "label": t.get_kind_display(), "note": t.note})
    return {"nodes": nodes, "links": links, "lanes": lanes}


def level_detail(code: str, as_of: datetime.date | None = None):
    """A level with its entry requirements and the transitions in and out with their requirements. Returns None
    for an unknown code."""
    level = (Level.objects.select_related("track").prefetch_related(
        Prefetch("positions", queryset=Position.objects.order_by("code")),
        Prefetch("entry_requirements", queryset=effective_requirements(as_of)))
        .filter(code=code).first())
    if level is None:
        return None
    transitions = (Transition.objects.filter(Q(from_level=level) | Q(to_level=level))
                   .select_related("from_level", "to_level", "from_position", "to_position", "to_level__track")
                   .prefetch_related(Prefetch("requirements", queryset=effective_requirements(as_of))))
    return {
        "level": level,
        "outgoing": [t for t in transitions if t.from_level_id == level.id],
        "incoming": [t for t in transitions if t.to_level_id == level.id and t.from_level_id != level.id],
    }


def framework_tree() -> list[Track]:
    """Tracks with levels and each level's outgoing transitions, for the API."""
    return list(Track.objects.prefetch_related(
        Prefetch("levels", queryset=Level.objects.order_by("order").prefetch_related(
            Prefetch("transitions_out", queryset=Transition.objects.select_related("to_level", "from_position",
                                                                                    "to_position")
                     .prefetch_related(Prefetch("requirements", queryset=effective_requirements()))),
            Prefetch("entry_requirements", queryset=effective_requirements()), "positions"))))
