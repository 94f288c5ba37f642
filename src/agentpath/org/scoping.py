"""The one place that decides who sees which people (DOMAIN.md, roles table): employees, teams, centers, and the
role rules every app asks (who may import, decide, manage exams).

Every selector in every app starts from these functions with the acting user; the scope of an app's own objects
(KPI ranks: performance.selectors, exam papers: exams.selectors) is built in that app on these primitives. Objects outside a
user's scope are simply not in the queryset, so views answer 404 for them.
"""
from collections.abc import Callable
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from agentpath.accounts.models import Role, User

from .history import InForceOn
from .models import Center, Employee, EmploymentEvent, Team

# Roles that may see personal data (phone, ID number, exit interview text) of people in their scope.
PERSONAL_DATA_ROLES = {Role.HR_ADMIN}

# Roles that may read the employee list and files of people other than themselves. Not QA: their data is the QA
# data of the centers they serve (KPI views, their imports), never people's files (DOMAIN.md roles table).
PEOPLE_BROWSING_ROLES = {Role.TEAM_LEADER, Role.TRAINER, Role.CENTER_MANAGER, Role.HR_ADMIN}

# Roles who work for the centers they serve (User.centers): managers, and trainers and QA whose work there (training
# and exams, QA scores) covers the center's people although they open only some of their records.
CENTER_SERVING_ROLES = {Role.TRAINER, Role.QA, Role.CENTER_MANAGER}

# Who may import or edit rosters and the framework.
ROSTER_ADMIN_ROLES = {Role.HR_ADMIN}


def center_ids_for(user: User) -> list[int] | None:
    """Centers a manager or QA serves; None means all centers (HR)."""
    if user.role == Role.HR_ADMIN or user.is_superuser:
        return None
    cached = user.__dict__.get("_served_center_ids")  # read once per request: the user object lives that long
    if cached is not None:
        return list(cached)
    ids = list(user.centers.values_list("id", flat=True))
    if not ids and user.employee_id:
        ids = [user.employee.center_id]
    user.__dict__["_served_center_ids"] = tuple(ids)
    return ids


def employees_visible_to(user: User) -> QuerySet:
    """Employees whose records the user may open: the three files (档案), path, competencies, a person's KPI,
    training record and badges. Agents: only themselves. Team leaders: their teams' members. Trainers: themselves
    and their trainees (trainees_of). QA: only themselves — QA read the QA data of the centers they serve (the
    center's and teams' KPI views, their imports), not people's files (DOMAIN.md roles table). Managers: their
    centers. HR: all. Anyone else is not in the queryset, so pages and the API answer 404 as for nobody."""
    qs = Employee.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_superuser or user.role == Role.HR_ADMIN:
        return qs
    if user.role in (Role.AGENT, Role.QA):
        return qs.filter(pk=user.employee_id) if user.employee_id else qs.none()
    if user.role == Role.TEAM_LEADER:
        if not user.employee_id:
            return qs.none()
        return qs.filter(Q(team__leader_id=user.employee_id) | Q(pk=user.employee_id))
    if user.role == Role.TRAINER:
        return qs.filter(Q(pk=user.employee_id) | Q(pk__in=trainees_of(user).values("pk")))
    return qs.filter(center_id__in=center_ids_for(user))


def people_served_by(user: User) -> QuerySet:
    """The people of the centers a trainer, QA or manager serves, whether or not the user may open their records:
    the population their work covers — a trainer marks attendance at the center's sessions, records stage results
    and grades the center's exam answers; QA's scores are of these people. For every other role the same as
    employees_visible_to. Never a way to a person's files: those go through employees_visible_to."""
    if (user.is_authenticated and user.is_active and not user.is_superuser
            and user.role in CENTER_SERVING_ROLES):
        return Employee.objects.filter(center_id__in=center_ids_for(user))
    return employees_visible_to(user)


# A trainer's trainees are known from facts of apps above org (enrolments and sessions in learning, exams in exams):
# each of those apps registers its rule here in its AppConfig.ready(); rule(trainer) -> a queryset of employee ids.
_TRAINEE_RULES: dict[str, Callable[[User], QuerySet]] = {}


def register_trainee_rule(name: str, rule: Callable[[User], QuerySet]) -> None:
    _TRAINEE_RULES[name] = rule


def trainees_of(user: User) -> QuerySet:
    """A trainer's trainees (学员, DOMAIN.md C6: trainers see their trainees' results): the people of the centers
    they serve whom a registered rule names — enrolled with them as trainer, on the list of a session they own,
    holding a paper of an exam they own. Nobody for anyone but a trainer."""
    if not user.is_authenticated or not user.is_active or user.role != Role.TRAINER or not _TRAINEE_RULES:
        return Employee.objects.none()
    named = reduce(or_, (Q(pk__in=rule(user)) for rule in _TRAINEE_RULES.values()))
    return Employee.objects.filter(named, center_id__in=center_ids_for(user))


def teams_visible_to(user: User) -> QuerySet:
    qs = Team.objects.select_related("center")
    if user.is_superuser or user.role == Role.HR_ADMIN:
        return qs
    if user.role == Role.AGENT:
        return qs.filter(pk=user.employee.team_id) if user.employee_id else qs.none()
    if user.role == Role.TEAM_LEADER:
        return qs.filter(leader_id=user.employee_id) if user.employee_id else qs.none()
    return qs.filter(center_id__in=center_ids_for(user))


def centers_visible_to(user: User) -> QuerySet:
    ids = center_ids_for(user) if user.role in (Role.CENTER_MANAGER, Role.QA, Role.TRAINER) else None
    if user.is_superuser or user.role == Role.HR_ADMIN:
        return Center.objects.all()
    if ids is not None:
        return Center.objects.filter(id__in=ids)
    if user.employee_id:
        return Center.objects.filter(id=user.employee.center_id)
    return Center.objects.none()


