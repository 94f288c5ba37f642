"""Who receives an item, as of today (the employee row holds today's team and center; Team.leader today's leader).

Each function takes employee ids and answers user ids, set-based (one query whatever the number of people), so a
run over a whole center resolves its recipients in a few queries. Only active users receive anything.
"""
from collections.abc import Iterable

from django.db.models import F

from agentpath.accounts.models import Role, User
from agentpath.common.rows import in_chunks
from agentpath.org.models import Employee


def _ids(employees: Iterable) -> list[int]:
    return sorted({getattr(employee, "pk", employee) for employee in employees})


def person_users(employees: Iterable) -> dict[int, int]:
    """employee id → the person's own (active) user id; people without an account are absent. A whole center's
    takers or enrolments at once: one query per IN_LIST_LIMIT people (the database's bound-parameter limit)."""
    found = {}
    for chunk in in_chunks(_ids(employees)):
        found.update(User.objects.filter(employee_id__in=chunk, is_active=True).values_list("employee_id", "id"))
    return found


def person_user(employee) -> list[int]:
    """The person's own user, as a recipients list (empty when the person has no account)."""
    return list(person_users([employee]).values())


def leader_users(employees: Iterable) -> dict[int, int]:
    """employee id → the (active) user id of the leader of the person's team today; a person without a team,
    a team without a leader, a leader without an account, and a leader's own entry (leading one's own team) are
    absent."""
    rows = (Employee.objects.filter(id__in=_ids(employees), team__leader__user__is_active=True)
            .exclude(team__leader_id=F("id"))
            .values_list("id", "team__leader__user__id"))
    return dict(rows)


def leader_user(employee) -> list[int]:
    """The user of the person's team leader today, as a recipients list."""
    return list(leader_users([employee]).values())


def managers_and_hr_of_centers(center_ids: Iterable[int]) -> dict[int, list[int]]:
    """center id → the (active) users of the center's managers and of HR (HR serves every center). A manager
    serves the centers listed on their account, or their own center when none is listed (scoping.center_ids_for)."""
    center_ids = sorted(set(center_ids))
    hr = list(User.objects.filter(role=Role.HR_ADMIN, is_active=True).values_list("id", flat=True))
    managers = User.objects.filter(role=Role.CENTER_MANAGER, is_active=True)
    listed = managers.filter(centers__id__in=center_ids).values_list("centers__id", "id")
    own = (managers.filter(centers__isnull=True, employee__center_id__in=center_ids)
           .values_list("employee__center_id", "id"))
    by_center = {center_id: set(hr) for center_id in center_ids}
    for center_id, user_id in [*listed, *own]:
        by_center[center_id].add(user_id)
    return {center_id: sorted(users) for center_id, users in by_center.items()}


def managers_and_hr_of(employee) -> list[int]:
    """The users of the managers of the person's center today and of HR, as a recipients list."""
    center_id = employee.center_id if isinstance(employee, Employee) else \
        Employee.objects.values_list("center_id", flat=True).get(pk=employee)
    return managers_and_hr_of_centers([center_id])[center_id]


def managers_and_hr_of_people(employees: Iterable) -> dict[int, list[int]]:
    """employee id → the users of their center's managers and HR (set-based, for runs)."""
    centers = dict(Employee.objects.filter(id__in=_ids(employees)).values_list("id", "center_id"))
    by_center = managers_and_hr_of_centers(centers.values())
    return {employee_id: by_center[center_id] for employee_id, center_id in centers.items()}
