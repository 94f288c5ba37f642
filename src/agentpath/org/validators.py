"""Rules for single values of people's records, shared by the model, the admin, the roster import and the API."""
import datetime
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



# A mainland mobile number: 11 digits from 13… to 19…; "+86", spaces and dashes are allowed around it.
MOBILE = re.compile(r"1[3-9]\d{9}")
_PHONE_NOISE = re.compile(r"[\s\-()（）]+")
# GB 11643-1999: 17 digits (area, birth date YYYYMMDD, sequence) and a check character.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
ID_NUMBER = re.compile(r"\d{17}[\dX]")


def normal_phone(value: str) -> str | None:
    """The mobile number as 11 digits, or None when `value` is not one (e.g. "12345")."""
    digits = _PHONE_NOISE.sub("", value or "")
    digits = re.sub(r"^(?:\+?86|0086)(?=1\d{10}$)", "", digits)
    return digits if MOBILE.fullmatch(digits) else None


def id_check_character(first17: str) -> str:
    """The check character of an 18-character resident ID number (GB 11643-1999)."""
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def normal_id_number(value: str) -> str | None:
    """An 18-character PRC resident ID number (a real birth date, the right check character; "x" read as "X"),
    or None when `value` is not one (e.g. "123", or a 15-digit number of the old kind)."""
    text = (value or "").strip().upper()
    if not ID_NUMBER.fullmatch(text):
        return None
    try:
        datetime.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return None
    return text if id_check_character(text[:17]) == text[17] else None
