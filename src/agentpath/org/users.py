"""Sign-ins for people of the roster: a user with a role, tied to an employee and the centers they serve."""
import logging

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agentpath.accounts.models import Role, User

from .models import Center, Employee

log = logging.getLogger(__name__)


# Roles whose scope is the centers they serve (org.scoping.center_ids_for); HR sees all centers, agents and
# team leaders see themselves and their teams.
CENTER_ROLES = ("center_manager", "qa", "trainer")
# Roles that act as a person of the roster, so their user needs the employee record (scoping reads it).
EMPLOYEE_ROLES = ("agent", "team_leader")


def create_user(*, role: str, employee_no: str = "", username: str = "", center_codes: list[str] | None = None,
                password: str):
    """Create a sign-in for a person of the roster with a role (DOMAIN.md roles table): the username defaults to
    the employee number; center managers, QA and trainers may name the centers they serve (without any, the
    employee's own center). Every problem is a ValidationError naming the value and what is accepted."""
    errors = []
    if role not in Role.values:
        raise ValidationError(_("Unknown role %(role)s. Accepted roles: %(roles)s.")
                              % {"role": role, "roles": ", ".join(f"{v} ({label})" for v, label in Role.choices)})
    employee = None
    if employee_no:
        employee = Employee.objects.filter(employee_no=employee_no).select_related("center").first()
        if employee is None:
            errors.append(_("No employee has number %(no)s; import the roster first (agentpath import roster FILE).")
                          % {"no": employee_no})
        elif User.objects.filter(employee=employee).exists():
            errors.append(_("Employee %(no)s (%(name)s) already has a user: %(user)s.")
                          % {"no": employee_no, "name": employee.name,
                             "user": User.objects.get(employee=employee).username})
    elif role in EMPLOYEE_ROLES:
        errors.append(_("A user with role %(role)s needs the employee record: give --employee NO.")
                      % {"role": Role(role).label})
    username = username or employee_no
    if not username:
        errors.append(_("Give a username (--username) or the employee number (--employee)."))
    elif User.objects.filter(username__iexact=username).exists():
        errors.append(_("The username %(name)s is taken; choose another with --username.") % {"name": username})
    centers = []
    if center_codes:
        if role not in CENTER_ROLES:
            errors.append(_("Only center managers, QA and trainers serve centers; a user with role %(role)s "
                            "sees what the role allows without --centers.") % {"role": Role(role).label})
        known = {c.code: c for c in Center.objects.filter(code__in=center_codes)}
        unknown = [code for code in center_codes if code not in known]
        if unknown:
            errors.append(_("Unknown center %(codes)s. Accepted: %(known)s.")
                          % {"codes": ", ".join(unknown),
                             "known": ", ".join(Center.objects.values_list("code", flat=True)) or _("none yet")})
        centers = list(known.values())
    candidate = User(username=username, role=role, employee=employee)
    try:
        validate_password(password, candidate)
    except ValidationError as exc:
        errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user = User(username=username, role=role, employee=employee)
        if employee is not None:
            user.first_name = employee.name[:150]
            user.email = employee.email or ""
        user.set_password(password)
        user.save()
        user.centers.set(centers)
    log.info("user %s created with role %s", username, role)
    return user
