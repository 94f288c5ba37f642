"""The training part of a person's growth file (org three files, growth tab). The file page has already
checked that the user may open this person (org.selectors.employee_for)."""
from django import template

from agentpath.learning import selectors

register = template.Library()


@register.inclusion_tag("learning/_growth.html")
def learning_growth(employee):
    return {"enrolments": selectors.enrolment_rows(employee),
            "ledger": selectors.credits_ledger(employee), "attendance": selectors.attendance_summary(employee)}


@register.filter
def signed(value) -> str:
    """A change with its sign, one decimal (+19.5, -3.0); "—" when there is no figure."""
    return "—" if value is None else f"{float(value):+.1f}"
