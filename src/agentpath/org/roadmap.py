"""The career framework with its people: head-counts per level over the centers the user may see and a level's
people (careers.selectors reads the framework; the people and their scope are org's)."""
import datetime

from django.db.models import Count

from agentpath.careers import selectors as framework

from . import scoping
from .models import Employee


def headcount_by_level(user) -> dict[int, int]:
    centers = scoping.centers_visible_to(user)
    rows = (Employee.objects.filter(status=Employee.Status.ACTIVE, center__in=centers)
            .values("level_id").annotate(n=Count("id")))
    return {r["level_id"]: r["n"] for r in rows}


def roadmap(user, as_of: datetime.date | None = None) -> dict:
    """Tracks with their levels (ordered), transitions and head-counts, in a bounded number of queries."""
    data = framework.roadmap(as_of)
    counts = headcount_by_level(user)
    for track in data["tracks"]:
        for level in track.levels.all():
            level.headcount = counts.get(level.id, 0)
    return {**data, "headcount_total": sum(counts.values())}


def level_detail(user, code: str, as_of: datetime.date | None = None):
    """A level with its entry requirements, the transitions in and out with their requirements, and the
    people at it whom the user may see. Returns None for an unknown code."""
    data = framework.level_detail(code, as_of)
    if data is None:
        return None
    level = data["level"]
    people = (scoping.employees_visible_to(user).filter(level=level, status=Employee.Status.ACTIVE)
              .select_related("team", "center", "position").order_by("employee_no"))
    return {**data, "people": people, "headcount": headcount_by_level(user).get(level.id, 0)}