def can_browse_people(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in PEOPLE_BROWSING_ROLES)


def can_see_personal_data(user: User, employee=None) -> bool:
    """HR sees personal data; everybody sees their own; all others see it masked."""
    if user.is_superuser or user.role in PERSONAL_DATA_ROLES:
        return True
    return employee is not None and employee.pk == user.employee_id


def can_import_roster(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in ROSTER_ADMIN_ROLES)


# How much of each personal field stays readable when masked: (characters kept at the start, at the end).
MASKED_FIELDS = {"phone": (3, 2), "id_number": (4, 2), "email": (2, 4)}


def mask(value: str, keep_start: int = 3, keep_end: int = 2) -> str:
    """'13812345678' -> '138******78'. Short values are fully masked."""
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def personal_value(user: User, employee, field: str) -> str:
    """The one masking rule for personal data, used by the file page, the list, the export and the API: the
    value itself for those who may see it (can_see_personal_data), else masked as MASKED_FIELDS says."""
    keep_start, keep_end = MASKED_FIELDS[field]
    value = getattr(employee, field)
    return value if can_see_personal_data(user, employee) else mask(value, keep_start, keep_end)


def personal_data(user: User, employee) -> dict[str, str | bool]:
    """Every personal field of one person as `user` may see it, and whether it is masked."""
    return {"masked": not can_see_personal_data(user, employee),
            **{field: personal_value(user, employee, field) for field in MASKED_FIELDS}}

# ------------------------------------------------------------------------------ KPI (performance app)
# Who may open a team's KPI view (team leaders: their own teams) and a center's (managers and staff serving
# the center); who may import KPI. Agents see only their own performance file.
KPI_TEAM_VIEW_ROLES = {Role.TEAM_LEADER, Role.TRAINER, Role.QA, Role.CENTER_MANAGER, Role.HR_ADMIN}
KPI_CENTER_VIEW_ROLES = {Role.TRAINER, Role.QA, Role.CENTER_MANAGER, Role.HR_ADMIN}
KPI_IMPORT_ROLES = {Role.HR_ADMIN, Role.QA}


def can_import_kpi(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in KPI_IMPORT_ROLES)


def can_see_every_kpi_import(user: User) -> bool:
    """HR sees every import run; QA only their own."""
    return user.is_authenticated and (user.is_superuser or user.role == Role.HR_ADMIN)


def can_view_kpi_teams(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in KPI_TEAM_VIEW_ROLES)


def can_view_kpi_centers(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in KPI_CENTER_VIEW_ROLES)


def kpi_teams_visible_to(user: User) -> QuerySet:
    """Teams whose KPI view the user may open."""
    return teams_visible_to(user) if can_view_kpi_teams(user) else teams_visible_to(user).none()


def kpi_centers_visible_to(user: User) -> QuerySet:
    """Centers whose KPI view the user may open."""
    return centers_visible_to(user) if can_view_kpi_centers(user) else centers_visible_to(user).none()


class SystemScope:
    """The scope of background jobs acting for the organisation (e.g. the differentiated-training run): every
    employee. Passed explicitly, so that a missing user never silently means "everybody"."""

    def __repr__(self):
        return "SYSTEM"


SYSTEM = SystemScope()


# Who opens promotion rounds and talent reviews and decides in them (within the centers they serve).
TALENT_DECISION_ROLES = {Role.CENTER_MANAGER, Role.HR_ADMIN}


def can_decide_talent(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in TALENT_DECISION_ROLES)


def talent_center_ids_for(user: User) -> list[int] | None:
    """Centers whose promotion rounds and talent reviews a user may open: HR all (None), managers the centers
    they serve, team leaders their own team's center (where they see their team only); nobody else any."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser or user.role == Role.HR_ADMIN:
        return None
    if user.role == Role.CENTER_MANAGER:
        return center_ids_for(user)
    if user.role == Role.TEAM_LEADER and user.employee_id:
        return [user.employee.center_id]
    return []


# Who writes questions, schedules exams and grades short answers.
EXAM_MANAGER_ROLES = {Role.TRAINER, Role.HR_ADMIN}


def can_manage_exams(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in EXAM_MANAGER_ROLES)


# Who assesses and rates people as their supervisor (competency assessments, potential ratings): team leaders
# their team, managers the centers they serve, HR everyone.
SUPERVISING_ROLES = {Role.TEAM_LEADER, Role.CENTER_MANAGER, Role.HR_ADMIN}


def supervises_people(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in SUPERVISING_ROLES)


def supervised_by(user: User, as_of) -> QuerySet:
    """The people a user supervises on a day, for a supervisor's assessment or rating: a team leader the members
    of the teams they lead by the team in force that day (org.history: someone moved out of the team is no longer
    theirs, someone moved in is); managers the people of their centers; HR everyone. Never the user themselves,
    nor anyone who has left."""
    if not supervises_people(user) or not user.is_active:
        return Employee.objects.none()
    if user.role == Role.TEAM_LEADER and not user.is_superuser:
        if not user.employee_id:
            return Employee.objects.none()
        led = Team.objects.filter(leader_id=user.employee_id).values("id")
        ever_in_them = EmploymentEvent.objects.filter(to_team__in=led).values("employee_id")  # the subquery's bound
        qs = Employee.objects.filter(pk__in=ever_in_them).annotate(
            team_in_force=InForceOn("team_id", as_of)).filter(team_in_force__in=led)
    else:
        qs = employees_visible_to(user)
    return qs.exclude(status=Employee.Status.EXITED).exclude(pk=user.employee_id)
