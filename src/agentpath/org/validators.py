"""Rules for single values of people's records, shared by the model, the admin, the roster import and the API."""
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Letters, digits, "-" and "_", at most 20: safe in every URL, file name and spreadsheet (docs/user-guide.md).
EMPLOYEE_NO_PATTERN = r"^[A-Za-z0-9_-]{1,20}$"
EMPLOYEE_NO = re.compile(EMPLOYEE_NO_PATTERN)


def employee_no_problem(value: str) -> str | None:
    """What is wrong with an employee number, in the user's language, or None when it fits the pattern."""
    if EMPLOYEE_NO.fullmatch(value or ""):
        return None
    return _("An employee number has 1 to 20 letters, digits, “-” or “_”, e.g. E10001 or SZ-0001; "
             "“%(value)s” does not.") % {"value": value}


def validate_employee_no(value: str) -> None:
    """The model field's validator (and the admin's, through its ModelForm)."""
    problem = employee_no_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid_employee_no")

