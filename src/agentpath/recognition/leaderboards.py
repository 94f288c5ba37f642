"""Leaderboards per team and per center for a month or a quarter, by KPI composite, by experience points earned
in the period (every source of points), or by badges earned in it (seed 004 "好榜样"), respecting scope: an agent sees their own team's
board, with colleagues' names only where the center allows it (CenterSetting, default on) and always their own
place; leaders and managers see the boards of their teams and centers."""
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from agentpath.accounts.models import Role
from agentpath.common.calendar import Period, parse_period
from agentpath.common.errors import Invalid, NotFound
from agentpath.org.models import Employee
from agentpath.org.scoping import centers_visible_to, teams_visible_to
from agentpath.performance.models import KpiResult

from .models import Award, CenterSetting
from .selectors import points_of

MEASURES = ("composite", "points", "badges")
COMPOSITE_GROUP = "business"  # the composite of seed 002's 业务能力 ranks the board


@dataclass(frozen=True)
class Row:
    place: int
    employee_id: int
    name: str | None  # None: hidden from this reader
    value: float
    is_me: bool


@dataclass(frozen=True)
class Board:
    title: str
    period: Period
    measure: str
    rows: list[Row]
    names_hidden: bool


def _period(text: str) -> Period:
    try:
        return parse_period(text)
    except ValueError as exc:
        raise Invalid(str(exc), code="bad_period") from exc


def _values(people, period: Period, measure: str) -> dict[int, float]:
    ids = list(people.values_list("pk", flat=True))
    if measure == "composite":
        rows = KpiResult.objects.filter(period=period.code, group_code=COMPOSITE_GROUP, employee_id__in=ids)
        return dict(rows.values_list("employee_id", "composite"))
    if measure == "points":
        return points_of(ids, period.start, period.end)
    awards = Award.objects.filter(employee_id__in=ids, revoked_at__isnull=True, earned_on__gte=period.start,
                                  earned_on__lt=period.end).values("employee_id")
    return dict(awards.annotate(v=Count("id")).values_list("employee_id", "v").order_by())


def leaderboard(user, *, team_code: str | None = None, center_code: str | None = None, period: str,
                measure: str = "points") -> Board:
    """The board of a team (or a center) the user may see; NotFound otherwise (as for a team that does not
    exist). Places are shared by equal values (1, 2, 2, 4); people without a value are not ranked."""
    if measure not in MEASURES:
        raise Invalid(_("Rank by composite, points or badges."), code="bad_measure")
    month = _period(period)
    if center_code:
        if user.role in (Role.AGENT, Role.TEAM_LEADER) and not user.is_superuser:
            raise NotFound(_("No such center."))
        center = centers_visible_to(user).filter(code=center_code).first()
        if center is None:
            raise NotFound(_("No such center."))
        people, title, center_id = Employee.objects.filter(center=center, exit_date__isnull=True), center.name, center.pk
    else:
        teams = teams_visible_to(user)
        team = teams.filter(code=team_code).first() if team_code else teams.first()
        if team is None:
            raise NotFound(_("No such team."))
        people, title, center_id = Employee.objects.filter(team=team, exit_date__isnull=True), team.name, team.center_id
    values = _values(people, month, measure)
    names = dict(people.filter(pk__in=values).values_list("pk", "name"))
    hidden = user.role == Role.AGENT and not _agents_see_names(center_id)
    ordered = sorted(values.items(), key=lambda kv: (-kv[1], names.get(kv[0], "")))
    rows, place, previous = [], 0, None
    for i, (emp_id, value) in enumerate(ordered, start=1):
        if value != previous:
            place, previous = i, value
        me = emp_id == user.employee_id
        rows.append(Row(place, emp_id, names.get(emp_id) if (me or not hidden) else None, value, me))
    return Board(title, month, measure, rows, hidden)


def _agents_see_names(center_id: int) -> bool:
    setting = CenterSetting.objects.filter(center_id=center_id).first()
    return True if setting is None else setting.agents_see_names
