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


def badge_awarded(badge, created, people: dict[int, tuple[int, str]], points: dict[int, int]) -> int:
    """The award run's call: `created` are the (id, employee_id, occasion) rows its INSERT … RETURNING gave for
    `badge` (new, so not revoked), `people` the run's recipients (recipients.every_person_user, read once a run),
    `points` the run's running total of each recipient's points, read the first time they gain and carried on
    from badge to badge (each person's points are read once a run, not once a badge). As awards_created
    otherwise."""
    return _tell([(pk, employee_id, occasion, badge.name, badge.name_en, badge.points)
                  for pk, employee_id, occasion in created], people, points)


def _recipients(employee_ids: set[int]) -> dict[int, tuple[int, str]]:
    """employee id → (user id, employee number) of those of `employee_ids` with an account."""
    users = recipients.person_users(employee_ids)
    numbers = {}
    for chunk in in_chunks(sorted(users)):
        numbers.update(Employee.objects.filter(pk__in=chunk).values_list("pk", "employee_no"))
    return {employee_id: (user_id, numbers[employee_id]) for employee_id, user_id in users.items()}


def _tell(awards: list[tuple], people: dict[int, tuple[int, str]] | None = None,
          known: dict[int, int] | None = None) -> int:
    """Items for the awards (id, employee_id, occasion, badge name, name_en, points) of people with an account
    (`people`, or looked up): a few queries and one link per recipient whatever the number of awards, so that an
    award nobody can read costs nothing more than its row."""
    if not awards:
        return 0
    if people is None:
        people = _recipients({employee_id for _pk, employee_id, *_rest in awards})
    gained = defaultdict(int)
    for _pk, employee_id, _occasion, _name, _name_en, badge_points in awards:
        if employee_id in people:
            gained[employee_id] += badge_points
    if not gained:
        return 0
    users = {employee_id: people[employee_id][0] for employee_id in gained}
    growth = {employee_id: reverse("org:employee-detail", args=[people[employee_id][1]]) + "?tab=growth"
              for employee_id in gained}
    notices = [Notice(users[employee_id], BADGE_AWARDED,
                      {"badge": {"zh-hans": name, "en": name_en}, "occasion": occasion}, growth[employee_id],
                      f"{BADGE_AWARDED}:{pk}")
               for pk, employee_id, occasion, name, name_en, _points in awards if employee_id in users]
    levels = list(XpLevel.objects.order_by("min_points"))
    known = {} if known is None else known
    for chunk in in_chunks(sorted(set(users) - set(known))):  # each person's whole points (these awards included)
        read = points_of(chunk)
        known.update({employee_id: read.get(employee_id, 0) - gained[employee_id] for employee_id in chunk})
    points = {}
    for employee_id in users:  # the points before these awards, and with them
        points[employee_id] = known[employee_id] + gained[employee_id]
        known[employee_id] = points[employee_id]
    for employee_id, now in points.items():
        reached = level_progress(now, levels).level
        before = level_progress(now - gained[employee_id], levels).level
        if reached is not None and reached != before:
            notices.append(Notice(users[employee_id], LEVEL_UP, {"level": kinds.bilingual(reached), "points": now},
                                  growth[employee_id], f"{LEVEL_UP}:{employee_id}:{reached.code}"))
    return notify_many(notices)
