"""Staffing ratios (DOMAIN.md C4): actual vs target support staff per center, the gaps and the promotion slots
they open. One query counts a center's people by role; the rule for a ratio lives in `ratio_line`.

Defaults (docs/user-guide.md "Staffing ratios" gives the sources): 8–12 agents per team leader, 25–30 per QA
analyst, 15–25 per trainer, 50–100 per scheduler. A center's own StaffingTarget replaces them.
"""
import math

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from agentpath.careers.models import Level
from agentpath.org.models import Employee

from .models import StaffingTarget

# role -> (who fills it, the level a promotion into it leads to, label)
AGENT_FAMILIES = ("customer_service", "vip", "collections")
TEAM_LEADER_POSITIONS = ("team-leader", "cola-senior-cs-lead")
SUPPORT_ROLES = {
    "team_leader": (Q(position__code__in=TEAM_LEADER_POSITIONS), "mgmt-tl", _("Team leaders")),
    "qa": (Q(position__family="qa"), "qa-officer", _("QA")),
    "trainer": (Q(position__family="training"), "trainer", _("Trainers")),
    "scheduler": (Q(position__family="scheduling"), "scheduler", _("Schedulers")),
}
DEFAULT_RATIOS = {"team_leader": (8, 12), "qa": (25, 30), "trainer": (15, 25), "scheduler": (50, 100)}
AGENTS = Q(position__family__in=AGENT_FAMILIES, position__is_key=False)


def ratios_for(center) -> tuple[dict[str, tuple[int, int]], bool]:
    """The center's ratio ranges and whether they are its own (False: the documented defaults)."""
    target = StaffingTarget.objects.filter(center=center).first()
    if target is None:
        return dict(DEFAULT_RATIOS), False
    return {role: (getattr(target, f"agents_per_{role}_min"), getattr(target, f"agents_per_{role}_max"))
            for role in SUPPORT_ROLES}, True


def ratio_line(agents: int, actual: int, low: int, high: int) -> dict:
    """One support role: at `low`–`high` agents each, `agents` need at least ceil(agents / high) and at most
    max(that, floor(agents / low)) people; fewer than the least opens that many slots, more is a surplus."""
    needed_min = math.ceil(agents / high) if agents else 0
    needed_max = max(needed_min, agents // low)
    return {"actual": actual, "needed_min": needed_min, "needed_max": needed_max,
            "ratio": round(agents / actual, 1) if actual else None,
            "slots": max(0, needed_min - actual), "surplus": max(0, actual - needed_max)}


def staffing_for(center) -> dict:
    """Actual vs target for a center: agents, each support role with its gap and slots, and the level
    distribution (actual share vs the target share, when one is set)."""
    people = Employee.objects.filter(center=center, status=Employee.Status.ACTIVE)
    counts = people.aggregate(agents=Count("id", filter=AGENTS),
                              **{role: Count("id", filter=q) for role, (q, _lv, _l) in SUPPORT_ROLES.items()})
    ratios, own = ratios_for(center)
    agents = counts["agents"]
    lines = []
    for role, (_q, level_code, label) in SUPPORT_ROLES.items():
        low, high = ratios[role]
        lines.append({"role": role, "label": label, "level_code": level_code, "low": low, "high": high,
                      **ratio_line(agents, counts[role], low, high)})
    total = people.count()
    by_level = dict(people.values_list("level_id").annotate(n=Count("id")).values_list("level_id", "n"))
    target = StaffingTarget.objects.filter(center=center).values_list("level_distribution", flat=True).first() or {}
    # by track and step, each level by its name (the code is for files and the API)
    levels = [{"level": level.display_name, "track": level.track.display_name, "code": level.code,
               "actual": by_level[level.pk], "share": round(by_level[level.pk] / total, 3) if total else 0,
               "target": target.get(level.code)}
              for level in Level.objects.filter(pk__in=by_level).select_related("track")]
    return {"center": center, "agents": agents, "total": total, "lines": lines, "own_targets": own,
            "levels": levels}


def promotion_slots(center) -> dict[str, int]:
    """The promotion slots the staffing gaps open, by the level a promotion leads to (a round's default quota)."""
    return {line["level_code"]: line["slots"] for line in staffing_for(center)["lines"] if line["slots"]}
