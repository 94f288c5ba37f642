"""What awards tell people through the inbox (issue 20): a new badge, and a level-up when the badge's points carry
the person into the next experience level. The award run (services.award_period) calls `badge_awarded` with the rows its
INSERT … RETURNING gave, a badge given by hand (services.award_by_hand) `awards_created` with the award's id, in
their transaction; set-based: a few queries whatever the number of awards. Re-running delivers nothing twice (the key
of a badge is the award, of a level-up the person and the level)."""
from collections import defaultdict

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agentpath.common.rows import in_chunks
from agentpath.inbox import kinds, recipients
from agentpath.inbox.services import Notice, notify_many
from agentpath.org.models import Employee

from .models import Award, XpLevel
from .selectors import level_progress, points_of

BADGE_AWARDED, LEVEL_UP = "recognition.badge_awarded", "recognition.level_up"


def register_kinds() -> None:
    kinds.register(BADGE_AWARDED, _("You earned the badge “{badge}” ({occasion})"), audience=_("the person"))
    kinds.register(LEVEL_UP, _("You reached the level {level} with {points} points"), audience=_("the person"))


def awards_created(award_ids) -> int:
    """Tell each person of their new (not revoked) awards among `award_ids`, and of the level they reached if
    those awards' points took them past a threshold. Returns the number of items created. `award_ids`: a list of
    ids, or a queryset of ids (Award.objects.filter(run_period=…, awarded_at=…).values("pk"): one subquery for a
    whole run, no list of literals)."""
    columns = ("pk", "employee_id", "occasion", "badge__name", "badge__name_en", "badge__points")
    live = Award.objects.filter(revoked_at__isnull=True)
    if isinstance(award_ids, QuerySet):
        awards = list(live.filter(pk__in=award_ids).values_list(*columns))
    else:
        awards = [row for chunk in in_chunks(award_ids) for row in live.filter(pk__in=chunk).values_list(*columns)]
    return _tell(awards)


def badge_awarded(badge, created) -> int:
    """The award run's call: `created` are the (id, employee_id, occasion) rows its INSERT … RETURNING gave for
    `badge` (new, so not revoked); nothing is read back. As awards_created otherwise."""
    return _tell([(pk, employee_id, occasion, badge.name, badge.name_en, badge.points)
                  for pk, employee_id, occasion in created])


def _tell(awards: list[tuple]) -> int:
    """Items for the awards (id, employee_id, occasion, badge name, name_en, points) of people with an account:
    a few queries and one link per recipient, whatever the number of awards (a run's award nobody can read costs
    nothing more than its row)."""
    if not awards:
        return 0
    users = recipients.person_users({employee_id for _pk, employee_id, *_rest in awards})
    if not users:
        return 0
    numbers = {}
    for chunk in in_chunks(sorted(users)):
        numbers.update(Employee.objects.filter(pk__in=chunk).values_list("pk", "employee_no"))
    growth = {employee_id: reverse("org:employee-detail", args=[no]) + "?tab=growth"
              for employee_id, no in numbers.items()}
    notices, gained = [], defaultdict(int)
    for pk, employee_id, occasion, name, name_en, badge_points in awards:
        if employee_id in users:
            notices.append(Notice(users[employee_id], BADGE_AWARDED,
                                  {"badge": {"zh-hans": name, "en": name_en}, "occasion": occasion},
                                  growth[employee_id], f"{BADGE_AWARDED}:{pk}"))
            gained[employee_id] += badge_points
    levels = list(XpLevel.objects.order_by("min_points"))
    points = {}
    for chunk in in_chunks(sorted(users)):  # each person's whole points, however the awards were split
        points.update(points_of(chunk))
    for employee_id, now in points.items():
        reached = level_progress(now, levels).level
        before = level_progress(now - gained[employee_id], levels).level
        if reached is not None and reached != before:
            notices.append(Notice(users[employee_id], LEVEL_UP, {"level": kinds.bilingual(reached), "points": now},
                                  growth[employee_id], f"{LEVEL_UP}:{employee_id}:{reached.code}"))
    return notify_many(notices)
