"""Reads of the career framework. The framework itself is visible to every signed-in role; head-counts
are counted over the centers the user may see (org.scoping)."""
import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from agentpath.org import scoping
from agentpath.org.models import Employee

from .models import Level, Position, Requirement, Track, Transition


def effective_requirements(as_of: datetime.date | None = None) -> QuerySet:
    as_of = as_of or timezone.localdate()
    return (Requirement.objects.filter(effective_from__lte=as_of)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=as_of)).select_related("course"))


def headcount_by_level(user) -> dict[int, int]:
    centers = scoping.centers_visible_to(user)
    rows = (Employee.objects.filter(status=Employee.Status.ACTIVE, center__in=centers)
            .values("level_id").annotate(n=Count("id")))
    return {r["level_id"]: r["n"] for r in rows}


def roadmap(user, as_of: datetime.date | None = None) -> dict:
    """Tracks with their levels (ordered), transitions and head-counts, in a bounded number of queries."""
    tracks = list(Track.objects.select_related("framework").prefetch_related(
        Prefetch("levels", queryset=Level.objects.order_by("order").prefetch_related(
            Prefetch("positions", queryset=Position.objects.order_by("code")),
            Prefetch("entry_requirements", queryset=effective_requirements(as_of))))))
    transitions = list(Transition.objects.select_related("from_level", "to_level", "from_position", "to_position")
                       .prefetch_related(Prefetch("requirements", queryset=effective_requirements(as_of))))
    counts = headcount_by_level(user)
    for track in tracks:
        for level in track.levels.all():
            level.headcount = counts.get(level.id, 0)
    return {"tracks": tracks, "transitions": transitions, "headcount_total": sum(counts.values())}


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


def level_detail(user, code: str, as_of: datetime.date | None = None):
    """A level with its entry requirements, the transitions in and out with their requirements, and the
    people at it whom the user may see. Returns None for an unknown code."""
    level = (Level.objects.select_related("track").prefetch_related(
        Prefetch("positions", queryset=Position.objects.order_by("code")),
        Prefetch("entry_requirements", queryset=effective_requirements(as_of)))
        .filter(code=code).first())
    if level is None:
        return None
    transitions = (Transition.objects.filter(Q(from_level=level) | Q(to_level=level))
                   .select_related("from_level", "to_level", "from_position", "to_position", "to_level__track")
                   .prefetch_related(Prefetch("requirements", queryset=effective_requirements(as_of))))
    people = (scoping.employees_visible_to(user).filter(level=level, status=Employee.Status.ACTIVE)
              .select_related("team", "center", "position").order_by("employee_no"))
    return {
        "level": level,
        "outgoing": [t for t in transitions if t.from_level_id == level.id],
        "incoming": [t for t in transitions if t.to_level_id == level.id and t.from_level_id != level.id],
        "people": people,
        "headcount": headcount_by_level(user).get(level.id, 0),
    }


def framework_tree() -> list[Track]:
    """Tracks with levels and each level's outgoing transitions, for the API."""
    return list(Track.objects.prefetch_related(
        Prefetch("levels", queryset=Level.objects.order_by("order").prefetch_related(
            Prefetch("transitions_out", queryset=Transition.objects.select_related("to_level", "from_position",
                                                                                    "to_position")
                     .prefetch_related(Prefetch("requirements", queryset=effective_requirements()))),
            Prefetch("entry_requirements", queryset=effective_requirements()), "positions"))))
